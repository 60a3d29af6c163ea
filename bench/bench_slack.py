"""Slack: signed slash commands through Bolt's real HTTP path, 1 and 50 at a time, next to a
bare Bolt app in the same run, with a /healthz probe and a loop-lateness monitor on the
server's loop. Run: `.venv/bin/python -m bench.bench_slack` (`--rounds`, `--requests`).

Four processes: this one sends the load (closed loop: each of C workers sends its next request
when the last is answered) and probes /healthz every 10 ms; the fake Slack Web API (users.info
150 ms away); the bare Bolt app acknowledging `/compare` with a constant; and the real
`prepbot run` (runtime, SQLite store, scheduler, Slack adapter over HTTP, SLACK_PUBLIC_URL
pointing at itself, so a shared chart is an image block in the acknowledgement; the load does
not fetch it, as Slack would once; `--no-public-url`: without the setting, the default, where
the app takes its address from the requests Slack sends).
Every request comes from a member the bot has not seen. A phase ends when the fake has stopped
receiving follow-ups, so the next phase starts on a quiet server; CPU per request, the loop's
lateness and its longest callback count the follow-ups too. The lateness is wall time, which
the machine's other processes stretch; the longest callback is the CPU time one callback (with
any garbage collection inside it) held the loop (`--verbose` names the five longest). The CPU
ratio is bare Bolt's server CPU per request over prepbot's: the throughput one core would give,
which the machine's other load (the load generator and the fake share it) does not move.
`--profile DIR` writes a py-spy profile of the server for each phase (`pip install py-spy`).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import platform
import signal
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import aiohttp
from slack_sdk.signature import SignatureVerifier

from bench.slack_server import SECRET

TEAM = "T0TEAM"
PROBE_EVERY = 0.010
TARGETS = (
    ("bare Bolt, constant ack", "bare", "netflix-pm amazon-pm"),
    ("prepbot `/compare netflix-pm amazon-pm`", "prepbot", "netflix-pm amazon-pm"),
    ("prepbot `/compare … comp` (chart)", "prepbot", "netflix-pm amazon-pm comp"),
    ("prepbot `/compare … scope` (one message)", "prepbot", "netflix-pm amazon-pm scope"),
)


class Peer:
    """A benchmark process (bench.slack_server) and its stdin/stdout control line."""

    def __init__(self, process: asyncio.subprocess.Process, port: int) -> None:
        self.process = process
        self.port = port

    @classmethod
    async def start(cls, *args: str) -> Peer:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bench.slack_server",
            *args,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )
        assert process.stdout is not None
        line = (await process.stdout.readline()).decode().split()
        assert line[:1] == ["PORT"], f"{args[0]} did not start"
        return cls(process, int(line[1]))

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def stats(self, what: str = "stats") -> dict[str, Any]:
        """`stats` starts a new measurement of the loop; `cpu` only reads the CPU time."""
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.process.stdin.write(what.encode() + b"\n")
        await self.process.stdin.drain()
        answer: dict[str, Any] = json.loads(await self.process.stdout.readline())
        return answer

    async def stop(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        await self.process.wait()


@dataclass
class Phase:
    target: str
    concurrency: int
    latencies_ms: list[float]
    seconds: float
    healthz_ms: list[float]
    lag_max_ms: float
    cpu_ms_per_request: float
    longest_callbacks: list[tuple[float, str]]
    gen2_gc_ms: list[float]
    busy: dict[str, float]  # share of one core each process used during the load

    @property
    def throughput(self) -> float:
        return len(self.latencies_ms) / self.seconds

    @property
    def median(self) -> float:
        return statistics.median(self.latencies_ms)

    @property
    def p99(self) -> float:
        return quantile(self.latencies_ms, 0.99)


def quantile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


@dataclass
class Load:
    fake_url: str
    users: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def signed(self, text: str) -> tuple[str, dict[str, str]]:
        n = next(self.users)
        body = urlencode(
            {
                "team_id": TEAM,
                "channel_id": "C0BENCH",
                "user_id": f"U{n:08d}",
                "command": "/compare",
                "text": text,
                "response_url": f"{self.fake_url}/respond/r{n}",
                "trigger_id": f"t{n}",
            }
        )
        stamp = str(int(time.time()))
        signature = SignatureVerifier(SECRET).generate_signature(timestamp=stamp, body=body)
        assert signature is not None
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": signature,
        }
        return body, headers


async def send(
    session: aiohttp.ClientSession, url: str, load: Load, text: str, count: int, out: list[float]
) -> None:
    for _ in range(count):
        body, headers = load.signed(text)
        start = time.perf_counter()
        async with session.post(url + "/slack/events", data=body, headers=headers) as response:
            answer = await response.text()
        out.append((time.perf_counter() - start) * 1000)
        assert response.status == 200, answer
        assert answer, "an empty acknowledgement"


async def probe(url: str, out: list[float], stop: asyncio.Event) -> None:
    async with aiohttp.ClientSession() as session:
        while not stop.is_set():
            start = time.perf_counter()
            async with session.get(url + "/healthz") as response:
                await response.read()
            out.append((time.perf_counter() - start) * 1000)
            await asyncio.sleep(PROBE_EVERY)


async def quiet(fake: Peer) -> None:
    """Until the fake has received nothing new for a while: follow-ups are done."""
    last = -1
    while True:
        count = (await fake.stats("cpu"))["counted"]["requests"]
        if count == last:
            return
        last = count
        await asyncio.sleep(0.3)


async def phase(
    target: tuple[str, str, str],
    server: Peer,
    fake: Peer,
    load: Load,
    concurrency: int,
    requests: int,
    profile: Path | None = None,
) -> Phase:
    name, _, text = target
    await quiet(fake)
    before = await server.stats()
    fake_before = await fake.stats("cpu")
    load_before = time.process_time()
    spy = await start_profile(server, profile) if profile is not None else None
    latencies: list[float] = []
    healthz: list[float] = []
    stop = asyncio.Event()
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:
        prober = asyncio.ensure_future(probe(server.url, healthz, stop))
        start = time.perf_counter()
        await asyncio.gather(
            *(
                send(session, server.url, load, text, requests // concurrency, latencies)
                for _ in range(concurrency)
            )
        )
        seconds = time.perf_counter() - start
        load_cpu = time.process_time() - load_before
        fake_cpu = (await fake.stats("cpu"))["cpu_s"] - fake_before["cpu_s"]
        server_cpu = (await server.stats("cpu"))["cpu_s"] - before["cpu_s"]
        stop.set()
        await prober
    await quiet(fake)
    if spy is not None:
        spy.send_signal(signal.SIGINT)
        await spy.wait()
    after = await server.stats()
    return Phase(
        name,
        concurrency,
        latencies,
        seconds,
        healthz,
        after["lag_max_ms"],
        (after["cpu_s"] - before["cpu_s"]) * 1000 / len(latencies),
        [(ms, what) for ms, what in after["longest_callbacks"]],
        after["gen2_gc_ms"],
        {"server": server_cpu / seconds, "fake": fake_cpu / seconds, "load": load_cpu / seconds},
    )


async def start_profile(server: Peer, into: Path) -> asyncio.subprocess.Process:
    """py-spy sampling the server until interrupted, as collapsed stacks (flame graph input)."""
    spy = await asyncio.create_subprocess_exec(
        str(Path(sys.executable).with_name("py-spy")),
        *("record", "--format", "raw", "--rate", "500", "--nonblocking", "--threads"),
        *("--output", str(into), "--pid", str(server.process.pid)),
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    await asyncio.sleep(0.5)  # attached
    return spy


async def wait_healthy(peer: Peer) -> None:
    async with aiohttp.ClientSession() as session:
        for _ in range(300):
            try:
                async with session.get(peer.url + "/healthz") as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError("prepbot did not start")


async def run(
    rounds: int, requests: dict[int, int], profile: Path | None, no_public_url: bool = False
) -> list[Phase]:
    fake = await Peer.start("fake")
    fake_url = fake.url
    servers = {
        "bare": await Peer.start("bare", fake_url + "/api/"),
        "prepbot": await Peer.start(
            "prepbot", fake_url + "/api/", *(["no-public-url"] if no_public_url else [])
        ),
    }
    phases: list[Phase] = []
    try:
        await wait_healthy(servers["prepbot"])
        load = Load(fake_url)
        for target in TARGETS:  # warm-up: connections, Bolt's auth.test, first replies
            await phase(target, servers[target[1]], fake, load, 50, 200)
        for _ in range(rounds):
            for concurrency, count in requests.items():
                for i, target in enumerate(TARGETS):
                    server = servers[target[1]]
                    into = profile / f"c{concurrency}-{i}.txt" if profile else None
                    phases.append(await phase(target, server, fake, load, concurrency, count, into))
    finally:
        for peer in (*servers.values(), fake):
            await peer.stop()
    return phases


def spread(values: list[float], digits: int = 1) -> str:
    middle = statistics.median(values)
    if len(values) == 1:
        return f"{middle:.{digits}f}"
    return f"{middle:.{digits}f} ({min(values):.{digits}f}–{max(values):.{digits}f})"


def table(phases: list[Phase]) -> str:
    lines = [
        "| concurrency | app | requests/s | median ms | p99 ms | /healthz max ms "
        "| loop late max ms | longest callback, CPU ms | CPU ms/request | throughput ratio "
        "| p99 ratio | CPU ratio |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for concurrency in sorted({p.concurrency for p in phases}):
        by_target = {
            name: [p for p in phases if p.concurrency == concurrency and p.target == name]
            for name, _, _ in TARGETS
        }
        bare = by_target[TARGETS[0][0]]
        for name, rows in by_target.items():
            ratio = [r.throughput / b.throughput for r, b in zip(rows, bare, strict=True)]
            p99_ratio = [r.p99 / b.p99 for r, b in zip(rows, bare, strict=True)]
            # Requests one core could serve, against bare Bolt's: throughput without the
            # machine's other load (the load generator, the fake, other processes).
            capacity = [
                b.cpu_ms_per_request / r.cpu_ms_per_request for r, b in zip(rows, bare, strict=True)
            ]
            lines.append(
                f"| {concurrency} | {name} | {spread([r.throughput for r in rows], 0)} "
                f"| {spread([r.median for r in rows])} | {spread([r.p99 for r in rows])} "
                f"| {spread([max(r.healthz_ms) for r in rows])} "
                f"| {spread([r.lag_max_ms for r in rows])} "
                f"| {spread([r.longest_callbacks[0][0] for r in rows])} "
                f"| {spread([r.cpu_ms_per_request for r in rows], 2)} "
                f"| {spread(ratio, 2)}x | {spread(p99_ratio, 2)}x | {spread(capacity, 2)}x |"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=1500, help="per phase at concurrency 50")
    parser.add_argument(
        "--profile", type=Path, help="a folder for py-spy profiles of each phase (needs py-spy)"
    )
    parser.add_argument("--verbose", action="store_true", help="the longest loop callbacks")
    parser.add_argument(
        "--no-public-url",
        action="store_true",
        help="prepbot without SLACK_PUBLIC_URL, its address taken from Slack's requests",
    )
    args = parser.parse_args()
    requests = {1: max(args.requests // 10, 50), 50: args.requests}
    phases = asyncio.run(run(args.rounds, requests, args.profile, args.no_public_url))
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"Python {sys.version.split()[0]} on {platform.machine()}, {os.cpu_count()} CPUs, "
        f"load average after the run {load}; {args.rounds} rounds; requests per phase: "
        f"{requests}; medians with (min–max) over rounds\n"
    )
    print(table(phases))
    if args.verbose:
        for p in phases:
            gcs = ", ".join(f"{ms:.0f}" for ms in p.gen2_gc_ms)
            busy = ", ".join(f"{k} {v:.0%}" for k, v in p.busy.items())
            print(f"\n{p.target}, {p.concurrency} at once; full collections (ms): {gcs or 'none'}")
            print(f"  CPU of one core while loaded: {busy}")
            for ms, what in p.longest_callbacks:
                print(f"  {ms:7.1f} ms  {what}")


if __name__ == "__main__":
    main()
