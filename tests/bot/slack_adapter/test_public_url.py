"""Over HTTP without SLACK_PUBLIC_URL, the app serves shared charts at the address Slack's own
signed requests came to (through a proxy: what it forwards), so a chart goes by URL in the
reply itself, with the same signed URLs as with the setting."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest

from bot.slack_adapter.public_url import base_url
from tests.bot.slack_adapter.fake_slack import FakeSlack
from tests.bot.slack_adapter.harness import SlackUser

COMP = "/compare netflix-pm amazon-pm comp"
PROXIED = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "prepbot.example.org"}


def image_url(message: dict[str, Any]) -> str:
    [image] = [block for block in message["blocks"] if block["type"] == "image"]
    return str(image["image_url"])


async def test_the_chart_goes_by_url_at_the_address_slack_called(
    slack: SlackUser, fake_slack: FakeSlack
) -> None:
    answer = await slack.command(COMP)
    url = urlsplit(image_url(answer.first))
    assert (url.scheme, url.hostname) == ("http", "127.0.0.1")
    assert url.port == slack.client.port
    assert not fake_slack.calls_to("files.completeUploadExternal")
    assert not fake_slack.charts_shown()
    served = await slack.client.get(f"{url.path}?{url.query}")
    assert served.status == 200
    assert (await served.read()).startswith(b"\x89PNG")
    # The signature still guards the route: a URL no reply gave out is refused.
    forged = await slack.client.get(url.path.replace("amazon-pm", "netflix-pmm") + "?s=0")
    assert forged.status == 403


async def test_behind_a_proxy_the_forwarded_address_is_used(slack: SlackUser) -> None:
    answer = await slack.command(COMP, headers=PROXIED)
    assert image_url(answer.first).startswith("https://prepbot.example.org/charts/")


async def test_only_a_signed_request_says_where_the_app_is_and_the_first_one_decides(
    slack: SlackUser,
) -> None:
    unsigned = await slack.post(
        "command=%2Fcompare", "application/x-www-form-urlencoded", secret="not-the-secret",
        headers={"X-Forwarded-Host": "elsewhere.example.net"},
    )  # fmt: skip
    assert unsigned.status == 401
    first = await slack.command("/compare netflix-pm amazon-pm", headers=PROXIED)
    assert first.first["blocks"]
    later = await slack.command(COMP, headers={"X-Forwarded-Host": "elsewhere.example.net"})
    assert image_url(later.first).startswith("https://prepbot.example.org/charts/")


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"host": ["bot.example.com"]}, "http://bot.example.com"),
        ({"host": ["10.0.0.5:3000"]}, "http://10.0.0.5:3000"),
        (
            {"host": ["10.0.0.5:3000"], "x-forwarded-proto": ["https, http"]},
            "https://10.0.0.5:3000",
        ),
        (
            {
                "host": ["internal:3000"],
                "forwarded": ['for=1.2.3.4;proto=https;host="Bot.Example.com"'],
            },
            "https://bot.example.com",
        ),
        ({"host": ["[::1]:3000"]}, "http://[::1]:3000"),
        ({"host": ["evil.example.com/path"]}, None),  # not a host: nothing learnt
        ({"host": ["user@evil.example.com"]}, None),
        ({"host": ["bot.example.com"], "x-forwarded-proto": ["gopher"]}, None),
        ({}, None),
    ],
)
def test_the_base_url_a_request_names(headers: dict[str, list[str]], expected: str | None) -> None:
    assert base_url(headers) == expected
