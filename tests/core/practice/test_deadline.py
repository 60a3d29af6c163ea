"""The deadline and balance rules, worked by hand: a card comes back before the interview when
it can, no day takes more than the limit while an earlier day in reach has room, and the days
are the member's own, across clock changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from core.practice.deadline import Aim, day_loads, land, replan
from core.practice.srs import Card, Grade, new_card, review

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
HAVANA = ZoneInfo("America/Havana")  # its clocks change at midnight


def at(day: date, hour: int, zone: ZoneInfo) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=zone)


def test_without_a_date_fsrs_decides() -> None:
    now = at(date(2026, 12, 15), 9, LONDON)
    due = at(date(2027, 1, 30), 9, LONDON)
    assert land(due, now, Aim(LONDON), {}) == land(due, now, Aim(LONDON), {})
    assert land(due, now, Aim(LONDON), {}).due == due
    assert land(due, now, Aim(LONDON), {}).before_interview is False


def test_a_card_due_after_the_interview_comes_back_the_day_before() -> None:
    # Tuesday 15 December, interview on Saturday 19th: the last day before it is Friday 18th.
    now = at(date(2026, 12, 15), 9, LONDON)
    aim = Aim(LONDON, date(2026, 12, 19))
    landing = land(at(date(2027, 1, 2), 9, LONDON), now, aim, {})
    assert landing.due == datetime(2026, 12, 18, 0, 0, tzinfo=UTC)  # London is on UTC then
    assert landing.before_interview is True


def test_easy_four_days_before_comes_back_before_the_interview() -> None:
    now = at(date(2026, 12, 15), 9, LONDON)
    after = review(new_card("q1", "execution", now), Grade.EASY, now)
    assert after.due.astimezone(LONDON).date() > date(2026, 12, 19)  # what FSRS alone says
    landing = land(after.due, now, Aim(LONDON, date(2026, 12, 19)), {})
    assert landing.due.astimezone(LONDON).date() == date(2026, 12, 18)


def test_a_card_due_before_the_deadline_keeps_its_fsrs_time() -> None:
    now = at(date(2026, 12, 10), 9, LONDON)
    due = at(date(2026, 12, 14), 9, LONDON)
    landing = land(due, now, Aim(LONDON, date(2026, 12, 19)), {})
    assert landing.due == due
    assert landing.before_interview is True


def test_no_cap_from_the_day_before_the_interview_on() -> None:
    due = at(date(2027, 1, 2), 9, LONDON)
    aim = Aim(LONDON, date(2026, 12, 19))
    for today in (date(2026, 12, 18), date(2026, 12, 19), date(2026, 12, 22)):
        landing = land(due, at(today, 9, LONDON), aim, {})
        assert landing.due == due
        assert landing.before_interview is False


def test_a_full_day_sends_the_card_to_the_latest_earlier_day_with_room() -> None:
    now = at(date(2026, 12, 1), 9, LONDON)
    due = at(date(2026, 12, 13), 9, LONDON)  # 12 days: up to 2 days earlier
    full = {date(2026, 12, 13): 20, date(2026, 12, 12): 20}
    landing = land(due, now, Aim(LONDON), full)
    assert landing.due == datetime(2026, 12, 11, 0, 0, tzinfo=UTC)
    # Every day in reach full: the least full of them, the latest on a tie.
    packed = {date(2026, 12, 13): 25, date(2026, 12, 12): 21, date(2026, 12, 11): 21}
    assert land(due, now, Aim(LONDON), packed).due.date() == date(2026, 12, 12)
    # A smaller limit fills sooner.
    assert land(due, now, Aim(LONDON, per_day=3), {date(2026, 12, 13): 3}).due.date() == date(
        2026, 12, 12
    )


def test_never_later_and_never_before_tomorrow() -> None:
    now = at(date(2026, 12, 1), 9, LONDON)
    due = at(date(2026, 12, 2), 9, LONDON)  # tomorrow: nowhere earlier to go
    assert land(due, now, Aim(LONDON), {date(2026, 12, 2): 99}).due == due


def test_a_capped_card_may_use_any_of_the_final_days() -> None:
    # Interview Saturday 19 December: the reviews-only days are 16 to 18 December.
    now = at(date(2026, 12, 10), 9, LONDON)
    aim = Aim(LONDON, date(2026, 12, 19))
    full = {date(2026, 12, 18): 20, date(2026, 12, 17): 20}
    landing = land(at(date(2026, 12, 30), 9, LONDON), now, aim, full)
    assert landing.due.astimezone(LONDON).date() == date(2026, 12, 16)
    assert landing.before_interview is True


def test_the_day_is_the_members_across_the_autumn_change() -> None:
    # London falls back on Sunday 25 October 2026; interview Tuesday 27th.
    now = at(date(2026, 10, 23), 20, LONDON)  # 19:00 UTC, summer time
    landing = land(at(date(2026, 11, 10), 20, LONDON), now, Aim(LONDON, date(2026, 10, 27)), {})
    assert landing.due == datetime(2026, 10, 26, 0, 0, tzinfo=UTC)  # midnight GMT


def test_the_day_is_the_members_across_the_spring_change() -> None:
    # New York springs forward on Sunday 8 March 2026; interview Monday 9th.
    now = datetime(2026, 3, 6, 3, 0, tzinfo=UTC)  # Thursday 5th, 22:00 in New York
    landing = land(now + timedelta(days=30), now, Aim(NEW_YORK, date(2026, 3, 9)), {})
    assert landing.due == datetime(2026, 3, 8, 5, 0, tzinfo=UTC)  # midnight EST
    assert landing.due.astimezone(NEW_YORK).date() == date(2026, 3, 8)
    # Havana's clocks jump from midnight to one that night: the day starts at 01:00.
    landing = land(now + timedelta(days=30), now, Aim(HAVANA, date(2026, 3, 9)), {})
    assert landing.due.astimezone(HAVANA).date() == date(2026, 3, 8)
    assert landing.due == datetime(2026, 3, 8, 5, 0, tzinfo=UTC)


def card(question_id: str, due: datetime) -> Card:
    return Card(question_id, "execution", due, 30.0, 5.0, due - timedelta(days=30), 3, 0)


def test_replan_brings_every_card_before_the_interview_and_spreads_the_final_days() -> None:
    now = at(date(2026, 12, 10), 9, LONDON)
    aim = Aim(LONDON, date(2026, 12, 19))
    cards = [card(f"q{i:02}", at(date(2027, 1, 5), 9, LONDON)) for i in range(50)]
    moved = replan(cards, now, aim)
    assert set(moved) == {c.question_id for c in cards}
    days = day_loads(
        [Card(c.question_id, c.category, moved[c.question_id]) for c in cards],
        LONDON,
        date(2026, 12, 10),
    )
    assert days == {date(2026, 12, 18): 20, date(2026, 12, 17): 20, date(2026, 12, 16): 10}
    assert replan(cards, now, aim) == moved  # deterministic
    assert moved["q00"].date() == date(2026, 12, 18)  # the earliest-due cards keep the latest


def test_replan_relieves_a_full_day_and_leaves_due_cards_alone() -> None:
    now = at(date(2026, 12, 1), 9, LONDON)
    crowded = [card(f"q{i:02}", at(date(2026, 12, 21), 9, LONDON)) for i in range(24)]
    overdue = [card(f"old{i}", at(date(2026, 11, 20), 9, LONDON)) for i in range(30)]
    moved = replan([*crowded, *overdue], now, Aim(LONDON))
    assert sorted(moved) == ["q20", "q21", "q22", "q23"]
    assert {d.date() for d in moved.values()} == {date(2026, 12, 20)}
    assert replan(crowded[:20], now, Aim(LONDON)) == {}
