"""A member's profile and progress as values, and the streak rule."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from core.identity import UserKey

DONE, SKIP, SNOOZE = "done", "skip", "snooze"


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
