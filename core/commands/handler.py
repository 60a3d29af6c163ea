"""Route a typed command or a button press to its family; every input gets a reply."""

from __future__ import annotations

import logging
import random
import time as timer
from datetime import time

from core.access import ChannelAccess, ChannelCheck
from core.commands.context import ActionRoute, CommandContext, Route
from core.commands.help import COMMANDS, help_reply
from core.commands.prep import PrepCommands
from core.commands.pure import CAPACITY, ReplyCache, is_pure, needs_profile, pure, words_key
from core.commands.tokens import tokenize
from core.commands.vocabulary import Vocabulary
from core.fit.commands import FitCommands
from core.kernel.clock import Clock, utc_now
from core.kernel.errors import UsageError
from core.kernel.identity import Caller
from core.kernel.reply import Chart, Form, Problem, Reply, error_reply
from core.kernel.safety import defang, quoted
from core.metrics import NO_METRICS, Metrics
from core.mock.commands import MockCommands
from core.ports import Stores
from core.practice.commands import PracticeCommands
from core.practice.grading_commands import GradingCommands
from core.roles.cards import chart_named
from core.roles.catalog import Catalog, UnknownRole
from core.roles.commands import CompareCommands

log = logging.getLogger(__name__)

SUMMARY_AT = time(18, 0)  # the Sunday summary's local time, unless configured


class CommandHandler:
    def __init__(
        self,
        catalog: Catalog,
        stores: Stores,
        clock: Clock = utc_now,
        rng: random.Random | None = None,
        summary_at: time = SUMMARY_AT,
        channel_access: ChannelAccess | None = None,
        metrics: Metrics = NO_METRICS,
        cache_capacity: int = CAPACITY,
    ) -> None:
        self.catalog = catalog
        self.metrics = metrics
        self.channels = ChannelCheck(channel_access)
        self.vocabulary = Vocabulary(catalog)
        context = CommandContext(
            catalog,
            stores.users,
            stores.schedules,
            stores.deliveries,
            clock,
            rng or random.Random(),
            summary_at,
            stores.cards,
            self.channels,
            stores.mocks,
            stores.pairs,
        )
        grading = GradingCommands(context)
        mock = MockCommands(context, grading)
        families = (
            CompareCommands(context),
            FitCommands(context),
            PracticeCommands(context),
            grading,
            mock,
        )
        self.replies = ReplyCache(cache_capacity)
        self.routes: dict[str, Route] = {"help": self._help}
        self.actions: dict[str, ActionRoute] = {}
        for family in families:
            self.routes.update(family.routes)
            self.actions.update(family.actions)
        self.routes = {name: self._cached_route(name, r) for name, r in self.routes.items()}
        self.forms: dict[str, Form] = {**grading.forms, **mock.forms}
        # /prep also answers every command above: `/prep compare …`, `/prep help` (from the
        # same cache, as the routes it is given are the cached ones).
        self.prep = PrepCommands(context, self.routes)
        self.routes.update(self.prep.routes)
        self.actions.update(self.prep.actions)
        self.actions = {name: self._cached_action(name, r) for name, r in self.actions.items()}

    def connect_channels(self, access: ChannelAccess) -> None:
        """Ask `access` (the platform's messenger) whether the bot can post in a channel before
        a schedule there is accepted."""
        self.channels.access = access

    def is_pure(self, text: str) -> bool:
        """Whether the reply to `text` is built from its words and the content alone (shared by
        everyone, touching no store); True also for text that names no command."""
        route = self._route_of(text)
        return route is None or is_pure(route)

    def needs_profile(self, text: str) -> bool:
        """Whether the reply to `text` may read the caller's admin flag or timezone, which an
        adapter may have to ask its platform for first."""
        route = self._route_of(text)
        return route is not None and needs_profile(route)

    def press_is_pure(self, action: str) -> bool:
        """Whether pressing a button with this action gives everyone the same reply."""
        route = self.actions.get(action)
        return route is not None and is_pure(route)

    def press_needs_profile(self, action: str) -> bool:
        route = self.actions.get(action)
        return route is not None and needs_profile(route)

    def _route_of(self, text: str) -> Route | None:
        try:
            line = tokenize(text)
        except UsageError:
            return None
        route = self.routes.get(line.name)
        if line.name == "prep" and line.args:
            name = line.args[0].lower()
            return self.prep.subcommands.get(name) or self.prep.commands.get(name)
        return route

    def form(self, action: str) -> Form | None:
        """What a button with this action asks for before it is pressed, if anything: the
        adapter collects it (a modal, the next line) and presses with `answered(payload, text)`."""
        return self.forms.get(action)

    async def handle(self, text: str, caller: Caller) -> Reply:
        started, name = timer.perf_counter(), "unknown"
        try:
            line = tokenize(text)
            route = self.routes.get(line.name)
            if route is None:
                unknown = _unknown_command(line.name)
                return error_reply(unknown.message, unknown.hint, Problem.UNKNOWN_COMMAND)
            name = self._name(line.name, line.args)
            return await route(line.args, caller)
        except UsageError as error:
            return error_reply(error.message, error.hint)
        except UnknownRole as error:
            return _unknown_role_reply(error)
        except Exception:
            log.exception("command failed: %s", defang(text, 200))
            return internal_error()
        finally:
            self.metrics.command(name, timer.perf_counter() - started)

    def _name(self, command: str, args: list[str]) -> str:
        """The command's name for the metrics: `/prep` with its subcommand, from a fixed set."""
        if command == "prep" and args and args[0].lower() in self.prep.subcommands:
            return f"prep {args[0].lower()}"
        return command

    async def shared_chart(self, filename: str) -> Chart | None:
        """The chart that a pure reply carries under this file name (`Chart.filename`), the
        same for everyone; None for any other name. A member's own charts are never among
        them: they are no function of a name."""
        return await chart_named(self.catalog, filename)

    async def home(self, caller: Caller) -> Reply:
        """The member's overview (Slack's App Home)."""
        try:
            home = await self.prep.profile.home(caller)
            return await self.prep.status.on_home(home, caller)
        except Exception:
            log.exception("home failed")
            return internal_error()

    async def press(self, action: str, payload: str, caller: Caller) -> Reply:
        started = timer.perf_counter()
        try:
            route = self.actions.get(action)
            if route is None:
                raise UsageError(
                    "That button is from an older version of the bot.",
                    "Run the command again to get fresh buttons.",
                )
            return await route(payload, caller)
        except UsageError as error:
            return error_reply(error.message, error.hint)
        except UnknownRole as error:
            return _unknown_role_reply(error)
        except Exception:
            log.exception("button failed: %s", action)
            return internal_error()
        finally:
            name = f"button {action}" if action in self.actions else "button unknown"
            self.metrics.command(name, timer.perf_counter() - started)

    @pure
    async def _help(self, args: list[str], caller: Caller) -> Reply:
        return help_reply(" ".join(args))

    def _cached_route(self, name: str, route: Route) -> Route:
        if not is_pure(route):
            return route

        @pure
        async def cached(args: list[str], caller: Caller) -> Reply:
            return await self.replies.get(
                words_key("route", name, args), lambda: route(args, caller)
            )

        return cached

    def _cached_action(self, name: str, route: ActionRoute) -> ActionRoute:
        if not is_pure(route):
            return route

        @pure
        async def cached(payload: str, caller: Caller) -> Reply:
            key = words_key("action", name, payload)
            return await self.replies.get(key, lambda: route(payload, caller))

        return cached


def _unknown_command(name: str) -> UsageError:
    import difflib  # only for a mistyped command

    close = difflib.get_close_matches(name, COMMANDS, n=1)
    hint = f"Did you mean `/{close[0]}`? " if close else ""
    return UsageError(f"I don't know the command {quoted(name)}.", hint + "Type `/prep help`.")


def _unknown_role_reply(error: UnknownRole) -> Reply:
    if error.suggestions:
        hint = "Did you mean " + " or ".join(f"`{s}`" for s in error.suggestions) + "?"
    else:
        hint = "Type `/role` to list the roles."
    return error_reply(f"I don't know the role {quoted(error.name)}.", hint)


def internal_error() -> Reply:
    """The reply when something fails on the bot's side."""
    return error_reply(
        "Something went wrong on my side; nothing you stored was lost.",
        "Try again in a moment. If it keeps happening, tell whoever runs this bot.",
        Problem.INTERNAL,
    )
