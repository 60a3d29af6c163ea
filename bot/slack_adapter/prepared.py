"""A reply as it goes to Slack: its messages, and the first one already encoded as the body of
the acknowledgement. Replies shared by everyone who asks (the core keeps each pure reply and
hands back the same object) are rendered and encoded once and kept here with it.

Bolt encodes the dict given to `ack()` with json.dumps on every request (BoltResponse); given
a string that starts with `{`, it sends that string as it is, as application/json, over HTTP
and Socket Mode alike. Profiled at 50 requests at once, encoding and rendering were about a
sixth of the server's CPU for a cached `/compare`.

When the app serves shared charts itself (chart_urls.py), a shared reply's messages end with an
image block for each chart, so a kept reply with a chart is still a body ready to send.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from dataclasses import dataclass

from bot.slack_adapter.chart_urls import ChartUrls, Shown
from bot.slack_adapter.render import SlackMessage, render
from core.kernel.reply import Reply, Visibility

CAPACITY = 256  # as many as the core keeps


@dataclass(frozen=True)
class Prepared:
    messages: list[SlackMessage]
    response_type: str  # in_channel or ephemeral
    first_body: str  # the first message as the acknowledgement's JSON body
    shown: tuple[Shown, ...] = ()  # the charts that are image blocks in `messages`

    @property
    def rest(self) -> list[SlackMessage]:
        return self.messages[1:]


def response_type(reply: Reply) -> str:
    return "in_channel" if reply.visibility is Visibility.CHANNEL else "ephemeral"


def prepare(reply: Reply, charts: ChartUrls | None = None) -> Prepared:
    """`charts`: the reply is shared and its charts go in its messages, by URL."""
    extra, shown = charts.blocks(reply) if charts is not None else ([], ())
    messages = render(reply, extra)
    kind = response_type(reply)
    body = json.dumps({"response_type": kind, **messages[0].payload()})
    return Prepared(messages, kind, body, shown)


class PreparedReplies:
    """The prepared form of the last `capacity` shared replies, by the reply object itself
    (which is kept with it, so its id cannot be reused while the entry lives)."""

    def __init__(self, capacity: int = CAPACITY, charts: ChartUrls | None = None) -> None:
        self.capacity = capacity
        self.charts = charts  # where shared charts are served, if the app serves them
        self._kept: OrderedDict[int, tuple[Reply, Prepared]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._kept)

    def get(self, reply: Reply, *, shared: bool) -> Prepared:
        if not shared:
            return prepare(reply)
        charts = self.charts if self.charts is not None and self.charts.base else None
        kept = self._kept.get(id(reply))
        # prepared before the base URL was known, its charts went to DMs: not from now on
        stale = kept is not None and charts is not None and len(kept[1].shown) < len(reply.images)
        if kept is not None and kept[0] is reply and not stale:
            self._kept.move_to_end(id(reply))
            if charts is not None:
                charts.keep(kept[1].shown)  # served as long as the reply is in use
            return kept[1]
        prepared = prepare(reply, charts)
        self._kept[id(reply)] = (reply, prepared)
        while len(self._kept) > self.capacity:
            self._kept.popitem(last=False)
        return prepared
