"""What the group's questions say: the suggestion form, the message moderators decide on, the
proposer's outcome, and the moderators' list of the bank a page at a time."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from core.content.models import Category, PracticeQuestion, Role
from core.kernel.reply import Button, ButtonStyle, Form, FormField, Ref, Reply, TextSection
from core.kernel.safety import defang
from core.practice.bank import CATEGORY_TITLES
from core.questions.bank import GroupQuestion, Status, shown_question
from core.questions.limits import MAX_POINT, MAX_POINTS, MAX_PROMPT, MIN_POINTS

SUGGEST = "questions.suggest"
APPROVE, EDIT, REJECT = "questions.approve", "questions.edit", "questions.reject"
REVIEW, RETIRE, RESTORE = "questions.review", "questions.retire", "questions.restore"
PAGE, HIDE, SHOW = "questions.page", "questions.hide", "questions.show"
PAGE_SIZE = 5  # one button each, and the page buttons: inside every platform's limits
SHORT = 90  # a prompt in the list


def _fields(required: bool) -> tuple[FormField, ...]:
    keep = "" if required else " (empty keeps it)"
    return (
        FormField(
            label="Question" + keep,
            placeholder="How would you decide whether to launch…",
            max_chars=MAX_PROMPT,
            multiline=True,
            required=required,
        ),
        FormField(
            label="Category" + keep,
            placeholder=", ".join(c.value for c in Category),
            max_chars=40,
            required=required,
        ),
        FormField(
            label="Roles" + keep,
            placeholder="netflix-pm amazon-pm",
            max_chars=200,
            required=required,
        ),
        FormField(
            label=f"What a strong answer covers, one point a line ({MIN_POINTS} to {MAX_POINTS})"
            + keep,
            placeholder="Names the customer problem first",
            max_chars=MAX_POINTS * (MAX_POINT + 1),
            multiline=True,
            required=required,
        ),
    )


SUGGEST_FORM = Form(title="Suggest a question", label="Question", fields=_fields(True))
EDIT_FORM = Form(title="Edit, then approve", label="Question", fields=_fields(False))


def suggest_reply() -> Reply:
    return Reply(
        title="Suggest a question for this group",
        sections=(
            TextSection(
                text="A question from your own interviews, your coach or your company list: "
                f"its prompt, category, roles and {MIN_POINTS} to {MAX_POINTS} points a strong "
                "answer covers. A moderator approves it, then it is served beside the others."
            ),
        ),
        buttons=(Button(action=SUGGEST, label="Suggest a question", style=ButtonStyle.PRIMARY),),
    )


def _names(question: PracticeQuestion, roles: Mapping[str, Role]) -> str:
    return ", ".join(
        f"{roles[r].company} {roles[r].title}" if r in roles else r for r in question.roles
    )


def moderation_reply(suggested: GroupQuestion, roles: Mapping[str, Role]) -> Reply:
    """A suggestion for moderators, with what decides it."""
    question = shown_question(suggested.question)
    points = "\n".join(f"{i}. {p}" for i, p in enumerate(question.rubric, 1))
    number = str(suggested.number)
    return Reply(
        title=f"Suggested question {suggested.id}",
        sections=(
            TextSection(text=question.prompt),
            TextSection(
                text=f"{CATEGORY_TITLES[question.category]} · for {_names(question, roles)}\n"
                "Suggested by {0}",
                refs=(Ref.user(suggested.proposer),),
            ),
            TextSection(heading="What a strong answer covers", text=points),
        ),
        buttons=(
            Button(action=APPROVE, label="Approve", payload=number, style=ButtonStyle.PRIMARY),
            Button(action=EDIT, label="Edit, then approve", payload=number),
            Button(action=REJECT, label="Reject", payload=number, style=ButtonStyle.DANGER),
        ),
    )


def decided_reply(question: GroupQuestion, status: Status, *, again: bool = False) -> Reply:
    """What a moderator sees after deciding (or pressing a decided suggestion's button)."""
    said = {
        Status.ACTIVE: "is approved: it is served from now on",
        Status.REJECTED: "was rejected",
        Status.RETIRED: "is retired: no channel is asked it again (cards for it stay)",
        Status.PENDING: "waits for a moderator",
    }[status]
    first = "Already decided: " if again else ""
    return Reply(
        title=f"Question {question.id}",
        sections=(
            TextSection(text=f"{first}{question.id} {said}."),
            TextSection(text=defang(question.question.prompt, SHORT)),
        ),
        replaces=True,
    )


def outcome_notice(question: GroupQuestion, status: Status) -> Reply:
    """Told to the proposer once a moderator decided."""
    what = (
        "was approved: the group is asked it from now on"
        if status is Status.ACTIVE
        else "was not taken this time"
    )
    return Reply(
        title="Your suggested question",
        sections=(
            TextSection(text=f"Your question {question.id} {what}."),
            TextSection(text=defang(question.question.prompt, SHORT)),
        ),
    )


def sent_reply(question: GroupQuestion, told: int) -> Reply:
    where = (
        f"I sent it to {told} moderator{'s' if told != 1 else ''}"
        if told
        else "Moderators see it in `/prep questions`"
    )
    return Reply(
        title="Thanks, your question is suggested",
        sections=(
            TextSection(text=f"{question.id}: {defang(question.question.prompt, SHORT)}"),
            TextSection(text=f"{where}; I will tell you what they decide."),
        ),
    )


_BUTTON = {Status.PENDING: (REVIEW, "Review"), Status.ACTIVE: (RETIRE, "Retire")}


def bank_page(own: Sequence[GroupQuestion], served: int, offset: int) -> Reply:
    """The group's questions (waiting ones first), a page at a time, each with its action."""
    page = own[offset : offset + PAGE_SIZE]
    lines = [
        f"{g.id} · {g.status.value} · {CATEGORY_TITLES[g.question.category]} · "
        + defang(g.question.prompt, SHORT)
        for g in page
    ]
    buttons = [
        Button(action=action, label=f"{label} {g.id}", payload=str(g.number))
        for g in page
        for action, label in [_BUTTON.get(g.status, (RESTORE, "Restore"))]
    ]
    buttons.extend(_pager(PAGE, "", offset, len(own)))
    waiting = sum(1 for g in own if g.status is Status.PENDING)
    summary = (
        f"{len(own)} of the group's own ({waiting} waiting); {served} served in all with the "
        "shipped bank. `/prep questions shipped` hides shipped ones."
    )
    return Reply(
        title="Your group's questions",
        sections=(
            TextSection(text=summary),
            TextSection(text="\n".join(lines) or "None yet: `/practice suggest` adds one."),
        ),
        buttons=tuple(buttons),
    )


def shipped_page(shipped: Sequence[PracticeQuestion], hidden: frozenset[str], offset: int) -> Reply:
    page = shipped[offset : offset + PAGE_SIZE]
    lines = [
        f"{q.id} · {'hidden' if q.id in hidden else 'served'} · {defang(q.prompt, SHORT)}"
        for q in page
    ]
    buttons = [
        Button(action=SHOW, label=f"Show {q.id}", payload=f"{q.id}|{offset}")
        if q.id in hidden
        else Button(action=HIDE, label=f"Hide {q.id}", payload=f"{q.id}|{offset}")
        for q in page
    ]
    buttons.extend(_pager(PAGE, "shipped", offset, len(shipped)))
    return Reply(
        title="The shipped questions",
        sections=(
            TextSection(text=f"{len(hidden)} of {len(shipped)} hidden from this group."),
            TextSection(text="\n".join(lines)),
        ),
        buttons=tuple(buttons),
        replaces=offset > 0,
    )


def _pager(action: str, kind: str, offset: int, total: int) -> list[Button]:
    found = []
    if offset > 0:
        found.append(
            Button(action=action, label="Previous", payload=f"{kind}|{offset - PAGE_SIZE}")
        )
    if offset + PAGE_SIZE < total:
        found.append(Button(action=action, label="Next", payload=f"{kind}|{offset + PAGE_SIZE}"))
    return found
