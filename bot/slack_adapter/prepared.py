"""A reply as it goes to Slack: its messages, and the first one already encoded as the body of
the acknowledgement. Replies shared by everyone who asks (the core keeps each pure reply and
hands back the same object) are rendered and encoded once and kept here with it.

Bolt encodes the dict given to `ack()` with json.dumps on every request (BoltResponse); given
a string that starts with `{`, it sends that string as it is, as application/json, over HTTP
and Socket Mode alike. Profiled at 50 requests at once, encoding and rendering were about a
sixth of the server's CPU for a cached `/compare`.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from dataclasses import dataclass

from bot.slack_adapter.render import SlackMessage, render
from core.reply import Reply, Visibility

CAPACITY = 256  # as many as the core keeps


@dataclass(frozen=True)
class Prepared:
    messages: list[SlackMessage]
    response_type: str  # in_channel or ephemeral
    first_body: str  # the first message as the acknowledgement's JSON body

    @property
    def rest(self) -> list[SlackMessage]:
        return self.messages[1:]


def response_type(reply: Reply) -> str:
    return "in_channel" if reply.visibility is Visibility.CHANNEL else "ephemeral"


def prepare(reply: Reply) -> Prepared:
    messages = render(reply)
    kind = response_type(reply)
    body = json.dumps({"response_type": kind, **messages[0].payload()})
    return Prepared(messages, kind, body)


class PreparedReplies:
    """The prepared form of the last `capacity` shared replies, by the reply object itself
    (which is kept with it, so its id cannot be reused while the entry lives)."""

    def __init__(self, capacity: int = CAPACITY) -> None:
        self.capacity = capacity
        self._kept: OrderedDict[int, tuple[Reply, Prepared]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._kept)

    def get(self, reply: Reply, *, shared: bool) -> Prepared:
        if not shared:
            return prepare(reply)
        kept = self._kept.get(id(reply))
        if kept is not None and kept[0] is reply:
            self._kept.move_to_end(id(reply))
            return kept[1]
        prepared = prepare(reply)
        self._kept[id(reply)] = (reply, prepared)
        while len(self._kept) > self.capacity:
            self._kept.popitem(last=False)
        return prepared
