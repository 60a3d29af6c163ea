"""The chart renderer's port: the core asks for its charts through it, and the composition root
supplies one that draws them, or none where charting is unavailable."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Protocol

from core.content.models import Article, Role
from core.kernel.reply import Chart


class ChartRenderer(Protocol):
    """Draws the core's charts off the event loop; None or () where charting is unavailable."""

    async def compensation(
        self, roles: Sequence[Role], articles: Mapping[str, Article]
    ) -> Chart | None: ...

    async def progress(
        self, days: Mapping[date, int], retention: Mapping[str, float], today: date
    ) -> tuple[Chart, ...]: ...
