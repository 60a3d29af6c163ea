"""Route a command (typed words, or a platform's typed options) or a button press to the
route registered for its spec entry; every input gets a reply.

The router builds nothing: the composition root hands it the command families, each a
mapping of spec paths (`compare`, `prep schedule`) to routes and of button actions to theirs.
"""

from __future__ import annotations

import logging
import time as timer
from collections.abc import Awaitable, Callable, Hashable, Mapping, Sequence
from typing import Protocol

from core.access import ChannelAccess, ChannelCheck
from core.commands.args import Args
from core.commands.context import ActionRoute, FormCheck, NoCharts, Route
from core.commands.help import help_reply
from core.commands.parse import parse_given, parse_words
from core.commands.pure import CAPACITY, ReplyCache, is_pure, needs_profile, pure, words_key
from core.commands.readers import Reading
from core.commands.spec import Command, Surface
from core.commands.surface import SURFACE
from core.commands.tokens import tokenize
from core.commands.vocabulary import Vocabulary
from core.kernel.errors import UsageError
from core.kernel.identity import Caller
from core.kernel.reply import Chart, Form, Problem, Reply, error_reply
from core.kernel.safety import defang, quoted
from core.messenger import Messenger
from core.metrics import NO_METRICS, Metrics
from core.ports import ChartRenderer
from core.questions.notices import Notices
from core.roles.cards import chart_named
from core.roles.catalog import Catalog, UnknownRole

log = logging.getLogger(__name__)


class Family(Protocol):
    """A group of commands and buttons: routes by spec path, actions by action id."""

    @property
    def routes(self) -> Mapping[str, Route]: ...

    @property
    def actions(self) -> Mapping[str, ActionRoute]: ...


class CommandHandler:
    def __init__(
        self,
        catalog: Catalog,
        families: Sequence[Family],
        *,
        surface: Surface = SURFACE,
        channels: ChannelCheck | None = None,
        forms: Mapping[str, Form] | None = None,
        form_checks: Mapping[str, FormCheck] | None = None,
        charts: ChartRenderer | None = None,
        home: Callable[[Caller], Awaitable[Reply]] | None = None,
        metrics: Metrics = NO_METRICS,
        cache_capacity: int = CAPACITY,
        notices: Notices | None = None,
    ) -> None:
        self.catalog = catalog
        self.surface = surface
        self.metrics = metrics
        self.channels = channels or ChannelCheck()
        self.vocabulary = Vocabulary(catalog)
        self.notices = notices or Notices()  # the messenger connected below
        self.replies = ReplyCache(cache_capacity)
        self.forms = dict(forms or {})
        self.form_checks = dict(form_checks or {})
        self.charts = charts or NoCharts()
        self._home = home
        self.routes: dict[str, Route] = {"help": self._help}
        self.actions: dict[str, ActionRoute] = {}
        for family in families:
            self.routes.update(family.routes)
            self.actions.update(family.actions)
        paths = {command.path for command in surface.leaves()}
        if paths != set(self.routes):
            raise ValueError(
                f"commands without a route: {sorted(paths - set(self.routes))}; "
                f"routes without a command: {sorted(set(self.routes) - paths)}"
            )
        self.actions = {name: self._cached_action(name, r) for name, r in self.actions.items()}

    def connect_channels(self, access: ChannelAccess) -> None:
        """Ask `access` (the platform's messenger) whether the bot can post in a channel before
        a schedule there is accepted."""
        self.channels.access = access
        if isinstance(access, Messenger):
            self.notices.messenger = access

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
            command, _ = self._command(line.name, line.args)
        except UsageError:
            return None
        return self.routes[command.path]

    def form(self, action: str) -> Form | None:
        """What a button with this action asks for before it is pressed, if anything: the
        adapter collects it (a modal, the next line) and presses with `answered(payload, text)`."""
        return self.forms.get(action)

    async def open_form(self, action: str, payload: str, caller: Caller) -> Form | None:
        """The form a press opens, asked before the adapter opens it: None when the action
        takes none, or when the press is no longer valid, so that nothing is typed in vain;
        pressed without a form, it then says why."""
        form = self.forms.get(action)
        check = self.form_checks.get(action)
        if form is None or check is None:
            return form
        try:
            await check(payload, caller)
        except (UsageError, UnknownRole):
            return None
        return form

    async def handle(self, text: str, caller: Caller) -> Reply:
        """Answer a typed command line."""
        started, name = timer.perf_counter(), "unknown"
        try:
            line = tokenize(text)
            if self.surface.top(line.name) is None:
                unknown = self._unknown_command(line.name)
                return error_reply(unknown.message, unknown.hint, Problem.UNKNOWN_COMMAND)
            command, words = self._command(line.name, line.args)
            name = command.path
            at = Reading(self.catalog, command, caller.can_manage_channel)
            key = words_key("words", command.path, words)
            return await self._run(command, key, lambda: parse_words(command, words, at), caller)
        except (UsageError, UnknownRole) as error:
            return _usage_reply(error)
        except Exception:
            log.exception("command failed: %s", defang(text, 200))
            return internal_error()
        finally:
            self.metrics.command(name, timer.perf_counter() - started)

    async def answer(self, path: str, given: Mapping[str, object], caller: Caller) -> Reply:
        """Answer a command whose options a platform typed: `{option name: value}`, each read by
        its parameter's reader (`prep schedule`, `{"time": "09:00", "channel": "C1"}`)."""
        started = timer.perf_counter()
        try:
            command = self.surface.by_path(path)
            at = Reading(self.catalog, command, caller.can_manage_channel)
            typed = [f"{n}={v}" for n, v in sorted(given.items()) if v is not None]
            key = words_key("options", command.path, typed)
            return await self._run(command, key, lambda: parse_given(command, given, at), caller)
        except (UsageError, UnknownRole) as error:
            return _usage_reply(error)
        except Exception:
            log.exception("command failed: /%s", path)
            return internal_error()
        finally:
            self.metrics.command(path, timer.perf_counter() - started)

    async def _run(
        self, command: Command, key: Hashable, parse: Callable[[], Args], caller: Caller
    ) -> Reply:
        route = self.routes[command.path]
        if not is_pure(route):
            return await route(parse(), caller)

        async def build() -> Reply:
            return await route(parse(), caller)

        return await self.replies.get(key, build)

    def _command(self, name: str, args: list[str]) -> tuple[Command, list[str]]:
        """The command a line names, and its words: `/prep compare a b` is `/compare a b`."""
        top = self.surface.top(name)
        if top is None:
            raise self._unknown_command(name)
        if not top.subcommands:
            return top, args
        subs = ", ".join(s.name for s in top.subcommands)
        names = (
            f"Subcommands: {subs}; and every other command, as in "
            f"`/{top.name} compare netflix-pm amazon-pm`. `/{top.name} help {top.name}` has "
            "examples."
        )
        if not args:
            raise UsageError(f"`/{top.name}` needs a subcommand.", names)
        word = args[0].lower()
        found = self.surface.sub(word)
        if found is None and (other := self.surface.top(word)) is not None:
            found = other if not other.subcommands else None
        if found is None:
            import difflib  # only for a mistyped subcommand

            offered = [c.name for c in self.surface.under_group() if c is not top]
            close = difflib.get_close_matches(word, offered, n=1)
            guess = f"Did you mean `/{top.name} {close[0]}`? " if close else ""
            raise UsageError(f"I don't know `/{top.name} {defang(args[0])}`.", guess + names)
        return found, args[1:]

    def _unknown_command(self, name: str) -> UsageError:
        import difflib  # only for a mistyped command

        names = [c.name for c in self.surface.commands]
        close = difflib.get_close_matches(name, names, n=1)
        hint = f"Did you mean `/{close[0]}`? " if close else ""
        return UsageError(f"I don't know the command {quoted(name)}.", hint + "Type `/prep help`.")

    async def shared_chart(self, filename: str) -> Chart | None:
        """The chart that a pure reply carries under this file name (`Chart.filename`), the
        same for everyone; None for any other name. A member's own charts are never among
        them: they are no function of a name."""
        return await chart_named(self.catalog, self.charts, filename)

    async def home(self, caller: Caller) -> Reply:
        """The member's overview (Slack's App Home)."""
        if self._home is None:
            return help_reply(None, self.surface)
        try:
            return await self._home(caller)
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
        except (UsageError, UnknownRole) as error:
            return _usage_reply(error)
        except Exception:
            log.exception("button failed: %s", action)
            return internal_error()
        finally:
            name = f"button {action}" if action in self.actions else "button unknown"
            self.metrics.command(name, timer.perf_counter() - started)

    @pure
    async def _help(self, args: Args, caller: Caller) -> Reply:
        return help_reply(args.text("command"), self.surface)

    def _cached_action(self, name: str, route: ActionRoute) -> ActionRoute:
        if not is_pure(route):
            return route

        @pure
        async def cached(payload: str, caller: Caller) -> Reply:
            key = words_key("action", name, payload)
            return await self.replies.get(key, lambda: route(payload, caller))

        return cached


def _usage_reply(error: UsageError | UnknownRole) -> Reply:
    if isinstance(error, UsageError):
        return error_reply(error.message, error.hint)
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
