"""Start-up: `prepbot ask "/compare netflix-pm amazon-pm"` as a whole process next to
`python -c "import slack_bolt, discord"`, and the memory of an idle `prepbot run` (Slack over
HTTP) next to a bare Bolt app served the same way, all in one run.
Run: `.venv/bin/python -m bench.bench_startup` (`--runs N`, `--memory-runs N`; half a minute).

The two commands are run alternately, so that drift on the machine hits both alike. `ask` runs
on an empty data folder, and the benchmark checks that it left no database there and which of
the heavy packages it imported. Memory is the resident set (VmRSS) once /healthz answers and
the process has been idle for `IDLE` seconds (the first dispatcher tick included), on a
database already migrated, as at every start but the first.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import aiohttp

from bench.slack_server import SECRET, free_port, rss_kb

COMMAND = "/compare netflix-pm amazon-pm"
HEAVY = (
    *("sqlalchemy", "alembic", "apscheduler", "PIL", "matplotlib", "aiosqlite", "slack_bolt"),
    "prometheus_client",
)
IDLE = 3.0
PREPBOT = Path(sys.executable).with_name("prepbot")
BOT_TOKEN = "xoxb-test-token"


@dataclass(frozen=True)
class Figure:
    samples: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    def show(self, unit: str, digits: int = 0) -> str:
        return (
            f"{self.median:.{digits}f} {unit} "
            f"({min(self.samples):.{digits}f}–{max(self.samples):.{digits}f})"
        )


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock and CPU (user + system) milliseconds of one run of a command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return wall * 1000, cpu * 1000


def ask_env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_"))}
    return {**env, "DATA_DIR": str(data_dir), "DATABASE_URL": "", "LOG_LEVEL": "WARNING"}


def start_up(runs: int, data_dir: Path) -> dict[str, Figure]:
    """Wall and CPU time of `ask` and of the reference, run alternately."""
    env = ask_env(data_dir)
    commands = {
        "ask": [str(PREPBOT), "ask", COMMAND],
        "bare": [sys.executable, "-c", "import slack_bolt, discord"],
    }
    # The warm-up writes the compiled files (as installing a package does) even where
    # PYTHONDONTWRITEBYTECODE is set: else every run would compile prepbot's own modules
    # again while the reference loads its packages' compiled files.
    writing = {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}
    for command in commands.values():
        timed(command, writing)  # compiled files written, caches warm
    samples: dict[str, list[float]] = {}
    for _ in range(runs):
        for name, command in commands.items():
            wall, cpu = timed(command, env)
            samples.setdefault(f"{name} wall", []).append(wall)
            samples.setdefault(f"{name} cpu", []).append(cpu)
    return {name: Figure(values) for name, values in samples.items()}


def what_ask_touched(data_dir: Path) -> tuple[list[str], list[str]]:
    """Heavy packages `ask` imported, and the files it left in its data folder."""
    probe = (
        "import sys; from bot.cli import main; code = main(['ask', sys.argv[1]]); "
        f"print(' '.join(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, COMMAND],
        env=ask_env(data_dir),
        check=True,
        capture_output=True,
        text=True,
    )
    left = sorted(str(p.relative_to(data_dir)) for p in data_dir.rglob("*"))
    return done.stderr.split(), left


async def idle_rss(command: list[str], env: dict[str, str], port: int) -> float:
    process = await asyncio.create_subprocess_exec(
        *command,
        env=env,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    try:
        async with aiohttp.ClientSession() as session:
            for _ in range(300):
                try:
                    async with session.get(f"http://127.0.0.1:{port}/healthz") as response:
                        if response.status == 200:
                            break
                except aiohttp.ClientError:
                    await asyncio.sleep(0.1)
            else:
                raise RuntimeError(f"{command[0]} did not start")
        await asyncio.sleep(IDLE)
        return rss_kb(process.pid) / 1024
    finally:
        process.terminate()
        await process.wait()


async def memory(runs: int, data_dir: Path) -> tuple[Figure, Figure]:
    from bench.bench_slack import Peer

    fake = await Peer.start("fake")
    prepbot, bare = [], []
    try:
        for i in range(runs):
            port = free_port()
            env = {
                **ask_env(data_dir / f"run{i}"),
                "SLACK_BOT_TOKEN": BOT_TOKEN,
                "SLACK_SIGNING_SECRET": SECRET,
                "SLACK_API_URL": f"{fake.url}/api/",
                "SLACK_PORT": str(port),
            }
            # A restart, as almost every start is: the database is there and up to date.
            upgrade = await asyncio.create_subprocess_exec(
                str(PREPBOT), "db", "upgrade", env=env, stdout=asyncio.subprocess.DEVNULL
            )
            assert await upgrade.wait() == 0
            prepbot.append(await idle_rss([str(PREPBOT), "run"], env, port))
            bare_peer = await Peer.start("bare", f"{fake.url}/api/")
            await asyncio.sleep(IDLE)
            bare.append(rss_kb(bare_peer.process.pid) / 1024)
            await bare_peer.stop()
    finally:
        await fake.stop()
    return Figure(prepbot), Figure(bare)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--memory-runs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        times = start_up(args.runs, root / "ask")
        imported, left = what_ask_touched(root / "probe")
        prepbot_rss, bare_rss = asyncio.run(memory(args.memory_runs, root / "run"))
    print(f"Python {sys.version.split()[0]}; medians with (min–max)\n")
    print("| measure | prepbot | reference | ratio |")
    print("|---|---:|---:|---:|")
    reference = '`python -c "import slack_bolt, discord"`'
    for kind in ("wall", "cpu"):
        ask, bare = times[f"ask {kind}"], times[f"bare {kind}"]
        print(
            f'| `prepbot ask "{COMMAND}"`, whole process, {kind} time, n={args.runs} '
            f"| {ask.show('ms')} | {reference}: {bare.show('ms')} "
            f"| {ask.median / bare.median:.2f}x |"
        )
    print(
        f"| idle `prepbot run` (Slack over HTTP), RSS, n={args.memory_runs} "
        f"| {prepbot_rss.show('MB')} | bare Bolt app served the same way: {bare_rss.show('MB')} "
        f"| {prepbot_rss.median / bare_rss.median:.2f}x |"
    )
    print(f"\n`ask` imported, of {', '.join(HEAVY)}: {', '.join(imported) or 'none'}")
    print(f"`ask` left in its data folder: {', '.join(left) or 'nothing'}")


if __name__ == "__main__":
    main()
