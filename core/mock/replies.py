"""What a mock interview says: the choice of loop, each stage with its question and clock,
the answer's timing beside the rubric, and the scorecard at the end."""

from __future__ import annotations

from collections.abc import Mapping
from zoneinfo import ZoneInfo

from core.content.models import Article, PracticeQuestion, Role
from core.kernel.reply import (
    Button,
    ButtonStyle,
    FieldsSection,
    KeyValue,
    Reply,
    Section,
    TextSection,
)
from core.kernel.words import plural
from core.mock.loop import MockRun, StageRun, stage_minutes, weakest_stage
from core.practice.bank import GRADE_ACTION, TICKS_ACTION, category_title, source_line
from core.practice.srs import Grade
from core.scheduling.recurrence import describe_instant

ANSWER = "mock.answer"  # opens the practice answer form
DONE = "mock.done"
TICKS = "mock.ticks"
GRADE = "mock.grade"
NEXT = "mock.next"
PICK = "mock.pick"
PAUSE = "mock.pause"
ABANDON = "mock.abandon"


def article_title(articles: Mapping[str, Article], article_id: str) -> str:
    article = articles.get(article_id)
    return article.title if article else article_id


def loop_choice(
    role: Role, articles: Mapping[str, Article], accounts: Mapping[int, int | None]
) -> Reply:
    """A role whose articles give several loops: one button per account offered, each
    carrying the stage named in that account, if any."""
    buttons = []
    sections: list[Section] = [
        TextSection(text="The articles describe this loop in different ways; pick one to follow.")
    ]
    for index, only in accounts.items():
        loop = role.interview[index]
        names = " → ".join(s.name for s in loop.stages)
        source = article_title(articles, loop.source.article)
        sections.append(TextSection(heading=f"Account {index + 1}", text=f"{names}\n{source}"))
        buttons.append(
            Button(
                action=PICK,
                label=f"Follow account {index + 1}",
                payload=f"{role.id}|{index}|{'' if only is None else only}",
            )
        )
    return Reply(
        title=f"Mock {role.company} {role.title}", sections=tuple(sections), buttons=tuple(buttons)
    )


def stage_reply(
    run: MockRun,
    role: Role,
    question: PracticeQuestion,
    articles: Mapping[str, Article],
    zone: ZoneInfo,
) -> Reply:
    loop = role.interview[run.loop]
    current = run.stage_run
    stage = loop.stages[current.stage]
    assert current.deadline is not None
    minutes = stage_minutes(stage)
    if stage.minutes and stage.minutes_for:
        box = (
            f"{minutes} minutes, which the article gives to {stage.minutes_for},"
            " not to the whole stage."
        )
    elif stage.minutes:
        box = f"{minutes} minutes, the time box the article gives."
    else:
        box = f"{minutes} minutes (my default; the article gives this stage no time box)."
    tests = stage.detail or f"The article names this stage ({stage.name}) without saying more."
    sections: list[Section] = [
        TextSection(
            heading="What this stage tests",
            text=f"{tests}\nSource: {article_title(articles, loop.source.article)}",
        ),
        TextSection(
            heading=f"Question: {category_title(question.category.value)}",
            text=f"{question.prompt}\n{source_line(question, articles)}",
        ),
        TextSection(
            heading="Clock",
            text=f"Time box: {box} Answer by {describe_instant(current.deadline, zone)}.",
        ),
    ]
    if len(loop.stages) > len(run.stages) and len(run.stages) == 1:
        sections.append(TextSection(text="This mock runs this one stage."))
    return Reply(
        title=f"Mock stage {run.current + 1} of {len(run.stages)}: {stage.name}",
        sections=tuple(sections),
        buttons=(
            Button(
                action=ANSWER, label="Write my answer", payload=ref(run), style=ButtonStyle.PRIMARY
            ),
            Button(action=DONE, label="Done", payload=ref(run)),
            Button(action=PAUSE, label="Pause", payload=ref(run)),
            Button(action=ABANDON, label="Abandon", payload=ref(run), style=ButtonStyle.DANGER),
        ),
    )


def ref(run: MockRun) -> str:
    """Which run and stage a button belongs to."""
    return f"{run.role_id}:{run.current}"


def timing_line(current: StageRun) -> str:
    assert current.started_at is not None
    assert current.answered_at is not None
    taken = max(0, round((current.answered_at - current.started_at).total_seconds() / 60))
    box = round(((current.deadline or current.started_at) - current.started_at).seconds / 60)
    if current.in_time:
        return f"Answered in {plural(taken, 'minute')}, within the {box}-minute time box."
    return f"Answered in {plural(taken, 'minute')}: over the {box}-minute time box."


def for_mock(reply: Reply) -> Reply:
    """A practice reply whose checklist and grade buttons come back to the mock."""
    checklist = reply.checklist
    if checklist is not None and checklist.action == TICKS_ACTION:
        checklist = checklist.model_copy(update={"action": TICKS})
    buttons = tuple(
        b.model_copy(update={"action": GRADE}) for b in reply.buttons if b.action == GRADE_ACTION
    )
    return reply.model_copy(update={"checklist": checklist, "buttons": buttons})


def next_buttons(run: MockRun) -> tuple[Button, ...]:
    return (
        Button(
            action=NEXT,
            label=f"Start stage {run.current + 1}",
            payload=f"{run.role_id}:{run.current}",
            style=ButtonStyle.PRIMARY,
        ),
        Button(action=PAUSE, label="Pause", payload=ref(run)),
    )


def scorecard(run: MockRun, role: Role) -> Reply:
    stages = role.interview[run.loop].stages
    fields = []
    for stage_run in run.stages:
        stage = stages[stage_run.stage]
        grade = Grade(stage_run.grade).title if stage_run.grade else "not graded"
        points = (
            f" · {stage_run.covered} of {stage_run.total} points"
            if stage_run.total is not None
            else ""
        )
        timing = {True: "in time", False: "over time", None: "no answer written"}[stage_run.in_time]
        fields.append(KeyValue(name=stage.name, value=f"{grade}{points} · {timing}"))
    sections: list[Section] = [FieldsSection(heading="Scorecard", fields=tuple(fields))]
    weak = weakest_stage(run)
    if weak is not None and weak.category:
        title = category_title(weak.category).lower()
        sections.append(
            TextSection(
                heading=f"Weakest stage: {stages[weak.stage].name}",
                text=f"Your check-ins now point you at {title} until your next graded review "
                f"says otherwise. Practise it: `/practice {role.id} {weak.category}`.",
            )
        )
    return Reply(title=f"Mock {role.company} {role.title}: scorecard", sections=tuple(sections))
