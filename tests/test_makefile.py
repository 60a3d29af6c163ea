"""The Makefile refuses a Python older than the project needs, and never keeps its .venv."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="`make` is not installed")


def fake_python(path: Path, version: str) -> Path:
    """A stand-in for `python`: reports `version`; `-m venv DIR` makes a .venv whose pip
    succeeds without installing anything."""
    path.write_text(
        "#!/bin/sh\n"
        f'if [ "$1" = "-m" ] && [ "$2" = "venv" ]; then\n'
        '  mkdir -p "$3/bin"\n'
        '  printf "#!/bin/sh\\nexit 0\\n" > "$3/bin/pip"\n'
        f'  printf "#!/bin/sh\\necho {version}\\n" > "$3/bin/python"\n'
        '  chmod +x "$3/bin/pip" "$3/bin/python"\n'
        "  exit 0\n"
        "fi\n"
        f"echo {version}\n"
    )
    path.chmod(0o755)
    return path


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    return tmp_path


def make(project: Path, python: Path, *goals: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "--no-print-directory", "-C", str(project), *goals, f"PYTHON={python}"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_an_old_python_is_refused_with_the_version_needed_and_no_venv(project: Path) -> None:
    old = fake_python(project / "python3.9", "3.9.18")
    result = make(project, old, "run")
    assert result.returncode != 0
    assert f"prepbot needs Python 3.11 or newer, but {old} is 3.9.18." in result.stderr
    assert "make PYTHON=" in result.stderr
    assert not (project / ".venv").exists()


def test_a_venv_an_older_python_left_is_rebuilt(project: Path) -> None:
    stale = project / ".venv"
    fake_python(project / "old", "3.9.18")
    subprocess.run([str(project / "old"), "-m", "venv", str(stale)], check=True)
    (stale / "left-over").write_text("from the failed install")
    result = make(project, fake_python(project / "python3.12", "3.12.4"), "install")
    assert result.returncode == 0, result.stderr
    assert not (stale / "left-over").exists()
    assert (stale / ".installed").exists()
    # and a later run with the old Python again keeps the good one
    assert make(project, project / "old", "install").returncode == 0
