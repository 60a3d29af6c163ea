"""What a pairing week says: the post in the channel (who meets whom, opt in or out) and the
message each group gets (who interviews first, questions for each one's target role, and the
"We met" button)."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from datetime import date

from core.content.models import PracticeQuestion
from core.kernel.reply import Button, ButtonStyle, Ref, Reply, TextSection, Visibility
from core.pairing.week import FORGOTTEN, PairGroup
from core.practice.bank import pool

JOIN, LEAVE, MET = "pair_join", "pair_leave", "pair_met"
QUESTIONS_EACH = 3


def opt_buttons(channel: str) -> tuple[Button, ...]:
    return (
        Button(action=JOIN, label="Count me in", payload=channel, style=ButtonStyle.PRIMARY),
        Button(action=LEAVE, label="Count me out", payload=channel),
    )


def week_post(
    channel: str, local_date: date, groups: Sequence[PairGroup], alone: Sequence[str]
) -> Reply:
    """The channel's post: this week's groups, and buttons to opt in or out."""
    sections: list[TextSection] = []
    for group in groups:
        people = [m for m in group.members if m != FORGOTTEN]
        names = ", ".join(f"{{{i}}}" for i in range(len(people)))
        sections.append(
            TextSection(
                text=f"Group {group.number}: {names}", refs=tuple(Ref.user(m) for m in people)
            )
        )
    if not groups and not alone:
        sections.append(
            TextSection(
                text="Nobody opted in this week, so there are no pairs. Join for next week."
            )
        )
    elif alone:
        sections.append(
            TextSection(
                text="Only {0} opted in, so there is nobody to pair with this week. "
                "Invite someone to join for next week.",
                refs=(Ref.user(alone[0]),),
            )
        )
    else:
        sections.append(
            TextSection(text="Each group has a conversation of its own with what to practise.")
        )
    sections.append(
        TextSection(text="Opt in or out for next week with the buttons or `/prep pair join|leave`.")
    )
    return Reply(
        title=f"Mock interview pairs for {local_date.isoformat()}",
        sections=tuple(sections),
        buttons=opt_buttons(channel),
        visibility=Visibility.CHANNEL,
    )


def questions_to_ask(
    group: PairGroup,
    roles: Mapping[str, str | None],
    questions: Sequence[PracticeQuestion],
    seed: str,
) -> dict[str, list[PracticeQuestion]]:
    """The questions each member of the group is asked, for their target role: the same for
    the same seed, so the feedback form after "We met" offers the ones the message showed."""
    rng = random.Random(seed)
    asked: dict[str, list[PracticeQuestion]] = {}
    for member in group.members:
        candidates = sorted(pool(questions, roles.get(member), None), key=lambda q: q.id)
        asked[member] = rng.sample(candidates, min(QUESTIONS_EACH, len(candidates)))
    return asked


def group_reply(
    group: PairGroup,
    roles: Mapping[str, str | None],
    questions: Sequence[PracticeQuestion],
    seed: str,
) -> Reply:
    """One group's message: the order of interviews, who asks whom, and a question set for
    each member."""
    members = list(group.members)
    order = ", then ".join(f"{{{i}}}" for i in range(len(members)))
    sections = [
        TextSection(
            text="This week's mock interview partners. Take turns as the interviewer; "
            f"{{0}} is interviewed first. Order: {order}.",
            refs=tuple(Ref.user(m) for m in members),
        )
    ]
    for index, (member, chosen) in enumerate(
        questions_to_ask(group, roles, questions, seed).items()
    ):
        role = roles.get(member)
        interviewer = members[(index + 1) % len(members)]
        lines = "\n".join(f"• {q.prompt}" for q in chosen)
        what = role or "no target role set: `/prep profile role=…`"
        sections.append(
            TextSection(
                text=f"{{1}} asks {{0}} ({what}):\n{lines}",
                refs=(Ref.user(member), Ref.user(interviewer)),
            )
        )
    sections.append(
        TextSection(
            text="When you have met, press We met: it counts for everyone's streak, and each "
            "interviewer gets a short form to tell their partner what they covered."
        )
    )
    return Reply(
        title="Your mock interview this week",
        sections=tuple(sections),
        buttons=(
            Button(action=MET, label="We met", payload=str(group.id), style=ButtonStyle.PRIMARY),
        ),
        visibility=Visibility.CHANNEL,
    )
