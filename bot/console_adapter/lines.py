"""Where the console reads its lines: an editing prompt in a terminal, plain lines otherwise."""

from __future__ import annotations

import asyncio
import contextlib
import sys
import threading
from collections.abc import Iterator
from typing import BinaryIO, Protocol

from prompt_toolkit import PromptSession
from prompt_toolkit.completion import Completer
from prompt_toolkit.history import History, InMemoryHistory
from prompt_toolkit.input import Input
from prompt_toolkit.output import Output
from prompt_toolkit.patch_stdout import patch_stdout
from prompt_toolkit.shortcuts import CompleteStyle

PROMPT = "prepbot> "
_CHUNK = 65536


class LineSource(Protocol):
    def attached(self) -> contextlib.AbstractContextManager[None]:
        """While open, what is printed does not garble the line being typed."""

    async def read(self) -> str | None:
        """The next line, or None once the user has left."""


class PromptLines:
    """A terminal: line editing, history, tab completion; Ctrl-C clears the line, Ctrl-D
    (on an empty line) leaves."""

    def __init__(
        self,
        completer: Completer | None = None,
        history: History | None = None,
        *,
        input: Input | None = None,
        output: Output | None = None,
    ) -> None:
        self.session: PromptSession[str] = PromptSession(
            history=history or InMemoryHistory(),
            completer=completer,
            complete_style=CompleteStyle.READLINE_LIKE,
            complete_while_typing=False,
            input=input,
            output=output,
        )

    @contextlib.contextmanager
    def attached(self) -> Iterator[None]:
        with patch_stdout(raw=True):
            yield

    async def read(self) -> str | None:
        while True:
            try:
                return await self.session.prompt_async(PROMPT)
            except KeyboardInterrupt:
                continue  # the line is dropped; a fresh prompt
            except EOFError:
                return None


class PlainLines:
    """A pipe or a file: lines as they come, no prompt and no cursor movement.

    A daemon thread reads, so the scheduler keeps running while it waits, and a process that
    is told to stop does not wait for the next line. Give it an unbuffered stream (see
    `stdin_lines`): a daemon thread blocked inside a buffered reader's lock aborts the
    interpreter at exit. Bytes that are not UTF-8 become U+FFFD.
    """

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self._lines: asyncio.Queue[str | None] | None = None

    @contextlib.contextmanager
    def attached(self) -> Iterator[None]:
        yield

    async def read(self) -> str | None:
        if self._lines is None:
            self._lines = asyncio.Queue()
            loop = asyncio.get_running_loop()
            threading.Thread(target=self._pump, args=(loop, self._lines), daemon=True).start()
        return await self._lines.get()

    def _pump(self, loop: asyncio.AbstractEventLoop, lines: asyncio.Queue[str | None]) -> None:
        def put(line: str | None) -> None:
            loop.call_soon_threadsafe(lines.put_nowait, line)

        pending = b""
        with contextlib.suppress(RuntimeError):  # the loop closed: nobody reads any more
            with contextlib.suppress(OSError):  # the terminal went away: as the end of input
                while chunk := self.stream.read(_CHUNK):
                    *whole, pending = (pending + chunk).split(b"\n")
                    for raw in whole:
                        put(_decode(raw))
            if pending:
                put(_decode(pending))
            put(None)


def stdin_lines() -> PlainLines:
    """Standard input, read without Python's buffer (and its lock)."""
    return PlainLines(open(sys.stdin.fileno(), "rb", buffering=0, closefd=False))


def _decode(raw: bytes) -> str:
    return raw.decode("utf-8", errors="replace").rstrip("\r")
