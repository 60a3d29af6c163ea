"""The Grader port on the official `openai` client, against any OpenAI-compatible endpoint
(OpenAI itself, Ollama, vLLM, llama.cpp's server…).

Every fault (a timeout, no connection, a 429, any other 4xx or 5xx, output that is not the
schema) becomes GraderUnavailable within the timeout. The client retries nothing itself; the
one retry is ours: an endpoint that refuses `json_schema` with a 400 is asked once without it.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import openai
from openai import AsyncOpenAI

from bot.grader import prompt
from core.practice.feedback import Feedback, GraderUnavailable, GradingRequest, Unavailable

log = logging.getLogger(__name__)

NO_KEY = "none"  # local endpoints want no key; the client wants one all the same
# The client's and its transport's loggers print request bodies at DEBUG in some versions,
# and a body holds the member's answer: they never log below INFO.
TRANSPORT_LOGGERS = ("openai", "httpx", "httpx2", "httpcore")


@dataclass(frozen=True)
class GraderConfig:
    url: str
    model: str
    api_key: str | None = field(default=None, repr=False)
    timeout: float = 20.0


class OpenAIGrader:
    def __init__(self, config: GraderConfig) -> None:
        quiet_transport_logs()
        self.config = config
        self.client = AsyncOpenAI(
            base_url=config.url,
            api_key=config.api_key or NO_KEY,
            timeout=config.timeout,
            max_retries=0,
        )
        # The client imports its resources on first use; at start-up that import cannot hold
        # the loop while members wait.
        self.completions = self.client.chat.completions

    @property
    def where(self) -> str:
        return urlsplit(self.config.url).netloc or self.config.url

    async def grade(self, request: GradingRequest) -> Feedback:
        try:
            async with asyncio.timeout(self.config.timeout):
                return await self._grade(request)
        except TimeoutError:
            raise GraderUnavailable(Unavailable.TIMEOUT) from None

    async def close(self) -> None:
        await self.client.close()

    async def _grade(self, request: GradingRequest) -> Feedback:
        messages = prompt.messages(request)
        try:
            return await self._ask(messages, prompt.response_format())
        except openai.BadRequestError:
            log.info("the grader refused the request with a json_schema format; asking without")
        except openai.OpenAIError as error:
            raise _unavailable(error) from None
        try:
            return await self._ask(messages, None)
        except openai.OpenAIError as error:
            raise _unavailable(error) from None

    async def _ask(
        self, messages: list[dict[str, str]], response_format: dict[str, Any] | None
    ) -> Feedback:
        extra: dict[str, Any] = {}
        if response_format is not None:
            extra["response_format"] = response_format
        completion = await self.completions.create(
            model=self.config.model,
            messages=messages,  # type: ignore[arg-type]
            temperature=0,
            **extra,
        )
        choice = completion.choices[0] if completion.choices else None
        try:
            return prompt.parse(choice.message.content if choice else None)
        except prompt.Unreadable:
            raise GraderUnavailable(Unavailable.MALFORMED) from None


def _unavailable(error: openai.OpenAIError) -> GraderUnavailable:
    """Why, from the kind of error alone: its message may quote what was sent."""
    if isinstance(error, openai.APITimeoutError):
        reason = Unavailable.TIMEOUT
    elif isinstance(error, openai.APIConnectionError):
        reason = Unavailable.UNREACHABLE
    elif isinstance(error, openai.RateLimitError):
        reason = Unavailable.BUSY
    elif isinstance(error, openai.APIStatusError) and error.status_code >= 500:
        reason = Unavailable.FAILED
    elif isinstance(error, openai.APIStatusError):
        reason = Unavailable.REFUSED
    elif isinstance(error, openai.APIResponseValidationError):
        reason = Unavailable.MALFORMED
    else:
        reason = Unavailable.FAILED
    log.warning("grader unavailable: %s (%s)", reason.value, type(error).__name__)
    return GraderUnavailable(reason)


def quiet_transport_logs() -> None:
    for name in TRANSPORT_LOGGERS:
        logger = logging.getLogger(name)
        if logger.level < logging.INFO:  # NOTSET too: it would follow the root down to DEBUG
            logger.setLevel(logging.INFO)
