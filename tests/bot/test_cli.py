from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main

CONTENT = Path(__file__).resolve().parents[2] / "content"


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    for name in ("SLACK_BOT_TOKEN", "DISCORD_TOKEN", "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path / "data"


def test_ask_json_prints_the_neutral_reply(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    assert main(["ask", "/compare netflix-pm amazon-pm comp", "--json"]) == 0
    reply = json.loads(capsys.readouterr().out)
    [table] = [s for s in reply["sections"] if s["kind"] == "comparison"]
    assert table["left_title"] == "netflix-pm"
    assert not (data_dir / "prepbot.sqlite3").exists()  # read-only: no database touched


def test_ask_renders_a_typo_suggestion(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "/compare netflx-pm amazon-pm"]) == 1  # a usage error
    assert "netflix-pm" in capsys.readouterr().out


def test_content_check_passes_on_the_packaged_content(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["content", "check"]) == 0
    assert "valid" in capsys.readouterr().out


def test_content_check_fails_on_a_broken_copy_naming_file_and_field(tmp_path: Path) -> None:
    broken = tmp_path / "content"
    shutil.copytree(CONTENT, broken)
    quiz = broken / "fit_quiz.yaml"
    quiz.write_text(quiz.read_text().replace("prompt:", "promt:", 1))
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "content", "check", str(broken)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "fit_quiz.yaml" in done.stderr
    assert "promt" in done.stderr
    assert "Traceback" not in done.stderr


def test_content_check_refuses_an_edit_that_makes_a_view_too_long_for_a_phone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edited = tmp_path / "content"
    shutil.copytree(CONTENT, edited)
    role = edited / "roles" / "netflix-pm.yaml"
    item = "Rehearse product-development scenarios."
    long = " ".join(
        f"Rehearse scenario {n} with a peer, aloud and against the clock." for n in range(23)
    )
    assert item in role.read_text()
    role.write_text(role.read_text().replace(item, long, 1))
    assert main(["content", "check", str(edited)]) == 1
    err = capsys.readouterr().err
    assert re.search(r"`/compare netflix-pm amazon-pm checklist`: \d+ lines at 80 columns", err)
    assert "more than 60" in err
    assert "`/compare amazon-pm netflix-pm scope`" not in err  # only what grew is named


def test_a_broken_content_dir_stops_the_bot_with_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CONTENT_DIR", str(tmp_path / "nowhere"))
    assert main(["ask", "/role"]) == 2
    assert "sources.yaml" in capsys.readouterr().err


def test_schedule_preview_lists_local_and_utc_times(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "/prep schedule #study 09:30 America/New_York mon"]) == 0
    capsys.readouterr()
    assert main(["schedule", "preview", "--count", "2"]) == 0
    out = capsys.readouterr().out
    assert "console:study" in out
    assert out.count("09:30 E") == 2
    assert "(13:30 UTC)" in out or "(14:30 UTC)" in out


def test_invalid_settings_name_the_variable_but_never_echo_its_value(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SLACK_PORT", "hunter2-secret")
    assert main(["ask", "/role"]) == 2
    err = capsys.readouterr().err
    assert "SLACK_PORT" in err
    assert "hunter2-secret" not in err


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("DATA_DIR", "/proc/no-such-place", "Cannot open the database"),
        ("DATABASE_URL", "not a url", "Cannot open the database"),
        ("DATABASE_URL", "mysql://ada:pw-secret@db/prep", "no driver for"),
    ],
)
def test_an_unusable_database_stops_with_a_message_not_a_traceback(
    variable: str,
    value: str,
    expected: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv(variable, value)
    for command in (["ask", "/prep profile"], ["db", "upgrade"]):
        assert main(command) == 2
        err = capsys.readouterr().err
        assert expected in err
        assert "pw-secret" not in err


def test_schedule_preview_wants_a_count_of_at_least_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        main(["schedule", "preview", "--count", "0"])
    assert "1 or more" in capsys.readouterr().err


def test_an_unknown_log_level_is_a_settings_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LOG_LEVEL", "verbose")
    assert main(["ask", "/role"]) == 2
    assert "LOG_LEVEL" in capsys.readouterr().err
    monkeypatch.setenv("LOG_LEVEL", "warning")  # any case
    assert main(["ask", "/role"]) == 0


def test_ask_saves_a_chart_beside_the_data(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    assert main(["ask", "/compare netflix-pm amazon-pm comp"]) == 0
    (chart,) = (data_dir / "charts").iterdir()
    assert chart.read_bytes().startswith(b"\x89PNG")
    assert chart.name in capsys.readouterr().out.replace("\n", "")
