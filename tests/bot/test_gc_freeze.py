"""The serving process freezes once more after the first chart has loaded the plotting
library, so that the collector's full passes stop walking it; once, and only while serving."""

from __future__ import annotations

import gc
import sys
import types
from collections.abc import Iterator

import pytest

from bot.gc_freeze import Freezer

LATE = "prepbot_test_late_library"


@pytest.fixture
def freezer() -> Iterator[Freezer]:
    freezer = Freezer(late_modules=(LATE,))
    yield freezer
    freezer.unfreeze()
    sys.modules.pop(LATE, None)


def load_late_library() -> list[object]:
    sys.modules[LATE] = types.ModuleType(LATE)
    return [[i] for i in range(5_000)]  # what importing it created, to live for good


def test_objects_a_chart_loaded_are_frozen_after_it(freezer: Freezer) -> None:
    freezer.freeze()
    before = gc.get_freeze_count()
    freezer.after_chart()  # a chart that loaded nothing new: nothing to do
    assert gc.get_freeze_count() == before

    kept = load_late_library()
    freezer.after_chart()
    after = gc.get_freeze_count()
    assert after >= before + len(kept)

    more = [[i] for i in range(1_000)]
    freezer.after_chart()  # once only: later charts leave the collector alone
    assert gc.get_freeze_count() == after
    assert more


def test_nothing_is_frozen_by_a_chart_when_not_serving(freezer: Freezer) -> None:
    load_late_library()
    freezer.after_chart()  # `prepbot ask`, tests: the runtime never froze
    assert gc.get_freeze_count() == 0


def test_a_library_loaded_before_serving_needs_no_second_freeze(freezer: Freezer) -> None:
    load_late_library()
    freezer.freeze()
    frozen = gc.get_freeze_count()
    _ = [[i] for i in range(1_000)]
    freezer.after_chart()
    assert gc.get_freeze_count() == frozen
