"""How check-ins change as the interview comes close: from two weeks out a mock stage every
other day, in the last three days reviews only, the day before the role's checklist, and the
day after, how it went."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from core.content.models import Role
from core.kernel.reply import Button, Section, TextSection

OUTCOME_ACTION = "interview.outcome"
CHECKINS_OFF_ACTION = "checkin.off"
OUTCOMES = {"went-well": "It went well", "not-this-time": "Not this time"}
MOCK_FROM, REVIEW_ONLY_FROM = 14, 3  # days before the interview


@dataclass(frozen=True)
class Countdown:
    sections: tuple[Section, ...] = ()
    buttons: tuple[Button, ...] = ()
    new_question: bool = True  # whether the day still brings a new practice question


def countdown(role: Role | None, today: date, interview: date | None) -> Countdown:
    """What the check-in adds on `today` for an interview on `interview` (nothing when no
    date is set or it is more than two weeks away)."""
    if interview is None:
        return Countdown()
    days = (interview - today).days
    name = role.id if role else "ROLE"
    if days == -1:
        return Countdown(
            sections=(
                TextSection(
                    heading="How did it go?",
                    text="Tell me, then set your next date (`/prep profile interview=YYYY-MM-DD`) "
                    "or turn the check-ins off.",
                ),
            ),
            buttons=(
                *(
                    Button(action=OUTCOME_ACTION, label=label, payload=f"{key}|{interview}")
                    for key, label in OUTCOMES.items()
                ),
                Button(action=CHECKINS_OFF_ACTION, label="Turn check-ins off"),
            ),
            new_question=False,
        )
    if days == 1 and role is not None:
        items = "\n".join(f"• {item.text}" for item in role.checklist)
        return Countdown(
            sections=(TextSection(heading="Tomorrow: the checklist", text=items),),
            new_question=False,
        )
    if 0 <= days <= REVIEW_ONLY_FROM:
        text = "Nothing new now: review what is due and your weakest category (`/practice`)."
        return Countdown(
            sections=(TextSection(heading="Final days", text=text),), new_question=False
        )
    if days <= MOCK_FROM and days % 2 == 0:
        return Countdown(
            sections=(
                TextSection(
                    heading="Mock day",
                    text=f"Run one stage of the loop against the clock: `/mock {name}`.",
                ),
            ),
        )
    return Countdown()


def outcome_reply_text(outcome: str) -> str:
    if outcome == "went-well":
        return "Congratulations! Good luck with what comes next."
    return "Thank you for telling me; every loop teaches something for the next one."
