"""Settings read from the environment: the data directory as `.env.example` writes it."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.runtime import open_database
from bot.settings import Settings


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("DATA_DIR", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    return tmp_path


def test_a_data_dir_starting_with_a_tilde_is_under_the_home_directory(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATA_DIR", "~/.local/share/prepbot")
    settings = Settings(_env_file=None)
    assert settings.data_dir == home / ".local" / "share" / "prepbot"
    assert "~" not in settings.database


async def test_the_bot_starts_with_the_data_dir_from_the_example_file(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    example = (Path(__file__).parents[2] / ".env.example").read_text()
    line = next(x for x in example.splitlines() if x.startswith("# DATA_DIR="))
    value = line.removeprefix("# DATA_DIR=").split()[0]
    assert value.startswith("~/")
    monkeypatch.setenv("DATA_DIR", value)
    engine = await open_database(Settings(_env_file=None))
    await engine.dispose()
    database = home / value.removeprefix("~/") / "prepbot.sqlite3"
    assert await asyncio.to_thread(database.exists)


def test_the_default_data_dir_is_the_platforms_user_data_dir(home: Path) -> None:
    assert Settings(_env_file=None).data_dir == home / "xdg" / "prepbot"
