"""The fault suites' shared settings for every test in them."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def no_network() -> None:
    """Overrides the shared guard: the replicas are other processes, and everything here
    talks to 127.0.0.1 only."""
