"""Answering a check-in: a misrecorded answer can be changed while its day lasts, and the
streak follows the answers as they stand."""

from __future__ import annotations

from datetime import date

from core.coaching.profile import Streak, streak_of
from core.commands.handler import CommandHandler
from core.kernel.identity import Caller
from core.store.store import Store
from tests.conftest import FakeClock


async def _streak(store: Store, caller: Caller) -> tuple[int, int, date | None]:
    user = await store.users.user(caller.key)
    assert user is not None
    return user.streak, user.best_streak, user.last_done


async def test_skip_after_done_on_the_same_day_takes_the_day_off_the_streak(
    store: Store, clock: FakeClock, handler: CommandHandler, caller: Caller
) -> None:
    clock.now = clock.now.replace(day=22)
    await handler.press("checkin.done", "2026-11-22", caller)
    clock.now = clock.now.replace(day=23)
    done = await handler.press("checkin.done", "2026-11-23", caller)
    assert done.title == "Nice work"
    assert await _streak(store, caller) == (2, 2, date(2026, 11, 23))
    changed = await handler.press("checkin.skip", "2026-11-23", caller)
    assert changed.title == "Changed to a rest day"
    assert "Streak: 1 day." in changed.plain_text()
    # The best goes back too: it was only ever reached through the day now skipped.
    assert await _streak(store, caller) == (1, 1, date(2026, 11, 22))
    again = await handler.press("checkin.skip", "2026-11-23", caller)
    assert again.title == "Already noted"
    assert await _streak(store, caller) == (1, 1, date(2026, 11, 22))
    stats = (await handler.handle("/prep stats", caller)).plain_text()
    assert "Check-ins done: 1" in stats
    assert "Days skipped: 1" in stats
    # The skipped day breaks the run: the next day starts again at one.
    clock.now = clock.now.replace(day=24)
    await handler.press("checkin.done", "2026-11-24", caller)
    assert await _streak(store, caller) == (1, 1, date(2026, 11, 24))


async def test_done_after_skip_on_the_same_day_extends_the_streak(
    store: Store, clock: FakeClock, handler: CommandHandler, caller: Caller
) -> None:
    clock.now = clock.now.replace(day=22)
    await handler.press("checkin.done", "2026-11-22", caller)
    clock.now = clock.now.replace(day=23)
    skipped = await handler.press("checkin.skip", "2026-11-23", caller)
    assert skipped.title == "Rest day noted"
    assert await _streak(store, caller) == (1, 1, date(2026, 11, 22))
    changed = await handler.press("checkin.done", "2026-11-23", caller)
    assert changed.title == "Changed to done"
    assert "Streak: 2 days." in changed.plain_text()
    assert await _streak(store, caller) == (2, 2, date(2026, 11, 23))
    assert (await handler.press("checkin.done", "2026-11-23", caller)).title == "Already noted"
    assert await _streak(store, caller) == (2, 2, date(2026, 11, 23))


async def test_an_answer_stays_once_its_day_is_over(
    store: Store, clock: FakeClock, handler: CommandHandler, caller: Caller
) -> None:
    clock.now = clock.now.replace(day=22)
    await handler.press("checkin.done", "2026-11-22", caller)
    clock.now = clock.now.replace(day=23)
    late = await handler.press("checkin.skip", "2026-11-22", caller)
    assert late.title == "Already noted"
    assert "only on its own day" in late.plain_text()
    assert await _streak(store, caller) == (1, 1, date(2026, 11, 22))


def test_the_streak_of_days_marked_done_follows_the_order_they_were_marked() -> None:
    days = [date(2026, 11, d) for d in (23, 24, 26, 27)]
    assert streak_of(days) == Streak(2, 2, date(2026, 11, 27))
    # A late press for the 25th changes nothing, as it did when pressed.
    assert streak_of([*days, date(2026, 11, 25)]) == Streak(2, 2, date(2026, 11, 27))
    assert streak_of([*days[:2], date(2026, 11, 25), *days[2:]]) == Streak(5, 5, date(2026, 11, 27))
    assert streak_of([]) == Streak()
