"""A reply's charts to Slack: in the channel when the reply is shared there and the bot may
post files in it, else in the caller's direct message (files cannot be ephemeral)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack_adapter.messenger import upload_chart
from core.identity import Caller
from core.reply import Chart, Reply, Visibility

log = logging.getLogger(__name__)


Direct = Callable[[str], Awaitable[str]]  # a member's DM channel


async def send_charts(client: AsyncWebClient, direct: Direct, caller: Caller, reply: Reply) -> None:
    for chart in reply.images:
        await _one(client, direct, caller, reply, chart)


async def _one(
    client: AsyncWebClient, direct: Direct, caller: Caller, reply: Reply, chart: Chart
) -> None:
    if reply.visibility is Visibility.CHANNEL and caller.channel is not None:
        try:
            await upload_chart(client, caller.channel, chart)
            return
        except SlackApiError as error:
            # Slack takes files only where the bot is a member (slash commands work
            # anywhere); the caller still gets the chart, in their DM.
            log.warning(
                "chart not shared in %s (%s); sent to the caller instead",
                caller.channel,
                error.response.get("error"),
            )
    await upload_chart(client, await direct(caller.user), chart)
