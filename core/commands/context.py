"""What every command family is given: the catalog, the stores (as ports), the clock, the
chart renderer."""

from __future__ import annotations

import random
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time
from zoneinfo import ZoneInfo

from core.access import ChannelAccess
from core.commands.args import Args
from core.content.models import Article, Role
from core.kernel.clock import Clock
from core.kernel.errors import UsageError
from core.kernel.identity import Caller, UserKey
from core.kernel.reply import Chart, Reply
from core.pairing.feedback import PeerFeedbackStore
from core.pairing.ports import PairStore
from core.ports import (
    CardStore,
    ChartRenderer,
    DeliveryLedger,
    MockStore,
    ScheduleStore,
    UserStore,
)
from core.questions.library import Library
from core.questions.notices import Notices
from core.roles.catalog import Catalog
from core.scheduling.timezones import parse_timezone

Route = Callable[[Args, Caller], Awaitable[Reply]]
ActionRoute = Callable[[str, Caller], Awaitable[Reply]]
SUMMARY_AT = time(18, 0)  # the Sunday summary's local time, unless configured
GRADER_PER_HOUR = 30  # answers a member may send to the grader in an hour, unless configured
# Whether a press may still open its form: raises UsageError, saying why, when it may not.
FormCheck = Callable[[str, Caller], Awaitable[None]]


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
    charts: ChartRenderer
    library: Library  # each workspace's questions: the shipped bank and its own
    notices: Notices  # direct messages besides a reply
    peer_feedback: PeerFeedbackStore  # the forms partners give each other after a pairing

    async def zone(self, caller: Caller) -> ZoneInfo:
        """The caller's timezone: their profile's, else their platform's, else UTC."""
        return await self.zone_of(caller.key, caller.timezone)

    async def zone_of(self, key: UserKey, platform_zone: str | None = None) -> ZoneInfo:
        """A member's timezone: their profile's, else `platform_zone`, else UTC."""
        profile = await self.users.user(key)
        name = (profile.timezone if profile else None) or platform_zone or "UTC"
        try:
            return parse_timezone(name)
        except UsageError:
            return ZoneInfo("UTC")


class NoCharts:
    """Replies without charts, their figures in the text all the same: where no renderer is
    given (a test that reads only text, a benchmark of the core's own work)."""

    async def compensation(
        self, roles: Sequence[Role], articles: Mapping[str, Article]
    ) -> Chart | None:
        return None

    async def progress(
        self, days: Mapping[date, int], retention: Mapping[str, float], today: date
    ) -> tuple[Chart, ...]:
        return ()
