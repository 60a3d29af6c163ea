"""Test doubles for the dispatcher: a recording Messenger that can be told to fail or to "crash",
a recording sleep, and functions that build schedules and kill a "process" mid-tick."""

from __future__ import annotations

import asyncio
import copy
import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, time
from typing import Literal
from zoneinfo import ZoneInfo

from core.kernel.identity import Caller, UserKey
from core.kernel.platform import Platform
from core.kernel.reply import Reply
from core.messenger import Messenger, PermanentError, Post, RateLimited, TransientError
from core.scheduling.recurrence import ALL_DAYS, Recurrence
from core.scheduling.schedules import NewSchedule, Schedule, ScheduleKind, new_schedule
from core.store.store import Store

Kind = Literal["channel", "direct", "group"]


class Crash(BaseException):
    """The process dies here: not an Exception, so nothing in the dispatcher catches it."""


@dataclass(frozen=True)
class Call:
    """One attempt the dispatcher made to send something."""

    kind: Kind
    workspace: str
    target: str
    reply: Reply
    delivery_key: str
    retry: bool


@dataclass
class _Rule:
    error: BaseException
    kind: Kind | None
    target: str | None
    times: int
    after_accepting: bool


@dataclass
class FakeMessenger(Messenger):
    """Records every attempt (`calls`) and every message the platform shows (`posts`).

    Like Discord's nonce with `enforce_nonce` or Slack's metadata check, a retry
    (`retry=True`) whose delivery key was already accepted shows nothing new and returns the
    first message id; a first attempt (`retry=False`) with a key already accepted is shown
    again and counted in `duplicates`, because only the dispatcher can prevent that.
    """

    platform: Platform = Platform.CONSOLE
    calls: list[Call] = field(default_factory=list)
    posts: list[Call] = field(default_factory=list)
    duplicates: list[Call] = field(default_factory=list)
    dead: bool = False
    _rules: list[_Rule] = field(default_factory=list)
    _accepted: dict[str, str] = field(default_factory=dict)

    def fail(
        self,
        error: BaseException,
        *,
        kind: Kind | None = None,
        target: str | None = None,
        times: int = 1,
        after_accepting: bool = False,
    ) -> None:
        """Raise `error` on the next `times` matching calls (before the platform accepts the
        message, or after it has, with `after_accepting`). A `Crash` also kills the
        messenger: every later call crashes too, as nothing runs in a dead process."""
        self._rules.append(_Rule(error, kind, target, times, after_accepting))

    def rate_limit(
        self, retry_after: float, *, kind: Kind | None = None, target: str | None = None
    ) -> None:
        self.fail(RateLimited(retry_after), kind=kind, target=target)

    def transient(
        self, times: int = 1, *, kind: Kind | None = None, target: str | None = None
    ) -> None:
        self.fail(TransientError("502 bad gateway"), kind=kind, target=target, times=times)

    def permanent(
        self,
        reason: str = "channel_not_found",
        *,
        kind: Kind | None = None,
        target: str | None = None,
    ) -> None:
        """Every matching call fails for good from now on."""
        self.fail(PermanentError(reason), kind=kind, target=target, times=10**9)

    def revive(self) -> None:
        """A restarted process: the platform (its posts and the keys it has accepted) is the
        same; the crash and any failures planned for the old process are gone."""
        self.dead = False
        self._rules.clear()

    def posts_to(self, target: str, kind: Kind | None = None) -> list[Call]:
        return [p for p in self.posts if p.target == target and (kind is None or p.kind == kind)]

    @property
    def channel_posts(self) -> list[Call]:
        return [p for p in self.posts if p.kind == "channel"]

    @property
    def direct_posts(self) -> list[Call]:
        return [p for p in self.posts if p.kind == "direct"]

    async def post_to_channel(
        self, workspace: str, channel: str, reply: Reply, *, delivery_key: str, retry: bool = False
    ) -> str:
        return await self._send(Call("channel", workspace, channel, reply, delivery_key, retry))

    async def send_direct(
        self, workspace: str, user: str, reply: Reply, *, delivery_key: str, retry: bool = False
    ) -> str:
        return await self._send(Call("direct", workspace, user, reply, delivery_key, retry))

    async def send_group(self, post: Post, users: Sequence[str]) -> str:
        target = ",".join(users)
        return await self._send(
            Call("group", post.workspace, target, post.reply, post.key, post.retry)
        )

    async def _send(self, call: Call) -> str:
        await asyncio.sleep(0)  # a real send yields to the event loop
        if self.dead:
            raise Crash("the process is dead")
        self.calls.append(call)
        rule = self._match(call)
        if rule is not None and not rule.after_accepting:
            self._raise(rule)
        message_id = self._accept(call)
        if rule is not None:
            self._raise(rule)
        return message_id

    def _match(self, call: Call) -> _Rule | None:
        for rule in self._rules:
            if (
                rule.times > 0
                and rule.kind in (None, call.kind)
                and rule.target in (None, call.target)
            ):
                rule.times -= 1
                return rule
        return None

    def _raise(self, rule: _Rule) -> None:
        if isinstance(rule.error, Crash):
            self.dead = True
        error = rule.error  # a fresh instance each time, as a platform would send
        raise RateLimited(error.retry_after) if isinstance(error, RateLimited) else copy.copy(error)

    def _accept(self, call: Call) -> str:
        known = self._accepted.get(call.delivery_key)
        if known is not None and call.retry:
            return known
        if known is not None:
            self.duplicates.append(call)
        message_id = f"m{len(self.posts) + 1}"
        self._accepted.setdefault(call.delivery_key, message_id)
        self.posts.append(call)
        return message_id


@dataclass
class RecordingSleep:
    """Stands in for asyncio.sleep in the dispatcher's retry waits: records, never waits."""

    waits: list[float] = field(default_factory=list)

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        await asyncio.sleep(0)


async def kill_other_tasks() -> None:
    """After a simulated crash, stop whatever else the "process" had in flight."""
    current = asyncio.current_task()
    others = [t for t in asyncio.all_tasks() if t is not current and not t.done()]
    for task in others:
        task.cancel()
    await asyncio.gather(*others, return_exceptions=True)


def channel_schedule(
    after: datetime,
    *,
    target: str = "study",
    owner: str = "ada",
    at: time = time(9, 0),
    timezone: str = "UTC",
    weekdays: int = ALL_DAYS,
    role: str | None = None,
    category: str | None = None,
    platform: Platform = Platform.CONSOLE,
    workspace: str = "local",
    kind: ScheduleKind = ScheduleKind.CHANNEL,
    next_fire_at: datetime | None = None,
) -> NewSchedule:
    """A schedule whose next occurrence is the first one after `after` (or `next_fire_at`)."""
    schedule = new_schedule(
        UserKey(platform, workspace, owner),
        kind,
        target,
        Recurrence(at, ZoneInfo(timezone), weekdays),
        after,
        role=role,
        category=category,
    )
    if next_fire_at is not None:
        schedule = dataclasses.replace(schedule, next_fire_at=next_fire_at)
    return schedule


async def add(store: Store, schedule: NewSchedule) -> Schedule:
    return await store.schedules.add(schedule)


def due_at(schedule: NewSchedule) -> datetime:
    """When a schedule fires next (it must be scheduled)."""
    assert schedule.next_fire_at is not None
    return schedule.next_fire_at


async def all_schedules(store: Store) -> list[Schedule]:
    """Every schedule in the store, oldest first."""
    return [schedule async for schedule in store.schedules.each()]


def person(user: str, **options: object) -> Caller:
    """A caller in the console workspace, in the channel `study` unless told otherwise."""
    values: dict[str, object] = {"channel": "study", **options}
    return Caller(platform=Platform.CONSOLE, workspace="local", user=user, **values)  # type: ignore[arg-type]
