"""The store behind the chart route on its own: what it keeps, for how long, and that a chart
asked for by many at once is drawn once."""

from __future__ import annotations

import asyncio
import json

import pytest

from bot.settings import Settings
from bot.slack_adapter.chart_urls import ChartUrls
from bot.slack_adapter.prepared import PreparedReplies
from core.kernel.reply import Chart, Reply

PUBLIC = "https://prepbot.example.com"
SECRET = "a-signing-secret"


async def test_a_chart_asked_for_at_once_is_drawn_once() -> None:
    drawn: list[str] = []

    async def draw(name: str) -> Chart | None:
        drawn.append(name)
        await asyncio.sleep(0)
        return Chart(title="t", filename=name, png=b"png") if name == "c.png" else None

    told: list[str] = []
    urls = ChartUrls(PUBLIC, draw, secret=SECRET, after_draw=lambda: told.append("drawn"))
    found = await asyncio.gather(*(urls.chart(name) for name in ("c.png", "c.png", "d.png")))
    assert found == [b"png", b"png", None]
    assert drawn == ["c.png", "d.png"]
    assert told  # the runtime may freeze what the first drawing loaded
    assert await urls.chart("c.png") == b"png"  # kept
    assert drawn == ["c.png", "d.png"]


def chart(n: int, size: int = 10) -> Chart:
    return Chart(title=f"Chart {n}", filename=f"c{n}.png", png=bytes([n]) * size)


def test_only_the_last_charts_are_kept() -> None:
    urls = ChartUrls(PUBLIC + "/", secret=SECRET, capacity=2, max_bytes=25)
    names = [urls.blocks(Reply(title="t", chart=chart(n)))[1][0][0] for n in range(3)]
    assert names == ["c0.png", "c1.png", "c2.png"]
    assert urls.png(names[0]) is None
    assert urls.png(names[2]) == chart(2).png
    urls.blocks(Reply(title="t", chart=chart(9, size=20)))  # bytes over the budget
    assert len(urls) == 1


def test_a_kept_reply_keeps_its_chart_served() -> None:
    urls = ChartUrls(PUBLIC, secret=SECRET, capacity=1)
    prepared = PreparedReplies(charts=urls)
    card = Reply(title="t", chart=chart(1))
    body = prepared.get(card, shared=True).first_body
    assert json.loads(body)["blocks"][-1]["image_url"].startswith(PUBLIC + "/charts/")
    prepared.get(Reply(title="u", chart=chart(2)), shared=True)  # pushes chart 1 out
    assert prepared.get(card, shared=True).first_body == body  # still the ready body
    assert urls.png(chart(1).filename) == chart(1).png


def test_the_public_url_must_be_a_base_url() -> None:
    assert Settings(_env_file=None, slack_public_url="https://x.example/").slack_public_url == (
        "https://x.example"
    )
    assert Settings(_env_file=None, slack_public_url="").slack_public_url is None
    for wrong in ("x.example", "ftp://x.example", "https://x.example/?a=1", "https://x.example#a"):
        with pytest.raises(ValueError, match="SLACK_PUBLIC_URL"):
            Settings(_env_file=None, slack_public_url=wrong)
