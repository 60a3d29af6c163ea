"""The deadline and balance rules (deadline.py) applied for the commands: the aim a member's
profile gives, and moving their cards when the interview date, the limit or the timezone
changes."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from core.coaching.profile import Profile
from core.commands.context import CommandContext
from core.kernel.identity import Caller
from core.practice.deadline import REVIEWS_A_DAY, Aim, replan


def aim_of(profile: Profile | None, zone: ZoneInfo) -> Aim:
    if profile is None:
        return Aim(zone)
    return Aim(zone, profile.interview_date, profile.reviews_a_day or REVIEWS_A_DAY)


async def replan_reviews(
    context: CommandContext, caller: Caller, profile: Profile, now: datetime
) -> int:
    """Bring the member's cards under the aim their profile now gives; how many moved."""
    zone = await context.zone(caller)
    cards = await context.cards.cards(profile.key)
    moves = replan(cards, now, aim_of(profile, zone))
    if not moves:
        return 0
    return await context.cards.reschedule(profile.key, cards, moves)
