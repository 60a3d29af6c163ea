"""What every command family is given: the catalog, the stores (as ports), the clock."""

from __future__ import annotations

import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import time
from zoneinfo import ZoneInfo

from core.access import ChannelAccess
from core.kernel.clock import Clock
from core.kernel.errors import UsageError
from core.kernel.identity import Caller
from core.kernel.reply import Reply
from core.ports import CardStore, DeliveryLedger, MockStore, PairStore, ScheduleStore, UserStore
from core.questions.library import Library
from core.questions.notices import Notices
from core.roles.catalog import Catalog
from core.scheduling.timezones import parse_timezone

Route = Callable[[list[str], Caller], Awaitable[Reply]]
ActionRoute = Callable[[str, Caller], Awaitable[Reply]]


@dataclass(frozen=True)
class CommandContext:
    catalog: Catalog
    users: UserStore
    schedules: ScheduleStore
    deliveries: DeliveryLedger
    clock: Clock
    rng: random.Random
    summary_at: time  # local time of the Sunday summary
    cards: CardStore
    channels: ChannelAccess  # whether the bot can post where a schedule asks
    mocks: MockStore
    pairs: PairStore
    library: Library  # each workspace's questions: the shipped bank and its own
    notices: Notices  # direct messages besides a reply

    async def zone(self, caller: Caller) -> ZoneInfo:
        """The caller's timezone: their profile's, else their platform's, else UTC."""
        profile = await self.users.user(caller.key)
        name = (profile.timezone if profile else None) or caller.timezone or "UTC"
        try:
            return parse_timezone(name)
        except UsageError:
            return ZoneInfo("UTC")
