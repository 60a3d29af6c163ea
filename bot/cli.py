"""The `prepbot` command line."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape
from rich.text import Text

from bot import logs
from bot.console_adapter.ask import ask, exit_code
from bot.console_adapter.charts import save_chart
from bot.console_adapter.render import render
from bot.errors import StartupError
from bot.extras import require_platform
from bot.runtime import open_database, open_services, run
from bot.settings import Settings
from core.content.loader import ContentError, load_content
from core.schedules import Schedule
from core.words import plural

EXIT_USAGE = 2


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    console = Console()
    errors = Console(stderr=True)
    try:
        settings = Settings()
    except ValidationError as error:
        errors.print("[red]Invalid settings:[/red]")
        for problem in error.errors():
            # The variable and the reason only: the value may be a secret.
            name = "_".join(str(part) for part in problem["loc"]).upper() or "settings"
            errors.print(f"  {name}: {problem['msg']}", markup=False, highlight=False)
        return EXIT_USAGE
    logs.configure(settings.log_level, settings.log_format)
    command = args.command or "run"
    try:
        if command == "run":
            asyncio.run(run(settings, console))
        elif command == "ask":
            return asyncio.run(_ask(settings, console, args.text, args.press or [], args.json))
        elif command == "content":
            return _check_content(console, errors, args.path)
        elif command == "db":
            asyncio.run(_db_upgrade(settings, console))
        elif command == "schedule":
            asyncio.run(_preview(settings, console, args.count))
        elif command == "discord":
            require_platform("discord")
            from bot.discord_adapter.invite import invite_url
            from bot.discord_adapter.sync import sync_command_tree

            result = asyncio.run(sync_command_tree(settings, args.guild))
            where = f"server {result.guild_id}" if result.guild_id else "every server (global)"
            console.print(f"Synced {', '.join(result.commands)} to {where}.")
            console.print(f"Invite link: {invite_url(result.application_id)}")
    except ContentError as error:
        errors.print(f"[red]{error}[/red]")
        return EXIT_USAGE
    except StartupError as error:
        errors.print(f"[red]Cannot start:[/red] {escape(str(error))}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="prepbot", description="Product interview prep bot.")
    parser.add_argument("--version", action="version", version=f"prepbot {_version()}")
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("run", help="serve on the configured platform (console when none)")
    ask = commands.add_parser("ask", help="answer one command and exit")
    ask.add_argument("text", help='a command, e.g. "/compare netflix-pm amazon-pm"')
    ask.add_argument(
        "--press",
        type=_positive,
        action="append",
        metavar="N",
        help="then press button N of the reply; repeat for the replies that follow",
    )
    ask.add_argument("--json", action="store_true", help="print the last reply as JSON")
    content = commands.add_parser("content", help="content files")
    content_commands = content.add_subparsers(dest="content_command", required=True)
    check = content_commands.add_parser("check", help="validate the content files")
    check.add_argument("path", nargs="?", type=Path, help="a content folder (default: built in)")
    db = commands.add_parser("db", help="database")
    db.add_subparsers(dest="db_command", required=True).add_parser(
        "upgrade", help="apply migrations"
    )
    schedule = commands.add_parser("schedule", help="schedules")
    preview = schedule.add_subparsers(dest="schedule_command", required=True).add_parser(
        "preview", help="the next fire times of every schedule"
    )
    preview.add_argument(
        "--count", type=_positive, default=3, help="occurrences per schedule (at least 1)"
    )
    discord = commands.add_parser("discord", help="Discord")
    sync = discord.add_subparsers(dest="discord_command", required=True).add_parser(
        "sync", help="sync the slash commands with Discord"
    )
    sync.add_argument("--guild", type=int, default=None, help="sync to one server only (instant)")
    return parser


def _positive(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of 1 or more")
    return number


async def _ask(
    settings: Settings, console: Console, text: str, presses: list[int], as_json: bool
) -> int:
    """Exit 0 on an answer, 1 on a usage error, 2 for an unknown command, 3 for a failure."""
    async with open_services(settings) as services:
        if presses or not services.handler.is_pure(text):
            await services.store.open()  # so that a database problem stops with its message
        steps = await ask(services.handler, text, presses)
    last = steps[-1].reply
    if as_json:
        sys.stdout.write(last.model_dump_json(indent=2, exclude={"chart"}) + "\n")
        return exit_code(last)
    for step in steps[:-1]:
        console.print(render(step.reply, hint=""))
        if step.pressed is not None:
            console.print(Text(f"→ pressed {step.number}: {step.pressed.label}", style="bold"))
    # The process ends here: a button is pressed by asking again.
    console.print(render(last, hint="(add --press N to press one)"))
    for step in steps:
        if step.reply.chart is not None:
            where = save_chart(step.reply.chart, settings.data_dir)
            console.print(Text(f"Chart saved to {where}"))
    return exit_code(last)


def _version() -> str:
    try:
        return metadata.version("prepbot")
    except metadata.PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


def _check_content(console: Console, errors: Console, path: Path | None) -> int:
    try:
        content = load_content(path)
    except ContentError as error:
        for problem in error.problems:
            errors.print(f"[red]✗[/red] {problem}", markup=True, highlight=False)
        errors.print(f"{plural(len(error.problems), 'problem')} found.")
        return 1
    console.print(
        f"✓ {len(content.roles)} roles, {len(content.questions)} practice questions, "
        f"{len(content.quiz.questions)} quiz questions: all valid."
    )
    return 0


async def _db_upgrade(settings: Settings, console: Console) -> None:
    engine = await open_database(settings)
    await engine.dispose()
    console.print("Database is up to date.")


async def _preview(settings: Settings, console: Console, count: int) -> None:
    now = datetime.now(UTC)
    shown = 0
    async with open_services(settings) as services:
        async for schedule in services.store.schedules.each():
            if shown == 0:
                console.print("[bold]id  kind  where  when  →  next fire times, local (UTC)[/bold]")
            shown += 1
            console.print(_preview_line(schedule, now, count), highlight=False)
    if shown == 0:
        console.print("No schedules.")


def _preview_line(schedule: Schedule, now: datetime, count: int) -> str:
    zone = schedule.recurrence.zone
    times = [
        f"{fire_at.astimezone(zone):%a %d %b %H:%M %Z} ({fire_at:%H:%M} UTC)"
        for fire_at in schedule.upcoming(now, count)
    ]
    kind = schedule.kind.value + (" (paused)" if schedule.paused else "")
    where = f"{schedule.platform}:{schedule.target}"
    when = schedule.recurrence.describe()
    return f"#{schedule.id}  {kind}  {where}  {when}  →  " + (", ".join(times) or "none")


if __name__ == "__main__":
    raise SystemExit(main())
