"""The `prepbot` command line."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from bot.cli_parsers import add_parsers
from bot.stop_signals import StopSignals

# Each command imports what it needs where it runs: `ask "/compare …"` starts without the
# database, the scheduler and the metrics, and `run` serves without the terminal's renderer.
# Even the settings load after `run` hears SIGTERM, so that none ends it while it starts.
if TYPE_CHECKING:
    from rich.console import Console

    from bot.console_adapter.ask import Step
    from bot.settings import Settings
    from core.content.loader import Content
    from core.scheduling.schedules import Schedule

EXIT_USAGE = 2


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if (args.command or "run") != "run":
        return _command(args)
    with StopSignals().installed() as stop:
        return _command(args, stop)


def _command(args: argparse.Namespace, stop: StopSignals | None = None) -> int:
    from pydantic import ValidationError

    from bot import logs
    from bot.errors import StartupError
    from bot.settings import Settings
    from core.content.loader import ContentError

    try:
        settings = Settings()
    except ValidationError as error:
        errors = _console(stderr=True)
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
            from bot.runtime import run

            asyncio.run(run(settings, stop=stop))
        elif command == "ask":
            return asyncio.run(_ask(settings, args.text, args.press or [], args.json))
        elif command == "content":
            return _check_content(args.path)
        elif command == "db":
            asyncio.run(_db_upgrade(settings))
        elif command == "schedule":
            asyncio.run(_preview(settings, args.count))
        elif command == "questions":
            from bot import questions_cli

            return asyncio.run(questions_cli.run(settings, args))
        elif command == "slack":
            from bot.slack_adapter.manifest import manifest_json

            sys.stdout.write(manifest_json())
        elif command == "discord":
            from bot.extras import require_platform

            require_platform("discord")
            from bot.discord_adapter.invite import invite_url
            from bot.discord_adapter.sync import sync_command_tree

            result = asyncio.run(sync_command_tree(settings, args.guild))
            where = f"server {result.guild_id}" if result.guild_id else "every server (global)"
            console = _console()
            console.print(f"Synced {', '.join(result.commands)} to {where}.")
            console.print(f"Invite link: {invite_url(result.application_id)}")
    except ContentError as error:
        _console(stderr=True).print(f"[red]{error}[/red]")
        return EXIT_USAGE
    except StartupError as error:
        from rich.markup import escape

        _console(stderr=True).print(f"[red]Cannot start:[/red] {escape(str(error))}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    return 0


def _console(*, stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr)


class _Version(argparse.Action):
    """`--version`: the installed version, looked up only when asked for."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        sys.stdout.write(f"prepbot {_version()}\n")
        parser.exit()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="prepbot", description="Product interview prep bot.")
    parser.add_argument("--version", action=_Version)
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
    add_parsers(commands)
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


async def _ask(settings: Settings, text: str, presses: list[int], as_json: bool) -> int:
    """Exit 0 on an answer, 1 on a usage error, 2 for an unknown command, 3 for a failure."""
    from bot.console_adapter.ask import ask, exit_code
    from bot.runtime import open_services

    async with open_services(settings) as services:
        if presses or not services.handler.is_pure(text):
            await services.store.open()  # so that a database problem stops with its message
        steps = await ask(services.handler, text, presses)
    last = steps[-1].reply
    if as_json:  # the images are files, as without --json, and their paths are not JSON
        sys.stdout.write(last.model_dump_json(indent=2, exclude={"chart", "charts"}) + "\n")
        _save(steps, settings.data_dir, _console(stderr=True))
        return exit_code(last)
    from rich.text import Text

    from bot.console_adapter.render import render

    console = _console()
    for step in steps[:-1]:
        console.print(render(step.reply, hint=""))
        if step.pressed is not None:
            console.print(Text(f"→ pressed {step.number}: {step.pressed.label}", style="bold"))
    # The process ends here: a button is pressed by asking again.
    console.print(render(last, hint="(add --press N to press one)"))
    _save(steps, settings.data_dir, console)
    return exit_code(last)


def _save(steps: list[Step], data_dir: Path, console: Console) -> None:
    """Every chart of every step, saved where the REPL saves them."""
    from rich.text import Text

    from bot.console_adapter.charts import save_charts

    for step in steps:
        for where in save_charts(step.reply, data_dir):
            console.print(Text(f"Chart saved to {where}"))


def _version() -> str:
    from importlib import metadata

    try:
        return metadata.version("prepbot")
    except metadata.PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


def _check_content(path: Path | None) -> int:
    from core.content.loader import ContentError, load_content
    from core.kernel.words import plural

    console, errors = _console(), _console(stderr=True)
    try:
        content = load_content(path)
    except ContentError as error:
        for problem in error.problems:
            errors.print(f"[red]✗[/red] {problem}", markup=True, highlight=False)
        errors.print(f"{plural(len(error.problems), 'problem')} found.")
        return 1
    too_long = _views_too_long(content)
    if too_long:
        for view in too_long:
            errors.print(f"[red]✗[/red] {view}", markup=True, highlight=False, soft_wrap=True)
        errors.print(f"{plural(len(too_long), 'view')} too long for a phone.")
        return 1
    console.print(
        f"✓ {len(content.roles)} roles, {len(content.questions)} practice questions, "
        f"{len(content.quiz.questions)} quiz questions: all valid."
    )
    console.print("✓ Every card and comparison fits a phone's screen at 80 columns.")
    return 0


def _views_too_long(content: Content) -> list[str]:
    """Each card, comparison and aspect view longer than a phone's screen, counted as the
    console draws it at 80 columns (the core cannot count a terminal's lines)."""
    from bot.console_adapter.measure import count_lines
    from core.roles.catalog import Catalog
    from core.roles.views import too_long

    return too_long(Catalog(content), count_lines)


async def _db_upgrade(settings: Settings) -> None:
    from bot.runtime import open_database

    engine = await open_database(settings)
    await engine.dispose()
    _console().print("Database is up to date.")


async def _preview(settings: Settings, count: int) -> None:
    from bot.runtime import open_services

    console = _console()
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
