"""What partners' feedback says: the invitation each interviewer gets after "We met", the
rubric to tick for the partner, the note, and the feedback as the partner receives it, with
their own grade one press away."""

from __future__ import annotations

from collections.abc import Sequence

from core.content.models import PracticeQuestion
from core.kernel.fitting import clip
from core.kernel.reply import (
    Button,
    ButtonStyle,
    Checklist,
    Form,
    FormField,
    Ref,
    Reply,
    Section,
    TextSection,
)
from core.kernel.safety import defang
from core.pairing.feedback import MAX_NOTE, FormRef, PeerFeedback
from core.practice.srs import Grade

PICK, TICKS, NOTE, SEND, OWN = "peer_pick", "peer_ticks", "peer_note", "peer_send", "peer_own"
NOTE_FORM = Form(
    title="A note for your partner",
    label="One note",
    fields=(
        FormField(
            label="One thing to keep or to change (optional)",
            placeholder="e.g. Lead with the metric, then the trade-off",
            max_chars=MAX_NOTE,
            multiline=True,
            required=False,
        ),
    ),
)
_BUTTON_PROMPT = 60  # characters of a question's prompt on its button


def invitation(group_id: int, partner: str, asked: Sequence[PracticeQuestion]) -> Reply:
    """The interviewer's message after "We met": which question did you ask?"""
    return Reply(
        title="How did your partner do?",
        sections=(
            TextSection(
                text="Tell {0} what their answer covered: pick the question you asked, tick "
                "the points, add a note if you like. It goes to them alone.",
                refs=(Ref.user(partner),),
            ),
        ),
        buttons=tuple(
            Button(
                action=PICK,
                label=clip(question.prompt, _BUTTON_PROMPT),
                payload=FormRef(group_id, question.id).dump(),
            )
            for question in asked
        ),
    )


def tick_form(ref: FormRef, question: PracticeQuestion, partner: str) -> Reply:
    return Reply(
        title="What did your partner cover?",
        sections=(
            TextSection(text="Your question to {0}:", refs=(Ref.user(partner),)),
            TextSection(text=question.prompt),
        ),
        checklist=Checklist(
            action=TICKS,
            payload=ref.dump(),
            items=tuple(question.rubric),
            prompt="Tick the points their answer covered",
            submit="Next",
        ),
    )


def note_step(ref: FormRef, ticked: str, covered: int, total: int, partner: str) -> Reply:
    """After the ticks: add a note, or send as it is."""
    payload = f"{ref.dump()}|{ticked}"
    return Reply(
        title=f"{covered} of {total} point(s) covered",
        sections=(
            TextSection(
                text="Add one note for {0}, or send it as it is.", refs=(Ref.user(partner),)
            ),
        ),
        buttons=(
            Button(action=NOTE, label="Add a note", payload=payload, style=ButtonStyle.PRIMARY),
            Button(action=SEND, label="Send without a note", payload=payload),
        ),
    )


def sent(partner: str, delivered: bool, again: bool) -> Reply:
    if again:
        text = "You already sent {0} your feedback on that question; it stands as sent."
    elif delivered:
        text = "Sent to {0}. Thanks for the honest read."
    else:
        text = "Saved on {0}'s card; I could not message them, so they will see it there."
    return Reply(
        title="Already sent" if again else "Feedback sent",
        sections=(TextSection(text=text, refs=(Ref.user(partner),)),),
    )


def received(feedback: PeerFeedback, question: PracticeQuestion, comes_back: str | None) -> Reply:
    """The feedback as its member reads it: each point ✓ or ✗, the note, the grade it gave,
    and the member's own grade in its place, one press away."""
    marks = "\n".join(
        f"{'✓' if covered else '✗'} {point}"
        for point, covered in zip(question.rubric, feedback.points, strict=False)
    )
    grade = Grade(feedback.grade)
    sections: list[Section] = [
        TextSection(heading=question.prompt, text=marks),
    ]
    if feedback.note:
        sections.append(TextSection(heading="Their note", text=defang(feedback.note, MAX_NOTE)))
    if comes_back is not None:
        where = f"It is on your card as {grade.title}: the question comes back on {comes_back}."
        sections.append(TextSection(text=where + " Your own grade replaces it:"))
        buttons = tuple(
            Button(action=OWN, label=g.title, payload=f"{feedback.id}:{int(g)}") for g in Grade
        )
    else:
        sections.append(
            TextSection(
                text=f"Their grade: {grade.title}. You graded this answer yourself, "
                "and your grade stands."
            )
        )
        buttons = ()
    return Reply(
        title=f"Your partner's feedback: {feedback.covered} of {len(feedback.points)} covered",
        sections=tuple(sections),
        buttons=buttons,
    )
