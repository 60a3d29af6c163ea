"""With SLACK_PUBLIC_URL, a shared chart is an image block in the reply itself, served by the
app's own HTTP server: no Web API call on the fake Slack's side. A member's own charts are
never served; in Socket Mode, or without the setting, charts go to the DM (test_chart_files)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from pydantic import SecretStr

from bot.settings import Settings
from bot.slack_adapter import SlackAdapter
from bot.slack_adapter.chart_urls import ChartUrls, chart_name
from bot.slack_adapter.prepared import PreparedReplies
from core.commands.handler import CommandHandler
from core.identity import Caller
from core.platform import Platform
from core.reply import Chart, Reply
from tests.bot.slack_adapter.fake_slack import APP_TOKEN, FakeSlack
from tests.bot.slack_adapter.harness import SlackUser, slack_user

COMP = "/compare netflix-pm amazon-pm comp"
PUBLIC = "https://prepbot.example.com"


@pytest.fixture
def public(settings: Settings) -> Settings:
    return settings.model_copy(update={"slack_public_url": PUBLIC})


@pytest.fixture
async def served(
    handler: CommandHandler, public: Settings, fake_slack: FakeSlack
) -> AsyncIterator[SlackUser]:
    adapter = SlackAdapter(handler, public, host="127.0.0.1")
    handler.connect_channels(adapter.messenger)
    async with slack_user(adapter, fake_slack) as user:
        yield user
        await user.idle()


def images(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [block for block in message["blocks"] if block["type"] == "image"]


def path_of(url: str) -> str:
    assert url.startswith(PUBLIC + "/charts/")
    return urlsplit(url).path


async def test_a_comparison_shows_its_chart_with_no_web_api_call(
    served: SlackUser, fake_slack: FakeSlack, handler: CommandHandler
) -> None:
    await served.command("/compare netflix-pm amazon-pm")  # Bolt's first auth.test
    calls, responses = len(fake_slack.calls), dict(fake_slack.responses)

    answer = await served.as_user("U0BEN").command(COMP)

    assert fake_slack.calls[calls:] == []  # no upload, no DM, no post
    assert fake_slack.responses == responses  # all of it in the acknowledgement
    assert fake_slack.uploads == []
    (image,) = images(answer.first)
    assert image["alt_text"] == "Compensation"
    assert image["title"]["text"] == "Compensation"
    assert answer.first["response_type"] == "ephemeral"

    response = await served.client.get(path_of(image["image_url"]))
    assert response.status == 200
    assert response.headers["Content-Type"] == "image/png"
    assert "immutable" in response.headers["Cache-Control"]
    assert "public" in response.headers["Cache-Control"]
    drawn = await handler.handle(COMP, Caller(Platform.SLACK, "T0TEAM", "U0CID"))
    assert drawn.chart is not None
    assert await response.read() == drawn.chart.png
    assert image["image_url"].endswith(hashlib.sha256(drawn.chart.png).hexdigest()[:32] + ".png")


async def test_the_kept_acknowledgement_carries_the_image_block(served: SlackUser) -> None:
    first = await served.command(COMP)
    again = await served.as_user("U0BEN").command(COMP)
    assert again.first == first.first
    assert len(images(again.first)) == 1


async def test_an_unknown_chart_is_not_found(served: SlackUser) -> None:
    await served.command(COMP)
    for name in ("0" * 32 + ".png", "not-a-chart.png", "0" * 64 + ".png", "0" * 32):
        response = await served.client.get(f"/charts/{name}")
        assert response.status == 404, name


async def test_a_members_progress_chart_is_never_served(
    served: SlackUser, fake_slack: FakeSlack
) -> None:
    question = await served.command("/practice amazon-pm")
    revealed = await served.press(question.button("What a strong answer covers"))
    await served.press(revealed.button("Good"))
    stats = await served.command("/prep stats")

    assert fake_slack.uploads, "the member's own charts go to their DM, uploaded"
    assert all(not images(message) for message in stats.messages)
    urls = served.adapter.chart_urls
    assert urls is not None
    assert len(urls) == 0
    for png in fake_slack.uploads:
        response = await served.client.get(f"/charts/{chart_name(png)}.png")
        assert response.status == 404


async def test_socket_mode_keeps_charts_in_direct_messages(
    handler: CommandHandler, public: Settings
) -> None:
    socket = public.model_copy(update={"slack_app_token": SecretStr(APP_TOKEN)})
    adapter = SlackAdapter(handler, socket, host="127.0.0.1")
    assert adapter.chart_urls is None
    assert not adapter.listeners.charts.by_url


def chart(n: int, size: int = 10) -> Chart:
    return Chart(title=f"Chart {n}", filename=f"c{n}.png", png=bytes([n]) * size)


def test_only_the_last_charts_are_kept() -> None:
    urls = ChartUrls(PUBLIC + "/", capacity=2, max_bytes=25)
    names = [urls.blocks(Reply(title="t", chart=chart(n)))[1][0][0] for n in range(3)]
    assert urls.png(f"{names[0]}.png") is None
    assert urls.png(f"{names[2]}.png") == chart(2).png
    urls.blocks(Reply(title="t", chart=chart(9, size=20)))  # bytes over the budget
    assert len(urls) == 1


def test_a_kept_reply_keeps_its_chart_served() -> None:
    urls = ChartUrls(PUBLIC, capacity=1)
    prepared = PreparedReplies(charts=urls)
    card = Reply(title="t", chart=chart(1))
    body = prepared.get(card, shared=True).first_body
    assert json.loads(body)["blocks"][-1]["image_url"].startswith(PUBLIC + "/charts/")
    prepared.get(Reply(title="u", chart=chart(2)), shared=True)  # pushes chart 1 out
    assert prepared.get(card, shared=True).first_body == body  # still the ready body
    assert urls.png(f"{chart_name(chart(1).png)}.png") == chart(1).png


def test_the_public_url_must_be_a_base_url() -> None:
    assert Settings(_env_file=None, slack_public_url="https://x.example/").slack_public_url == (
        "https://x.example"
    )
    assert Settings(_env_file=None, slack_public_url="").slack_public_url is None
    for wrong in ("x.example", "ftp://x.example", "https://x.example/?a=1"):
        with pytest.raises(ValueError, match="SLACK_PUBLIC_URL"):
            Settings(_env_file=None, slack_public_url=wrong)
