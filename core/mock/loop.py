"""A mock interview loop: its stages from a role's content, the practice category each stage
draws its question from, its time box, and the run's state as the store keeps it."""

from __future__ import annotations

import json
import random
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from core.content.models import InterviewLoop, PracticeQuestion, Role, Stage
from core.content.stage_tests import stage_categories
from core.roles.catalog import normalise

# A stated default where the article gives a stage no time box of its own.
DEFAULT_MINUTES = 30


def stage_minutes(stage: Stage) -> int:
    return stage.minutes or DEFAULT_MINUTES


def find_stage(loop: InterviewLoop, words: Sequence[str]) -> int | None:
    """The stage a member named: its number (from 1) or words of its name."""
    text = normalise(" ".join(words))
    if text.isdecimal():
        number = int(text)
        return number - 1 if 1 <= number <= len(loop.stages) else None
    for index, stage in enumerate(loop.stages):
        if text and text in normalise(stage.name):
            return index
    return None


@dataclass(frozen=True)
class StageRun:
    """One stage of a run: its question once started, when its clock runs out, the answer's
    time and the grade."""

    stage: int
    question_id: str | None = None
    category: str | None = None
    started_at: datetime | None = None
    deadline: datetime | None = None
    answered_at: datetime | None = None
    grade: int | None = None
    covered: int | None = None
    total: int | None = None

    @property
    def in_time(self) -> bool | None:
        if self.answered_at is None or self.deadline is None:
            return None
        return self.answered_at <= self.deadline


@dataclass(frozen=True)
class MockRun:
    """A member's mock: the role, which account of its loop, the stages to run and where they
    are. `version` counts saves, so that two presses of one button advance it once."""

    role_id: str
    loop: int
    stages: tuple[StageRun, ...]
    current: int = 0
    paused: bool = False
    version: int = 0

    @property
    def stage_run(self) -> StageRun:
        return self.stages[self.current]

    @property
    def finished(self) -> bool:
        return self.current >= len(self.stages)

    def with_stage(self, run: StageRun, *, advance: bool = False) -> MockRun:
        stages = list(self.stages)
        stages[self.current] = run
        return replace(
            self,
            stages=tuple(stages),
            current=self.current + (1 if advance else 0),
            version=self.version + 1,
        )

    def dump(self) -> str:
        return json.dumps(
            {
                "role": self.role_id,
                "loop": self.loop,
                "current": self.current,
                "paused": self.paused,
                "stages": [_dump_stage(s) for s in self.stages],
            }
        )

    @classmethod
    def load(cls, text: str, version: int) -> MockRun:
        data = json.loads(text)
        return cls(
            role_id=data["role"],
            loop=data["loop"],
            stages=tuple(_load_stage(s) for s in data["stages"]),
            current=data["current"],
            paused=data["paused"],
            version=version,
        )


_TIMES = ("started_at", "deadline", "answered_at")


def _dump_stage(run: StageRun) -> dict[str, object]:
    data: dict[str, object] = {k: v for k, v in vars(run).items() if k not in _TIMES}
    data.update({k: getattr(run, k).isoformat() for k in _TIMES if getattr(run, k)})
    return data


def _load_stage(data: dict[str, object]) -> StageRun:
    times = {k: datetime.fromisoformat(str(data[k])) for k in _TIMES if data.get(k)}
    rest = {k: v for k, v in data.items() if k not in _TIMES}
    return StageRun(**rest, **times)  # type: ignore[arg-type]


def new_run(role: Role, loop: int, only: int | None = None) -> MockRun:
    stages = range(len(role.interview[loop].stages)) if only is None else (only,)
    return MockRun(role_id=role.id, loop=loop, stages=tuple(StageRun(stage=i) for i in stages))


def start_stage(
    run: MockRun,
    role: Role,
    questions: Sequence[PracticeQuestion],
    carded: Collection[str],
    now: datetime,
    rng: random.Random,
) -> MockRun:
    """The current stage with its question chosen and its clock started at `now`."""
    stage = role.interview[run.loop].stages[run.stage_run.stage]
    question = choose_question(run, role, stage, questions, carded, rng)
    started = replace(
        run.stage_run,
        question_id=question.id,
        category=question.category.value,
        started_at=now,
        deadline=now + timedelta(minutes=stage_minutes(stage)),
    )
    return replace(run.with_stage(started), paused=False)


def choose_question(
    run: MockRun,
    role: Role,
    stage: Stage,
    questions: Sequence[PracticeQuestion],
    carded: Collection[str],
    rng: random.Random,
) -> PracticeQuestion:
    """A question for the role in a category the stage tests (see `stage_categories`), else
    any of the role's; of those, one not asked earlier in the mock, then one of a category the
    mock has not used, then one never graded, where there are any."""
    asked = {s.question_id for s in run.stages if s.question_id}
    used = {s.category for s in run.stages if s.category}
    mine = [q for q in questions if role.id in q.roles]
    wanted = stage_categories(role, stage)
    fitting = [q for q in mine if q.category in wanted] or mine
    fitting = [q for q in fitting if q.id not in asked] or fitting
    fitting = [q for q in fitting if q.category.value not in used] or fitting
    fresh = [q for q in fitting if q.id not in carded]
    return rng.choice(fresh or fitting)


def weakest_stage(run: MockRun) -> StageRun | None:
    """The graded stage with the lowest grade; then the smaller share of points covered,
    then an answer over time; the earlier stage on a tie."""
    graded = [s for s in run.stages if s.grade is not None]
    if not graded:
        return None

    def weakness(s: StageRun) -> tuple[int, float, bool]:
        share = (s.covered or 0) / s.total if s.total else 1.0
        return (s.grade or 0, share, s.in_time is not False)

    return min(graded, key=weakness)
