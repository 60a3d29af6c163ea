"""Scheduled posts and direct messages, printed in the terminal."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from rich.console import Console

from bot.console_adapter.buttons import ButtonBoard
from bot.console_adapter.render import render
from core.kernel.platform import Platform
from core.kernel.reply import Reply
from core.messenger import Messenger, Post


class ConsoleMessenger(Messenger):
    platform = Platform.CONSOLE

    def __init__(self, console: Console, board: ButtonBoard) -> None:
        self.console = console
        self.board = board
        self._ids = itertools.count(1)
        self.sent: dict[str, str] = {}

    async def post_to_channel(
        self, workspace: str, channel: str, reply: Reply, *, delivery_key: str, retry: bool = False
    ) -> str:
        return self._show(reply, f"posted in #{channel}", delivery_key)

    async def send_direct(
        self, workspace: str, user: str, reply: Reply, *, delivery_key: str, retry: bool = False
    ) -> str:
        return self._show(reply, f"direct message to {user}", delivery_key)

    async def send_group(self, post: Post, users: Sequence[str]) -> str:
        return self._show(post.reply, "group message to " + ", ".join(users), post.key)

    def _show(self, reply: Reply, where: str, delivery_key: str) -> str:
        if delivery_key in self.sent:
            return self.sent[delivery_key]
        message_id = f"console-{next(self._ids)}"
        # Its buttons get a letter of their own: the numbers stay with what the user is doing.
        letter = self.board.post(reply.buttons, reply.checklist)
        self.console.print(render(reply, where, letter=letter))
        self.sent[delivery_key] = message_id
        return message_id
