"""The console used to be user `cli`; it is the login name now. Opening the store moves what
`cli` had to the login name when that has nothing yet, once; otherwise it leaves both."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.runtime import open_store
from bot.settings import Settings
from core.kernel.identity import UserKey
from core.kernel.platform import Platform
from core.store.moves import Moved
from tests.conftest import FakeClock

CLI = UserKey(Platform.CONSOLE, "local", "cli")
ADA = UserKey(Platform.CONSOLE, "local", "ada")


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setattr("getpass.getuser", lambda: "ada")
    return Settings(data_dir=tmp_path, _env_file=None)


async def test_opening_the_store_moves_the_old_console_users_data_to_the_login_name(
    settings: Settings, clock: FakeClock
) -> None:
    store = await open_store(settings)
    await store.users.update_profile(CLI, clock(), role="amazon-pm")
    await store.close()

    store = await open_store(settings)
    try:
        profile = await store.users.user(ADA)
        assert profile is not None
        assert profile.target_role == "amazon-pm"
        assert await store.users.user(CLI) is None
        assert await store.move_user(CLI, "ada") is Moved.NOTHING  # nothing left to move
    finally:
        await store.close()


async def test_a_login_name_with_data_of_its_own_keeps_it_and_cli_keeps_its_own(
    settings: Settings, clock: FakeClock
) -> None:
    store = await open_store(settings)
    await store.users.update_profile(ADA, clock(), role="netflix-pm")
    await store.users.update_profile(CLI, clock(), role="amazon-pm")
    await store.close()

    store = await open_store(settings)
    try:
        ada, cli = await store.users.user(ADA), await store.users.user(CLI)
        assert ada is not None
        assert cli is not None
        assert (ada.target_role, cli.target_role) == ("netflix-pm", "amazon-pm")
    finally:
        await store.close()
