"""Turn a typed command or a button press into a reply. Every input gets a reply."""

from __future__ import annotations

import difflib
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from core.aspects import Aspect, parse_aspect
from core.cards import (
    OPEN_ACTION,
    SHARE_ACTION,
    comparison_reply,
    opener,
    role_card_reply,
    role_list,
)
from core.catalog import Catalog, UnknownRole
from core.commands.errors import UsageError
from core.commands.help import COMMANDS, help_reply, usage_hint
from core.commands.prep import PrepCommands
from core.commands.tokens import tokenize
from core.content.models import Category, Role
from core.fit import ANSWER_ACTION, FitEngine, StaleQuiz
from core.identity import Caller
from core.practice import (
    NEXT_ACTION,
    REVEAL_ACTION,
    current_round,
    parse_category,
    pick,
    pool,
    question_reply,
    rubric_reply,
)
from core.reply import Reply, Visibility, error_reply
from core.safety import defang, quoted
from core.store.repository import Store

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
Route = Callable[[list[str], Caller], Awaitable[Reply]]
ActionRoute = Callable[[str, Caller], Awaitable[Reply]]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class RoleWords:
    """A role found at the start of a list of words, and the words left after it."""

    role: Role
    rest: list[str]


class CommandHandler:
    def __init__(
        self,
        catalog: Catalog,
        store: Store,
        clock: Clock = utc_now,
        rng: random.Random | None = None,
        summary_hour: int = 18,
    ) -> None:
        self.catalog = catalog
        self.store = store
        self.clock = clock
        self.rng = rng or random.Random()
        self.fit = FitEngine(catalog)
        self.prep = PrepCommands(catalog, store, clock, self.rng, self.find_role, summary_hour)
        self.routes: dict[str, Route] = {
            "compare": self._compare,
            "role": self._role,
            "roles": self._role,
            "fit": self._fit,
            "practice": self._practice,
            "help": self._help,
            "prep": self.prep.handle,
        }
        self.actions: dict[str, ActionRoute] = {
            SHARE_ACTION: self._share,
            OPEN_ACTION: opener(catalog),
            ANSWER_ACTION: self._fit_answer,
            REVEAL_ACTION: self._reveal,
            NEXT_ACTION: self._next_question,
            **self.prep.actions,
        }

    async def handle(self, text: str, caller: Caller) -> Reply:
        try:
            line = tokenize(text)
            route = self.routes.get(line.name)
            if route is None:
                raise _unknown_command(line.name)
            return await route(line.args, caller)
        except UsageError as error:
            return error_reply(error.message, error.hint)
        except UnknownRole as error:
            return _unknown_role_reply(error)
        except Exception:
            log.exception("command failed: %s", defang(text, 200))
            return internal_error()

    async def home(self, caller: Caller) -> Reply:
        """The user's overview (Slack's App Home)."""
        try:
            return await self.prep.home(caller)
        except Exception:
            log.exception("home failed")
            return internal_error()

    async def press(self, action: str, payload: str, caller: Caller) -> Reply:
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

    # roles -----------------------------------------------------------------------------

    def find_role(self, words: list[str]) -> RoleWords | None:
        """The longest run of leading words that names a role."""
        for end in range(len(words), 0, -1):
            role = self.catalog.find(" ".join(words[:end]))
            if role is not None:
                return RoleWords(role, words[end:])
        return None

    def _require_role(self, words: list[str], command: str) -> RoleWords:
        found = self.find_role(words)
        if found is None:
            if not words:
                raise UsageError("Which role?", usage_hint(command))
            raise UnknownRole(words[0], self.catalog.suggest(words[0]))
        return found

    async def _compare(self, args: list[str], caller: Caller) -> Reply:
        if len(args) < 2:
            raise UsageError("`/compare` needs two roles.", usage_hint("compare"))
        first = self._require_role(args, "compare")
        if not first.rest:
            raise UsageError(
                f"`/compare` needs a second role to set against {first.role.id}.",
                usage_hint("compare"),
            )
        second = self._require_role(first.rest, "compare")
        if (third := self.find_role(second.rest)) is not None:
            raise UsageError(
                f"`/compare` sets two roles side by side, not three ({third.role.id} too).",
                f"Compare them in pairs, e.g. `/compare {first.role.id} {third.role.id}`.",
            )
        aspect = _aspect(second.rest)
        return await comparison_reply(self.catalog, first.role, second.role, aspect)

    async def _role(self, args: list[str], caller: Caller) -> Reply:
        if not args:
            return role_list(self.catalog)
        found = self._require_role(args, "role")
        if (other := self.find_role(found.rest)) is not None:
            raise UsageError(
                "`/role` shows one role at a time.",
                f"To set two side by side: `/compare {found.role.id} {other.role.id}`.",
            )
        return await role_card_reply(self.catalog, found.role, _aspect(found.rest))

    async def _share(self, payload: str, caller: Caller) -> Reply:
        line = tokenize(payload)
        if line.name not in ("compare", "role"):
            raise UsageError("That share button is not valid.", "Run the command again.")
        reply = await self.routes[line.name](line.args, caller)
        return reply.model_copy(update={"visibility": Visibility.CHANNEL, "buttons": ()})

    # the fit quiz ----------------------------------------------------------------------

    async def _fit(self, args: list[str], caller: Caller) -> Reply:
        if args:
            raise UsageError("`/fit` takes no arguments.", "Type `/fit` on its own.")
        return self.fit.start()

    async def _fit_answer(self, payload: str, caller: Caller) -> Reply:
        try:
            answers = self.fit.parse_payload(payload)
        except StaleQuiz:
            raise UsageError(
                "The quiz has changed since that question was asked.", "Type `/fit` to start again."
            ) from None
        if not self.fit.is_complete(answers):
            return self.fit.question_reply(answers)
        result = self.fit.score(answers)
        await self.store.record_fit(caller.key, result.best, answers, self.clock())
        return self.fit.result_reply(result)

    # practice --------------------------------------------------------------------------

    async def _practice(self, args: list[str], caller: Caller) -> Reply:
        """A role and a category, each optional, in either order."""
        role: Role | None = None
        category: Category | None = None
        words = args
        while words:
            if role is None and (found := self.find_role(words)) is not None:
                role, words = found.role, found.rest
            elif category is None and (leading := _leading_category(words)) is not None:
                category, words = leading
            else:
                break
        if words:
            if role is not None and self.find_role(words) is not None:
                raise UsageError("`/practice` takes one role at a time.", usage_hint("practice"))
            if role is None and len(words) == 1 and self.catalog.suggest(words[0]):
                raise UnknownRole(words[0], self.catalog.suggest(words[0]))
            raise UsageError(
                f"I don't know the role or category {quoted(' '.join(words))}.",
                "Categories: "
                + ", ".join(c.value for c in Category)
                + ". "
                + usage_hint("practice"),
            )
        return await self._ask(caller, role.id if role else None, category)

    async def _ask(self, caller: Caller, role_id: str | None, category: Category | None) -> Reply:
        candidates = pool(self.catalog.content.questions, role_id, category)
        if not candidates:
            what = f"{category.value} questions" if category else "questions"
            raise UsageError(
                f"There are no {what} for {role_id or 'any role'} yet.",
                f"Try `/practice {role_id}` for any category." if role_id else "Try `/practice`.",
            )
        seen = await self.store.practice_history(caller.key)
        question = pick(candidates, current_round(seen, {q.id for q in candidates}), self.rng)
        assert question is not None
        await self.store.record_practice(caller.key, question.id, self.clock())
        return question_reply(
            question, self.catalog.content.roles, role_id, articles=self.catalog.content.articles
        )

    async def _reveal(self, payload: str, caller: Caller) -> Reply:
        question = next((q for q in self.catalog.content.questions if q.id == payload), None)
        if question is None:
            raise UsageError("That question is no longer in the bank.", "Try `/practice`.")
        return rubric_reply(question, articles=self.catalog.content.articles)

    async def _next_question(self, payload: str, caller: Caller) -> Reply:
        role_id, _, category = payload.partition("|")
        role = self.catalog.content.roles.get(role_id) if role_id else None
        return await self._ask(caller, role.id if role else None, parse_category(category or ""))

    async def _help(self, args: list[str], caller: Caller) -> Reply:
        return help_reply(" ".join(args))


def _leading_category(words: list[str]) -> tuple[Category, list[str]] | None:
    """The longest run of leading words that names a category ("leadership principles"),
    and the words after it."""
    for end in range(len(words), 0, -1):
        category = parse_category(" ".join(words[:end]))
        if category is not None:
            return category, words[end:]
    return None


def _aspect(words: list[str]) -> Aspect | None:
    if not words:
        return None
    aspect = parse_aspect(" ".join(words))
    if aspect is None:
        raise UsageError(
            f"I don't know the aspect {quoted(' '.join(words))}.",
            "Aspects: " + ", ".join(a.value for a in Aspect) + ".",
        )
    return aspect


def _unknown_command(name: str) -> UsageError:
    close = difflib.get_close_matches(name, COMMANDS, n=1)
    hint = f"Did you mean `/{close[0]}`? " if close else ""
    return UsageError(f"I don't know the command {quoted(name)}.", hint + "Type `/help`.")


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
    )
