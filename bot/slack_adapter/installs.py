"""The app's installations in many workspaces: slack_sdk's SQLAlchemy installation store
behind a cache of bot tokens that Bolt's authorization (every request) and the messenger
(every scheduled post) share, with the Enterprise Grid organisation each workspace belongs to.

Replicas each keep their own cache, for `ttl` seconds: a token revoked meanwhile fails with
`invalid_auth` and is looked up again (see messenger.py), so a stale entry costs one call.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol, TypeVar

from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.installation_store.models.bot import Bot
from slack_sdk.oauth.installation_store.models.installation import Installation
from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from sqlalchemy import Boolean, Column, Index, MetaData, String, Table, select

from core.store.database import dialect_module

log = logging.getLogger(__name__)

K = TypeVar("K")
V = TypeVar("V")

TTL = 300.0
CAPACITY = 50_000

# Which organisation a workspace of Enterprise Grid belongs to, and whether the app was
# installed for the whole organisation. Created by the migrations (0005).
TEAMS = Table(
    "slack_teams",
    MetaData(),
    Column("team_id", String(32), primary_key=True),
    Column("enterprise_id", String(32), nullable=False),
    Column("is_enterprise_install", Boolean, nullable=False),
    Index("ix_slack_teams_enterprise_id", "enterprise_id"),
)


class Lookups(Protocol):
    def token_lookup(self, hit: bool) -> None: ...


class _Uncounted:
    def token_lookup(self, hit: bool) -> None:
        return None


NO_LOOKUPS: Lookups = _Uncounted()


@dataclass(frozen=True)
class Where:
    """How the installation store finds a workspace's bot."""

    enterprise_id: str | None
    team_id: str | None  # None for an organisation-wide install
    is_enterprise_install: bool

    @classmethod
    def of(cls, enterprise_id: str | None, team_id: str | None, org_wide: bool | None) -> Where:
        return cls(enterprise_id, None if org_wide else team_id, bool(org_wide))


Changed = Callable[[list[str]], Awaitable[None]]  # the workspaces (team ids) it concerns


class Installations(AsyncInstallationStore):
    """slack_sdk's store, read through a cache; `on_installed` hears of every (re)install."""

    def __init__(
        self,
        store: AsyncSQLAlchemyInstallationStore,
        lookups: Lookups,
        *,
        ttl: float = TTL,
        capacity: int = CAPACITY,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self.lookups = lookups
        self.ttl = ttl
        self.capacity = capacity
        self.clock = clock
        self.on_installed: Changed | None = None
        self._bots: OrderedDict[Where, tuple[float, Bot | None]] = OrderedDict()
        self._tokens: OrderedDict[str, tuple[float, Where, str]] = OrderedDict()
        self._known_teams: set[str] = set()

    @property
    def logger(self) -> logging.Logger:
        return log

    # what the messenger and People ask -------------------------------------------------

    async def bot_token(self, workspace: str) -> str | None:
        """The bot token to call Slack with for a workspace (team id); None where the app
        is not installed."""
        now = self.clock()
        cached = self._tokens.get(workspace)
        if cached is not None and cached[0] > now:
            self._tokens.move_to_end(workspace)
            self.lookups.token_lookup(True)
            return cached[2]
        self.lookups.token_lookup(False)
        where = await self._where(workspace)
        bot = await self.store.async_find_bot(
            enterprise_id=where.enterprise_id,
            team_id=where.team_id,
            is_enterprise_install=where.is_enterprise_install,
        )
        if bot is None or not bot.bot_token:
            return None  # not cached: an install in another replica must be seen at once
        _remember(self._tokens, workspace, (now + self.ttl, where, bot.bot_token), self.capacity)
        return bot.bot_token

    def forget(self, workspace: str) -> None:
        """Drop a workspace's token (Slack refused it), so that the next call looks again."""
        where = self._tokens.pop(workspace, (0.0, None, ""))[1]
        if where is not None:
            self._forget(where)

    async def teams_of(self, enterprise_id: str) -> list[str]:
        """The workspaces of an organisation that have used an organisation-wide install."""
        async with self.store.engine.connect() as connection:
            found = await connection.execute(
                select(TEAMS.c.team_id).where(
                    TEAMS.c.enterprise_id == enterprise_id, TEAMS.c.is_enterprise_install
                )
            )
            return [str(team) for team in found.scalars()]

    # the installation store Bolt uses ------------------------------------------------

    async def async_find_bot(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None = False,
    ) -> Bot | None:
        if enterprise_id is not None and team_id is not None:
            await self._learn(team_id, enterprise_id, bool(is_enterprise_install))
        where = Where.of(enterprise_id, team_id, is_enterprise_install)
        now = self.clock()
        cached = self._bots.get(where)
        if cached is not None and cached[0] > now:
            self._bots.move_to_end(where)
            self.lookups.token_lookup(True)
            return cached[1]
        self.lookups.token_lookup(False)
        bot = await self.store.async_find_bot(
            enterprise_id=where.enterprise_id,
            team_id=where.team_id,
            is_enterprise_install=where.is_enterprise_install,
        )
        if bot is not None:
            _remember(self._bots, where, (now + self.ttl, bot), self.capacity)
        return bot

    async def async_find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        return await self.store.async_find_installation(
            enterprise_id=enterprise_id,
            team_id=team_id,
            user_id=user_id,
            is_enterprise_install=is_enterprise_install,
        )

    async def async_save(self, installation: Installation) -> None:
        await self.store.async_save(installation)
        org_wide = bool(installation.is_enterprise_install)
        where = Where.of(installation.enterprise_id, installation.team_id, org_wide)
        self._forget(where)
        if installation.enterprise_id and installation.team_id and not org_wide:
            await self._learn(installation.team_id, installation.enterprise_id, False)
        log.info("installed in %s", installation.team_id or installation.enterprise_id)
        if self.on_installed is not None:
            await self.on_installed(await self.workspaces(where))

    async def async_save_bot(self, bot: Bot) -> None:
        await self.store.async_save_bot(bot)
        self._forget(Where.of(bot.enterprise_id, bot.team_id, bot.is_enterprise_install))

    async def async_delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        await self.store.async_delete_bot(enterprise_id=enterprise_id, team_id=team_id)
        self._forget(Where(enterprise_id, team_id, team_id is None))

    async def async_delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        await self.store.async_delete_installation(
            enterprise_id=enterprise_id, team_id=team_id, user_id=user_id
        )
        self._forget(Where(enterprise_id, team_id, team_id is None))

    async def workspaces(self, where: Where) -> list[str]:
        """The workspaces an installation serves: its own, or its organisation's."""
        if where.team_id is not None:
            return [where.team_id]
        return await self.teams_of(where.enterprise_id) if where.enterprise_id else []

    # inside ----------------------------------------------------------------------------

    async def _where(self, workspace: str) -> Where:
        async with self.store.engine.connect() as connection:
            found = await connection.execute(
                select(TEAMS.c.enterprise_id, TEAMS.c.is_enterprise_install).where(
                    TEAMS.c.team_id == workspace
                )
            )
            row = found.first()
        if row is None:
            return Where(None, workspace, False)
        return Where.of(row.enterprise_id, workspace, row.is_enterprise_install)

    async def _learn(self, team_id: str, enterprise_id: str, org_wide: bool) -> None:
        """Note which organisation a workspace belongs to (once per process and team)."""
        if team_id in self._known_teams:
            return
        insert = dialect_module(self.store.engine.dialect.name).insert(TEAMS)
        values = {"enterprise_id": enterprise_id, "is_enterprise_install": org_wide}
        statement = insert.values(team_id=team_id, **values).on_conflict_do_update(
            index_elements=["team_id"], set_=values
        )
        async with self.store.engine.begin() as connection:
            await connection.execute(statement)
        self._known_teams.add(team_id)

    def _forget(self, where: Where) -> None:
        self._bots.pop(where, None)
        stale = [w for w, (_, at, _) in self._tokens.items() if _covers(where, at)]
        for workspace in stale:
            self._tokens.pop(workspace, None)


def _covers(changed: Where, cached: Where) -> bool:
    if changed.team_id is None:  # an organisation-wide change touches its every workspace
        return cached.enterprise_id == changed.enterprise_id
    return cached.team_id == changed.team_id


def _remember(cache: OrderedDict[K, V], key: K, value: V, capacity: int) -> None:
    cache[key] = value
    cache.move_to_end(key)
    while len(cache) > capacity:
        cache.popitem(last=False)
