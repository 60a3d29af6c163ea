"""A platform or database whose extra is not installed is named at start-up, with the fix."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from pydantic import SecretStr

from bot import cli, extras
from bot.errors import StartupError
from bot.extras import require, require_database_driver, require_platform
from bot.settings import Settings

MISSING = "prepbot_no_such_module"


def test_a_missing_module_names_the_extra_and_the_command() -> None:
    with pytest.raises(StartupError) as error:
        require("slack", "importlib", MISSING)
    assert str(error.value) == (
        f"Slack needs the slack extra: pip install 'prepbot[slack]' ({MISSING} is not installed)."
    )
    require("slack", "importlib", "json")  # all there: no error


@pytest.fixture
def without(monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """Modules to pretend are not installed."""
    hidden: set[str] = set()
    real = importlib.util.find_spec

    def find_spec(name: str) -> object:
        return None if name in hidden else real(name)

    monkeypatch.setattr(extras, "find_spec", find_spec)
    return hidden


def test_each_platform_needs_its_own_extra_and_the_console_none(without: set[str]) -> None:
    without.update({"slack_bolt", "discord", "asyncpg"})
    with pytest.raises(StartupError, match=r"pip install 'prepbot\[slack\]'"):
        require_platform("slack")
    with pytest.raises(StartupError, match=r"Discord needs the discord extra"):
        require_platform("discord")
    require_platform("console")


def test_postgresql_needs_the_postgres_extra_and_sqlite_does_not(without: set[str]) -> None:
    without.add("asyncpg")
    for url in ("postgresql://bot@db/prepbot", "postgres://bot:secret@db/prepbot"):
        with pytest.raises(StartupError) as error:
            require_database_driver(url)
        assert "pip install 'prepbot[postgres]'" in str(error.value)
        assert "secret" not in str(error.value)
    require_database_driver("sqlite:///prepbot.sqlite3")
    require_database_driver("not a url")  # left for the engine to report


def test_prepbot_run_says_which_extra_is_missing(
    without: set[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    without.add("slack_bolt")
    settings = Settings(
        data_dir=tmp_path,
        slack_bot_token=SecretStr("xoxb-test"),
        slack_signing_secret=SecretStr("secret"),
        _env_file=None,
    )
    monkeypatch.setattr("bot.settings.Settings", lambda: settings)  # cli loads it late
    assert cli.main(["run"]) != 0
    err = " ".join(capsys.readouterr().err.split())
    assert "Cannot start: Slack needs the slack extra: pip install 'prepbot[slack]'" in err
