"""A member's profile and progress as values, and the streak rule."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from core.kernel.identity import UserKey

DONE, SKIP, SNOOZE = "done", "skip", "snooze"


class Answered(StrEnum):
    """What pressing a check-in button did to the day's answer."""

    RECORDED = "recorded"  # the day's first answer
    CHANGED = "changed"  # the other answer, pressed on the day itself
    UNCHANGED = "unchanged"  # the same answer again
    SETTLED = "settled"  # the other answer, pressed after the day was over: kept as it was


@dataclass(frozen=True)
class Streak:
    current: int = 0
    best: int = 0
    last_done: date | None = None

    def after_done(self, day: date) -> Streak:
        """The streak once `day` is marked done. A late press for an older day changes
        nothing: it must not move the streak back in time past days that ran on since."""
        if self.last_done is not None and day <= self.last_done:
            return self
        current = self.current + 1 if self.last_done == day - timedelta(days=1) else 1
        return Streak(current, max(self.best, current), day)


def streak_of(done_days: Iterable[date]) -> Streak:
    """The streak that the days marked done give, taken in the order they were marked: the
    same rule as marking them one by one, so that changing an answer recomputes what pressing
    the buttons in that order would have kept."""
    streak = Streak()
    for day in done_days:
        streak = streak.after_done(day)
    return streak


class Consent(StrEnum):
    """Whether a member's answers may go to the grader: asked (no reply yet), yes or no."""

    ASKED = "asked"
    YES = "yes"
    NO = "no"


@dataclass(frozen=True)
class Profile:
    key: UserKey
    timezone: str | None = None
    target_role: str | None = None
    interview_date: date | None = None
    streak: int = 0
    best_streak: int = 0
    last_done: date | None = None
    keep_answers: bool = False
    weakest_category: str | None = None
    interview_outcome: str | None = None  # how the last interview went, as the member said
    reviews_a_day: int | None = None  # the most due reviews a day; None: the default
    ai_feedback: Consent | None = None  # None: never asked

    @property
    def progress(self) -> Streak:
        return Streak(self.streak, self.best_streak, self.last_done)


@dataclass(frozen=True)
class Stats:
    streak: int
    best_streak: int
    done: int
    skipped: int
    practised: int
    fits: int
