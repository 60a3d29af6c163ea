"""Feedback off the 3-second path: 50 answers submitted at once, each sent to a grader that
takes 5 s, on Slack (Bolt's real HTTP path, signed view submissions) and on Discord (discord.py
against the fake gateway and REST). Run: `.venv/bin/python -m bench.bench_grader` (`--answers`,
`--delay`, `--rounds`).

One process: the adapter, the real `openai` client, a fake OpenAI-compatible endpoint that
answers after `--delay` seconds, and the fake platform all share one event loop, so the loop's
lateness counts the fakes' work too (it can only read higher than the bot's own). Measured per
answer: the acknowledgement (Slack: the HTTP answer to the view submission; Discord: the
interaction's callback), the first message ("Reading your answer…" at the response_url; on
Discord the callback is that message), and the feedback in its place; over the phase, the
loop's longest lateness (bench/loop_lag.py, a 2 ms tick) and its longest callback in CPU time.
A warm-up of two answers on each platform comes first (the first answer in a process pays
one-off costs, imports and first builds, that no later answer pays), then the start-up heap is
frozen as `prepbot run` freezes it (bot/gc_freeze.py): without that, a full collection of the
benchmark's own heap (the fakes, the test helpers) takes about 150 ms inside some callback.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import random
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from bench.bench_discord import TOKEN, fake_discord
from bench.loop_lag import LongestCallbacks, LoopLag
from bot.compose import build_handler
from bot.discord_adapter import DiscordAdapter
from bot.gc_freeze import Freezer
from bot.grader import GraderConfig, OpenAIGrader
from bot.settings import Settings
from bot.slack_adapter import SlackAdapter
from bot.slack_adapter.forms import Pending, answer_view
from core.commands.handler import CommandHandler
from core.content.loader import load_content
from core.kernel.identity import Caller
from core.kernel.platform import Platform
from core.practice.grading import ANSWER_FORM
from core.roles.catalog import Catalog
from core.store.database import create_engine, sqlite_url
from core.store.migrate import upgrade
from core.store.store import Store
from tests.bot.discord_adapter import payloads
from tests.bot.discord_adapter.payloads import (
    button_press,
    command,
    labelled,
    modal_submit,
    string_option,
)
from tests.bot.grader.fake_openai import KEY, MODEL, FakeOpenAI
from tests.bot.slack_adapter.fake_slack import BOT_TOKEN, TEAM, FakeSlack
from tests.bot.slack_adapter.harness import SIGNING_SECRET, slack_user

QUESTION = "amzn-pm-lp-01"
ANSWER = "Customer first: I would size the problem, then pick the one metric to move."
Timings = dict[str, list[float]]


@functools.cache
def catalog() -> Catalog:
    """The content, loaded once as a process loads it."""
    return Catalog(load_content())


async def handler_for(workdir: Path, fake: FakeOpenAI, name: str) -> tuple[CommandHandler, Any]:
    engine = create_engine(sqlite_url(workdir / f"{name}.sqlite3"))
    await upgrade(engine)
    store = Store(engine)
    grader = OpenAIGrader(GraderConfig(fake.url, MODEL, KEY, timeout=20.0))
    handler = build_handler(
        catalog(), store, rng=random.Random(1), grader=grader, grader_per_hour=10_000
    )

    async def close() -> None:
        await grader.close()
        await store.close()

    return handler, close


async def slack(
    answers: int, workdir: Path, fake_openai: FakeOpenAI
) -> tuple[Timings, tuple[float, float]]:
    fake = FakeSlack()
    await fake.start()
    handler, close = await handler_for(workdir, fake_openai, "slack")
    settings = Settings(
        _env_file=None,
        slack_bot_token=SecretStr(BOT_TOKEN),
        slack_signing_secret=SecretStr(SIGNING_SECRET),
        slack_api_url=fake.api_url,
        slack_port=0,
    )
    adapter = SlackAdapter(handler, settings, host="127.0.0.1")
    timings: Timings = {"ack": [], "first": [], "feedback": []}
    try:
        async with slack_user(adapter, fake) as base:
            members = [base.as_user(f"U{i:04d}") for i in range(answers)]
            for member in members:
                caller = Caller(Platform.SLACK, TEAM, member.user)
                await handler.handle("/prep profile ai-feedback=yes", caller)

            async def one(i: int) -> None:
                key = f"answer{i}"
                pending = Pending(
                    "practice.answer", QUESTION, "C0STUDY", fake.response_url(key), True
                )
                view = answer_view(ANSWER_FORM, pending)
                values = {"answer": {"answer": {"type": "plain_text_input", "value": ANSWER}}}
                started = time.perf_counter()
                response = await members[i].submit(view, values)
                assert response.status == 200
                timings["ack"].append(time.perf_counter() - started)
                await until(lambda: len(fake.responses[key]) >= 1)
                timings["first"].append(time.perf_counter() - started)
                await until(lambda: len(fake.responses[key]) >= 2)
                timings["feedback"].append(time.perf_counter() - started)
                assert "Feedback on your answer" in str(fake.responses[key][1])

            stall = await with_lag(lambda: asyncio.gather(*(one(i) for i in range(answers))))
            await base.idle()
    finally:
        await close()
        await fake.stop()
    return timings, stall


async def discord(
    answers: int, workdir: Path, fake_openai: FakeOpenAI
) -> tuple[Timings, tuple[float, float]]:
    handler, close = await handler_for(workdir, fake_openai, "discord")
    caller = Caller(Platform.DISCORD, payloads.GUILD_ID, payloads.USER_ID)
    await handler.handle("/prep profile ai-feedback=yes", caller)
    timings: Timings = {"ack": [], "first": [], "feedback": []}
    async with fake_discord() as fake:
        adapter = DiscordAdapter(handler, Settings(discord_token=SecretStr(TOKEN)))
        await adapter.start()
        await asyncio.wait_for(adapter.client.wait_until_ready(), 10)
        try:
            options = [string_option("role", "amazon-pm")]
            await fake.interact(command("practice", options))
            source = fake.messages[-1]
            write = labelled(source.get("components", []))["Write my answer"]
            forms = []
            for _ in range(answers):  # each answer's modal, opened one by one beforehand
                opened = await fake.interact(button_press(write, source))
                forms.append(opened.body["data"]["custom_id"])

            async def one(form: str) -> None:
                submission = modal_submit(form, {"answer": ANSWER})
                sent_at = await fake.dispatch("INTERACTION_CREATE", submission)
                callback = await fake.wait_for(lambda: next(iter(fake.callbacks(submission)), None))
                timings["ack"].append(callback.at - sent_at)
                timings["first"].append(callback.at - sent_at)
                await until(lambda: bool(fake.edits(submission)))
                timings["feedback"].append(fake.edits(submission)[0].at - sent_at)

            stall = await with_lag(lambda: asyncio.gather(*(one(f) for f in forms)))
        finally:
            await adapter.stop()
            await close()
    return timings, stall


async def until(check: Callable[[], bool], within: float = 60.0) -> None:
    deadline = time.perf_counter() + within
    while not check():
        if time.perf_counter() > deadline:
            raise TimeoutError("the bench waited too long")
        await asyncio.sleep(0.005)


CALLBACKS = LongestCallbacks(keep=3)
VERBOSE = False


async def with_lag(work: Callable[[], Awaitable[Any]]) -> tuple[float, float]:
    """The loop's longest lateness (wall time) while `work` runs, and its longest callback
    (CPU time: what held the loop, not what the machine's other processes paused)."""
    lag = LoopLag()
    CALLBACKS.reset()
    lag.start()
    try:
        await work()
    finally:
        await lag.stop()
    if VERBOSE:
        print(CALLBACKS.longest, "full collections (ms):", CALLBACKS.gc_ms)
    return lag.max_ms, max((ms for ms, _ in CALLBACKS.longest), default=0.0)


def line(platform: str, timings: Timings, stall: tuple[float, float]) -> str:
    def cell(name: str) -> str:
        values = sorted(timings[name])
        return f"{statistics.median(values):.3f} s (max {values[-1]:.3f})"

    return (
        f"| {platform} | {len(timings['ack'])} | {cell('ack')} | {cell('first')} | "
        f"{cell('feedback')} | {stall[0]:.1f} ms | {stall[1]:.1f} ms |"
    )


async def main(answers: int, delay: float, rounds: int) -> None:
    fake_openai = FakeOpenAI(delay=delay)
    await fake_openai.start()
    print(
        "| platform | answers | acknowledged | first message | feedback "
        "| loop's longest lateness | longest callback (CPU) |"
    )
    print("|---|---:|---|---|---|---:|---:|")
    CALLBACKS.install()
    try:
        with tempfile.TemporaryDirectory() as workdir:  # what a process pays once, not counted
            await slack(2, Path(workdir), fake_openai)
            await discord(2, Path(workdir), fake_openai)
        # As `prepbot run` does once it has started: what start-up loaded stays out of the
        # collector's full passes.
        Freezer().freeze()
        for _ in range(rounds):
            with tempfile.TemporaryDirectory() as workdir:
                timings, stall = await slack(answers, Path(workdir), fake_openai)
                print(line("Slack", timings, stall), flush=True)
                timings, stall = await discord(answers, Path(workdir), fake_openai)
                print(line("Discord", timings, stall), flush=True)
    finally:
        await fake_openai.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--answers", type=int, default=50)
    parser.add_argument("--delay", type=float, default=5.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--verbose", action="store_true", help="the longest callbacks, the GC")
    options = parser.parse_args()
    VERBOSE = options.verbose
    asyncio.run(main(options.answers, options.delay, options.rounds))
