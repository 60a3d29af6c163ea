"""The image and the compose file: how they are built, and, where Docker runs, that the stack
of two Slack HTTP replicas on PostgreSQL comes up healthy."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).parents[1]


def dockerfile() -> list[str]:
    """The Dockerfile's instructions, one per entry, continuation lines joined."""
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    return [line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"]


def first(lines: list[str], pattern: str) -> int:
    return next(i for i, line in enumerate(lines) if re.match(pattern, line))


def test_the_dependencies_are_installed_before_the_code_is_copied() -> None:
    lines = dockerfile()
    project = first(lines, r"COPY pyproject\.toml ")
    install = first(lines, r"RUN .*pip install .*\[\$\{EXTRAS\}\]")
    code = [i for i, line in enumerate(lines) if re.match(r"COPY (core|bot|content) ", line)]
    assert project < install < min(code)
    # nothing copied before the install but pyproject.toml
    assert [line for line in lines[:install] if line.startswith(("COPY", "ADD"))] == [
        lines[project]
    ]
    assert "--no-deps" in lines[first(lines, r"RUN pip install .*--no-deps")]


def test_the_image_runs_as_a_user_keeps_data_in_a_volume_and_checks_health() -> None:
    lines = dockerfile()
    user = lines[first(lines, r"USER ")].split()[1]
    assert user not in ("root", "0")
    assert first(lines, r"USER ") > first(lines, r"RUN pip install .*--no-deps")
    assert 'VOLUME ["/data"]' in lines
    env = " ".join(line for line in lines if line.startswith("ENV "))
    assert "DATA_DIR=/data" in env
    assert "HEALTH_PORT=" in env
    healthcheck = lines[first(lines, r"HEALTHCHECK ")]
    assert 'CMD ["python", "-m", "bot.health"]' in healthcheck
    # exec form, so the signals reach the bot through tini
    assert lines[first(lines, r"ENTRYPOINT ")] == 'ENTRYPOINT ["tini", "--", "prepbot"]'
    assert lines[first(lines, r"CMD ")] == 'CMD ["run"]'


def test_the_build_context_leaves_out_what_the_image_does_not_need() -> None:
    ignored = set((ROOT / ".dockerignore").read_text().split())
    assert {".git", ".venv", ".env", "tests", "**/__pycache__"} <= ignored
    assert not {"core", "bot", "content", "pyproject.toml", "README.md"} & ignored


def test_the_readme_keeps_data_in_a_volume() -> None:
    readme = (ROOT / "README.md").read_text()
    assert re.search(r"docker run [^`]*-v prepbot-data:/data", readme)


def test_compose_runs_two_slack_http_replicas_on_postgresql() -> None:
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    bot, db = compose["services"]["bot"], compose["services"]["db"]
    assert bot["deploy"]["replicas"] == 2
    env = bot["environment"]
    assert "SLACK_APP_TOKEN" not in env  # HTTP mode, so a load balancer can spread requests
    assert "SLACK_SIGNING_SECRET" in env
    # Charts by URL work on both replicas; the address is the deployment's, unset unless given.
    assert env["SLACK_PUBLIC_URL"] == "${SLACK_PUBLIC_URL:-}"
    assert env["DATABASE_URL"].startswith("postgresql://")
    assert "@db:5432/" in env["DATABASE_URL"]
    assert db["image"].startswith("postgres:")
    assert bot["depends_on"]["db"]["condition"] == "service_healthy"


# --- the stack itself, where a Docker daemon runs ------------------------------------------


def docker_unavailable() -> str | None:
    """Why the stack cannot be brought up here, or None when it can."""
    if shutil.which("docker") is None:
        return "the docker command is not installed"
    for command, what in (
        (["docker", "info", "--format", "{{.ServerVersion}}"], "no Docker daemon is running"),
        (["docker", "compose", "version"], "the docker compose plugin is not installed"),
    ):
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=20)
        except subprocess.TimeoutExpired:
            return f"{what} ({' '.join(command)} timed out)"
        if result.returncode != 0:
            detail = (result.stderr or result.stdout).strip().splitlines()
            return f"{what} ({detail[-1] if detail else 'exit ' + str(result.returncode)})"
    return None


class Stack:
    def __init__(self, project: str) -> None:
        self.project = project
        self.env = {
            **os.environ,
            "SLACK_BOT_TOKEN": "xoxb-compose-test",
            "SLACK_SIGNING_SECRET": "compose-test-secret",
            "SLACK_API_URL": "http://fake-slack:8000/api/",
        }

    def compose(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        command = [
            "docker", "compose", "--project-name", self.project,
            "--file", "compose.yaml", "--file", "tests/docker/compose.test.yaml", *args,
        ]  # fmt: skip
        return subprocess.run(
            command, cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=timeout
        )

    def ok(self, *args: str, timeout: float = 120) -> str:
        result = self.compose(*args, timeout=timeout)
        assert result.returncode == 0, f"docker compose {' '.join(args)}:\n{result.stderr}"
        return result.stdout


@pytest.fixture(scope="module")
def stack() -> Iterator[Stack]:
    reason = docker_unavailable()
    if reason is not None:
        pytest.skip(f"compose stack not started: {reason}")
    stack = Stack(f"prepbot-test-{os.getpid()}")
    try:
        stack.ok("up", "--build", "--detach", "--wait", "--wait-timeout", "300", timeout=1200)
        yield stack
    finally:
        stack.compose("down", "--volumes", "--remove-orphans", timeout=300)


def containers(stack: Stack, service: str) -> list[dict[str, Any]]:
    out = stack.ok("ps", "--format", "json", service)
    rows = [json.loads(line) for line in out.splitlines() if line.strip()]
    # older compose versions print one JSON array instead of one object a line
    return [row for item in rows for row in (item if isinstance(item, list) else [item])]


def test_two_replicas_come_up_healthy_and_serve_slack_over_http(stack: Stack) -> None:
    bots = containers(stack, "bot")
    assert len(bots) == 2
    assert all(b["State"] == "running" and b["Health"] == "healthy" for b in bots), bots
    for index in (1, 2):
        # the health endpoint inside the container, as its HEALTHCHECK asks it
        stack.ok("exec", "-T", "--index", str(index), "bot", "python", "-m", "bot.health")
        # Slack's events path answers on each replica's own port
        port = stack.ok("port", "--index", str(index), "bot", "3000").strip().rsplit(":", 1)[1]
        url = f"http://127.0.0.1:{port}/healthz"
        with urllib.request.urlopen(url, timeout=10) as answer:
            assert answer.status == 200
    # both replicas migrated one database, once
    version = stack.ok(
        "exec", "-T", "db", "psql", "-U", "prepbot", "-d", "prepbot", "-tAc",
        "select count(*) from alembic_version",
    )  # fmt: skip
    assert version.strip() == "1"
