"""Wiring the commands: the context every family is given, the families, and the router over
them. The one place that builds them; the runtime and the tests' fixtures both call it."""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import time

from core.access import ChannelAccess, ChannelCheck
from core.coaching.checkin_commands import CheckinCommands
from core.coaching.profile_commands import ProfileCommands
from core.coaching.stats_commands import StatsCommands
from core.commands.context import (
    GRADER_PER_HOUR,
    SUMMARY_AT,
    ActionRoute,
    CommandContext,
    NoCharts,
    Route,
)
from core.commands.handler import CommandHandler, Family
from core.commands.pure import CAPACITY
from core.commands.spec import Surface
from core.commands.surface import SURFACE
from core.fit.commands import FitCommands
from core.kernel.clock import Clock, utc_now
from core.kernel.identity import Caller
from core.kernel.reply import Reply
from core.metrics import NO_METRICS, Metrics
from core.mock.commands import MockCommands
from core.pairing.commands import PairCommands
from core.ports import ChartRenderer, Stores
from core.practice.commands import PracticeCommands
from core.practice.feedback import Grader
from core.practice.feedback_commands import FeedbackCommands
from core.practice.grading_commands import GradingCommands
from core.questions.bank_commands import BankCommands
from core.questions.commands import SuggestCommands
from core.questions.library import Library
from core.questions.notices import Notices
from core.roles.catalog import Catalog
from core.roles.commands import CompareCommands
from core.scheduling.commands import ScheduleCommands
from core.scheduling.status_commands import StatusCommands


class Routes:
    """A family of stateless commands with no buttons: `{spec path: route}`."""

    def __init__(self, routes: Mapping[str, Route]) -> None:
        self.routes = dict(routes)
        self.actions: dict[str, ActionRoute] = {}


def build_handler(
    catalog: Catalog,
    stores: Stores,
    clock: Clock = utc_now,
    rng: random.Random | None = None,
    summary_at: time = SUMMARY_AT,
    channel_access: ChannelAccess | None = None,
    metrics: Metrics = NO_METRICS,
    cache_capacity: int = CAPACITY,
    charts: ChartRenderer | None = None,
    grader: Grader | None = None,
    grader_per_hour: int = GRADER_PER_HOUR,
    *,
    surface: Surface = SURFACE,
    routes: Mapping[str, Route] | None = None,
) -> CommandHandler:
    """The command handler over these stores. `surface` and `routes` add commands: a spec
    entry each (`surface_of(*COMMANDS, entry)`) and its route by the entry's path. `grader`:
    feedback on answers for members who say yes; none without it."""
    channels = ChannelCheck(channel_access)
    charts = charts or NoCharts()
    notices = Notices()
    context = CommandContext(
        catalog,
        stores.users,
        stores.schedules,
        stores.deliveries,
        clock,
        rng or random.Random(),
        summary_at,
        stores.cards,
        channels,
        stores.mocks,
        stores.pairs,
        charts,
        Library(catalog.content.questions, stores.questions),
        notices,
        stores.peer_feedback,
    )
    grading = GradingCommands(context, FeedbackCommands(context, grader, grader_per_hour))
    mock = MockCommands(context, grading)
    profile = ProfileCommands(context)
    status = StatusCommands(context)
    practice = PracticeCommands(context)
    suggest = SuggestCommands(context, practice.practice)  # `/practice suggest`, else practice
    pairing = PairCommands(context)
    families: list[Family] = [
        CompareCommands(context),
        FitCommands(context),
        practice,
        suggest,
        grading,
        mock,
        ScheduleCommands(context),
        CheckinCommands(context),
        profile,
        StatsCommands(context),
        pairing,
        status,
        BankCommands(context),
    ]
    if routes:
        families.append(Routes(routes))
    return CommandHandler(
        catalog,
        families,
        surface=surface,
        channels=channels,
        forms={**grading.forms, **mock.forms, **suggest.forms, **pairing.forms},
        form_checks={**grading.form_checks, **mock.form_checks},
        charts=charts,
        home=lambda caller: _home(profile, status, caller),
        metrics=metrics,
        cache_capacity=cache_capacity,
        notices=notices,
    )


async def _home(profile: ProfileCommands, status: StatusCommands, caller: Caller) -> Reply:
    """App Home: the member's overview, with the status section for moderators."""
    return await status.on_home(await profile.home(caller), caller)
