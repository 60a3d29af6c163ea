"""The port of weekly pairing: who opted in where, the groups each week drew, and the members
of a group that could not meet who asked to be paired again."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Protocol

from core.kernel.identity import UserKey
from core.kernel.platform import Platform
from core.pairing.noshow import Standby
from core.pairing.week import Group, PairGroup


class PairStore(Protocol):
    """Who opted in to a channel's weekly pairing, and the groups of past weeks."""

    async def join(self, key: UserKey, channel: str, now: datetime) -> bool: ...

    async def leave(self, key: UserKey, channel: str) -> bool: ...

    async def members(self, platform: Platform, workspace: str, channel: str) -> list[str]: ...

    async def history(
        self, platform: Platform, workspace: str, channel: str, before: date, weeks: int
    ) -> list[tuple[Group, ...]]: ...

    async def save_week(
        self,
        platform: Platform,
        workspace: str,
        channel: str,
        local_date: date,
        groups: Sequence[Group],
    ) -> list[PairGroup]: ...

    async def mark_sent(self, group_id: int, message_id: str) -> None: ...

    async def group(self, group_id: int) -> PairGroup | None: ...

    async def mark_met(self, group_id: int) -> bool: ...

    async def forget(self, key: UserKey) -> int: ...

    async def week(
        self, platform: Platform, workspace: str, channel: str, local_date: date
    ) -> list[PairGroup]:
        """The groups of that pairing day, rematches included, with who asked for one."""
        ...

    async def latest_day(
        self, platform: Platform, workspace: str, channel: str, on_or_before: date
    ) -> date | None: ...

    async def weeks(
        self, platform: Platform, workspace: str, channel: str, before: date, count: int
    ) -> list[list[PairGroup]]:
        """The groups of each of the last `count` pairing days before `before`, oldest first."""
        ...

    async def mark_reminded(self, group_id: int) -> bool:
        """True only the first time."""
        ...

    async def ask_rematch(self, group_id: int, user_id: str, now: datetime) -> bool:
        """True unless they had asked already."""
        ...

    async def standby(
        self, platform: Platform, workspace: str, channel: str, local_date: date, since: datetime
    ) -> list[Standby]:
        """Who asked for a rematch on that pairing day since `since` and awaits a partner,
        first asked first."""
        ...

    async def rematch(
        self,
        platform: Platform,
        workspace: str,
        channel: str,
        local_date: date,
        members: Group,
        requests: Sequence[Standby],
    ) -> PairGroup | None:
        """A new group of that day for `members`, settling these requests; None (nothing
        written) when one of them was settled meanwhile."""
        ...
