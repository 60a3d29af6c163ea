"""Each workspace's bank as commands and the dispatcher see it: built from the store once per
change of the workspace's revision and kept, so that choosing a question reads one small row
(the revision) rather than every question the workspace has."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Protocol

from core.content.models import PracticeQuestion
from core.kernel.identity import UserKey
from core.kernel.platform import Platform
from core.questions.bank import Bank, BankKey, Draft, GroupQuestion, Status, StoredBank

KEPT = 64  # banks of their own kept in memory; a workspace without one shares the shipped


class QuestionStore(Protocol):
    """A workspace's own questions and what it hides of the shipped bank."""

    async def revisions(self, banks: Collection[BankKey]) -> dict[BankKey, int]: ...

    async def load(self, platform: Platform, workspace: str) -> StoredBank: ...

    async def add(
        self,
        platform: Platform,
        workspace: str,
        drafts: Sequence[Draft],
        proposer: str,
        status: Status,
        now: datetime,
    ) -> list[GroupQuestion]: ...

    async def decide(
        self,
        platform: Platform,
        workspace: str,
        number: int,
        was: Collection[Status],
        becomes: Status,
        by: str,
        now: datetime,
        draft: Draft | None = None,
    ) -> bool: ...

    async def forget(self, key: UserKey) -> int: ...

    async def hide(
        self, platform: Platform, workspace: str, question_id: str, hidden: bool
    ) -> bool: ...


class Library:
    def __init__(self, shipped: Sequence[PracticeQuestion], store: QuestionStore) -> None:
        self.store = store
        self.shipped_only = Bank(tuple(shipped))
        self._banks: OrderedDict[BankKey, Bank] = OrderedDict()

    async def bank(self, platform: Platform, workspace: str) -> Bank:
        return (await self.banks([(platform, workspace)]))[(platform, workspace)]

    async def banks(self, keys: Collection[BankKey]) -> dict[BankKey, Bank]:
        """The bank of each workspace, reading only the revisions when none has changed."""
        wanted = set(keys)
        revisions = await self.store.revisions(wanted)
        found: dict[BankKey, Bank] = {}
        for key in sorted(wanted):
            revision = revisions.get(key)
            if revision is None:
                found[key] = self.shipped_only
                continue
            held = self._banks.get(key)
            if held is None or held.revision != revision:
                held = self._build(await self.store.load(*key))
                self._banks[key] = held
                while len(self._banks) > KEPT:
                    self._banks.popitem(last=False)
            self._banks.move_to_end(key)
            found[key] = held
        return found

    def _build(self, stored: StoredBank) -> Bank:
        return Bank(self.shipped_only.shipped, stored.questions, stored.hidden, stored.revision)
