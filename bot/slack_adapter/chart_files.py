"""Charts that everyone who asks shares (those of pure replies), uploaded to Slack once per
workspace and then shown by reference: an image block whose `slack_file` names the file.

Why, and what Slack allows (docs.slack.dev, "Slack file object" and "Image block"): an image
block may show a file uploaded to Slack by its id instead of a public `image_url`; the file must
be an image (png, jpg, jpeg or gif) and the one posting the blocks must have access to it. A file
uploaded without a channel (files.completeUploadExternal with no `channel_id`) stays private to
the uploader, here the bot. Slack's SDK maintainers state, in the bolt-python and node-slack-sdk
issue trackers, that a private file becomes visible to a conversation's members once the bot
posts a message referencing it there, and that no file can be shared through an ephemeral
message.

So a Slack file is not put in the ephemeral acknowledgement: a member could not see it, and a
block Slack refuses would lose the whole acknowledgement. (Over HTTP with SLACK_PUBLIC_URL, the
app serves the chart itself and the acknowledgement shows it by URL: chart_urls.py.) Otherwise
it goes to the member's direct messages, as one chat.postMessage referencing the workspace's
copy: two Web API calls for a member the bot has not seen (conversations.open, kept per
member, and the post) and one after, instead of four and three with an upload each time.

The file ids are kept in memory only: after a restart, the first request per workspace and
chart uploads again (one more private copy, a few tens of kilobytes). Slack finishes uploads
asynchronously, so a reference may be refused for a moment after the upload, and a file can
be deleted; either way the caller uploads to the member as before (`forget`), and the
workspace is left to that path for `cooldown` seconds so that a refusal does not cost a new
upload on every request.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack_adapter.chart_urls import image_block
from core.kernel.reply import Chart

log = logging.getLogger(__name__)

CAPACITY = 1024  # workspaces times charts; an entry is a key and a file id
COOLDOWN = 600.0

Key = tuple[str, str, str]  # the workspace, the chart's name and its bytes' digest


class ChartFiles:
    """The file id of each shared chart in each workspace, uploaded by the first request that
    needs it; requests that arrive during the upload wait for that one upload."""

    def __init__(
        self,
        *,
        capacity: int = CAPACITY,
        cooldown: float = COOLDOWN,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.capacity = capacity
        self.cooldown = cooldown
        self.clock = clock
        self._files: OrderedDict[Key, asyncio.Task[str]] = OrderedDict()
        self._refused: dict[str, float] = {}  # workspace → until when uploads go to members

    async def file_id(self, client: AsyncWebClient, workspace: str, chart: Chart) -> str | None:
        """The id of this workspace's copy of the chart, uploaded now if it has none; None when
        the upload failed or the workspace is cooling down (the caller uploads to the member)."""
        until = self._refused.get(workspace)
        if until is not None:
            if self.clock() < until:
                return None
            del self._refused[workspace]
        key = _key(workspace, chart)
        task = self._files.get(key)
        if task is None:
            task = asyncio.ensure_future(_upload(client, chart))
            task.add_done_callback(lambda done: self._drop_failure(key, done))
            self._files[key] = task
            while len(self._files) > self.capacity:
                self._files.popitem(last=False)
        else:
            self._files.move_to_end(key)
        try:
            return await asyncio.shield(task)
        except (SlackClientError, aiohttp.ClientError, OSError, TimeoutError) as error:
            log.warning(
                "chart %s not uploaded for workspace %s (%s); uploading it to each member "
                "instead for %.0f s",
                chart.filename,
                workspace,
                _reason(error),
                self.cooldown,
            )
            self._refuse(workspace)
            return None

    def forget(self, workspace: str, chart: Chart, file_id: str, error: SlackApiError) -> None:
        """Slack refused a reference to the file: upload afresh after the cooldown."""
        log.warning(
            "chart %s (file %s) refused by reference in workspace %s (%s); uploading it to "
            "the member instead",
            chart.filename,
            file_id,
            workspace,
            _reason(error),
        )
        key = _key(workspace, chart)
        task = self._files.get(key)
        if task is not None and task.done() and _succeeded(task) and task.result() == file_id:
            del self._files[key]
        self._refuse(workspace)

    def _refuse(self, workspace: str) -> None:
        self._refused[workspace] = self.clock() + self.cooldown

    def _drop_failure(self, key: Key, task: asyncio.Task[str]) -> None:
        if not _succeeded(task) and self._files.get(key) is task:
            del self._files[key]


def file_block(chart: Chart, file_id: str) -> dict[str, Any]:
    """The image block showing the workspace's copy of the chart."""
    return image_block(chart, slack_file={"id": file_id})


async def _upload(client: AsyncWebClient, chart: Chart) -> str:
    """files.getUploadURLExternal, the POST, files.completeUploadExternal with no channel."""
    response = await client.files_upload_v2(
        file=chart.png, filename=chart.filename, title=chart.title
    )
    return str(response["file"]["id"])


def _succeeded(task: asyncio.Task[str]) -> bool:
    return not task.cancelled() and task.exception() is None


def _reason(error: BaseException) -> str:
    if isinstance(error, SlackApiError):
        return str(error.response.get("error"))
    return f"{type(error).__name__}: {error}"


def _key(workspace: str, chart: Chart) -> Key:
    """Which chart, without keeping its bytes alive: the name, and a digest for the drawing."""
    return workspace, chart.filename, hashlib.sha256(chart.png).hexdigest()
