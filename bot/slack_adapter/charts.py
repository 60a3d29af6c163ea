"""A reply's charts to Slack: in the channel when the reply is shared there and the bot may
post in it, else in the caller's direct message (files cannot be ephemeral).

When the app serves shared charts at a public URL (chart_urls.py), a chart everyone shares
(that of a pure reply) is an image block in the reply's own messages and nothing is sent here.
Otherwise (Socket Mode, or before the base URL is known) it is uploaded once per workspace and
posted by reference (chart_files.py); any other chart, or one whose upload or reference Slack
refused, is uploaded where it goes, as a file."""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack_adapter.chart_files import ChartFiles, file_block
from bot.slack_adapter.chart_urls import ChartUrls
from bot.slack_adapter.messenger import CANNOT_POST, upload_chart
from bot.slack_adapter.people import People
from core.kernel.identity import Caller
from core.kernel.reply import Chart, Reply, Visibility

log = logging.getLogger(__name__)


class Charts:
    def __init__(
        self,
        people: People,
        files: ChartFiles | None = None,
        *,
        urls: ChartUrls | None = None,
        after_chart: Callable[[], None] = lambda: None,
    ) -> None:
        self.people = people
        self.files = files or ChartFiles()
        self.urls = urls  # where shared charts are served, once the base URL is known
        self.after_chart = after_chart  # told, on the loop, of each reply with charts

    async def send(
        self, client: AsyncWebClient, caller: Caller, reply: Reply, *, shared: bool
    ) -> None:
        """`shared`: the reply is the same for everyone who asks, and so are its charts."""
        if not reply.images:
            return
        self.after_chart()
        if shared and self.urls is not None and self.urls.shows(reply):
            return  # they are image blocks in the reply's own messages
        for chart in reply.images:
            file_id = await self.files.file_id(client, caller.workspace, chart) if shared else None
            await self._one(client, caller, reply, chart, file_id)

    async def _one(
        self,
        client: AsyncWebClient,
        caller: Caller,
        reply: Reply,
        chart: Chart,
        file_id: str | None,
    ) -> None:
        if reply.visibility is Visibility.CHANNEL and caller.channel is not None:
            try:
                await self._deliver(client, caller, caller.channel, chart, file_id)
                return
            except SlackApiError as error:
                # Slack takes posts and files only where the bot is a member (slash commands
                # work anywhere); the caller still gets the chart, in their DM.
                log.warning(
                    "chart not shared in %s (%s); sent to the caller instead",
                    caller.channel,
                    error.response.get("error"),
                )
        direct = await self.people.direct(client, caller.workspace, caller.user)
        await self._deliver(client, caller, direct, chart, file_id)

    async def _deliver(
        self,
        client: AsyncWebClient,
        caller: Caller,
        channel: str,
        chart: Chart,
        file_id: str | None,
    ) -> None:
        if file_id is not None:
            try:
                await client.chat_postMessage(
                    channel=channel,
                    text=chart.title,
                    blocks=[file_block(chart, file_id)],
                    unfurl_links=False,
                    unfurl_media=False,
                )
                return
            except SlackApiError as error:
                if error.response.get("error") in CANNOT_POST:
                    raise  # the conversation's doing, not the file's
                self.files.forget(caller.workspace, chart, file_id, error)
        await upload_chart(client, channel, chart)
