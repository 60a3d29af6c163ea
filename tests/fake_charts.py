"""A chart renderer that draws nothing, for tests that do not look at pixels: each chart's bytes
name what it shows (the same each time), and every request is recorded."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from core.content.models import Article, Role
from core.kernel.reply import Chart
from core.roles.chart import chart_filename

PNG = b"\x89PNG\r\n\x1a\n"  # the signature alone: enough for whoever only sends the bytes on


class FakeCharts:
    def __init__(self) -> None:
        self.asked: list[tuple[str, ...]] = []  # role ids, or ("progress",)

    async def compensation(
        self, roles: Sequence[Role], articles: Mapping[str, Article]
    ) -> Chart | None:
        ids = tuple(role.id for role in roles)
        self.asked.append(ids)
        png = PNG + " ".join(ids).encode()
        return Chart(title="Compensation", filename=chart_filename(roles), png=png)

    async def progress(
        self, days: Mapping[date, int], retention: Mapping[str, float], today: date
    ) -> tuple[Chart, ...]:
        self.asked.append(("progress",))
        return (
            Chart(title="Practice days", filename="practice-days.png", png=PNG + b"days"),
            Chart(title="Retention by category", filename="retention.png", png=PNG + b"kept"),
        )
