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
failed"), so the base URL must be where Slack reaches the app (SLACK_PUBLIC_URL, else the
address Slack's own requests came to: public_url.py), and every replica behind it must answer
for every chart any of them showed. Until a base is known, charts go to members' DMs.

Only charts of shared replies come here: a pure reply's chart is a function of the content and
the arguments, the same for every member who asks, so serving it publicly shows nothing a member
could not ask for. A member's own charts (`/prep stats`) never do: they are uploaded to the
member's DM. A chart is named by what it shows, its file name in the core
(`/charts/comp-netflix-pm-vs-amazon-pm.png?v=…`), so any replica, and any process after a
restart, can draw it again: the core reads the roles back from the name (`shared_chart`), and
any name that is no shared chart (unknown roles, a member's chart, anything else) is a 404.
`v` is the start of the SHA-256 of the bytes the reply showed. It only makes the URL change when
the content changes the picture, so that Slack's proxy fetches it again; the current chart is
served whatever `v` says, cacheable for good only when `v` names the bytes served (replicas in
the middle of a deploy may hold different content). The last CAPACITY charts (and at most
MAX_BYTES of them) are kept in memory; a name asked for again after that is drawn again.

The route is public, so each URL carries `s`, an HMAC of the name under a key derived from the
signing secret every replica shares: only names a reply of this app showed are served or drawn,
and anyone else gets 403, so no one can keep the process drawing charts nobody was shown.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote

from aiohttp import web

from core.kernel.reply import Chart, Reply

CHARTS_PATH = "/charts/{name}"
SIGNATURE_CHARS = 32  # 128 bits of HMAC-SHA256
FORGED = "Not a chart this app showed: ask the bot again for a current one.\n"
CAPACITY = 256
MAX_BYTES = 32 * 1024 * 1024
IMMUTABLE = "public, max-age=31536000, immutable"  # `v` names these very bytes
BRIEFLY = "public, max-age=300"  # no `v`, or one naming other bytes: ask again soon
LONGEST_NAME = 256
TEXT_CHARS = 2000  # alt_text and title

Block = dict[str, Any]
Shown = tuple[str, bytes]  # a chart's name and its bytes
Draw = Callable[[str], Awaitable[Chart | None]]  # the shared chart of this name, if any


def image_block(chart: Chart, **source: Any) -> Block:
    """Slack's image block for a chart shown from `image_url=…` or `slack_file={"id": …}`."""
    title = chart.title[:TEXT_CHARS]
    return {
        "type": "image",
        **source,
        "alt_text": title,
        "title": {"type": "plain_text", "text": title, "emoji": True},
    }


def version(png: bytes) -> str:
    """64 bits of the bytes' SHA-256: enough to tell one drawing of a chart from another."""
    return hashlib.sha256(png).hexdigest()[:16]


async def _no_chart(_name: str) -> Chart | None:
    return None


class ChartUrls:
    """The charts of shared replies by name, their image blocks, and their HTTP route."""

    def __init__(
        self,
        public_url: str | None,
        draw: Draw = _no_chart,
        *,
        secret: str,
        capacity: int = CAPACITY,
        max_bytes: int = MAX_BYTES,
        after_draw: Callable[[], None] = lambda: None,
    ) -> None:
        """`public_url`: the base URL, None until `serve_from` is told it. `draw`: the core's
        shared chart of a name, for names this process does not keep. `secret`: the Slack
        signing secret, which signs the names. `after_draw`: told, on the loop, after each
        chart drawn here."""
        self.base: str | None = None  # where the charts' URLs start
        if public_url is not None:
            self.serve_from(public_url)
        self._key = hashlib.sha256(b"prepbot chart names\0" + secret.encode()).digest()
        self.draw = draw
        self.capacity = capacity
        self.max_bytes = max_bytes
        self.after_draw = after_draw
        self._charts: OrderedDict[str, bytes] = OrderedDict()
        self._bytes = 0
        self._drawing: dict[str, asyncio.Task[Chart | None]] = {}

    def __len__(self) -> int:
        return len(self._charts)

    def serve_from(self, public_url: str) -> None:
        self.base = public_url.rstrip("/") + "/charts/"

    def shows(self, reply: Reply) -> bool:
        """Whether the reply's charts went in its messages by URL (they are kept here)."""
        return self.base is not None and all(c.filename in self._charts for c in reply.images)

    def blocks(self, reply: Reply) -> tuple[list[Block], tuple[Shown, ...]]:
        """An image block for each of the reply's charts, and the charts, kept to be served."""
        shown = tuple((chart.filename, chart.png) for chart in reply.images)
        self.keep(shown)
        return [self.block(chart) for chart in reply.images], shown

    def sign(self, name: str) -> str:
        """The signature a URL of this name carries."""
        return hmac.new(self._key, name.encode(), hashlib.sha256).hexdigest()[:SIGNATURE_CHARS]

    def block(self, chart: Chart) -> Block:
        assert self.base is not None, "a chart by URL needs the base URL"
        name = chart.filename
        url = f"{self.base}{quote(name)}?v={version(chart.png)}&s={self.sign(name)}"
        return image_block(chart, image_url=url)

    def keep(self, shown: tuple[Shown, ...]) -> None:
        """Keep these charts (again, when shown again): most recently shown last."""
        for name, png in shown:
            self._keep(name, png)

    def png(self, name: str) -> bytes | None:
        """The chart of this name, if this process keeps it."""
        png = self._charts.get(name)
        if png is not None:
            self._charts.move_to_end(name)
        return png

    async def chart(self, name: str) -> bytes | None:
        """The chart of this name: kept, or drawn now (once, however many ask at the same time)
        and kept; None when no shared chart has that name."""
        png = self.png(name)
        if png is not None or len(name) > LONGEST_NAME:
            return png
        task = self._drawing.get(name)
        if task is None:
            task = self._drawing[name] = asyncio.ensure_future(self.draw(name))
            task.add_done_callback(lambda _: self._drawing.pop(name, None))
        # One request giving up (Slack closed the connection) does not stop the drawing.
        chart = await asyncio.shield(task)
        if chart is None or chart.filename != name:
            return None
        self.after_draw()
        self._keep(name, chart.png)
        return chart.png

    async def serve(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        if not hmac.compare_digest(request.query.get("s", ""), self.sign(name)):
            return web.Response(status=403, text=FORGED)
        png = await self.chart(name)
        if png is None:
            raise web.HTTPNotFound()
        cache = IMMUTABLE if request.query.get("v") == version(png) else BRIEFLY
        return web.Response(body=png, content_type="image/png", headers={"Cache-Control": cache})

    def route(self, application: web.Application) -> None:
        application.router.add_get(CHARTS_PATH, self.serve)

    def _keep(self, name: str, png: bytes) -> None:
        old = self._charts.pop(name, None)
        if old is not None:
            self._bytes -= len(old)
        self._charts[name] = png
        self._bytes += len(png)
        while len(self._charts) > 1 and (
            len(self._charts) > self.capacity or self._bytes > self.max_bytes
        ):
            _, dropped = self._charts.popitem(last=False)
            self._bytes -= len(dropped)
