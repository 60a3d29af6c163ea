"""Shared charts served by the app's own HTTP server, so that a reply shows its chart by URL in
the acknowledgement itself: no upload, no direct message, no Web API call at all.

What Slack allows (docs.slack.dev, "Image block"): an image block shows either a Slack file
(`slack_file`) or `image_url`, "the URL for a publicly hosted image", at most 3,000 characters,
of type png, jpg, jpeg or gif; `alt_text` and the title hold at most 2,000 characters each. The
reference gives no size limit (a comparison chart is a PNG of about 100 kB). An image
block is a block like any other in a message, which is what an acknowledgement or a
response_url post is, ephemeral or in the channel: unlike a private Slack file (chart_files.py),
a public image needs no sharing into the conversation. Slack's servers fetch the image and show
members their cached copy (its image proxy, Slack-ImgProxy, api.slack.com/robots). A message
whose image Slack cannot download is refused whole (`invalid_blocks`, "downloading image
failed", python-slack-sdk issue 1782), so SLACK_PUBLIC_URL must be where Slack reaches the app.

Only charts of shared replies come here: a pure reply's chart is a function of the content and
the arguments, the same for every member who asks, so serving it publicly shows nothing a member
could not ask for. A member's own charts (`/prep stats`) never do: they are uploaded to the
member's DM. Each chart is named by the SHA-256 of its bytes, so a name never changes meaning and
may be cached for good; the last CAPACITY charts (and at most MAX_BYTES of them) are kept in
memory, and any other name is a 404. A chart is kept by the process whose reply showed it: with
several replicas behind one address, Slack's fetch may reach another one, which answers 404
(Slack would then refuse the reply), so SLACK_PUBLIC_URL is for one replica; several keep the
direct-message path. After a restart, a chart is served again once a reply shows it again.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from typing import Any

from aiohttp import web

from core.reply import Chart, Reply

CHARTS_PATH = "/charts/{name}"
CAPACITY = 256
MAX_BYTES = 32 * 1024 * 1024
CACHE_CONTROL = "public, max-age=31536000, immutable"  # a name is a hash of the bytes
NAME = re.compile(r"^([0-9a-f]{32})\.png$")
TEXT_CHARS = 2000  # alt_text and title

Block = dict[str, Any]
Shown = tuple[str, bytes]  # a chart's name and its bytes


def chart_name(png: bytes) -> str:
    """128 bits of the bytes' SHA-256: a name for this chart and no other."""
    return hashlib.sha256(png).hexdigest()[:32]


class ChartUrls:
    """The charts of shared replies, by the hash of their bytes, and their image blocks."""

    def __init__(
        self, public_url: str, *, capacity: int = CAPACITY, max_bytes: int = MAX_BYTES
    ) -> None:
        self.base = public_url.rstrip("/") + "/charts/"
        self.capacity = capacity
        self.max_bytes = max_bytes
        self._charts: OrderedDict[str, bytes] = OrderedDict()
        self._bytes = 0

    def __len__(self) -> int:
        return len(self._charts)

    def blocks(self, reply: Reply) -> tuple[list[Block], tuple[Shown, ...]]:
        """An image block for each of the reply's charts, and the charts, kept to be served."""
        names = [chart_name(chart.png) for chart in reply.images]
        shown = tuple((name, chart.png) for name, chart in zip(names, reply.images, strict=True))
        self.keep(shown)
        blocks = [self.block(name, chart) for name, chart in zip(names, reply.images, strict=True)]
        return blocks, shown

    def block(self, name: str, chart: Chart) -> Block:
        title = chart.title[:TEXT_CHARS]
        return {
            "type": "image",
            "image_url": f"{self.base}{name}.png",
            "alt_text": title,
            "title": {"type": "plain_text", "text": title, "emoji": True},
        }

    def keep(self, shown: tuple[Shown, ...]) -> None:
        """Keep these charts (again, when shown again): most recently shown last."""
        for name, png in shown:
            self._keep(name, png)

    def png(self, name: str) -> bytes | None:
        """The chart named `<hash>.png`, if it is one this process drew and still keeps."""
        found = NAME.match(name)
        if found is None:
            return None
        png = self._charts.get(found.group(1))
        if png is not None:
            self._charts.move_to_end(found.group(1))
        return png

    async def serve(self, request: web.Request) -> web.Response:
        png = self.png(request.match_info["name"])
        if png is None:
            raise web.HTTPNotFound()
        return web.Response(
            body=png, content_type="image/png", headers={"Cache-Control": CACHE_CONTROL}
        )

    def route(self, application: web.Application) -> None:
        application.router.add_get(CHARTS_PATH, self.serve)

    def _keep(self, name: str, png: bytes) -> None:
        if name in self._charts:
            self._charts.move_to_end(name)
            return
        self._charts[name] = png
        self._bytes += len(png)
        while len(self._charts) > 1 and (
            len(self._charts) > self.capacity or self._bytes > self.max_bytes
        ):
            _, dropped = self._charts.popitem(last=False)
            self._bytes -= len(dropped)
