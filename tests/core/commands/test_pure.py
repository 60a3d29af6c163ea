"""Pure replies (compare, role, aspect views, help, their charts) are built once, shared by
everyone who asks and kept within a bound, charts asked of the renderer once; personal replies
are never shared."""

from __future__ import annotations

import asyncio

import pytest

from bot.compose import build_handler
from core.commands.handler import CommandHandler
from core.commands.pure import ReplyCache
from core.kernel.errors import UsageError
from core.kernel.identity import Caller
from core.kernel.platform import Platform
from core.kernel.reply import Reply
from core.roles.catalog import Catalog
from core.store.store import Store
from tests.conftest import FakeClock
from tests.fake_charts import FakeCharts

BOB = Caller(platform=Platform.SLACK, workspace="T1", user="U0BOB", channel="C1", is_admin=True)


async def test_a_comparison_is_built_once_and_shared_by_everyone_who_asks(
    handler: CommandHandler, caller: Caller
) -> None:
    first = await handler.handle("/compare netflix-pm amazon-pm", caller)
    again = await handler.handle("  /compare   netflix-pm  amazon-pm ", BOB)
    assert again is first
    assert (handler.replies.misses, handler.replies.hits) == (1, 1)


async def test_a_reply_that_quotes_the_words_keeps_their_case(
    handler: CommandHandler, caller: Caller
) -> None:
    lower = await handler.handle("/help nosuch", caller)
    upper = await handler.handle("/help NoSuch", caller)
    assert "nosuch" in lower.plain_text()
    assert "NoSuch" in upper.plain_text()


async def test_different_words_are_different_replies(
    handler: CommandHandler, caller: Caller
) -> None:
    everything = await handler.handle("/compare netflix-pm amazon-pm", caller)
    comp = await handler.handle("/compare netflix-pm amazon-pm comp", caller)
    assert comp is not everything
    assert comp.chart is not None
    assert everything.chart is None


async def test_requests_that_arrive_together_wait_for_one_build(
    handler: CommandHandler, caller: Caller
) -> None:
    replies = await asyncio.gather(
        *(handler.handle("/compare netflix-pm netflix-pmm comp", caller) for _ in range(20))
    )
    assert all(reply is replies[0] for reply in replies)
    assert handler.replies.misses == 1


async def test_a_usage_error_is_answered_each_time_and_not_kept(
    handler: CommandHandler, caller: Caller
) -> None:
    for _ in range(2):
        reply = await handler.handle("/compare netflix-pm", caller)
        assert reply.title == "Sorry, I couldn't do that"
    assert len(handler.replies) == 0
    assert handler.replies.misses == 2


async def test_the_cache_keeps_only_the_most_recent(
    catalog: Catalog, store: Store, clock: FakeClock, caller: Caller
) -> None:
    handler = build_handler(catalog, store, clock, cache_capacity=2)
    oldest = await handler.handle("/role netflix-pm", caller)
    await handler.handle("/role amazon-pm", caller)
    await handler.handle("/role netflix-pmm", caller)
    assert len(handler.replies) == 2
    rebuilt = await handler.handle("/role netflix-pm", caller)
    assert rebuilt is not oldest
    assert rebuilt == oldest


async def test_personal_replies_are_never_shared(handler: CommandHandler, caller: Caller) -> None:
    before = await handler.handle("/prep profile", caller)
    await handler.handle("/prep profile role=amazon-pm", caller)
    after = await handler.handle("/prep profile", caller)
    assert "amazon-pm" in after.plain_text()
    assert "amazon-pm" not in before.plain_text()
    assert len(handler.replies) == 0


async def test_the_share_button_reuses_the_kept_comparison(
    handler: CommandHandler, caller: Caller
) -> None:
    await handler.press("share", "/compare netflix-pm amazon-pm", caller)
    shared = await handler.press("share", "/compare netflix-pm amazon-pm", BOB)
    assert shared.visibility == "channel"
    assert (handler.replies.misses, handler.replies.hits) == (1, 1)


@pytest.mark.parametrize(
    ("text", "pure", "profile"),
    [
        ("/compare netflix-pm amazon-pm", True, False),
        ("/role", True, False),
        ("/help prep", True, False),
        ("/prep compare netflix-pm amazon-pm", True, False),
        ("/prep help", True, False),
        ("/fit", False, False),
        ("/practice amazon-pm", False, True),
        ("/prep profile", False, True),
        ("/prep checkin 9:00", False, True),
        ('"/prep" stats', False, True),
        ("/nonsense", True, False),
        ("", True, False),
    ],
)
def test_what_a_reply_depends_on(
    handler: CommandHandler, text: str, pure: bool, profile: bool
) -> None:
    assert handler.is_pure(text) is pure
    assert handler.needs_profile(text) is profile


def test_what_a_button_depends_on(handler: CommandHandler) -> None:
    assert not handler.press_needs_profile("share")
    assert not handler.press_needs_profile("practice.reveal")
    assert not handler.press_needs_profile("fit.answer")
    assert not handler.press_needs_profile("open")
    assert not handler.press_needs_profile("practice.ticks")
    assert not handler.press_needs_profile("practice.answer")
    assert handler.press_needs_profile("practice.grade")
    assert handler.press_needs_profile("practice.start")


async def test_an_aspect_button_view_is_kept_and_shared(
    handler: CommandHandler, caller: Caller
) -> None:
    first = await handler.press("open", "compare netflix-pm amazon-pm comp", caller)
    again = await handler.press("open", "compare netflix-pm amazon-pm comp", BOB)
    assert first.chart is not None
    assert again is first
    assert (handler.replies.misses, handler.replies.hits) == (1, 1)


async def test_prep_compare_shares_the_kept_comparison(
    handler: CommandHandler, caller: Caller
) -> None:
    direct = await handler.handle("/compare netflix-pm amazon-pm", caller)
    routed = await handler.handle("/prep compare netflix-pm amazon-pm", BOB)
    assert routed is direct


async def test_the_chart_comes_from_the_renderer_once_for_a_kept_reply(
    handler: CommandHandler, caller: Caller, charts: FakeCharts
) -> None:
    reply = await handler.handle("/compare netflix-pm amazon-pm comp", caller)
    again = await handler.handle("/compare netflix-pm amazon-pm comp", BOB)
    card = await handler.handle("/role amazon-pm comp", caller)
    same = await handler.handle("/compare amazon-pm amazon-pm comp", caller)
    assert again is reply
    assert reply.chart is not None
    assert reply.chart.filename == "comp-netflix-pm-vs-amazon-pm.png"
    assert card.chart == same.chart  # one role named twice: its card
    assert charts.asked == [("netflix-pm", "amazon-pm"), ("amazon-pm",), ("amazon-pm",)]


async def test_a_waiter_that_gives_up_does_not_stop_the_build() -> None:
    cache = ReplyCache()
    release = asyncio.Event()

    async def slow() -> Reply:
        await release.wait()
        return Reply(title="done")

    impatient = asyncio.ensure_future(cache.get("key", slow))
    await asyncio.sleep(0)
    impatient.cancel()
    patient = asyncio.ensure_future(cache.get("key", slow))
    release.set()
    assert (await patient).title == "done"
    assert cache.misses == 1


async def test_a_failed_build_is_raised_to_every_waiter() -> None:
    cache = ReplyCache()

    async def failing() -> Reply:
        await asyncio.sleep(0)
        raise UsageError("no")

    results = await asyncio.gather(
        cache.get("key", failing), cache.get("key", failing), return_exceptions=True
    )
    assert all(isinstance(r, UsageError) for r in results)
    assert len(cache) == 0


async def test_a_cache_of_no_capacity_builds_every_time() -> None:
    cache = ReplyCache(capacity=0)
    built: list[int] = []

    async def build() -> Reply:
        built.append(1)
        return Reply(title="fresh")

    for _ in range(3):
        assert (await cache.get("key", build)).title == "fresh"
    assert (len(built), len(cache)) == (3, 0)
