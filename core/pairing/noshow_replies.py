"""What a member hears, privately, when their group has not met: the reminder, the standby
note, their new partner, and the question whether to stay in. None of it goes to the channel."""

from __future__ import annotations

from core.kernel.reply import Button, ButtonStyle, Ref, Reply, TextSection, Visibility
from core.pairing.replies import JOIN, LEAVE, MET
from core.pairing.week import PairGroup

REMATCH = "pair_rematch"


def reminder(group: PairGroup, partners: list[str]) -> Reply:
    names = " and ".join(f"{{{i}}}" for i in range(len(partners)))
    return Reply(
        title="Have you had your mock interview?",
        sections=(
            TextSection(
                text=f"This week you're paired with {names}. When you've met, press We met. "
                "If this week doesn't work, I can find you someone else.",
                refs=tuple(Ref.user(p) for p in partners),
            ),
        ),
        buttons=(
            Button(action=MET, label="We met", payload=str(group.id), style=ButtonStyle.PRIMARY),
            Button(action=REMATCH, label="We can't make it: rematch me", payload=str(group.id)),
        ),
    )


def standby(until: str) -> Reply:
    return Reply(
        title="You're on standby",
        sections=(
            TextSection(
                text=f"If someone else asks for a new partner by {until}, I'll pair you and "
                "message you both. If not, you're in next week's pairs as usual."
            ),
        ),
    )


def already_met() -> Reply:
    return Reply(
        title="Your group already met",
        sections=(TextSection(text="It counted for everyone's streak; see you next week."),),
    )


def new_partner(opening: Reply) -> Reply:
    """The new group's message, sent privately to each of its two members."""
    return opening.model_copy(
        update={"title": "Your new mock interview partner", "visibility": Visibility.CALLER}
    )


def stay_in(channel: str) -> Reply:
    return Reply(
        title="Still up for mock interviews?",
        sections=(
            TextSection(
                text="Your pairs in {0} have not met for two weeks running. That happens. "
                "Shall I keep pairing you?",
                refs=(Ref.channel(channel),),
            ),
        ),
        buttons=(
            Button(action=JOIN, label="Keep me in", payload=channel, style=ButtonStyle.PRIMARY),
            Button(action=LEAVE, label="Count me out", payload=channel),
        ),
    )
