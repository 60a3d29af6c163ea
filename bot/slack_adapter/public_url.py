"""The app's public base URL over HTTP when SLACK_PUBLIC_URL is not set: taken from the requests
Slack sends, so that an HTTP deployment configures its address once, as the manifest's request
URL, and shared charts still go by URL in the reply itself.

Slack sends every request to the request URL, so the host a request names (`Host`, or what a
proxy in front forwards: `Forwarded`, `X-Forwarded-Host`, `X-Forwarded-Proto`) is where Slack
reaches the app. Only a request that passed Slack's signature check is read (a Bolt middleware
runs after the check), and the first one decides for the life of the process: a request with
other headers cannot move the charts elsewhere later. Without a forwarded scheme the request
came over plain HTTP to this server; behind a proxy that forwards neither the scheme nor the
host, or under a path prefix, set SLACK_PUBLIC_URL.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable, Mapping, Sequence

from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from bot.slack_adapter.chart_urls import ChartUrls

log = logging.getLogger(__name__)

_HOST = re.compile(r"(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?")  # name or [IPv6], port
_FORWARDED = re.compile(r'(?i)\b(host|proto)="?([^;,"\s]+)"?')
Headers = Mapping[str, Sequence[str]]
Middleware = Callable[
    [AsyncBoltRequest, BoltResponse, Callable[[], Awaitable[BoltResponse]]], Awaitable[BoltResponse]
]


def base_url(headers: Headers) -> str | None:
    """`scheme://host[:port]` as the request names it; None without a usable host."""
    forwarded = dict(
        (key.lower(), value) for key, value in _FORWARDED.findall(_first(headers, "forwarded"))
    )
    host = forwarded.get("host") or _first(headers, "x-forwarded-host") or _first(headers, "host")
    scheme = (forwarded.get("proto") or _first(headers, "x-forwarded-proto") or "http").lower()
    if not _HOST.fullmatch(host) or scheme not in ("http", "https"):
        return None
    return f"{scheme}://{host.lower()}"


def learn_from_requests(charts: ChartUrls) -> Middleware:
    """A Bolt middleware that gives `charts` its base from the first signed request."""

    async def learn(
        req: AsyncBoltRequest, resp: BoltResponse, next: Callable[[], Awaitable[BoltResponse]]
    ) -> BoltResponse:
        if charts.base is None and (found := base_url(req.headers)) is not None:
            charts.serve_from(found)
            log.info(
                "shared charts are served from %s, the address Slack's requests came to", found
            )
        return await next()

    return learn


def _first(headers: Headers, name: str) -> str:
    """A header's first value (a proxy chain lists the nearest client's first), stripped."""
    values = headers.get(name) or ()
    return values[0].split(",")[0].strip() if values else ""
