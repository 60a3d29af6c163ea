"""A local OpenAI-compatible chat-completions endpoint on 127.0.0.1, for the real `openai`
client: it records each request (path, headers, body) and answers what the test scripts (a
JSON reply built from the request, a delay, an error status, a dropped connection, a refusal
of `json_schema`)."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

MODEL = "judge-small"
KEY = "sk-test-grader-key"


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]

    @property
    def answer(self) -> str:
        """The text of the answer message, between its delimiters."""
        last = str(self.body["messages"][-1]["content"])
        return last.removeprefix("<answer>\n").removesuffix("\n</answer>")

    @property
    def rubric(self) -> list[str]:
        text = str(self.body["messages"][1]["content"])
        return re.findall(r"^\d+\. (.*)$", text, re.MULTILINE)


def covering_all(request: Received) -> dict[str, Any]:
    """Every point covered, the answer's first words as evidence, Good."""
    quote = " ".join(request.answer.split()[:4])
    return {
        "points": [
            {"point": i, "covered": True, "evidence": quote}
            for i in range(1, len(request.rubric) + 1)
        ],
        "grade": "good",
        "tip": "Name the metric you would move first.",
    }


Judge = Callable[[Received], dict[str, Any] | str]


@dataclass
class FakeOpenAI:
    judge: Judge = covering_all
    delay: float = 0.0
    status: int | None = None  # answer every request with this error status
    drop: bool = False  # close the connection without an answer
    refuse_schema: bool = False  # 400 for a request with a json_schema response format
    received: list[Received] = field(default_factory=list)
    _runner: web.AppRunner | None = None
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/v1/chat/completions", self._complete)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _complete(self, request: web.Request) -> web.StreamResponse:
        body = await request.json()
        got = Received(request.path, dict(request.headers), body)
        self.received.append(got)
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.drop:
            assert request.transport is not None
            request.transport.close()
            return web.Response()
        if self.status is not None:
            return _error(self.status, "scripted failure")
        wants_schema = (body.get("response_format") or {}).get("type") == "json_schema"
        if self.refuse_schema and wants_schema:
            return _error(400, "response_format json_schema is not supported")
        verdict = self.judge(got)
        content = verdict if isinstance(verdict, str) else json.dumps(verdict)
        return web.json_response(_completion(body.get("model", ""), content))


def _completion(model: str, content: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 1_700_000_000,
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def _error(status: int, message: str) -> web.Response:
    body = {"error": {"message": message, "type": "invalid_request_error", "code": None}}
    return web.json_response(body, status=status)
