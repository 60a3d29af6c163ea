"""`prepbot questions import|export`: rows refused by line with the reason, the good ones in
one go, a file that is not a question file in one line, and a bank that survives the round
trip through a fresh database; `--deck` writes an Anki package."""

from __future__ import annotations

import csv
import sqlite3
import zipfile
from pathlib import Path

import pytest

from bot.cli import main
from core.questions.limits import MAX_PROMPT

HEADER = "id,prompt,category,roles,rubric,source\n"
GOOD = (
    ',"How would you size the market for a new plan tier?",market-strategy,netflix-pmm,'
    '"Defines the segment | Builds the estimate from the bottom up | Checks it another way",'
    "from our coach\n"
)


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    for name in ("SLACK_BOT_TOKEN", "DISCORD_TOKEN", "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path / "data"


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_export_writes_every_question_the_workspace_sees(tmp_path: Path) -> None:
    out = tmp_path / "bank.csv"
    assert main(["questions", "export", str(out)]) == 0
    found = rows(out)
    assert list(found[0]) == ["id", "prompt", "category", "roles", "rubric", "source"]
    assert len(found) >= 150
    assert " | " in found[0]["rubric"]


def test_bad_rows_are_refused_by_line_and_the_good_ones_imported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bank = tmp_path / "ours.csv"
    shipped = "Pick a Netflix feature, say the homepage or the playback controls. Critique it and tell me how you would improve it."  # noqa: E501
    bank.write_text(
        HEADER
        + GOOD  # line 2
        + ',"",execution,netflix-pm,"a | b | c",\n'  # 3: no prompt
        + ',"Q one?",execution,netflix-pn,"a | b | c",\n'  # 4: unknown role
        + ',"Q two?",vibes,netflix-pm,"a | b | c",\n'  # 5: unknown category
        + f',"{"x" * (MAX_PROMPT + 1)}",execution,netflix-pm,"a | b | c",\n'  # 6: too long
        + ',"Q three?",execution,netflix-pm,"a | b",\n'  # 7: two points
        + GOOD  # 8: repeats line 2
        + f',"{shipped}",product-sense,netflix-pm,"a | b | c",\n'  # 9: repeats a shipped one
        + ',"Q four?",execution,amazon-pm,"a | b | c",\n'  # 10: good
    )
    assert main(["questions", "import", str(bank), "--dry-run"]) == 1
    assert "would import 2 questions" in capsys.readouterr().out
    assert main(["questions", "import", str(bank)]) == 1
    said = capsys.readouterr()
    refused = said.err.splitlines()
    assert [line.split(": ", 1)[0] for line in refused] == [
        f"{bank}:{n}" for n in (3, 4, 5, 6, 7, 8, 9)
    ]
    reasons = " ".join(refused)
    for reason in ("no prompt", "did you mean netflix-pm", "unknown category 'vibes'",
                   f"the limit is {MAX_PROMPT}", "at least 3 are needed", "repeats line 2",
                   "repeats the question nflx-pm-ps-01"):  # fmt: skip
        assert reason in reasons
    assert "imported 2 questions" in said.out
    out = tmp_path / "after.csv"
    assert main(["questions", "export", str(out)]) == 0
    own = [r for r in rows(out) if r["id"].startswith("ws-")]
    assert [r["prompt"] for r in own] == [
        "How would you size the market for a new plan tier?",
        "Q four?",
    ]
    assert own[0]["source"] == "group: from our coach"
    # another workspace has none of them
    assert main(["questions", "export", str(out), "--workspace", "T2"]) == 0
    assert not [r for r in rows(out) if r["id"].startswith("ws-")]


@pytest.mark.parametrize("suffix", [".csv", ".yaml"])
def test_export_import_into_a_fresh_database_export_gives_the_same_bank(
    suffix: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ours = tmp_path / "ours.csv"
    ours.write_text(HEADER + GOOD)
    assert main(["questions", "import", str(ours)]) == 0
    first, second = tmp_path / f"first{suffix}", tmp_path / f"second{suffix}"
    assert main(["questions", "export", str(first)]) == 0
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "fresh"))
    assert main(["questions", "import", str(first)]) == 0  # the shipped ones are already there
    assert main(["questions", "export", str(second)]) == 0
    assert second.read_text() == first.read_text()
    assert "ws-1" in second.read_text()


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("", "the file is empty"),
        ("name,email\nada,ada@example.com\n", "missing prompt"),
        ("just: some yaml\n", "no `questions:` list"),
        ("\x00\x01binary", "not a question file"),
    ],
)
def test_a_file_that_is_not_a_question_file_gets_one_line(
    text: str, said: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / ("x.yaml" if "yaml" in text else "x.csv")
    path.write_text(text)
    assert main(["questions", "import", str(path)]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert said in err
    assert "Traceback" not in err


def test_deck_export_writes_an_anki_package_with_stable_ids(tmp_path: Path) -> None:
    first, second = tmp_path / "a.apkg", tmp_path / "b.apkg"
    assert main(["questions", "export", "--deck", str(first)]) == 0
    assert main(["questions", "export", "--deck", str(second)]) == 0

    def notes(path: Path) -> list[tuple[str, int]]:
        with zipfile.ZipFile(path) as package:
            package.extract("collection.anki2", tmp_path / path.stem)
        db = sqlite3.connect(tmp_path / path.stem / "collection.anki2")
        try:
            return sorted(db.execute("SELECT guid, mid FROM notes").fetchall())
        finally:
            db.close()

    assert len(notes(first)) >= 150
    assert notes(first) == notes(second)
    assert main(["questions", "export", "--deck", str(first), "--user", "nobody"]) == 0
    assert notes(first) == []


def test_export_needs_a_file_or_a_deck(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["questions", "export"]) == 2
    assert "--deck" in capsys.readouterr().err
