"""Moving a member's rows to another user id of the workspace: everything goes, once, and
only into an id that holds nothing."""

from __future__ import annotations

from dataclasses import replace

from core.commands.handler import CommandHandler
from core.kernel.identity import Caller, UserKey
from core.kernel.platform import Platform
from core.scheduling.schedules import ScheduleKind
from core.store.moves import Moved
from core.store.store import Store
from tests.conftest import FakeClock

OLD = Caller(platform=Platform.CONSOLE, workspace="local", user="cli", channel="console")
NEW = replace(OLD, user="ada")
KINDS = (ScheduleKind.CHANNEL, ScheduleKind.CHECKIN)


async def _history(handler: CommandHandler, caller: Caller) -> None:
    await handler.handle("/prep profile role=amazon-pm tz=Europe/Paris", caller)
    await handler.handle("/prep checkin 08:00", caller)
    await handler.handle("/prep schedule #study 09:00 UTC", caller)
    revealed = await handler.press("practice.reveal", "amzn-pm-lp-01", caller)
    good = next(b for b in revealed.buttons if b.label == "Good")
    await handler.press(good.action, good.payload, caller)


async def test_everything_about_the_old_id_moves_to_the_new_one_once(
    handler: CommandHandler, store: Store, clock: FakeClock
) -> None:
    admin = replace(OLD, is_admin=True)
    await _history(handler, admin)
    await store.pairs.join(OLD.key, "study", clock())

    assert await store.move_user(OLD.key, "ada") is Moved.MOVED

    profile = await store.users.user(NEW.key)
    assert profile is not None
    assert (profile.target_role, profile.timezone) == ("amazon-pm", "Europe/Paris")
    assert [c.question_id for c in await store.cards.cards(NEW.key)] == ["amzn-pm-lp-01"]
    mine = await store.schedules.find(Platform.CONSOLE, "local", owner="ada", kinds=KINDS)
    assert sorted((s.kind, s.target) for s in mine) == [
        (ScheduleKind.CHANNEL, "study"),
        (ScheduleKind.CHECKIN, "ada"),
    ]
    assert await store.pairs.members(Platform.CONSOLE, "local", "study") == ["ada"]
    assert await store.users.user(OLD.key) is None
    assert await store.schedules.find(Platform.CONSOLE, "local", owner="cli", kinds=KINDS) == []
    assert "amazon-pm" in (await handler.handle("/prep profile", NEW)).plain_text()

    assert await store.move_user(OLD.key, "ada") is Moved.NOTHING  # once: cli holds nothing


async def test_nothing_moves_into_an_id_that_has_data_of_its_own(
    handler: CommandHandler, store: Store
) -> None:
    await _history(handler, replace(OLD, is_admin=True))
    await handler.handle("/prep profile role=netflix-pm", NEW)

    assert await store.move_user(OLD.key, "ada") is Moved.TAKEN

    old, new = await store.users.user(OLD.key), await store.users.user(NEW.key)
    assert old is not None
    assert new is not None
    assert (old.target_role, new.target_role) == ("amazon-pm", "netflix-pm")
    assert await store.cards.cards(NEW.key) == []
    assert len(await store.schedules.find(Platform.CONSOLE, "local", owner="cli", kinds=KINDS)) == 2


async def test_another_workspace_is_not_touched(handler: CommandHandler, store: Store) -> None:
    elsewhere = replace(OLD, platform=Platform.SLACK, workspace="T1")
    await handler.handle("/prep profile role=amazon-pm", elsewhere)

    assert await store.move_user(OLD.key, "ada") is Moved.NOTHING
    assert await store.users.user(elsewhere.key) is not None
    assert await store.users.user(UserKey(Platform.SLACK, "T1", "ada")) is None
