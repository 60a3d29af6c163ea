"""`prepbot ask` for scripts, and one identity shared with the console REPL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

from bot.cli import main
from bot.console_adapter.ask import exit_code
from core.commands.handler import internal_error
from core.content.loader import Content


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("LOGNAME", "ada")  # the console's user, here and in a subprocess
    for name in ("SLACK_BOT_TOKEN", "DISCORD_TOKEN", "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path / "data"


def prepbot_command() -> list[str]:
    """The installed `prepbot` command (the module, when the script is not beside Python)."""
    script = Path(sys.executable).with_name("prepbot")
    return [str(script)] if script.exists() else [sys.executable, "-m", "bot.cli"]


def prepbot(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [*prepbot_command(), *args], input=stdin, capture_output=True, env=os.environ, check=False
    )


def test_a_profile_set_with_ask_is_seen_and_forgotten_in_the_repl(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["ask", "/prep profile role=amazon-pm"]) == 0
    capsys.readouterr()

    repl = prepbot(stdin=b"/prep profile\n/prep forget\n1\n")
    out = repl.stdout.decode()
    assert repl.returncode == 0, repl.stderr.decode()
    profile = out[out.index("Your profile") : out.index("Delete everything")]
    assert "amazon-pm" in profile
    assert "Everything I stored about you is gone" in out

    assert main(["ask", "/prep forget", "--press", "1"]) == 0
    assert "I had nothing stored about you" in capsys.readouterr().out


def test_piped_into_the_repl_there_is_no_terminal_noise() -> None:
    repl = prepbot(stdin=b"/role netflix-pm skills\n")
    assert repl.returncode == 0
    assert b"not a terminal" not in repl.stderr
    assert b"\x1b[" not in repl.stdout
    assert b"prepbot> " not in repl.stdout
    assert b"Skills" in repl.stdout


def test_quit_leaves_while_the_pipe_is_still_open() -> None:
    """The reader waiting for more input must neither hold the process nor abort its exit."""
    with subprocess.Popen(
        prepbot_command(), stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    ) as repl:
        assert repl.stdin is not None
        assert repl.stderr is not None
        repl.stdin.write(b"/quit\n")
        repl.stdin.flush()  # and the pipe stays open
        code = repl.wait(timeout=60)
        err = repl.stderr.read().decode()
    assert code == 0, err
    assert "Fatal Python error" not in err


def test_press_confirms_forget(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "/prep profile role=amazon-pm"]) == 0
    assert main(["ask", "/prep forget"]) == 0  # asks first, deletes nothing
    assert main(["ask", "/prep profile"]) == 0
    assert "amazon-pm" in capsys.readouterr().out
    assert main(["ask", "/prep forget", "--press", "1"]) == 0
    out = capsys.readouterr().out
    assert "→ pressed 1: Yes, delete it all" in out
    assert "Everything I stored about you is gone" in out
    assert main(["ask", "/prep profile"]) == 0
    assert "amazon-pm" not in capsys.readouterr().out


def test_repeated_presses_answer_the_whole_quiz(
    capsys: pytest.CaptureFixture[str], content: Content
) -> None:
    presses = [word for _ in content.quiz.questions for word in ("--press", "1")]
    assert main(["ask", "/fit", *presses, "--json"]) == 0
    reply = json.loads(capsys.readouterr().out)
    assert reply["title"] == "Your fit quiz result"
    assert reply["problem"] is None


def test_a_press_beyond_the_buttons_says_which_exist(
    capsys: pytest.CaptureFixture[str], content: Content
) -> None:
    options = len(content.quiz.questions[0].options)
    assert main(["ask", "/fit", "--press", str(options + 1)]) == 1
    out = capsys.readouterr().out
    assert f"There is no button {options + 1}" in out
    assert f"--press 1 to {options}" in out
    assert main(["ask", "/role", "--press", "1"]) == 1
    assert "It has no buttons." in capsys.readouterr().out


def test_press_wants_a_number_of_at_least_one(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["ask", "/fit", "--press", "0"])
    assert "1 or more" in capsys.readouterr().err


def test_a_press_after_an_error_is_not_attempted(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "/nonsense", "--press", "1", "--json"]) == 2
    reply = json.loads(capsys.readouterr().out)
    assert reply["problem"] == "unknown_command"
    assert "nonsense" in json.dumps(reply["sections"])


@pytest.mark.parametrize(
    ("command", "code", "problem"),
    [
        ("/role amazon-pm", 0, None),
        ("/compare amazon-pm", 1, "usage"),
        ("/role nosuchrole", 1, "usage"),
        ("/frobnicate", 2, "unknown_command"),
    ],
)
def test_the_exit_code_says_what_kind_of_reply_it_was(
    command: str, code: int, problem: str | None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ask", command]) == code
    capsys.readouterr()
    assert main(["ask", command, "--json"]) == code
    assert json.loads(capsys.readouterr().out)["problem"] == problem


def test_an_internal_error_has_an_exit_code_of_its_own() -> None:
    assert exit_code(internal_error()) not in (0, 1, 2)


def test_ask_does_not_offer_to_type_a_number(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "/fit"]) == 0
    out = capsys.readouterr().out
    assert "[1]" in out
    assert "type a number" not in out
    assert "--press N" in out


def test_ask_shows_inline_code_without_backticks(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "/help"]) == 0
    out = capsys.readouterr().out
    assert "/prep help COMMAND" in out
    assert "`" not in out


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"prepbot {metadata.version('prepbot')}"


def test_ask_saves_every_chart_of_a_reply_as_the_repl_does(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    assert main(["ask", "/prep profile role=amazon-pm"]) == 0
    assert main(["ask", "/prep stats"]) == 0
    saved = sorted(p.name for p in (data_dir / "charts").iterdir())
    assert saved == ["practice-days.png", "retention.png"]
    out = "".join(capsys.readouterr().out.split())  # a long path wraps
    assert all(f"Chartsavedto{data_dir / 'charts' / name}" in out for name in saved)


def test_ask_json_leaves_the_images_out_and_saves_them_too(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    assert main(["ask", "/prep profile role=amazon-pm"]) == 0
    capsys.readouterr()
    assert main(["ask", "/prep stats", "--json"]) == 0
    printed = capsys.readouterr()
    reply = json.loads(printed.out)
    assert reply["title"] == "Your stats"
    assert "charts" not in reply
    assert len(list((data_dir / "charts").iterdir())) == 2
    assert printed.err.count("Chart saved to") == 2  # beside the JSON, not in it
