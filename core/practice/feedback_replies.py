"""What a member reads about feedback on an answer: the question whether to send answers to
the grader, the line while it reads, the feedback itself (each rubric point ✓ or ✗ with its
evidence, the tip, the suggested grade, the checklist pre-ticked to correct), and the line when
it is unavailable. Each keeps the rubric to tick and every grade to press."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from core.content.models import Article, PracticeQuestion
from core.kernel.reply import Button, ButtonStyle, Followup, Reply, Section, TextSection
from core.kernel.safety import defang
from core.practice.feedback import EVIDENCE_CHARS, TIP_CHARS, Feedback, Unavailable
from core.practice.grading import (
    MAX_ANSWER,
    OtherGrade,
    ReviewRef,
    grade_buttons,
    reveal_reply,
)
from core.practice.srs import GradedBy

CONSENT_ACTION = "practice.consent"  # payload: yes|no, `|`, the review the buttons sat beside
FEEDBACK_ACTION = "practice.feedback"  # a followup: the review, a newline, the answer
READING = "Reading your answer… the grader's feedback replaces this message in a few seconds."


def consent_question(where: str) -> str:
    return (
        f"Feedback on your answers: I can send what you write to a language model ({where}) "
        "that marks which rubric points your answer covers and suggests a grade; you still "
        "choose the grade. Send your answers there? Change it any time with "
        "`/prep profile ai-feedback=yes` or `=no`; `/prep forget` forgets it."
    )


def asking_consent(reply: Reply, ref: ReviewRef, where: str) -> Reply:
    """The rubric reply with the question whether to send answers to the grader."""
    payload = ref.dump()
    buttons = (
        Button(
            action=CONSENT_ACTION,
            label="Yes, send my answers",
            payload=f"yes|{payload}",
            style=ButtonStyle.PRIMARY,
        ),
        Button(action=CONSENT_ACTION, label="No, thanks", payload=f"no|{payload}"),
    )
    note = TextSection(heading="Feedback from a grader", text=consent_question(where))
    return _noted(reply, note, extra_buttons=buttons)


def reading(reply: Reply, ref: ReviewRef, answer: str) -> Reply:
    """The rubric reply while the grader reads; the adapter presses the followup."""
    followup = Followup(action=FEEDBACK_ACTION, payload=f"{ref.dump()}\n{answer}")
    return _noted(reply, TextSection(text=READING)).model_copy(update={"followup": followup})


def over_limit(reply: Reply, per_hour: int, next_at: datetime) -> Reply:
    text = (
        f"Feedback paused: you sent {per_hour} answers to the grader in the last hour, the most "
        f"I send. The next can go at {next_at:%H:%M}; tick the points yourself meanwhile."
    )
    return _noted(reply, TextSection(text=text))


def unavailable(reply: Reply, reason: Unavailable) -> Reply:
    """The rubric to tick, with one line on why there is no feedback."""
    text = f"Feedback is unavailable ({reason.value}); tick the points you covered yourself."
    return _noted(reply, TextSection(text=text)).model_copy(update={"replaces": True})


def feedback_reply(
    question: PracticeQuestion,
    ref: ReviewRef,
    answer: str,
    feedback: Feedback,
    *,
    articles: Mapping[str, Article] | None = None,
) -> Reply:
    base = reveal_reply(question, ref.seq, answer, articles=articles)
    lines = []
    for verdict, point in zip(feedback.points, question.rubric, strict=False):
        mark = "✓" if verdict.covered else "✗"
        line = f"{mark} {verdict.point}. {point}"
        if verdict.evidence:
            line += f"\n   “{defang(verdict.evidence, EVIDENCE_CHARS)}”"
        lines.append(line)
    covered, total = len(feedback.covered), len(question.rubric)
    sections: list[Section] = [
        TextSection(heading="Your answer", text=_echo(answer)),
        TextSection(heading=question.prompt, text="\n".join(lines)),
    ]
    if feedback.tip:
        sections.append(TextSection(heading="Tip", text=defang(feedback.tip, TIP_CHARS)))
    sections.append(
        TextSection(
            text=f"Suggested grade: {feedback.grade.title} (the grader's reading: {covered} of "
            f"{total} point(s) covered). Correct the ticks or press any grade: it is yours."
        )
    )
    sections.append(base.sections[-1])  # the source line
    checklist = base.checklist
    if checklist is not None:
        # ticks corrected from the grader's still grade beside its suggestion
        beside = ReviewRef(ref.question_id, ref.seq, OtherGrade(GradedBy.GRADER, feedback.grade))
        checklist = checklist.model_copy(
            update={"ticked": feedback.covered, "payload": beside.dump()}
        )
    return base.model_copy(
        update={
            "title": "Feedback on your answer",
            "sections": tuple(sections),
            "checklist": checklist,
            "buttons": grade_buttons(ref, feedback.grade, covered, total, GradedBy.GRADER),
            "replaces": True,
        }
    )


def _echo(answer: str) -> str:
    return "\n".join(defang(line, MAX_ANSWER) for line in answer.splitlines() if line.strip())


def _noted(reply: Reply, note: TextSection, extra_buttons: tuple[Button, ...] = ()) -> Reply:
    """The reply with `note` after the member's answer (first, if it shows none)."""
    sections = list(reply.sections)
    at = 1 if sections and getattr(sections[0], "heading", None) == "Your answer" else 0
    sections.insert(at, note)
    return reply.model_copy(
        update={"sections": tuple(sections), "buttons": (*reply.buttons, *extra_buttons)}
    )
