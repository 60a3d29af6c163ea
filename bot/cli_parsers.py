"""Argument parsers of the `prepbot` commands that live in modules of their own:
`questions export|import` and `slack manifest`. Light to import: the command line builds them
before it knows which command runs."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.console_adapter.identity import PLATFORM, WORKSPACE
from core.kernel.platform import Platform


def add_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    add_questions(commands)
    slack = commands.add_parser("slack", help="Slack")
    slack.add_subparsers(dest="slack_command", required=True).add_parser(
        "manifest", help="print the app manifest, its slash commands from the command spec"
    )


def add_questions(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    questions = commands.add_parser("questions", help="a workspace's own practice questions")
    verbs = questions.add_subparsers(dest="questions_command", required=True)
    export = verbs.add_parser("export", help="every question a workspace sees, as CSV or YAML")
    export.add_argument("file", nargs="?", type=Path, help="a .csv or .yaml file to write")
    export.add_argument("--deck", type=Path, help="write an Anki deck (.apkg) instead")
    export.add_argument("--user", help="with --deck: that member's cards only")
    load = verbs.add_parser("import", help="add questions from a CSV or YAML file")
    load.add_argument("file", type=Path, help="a .csv or .yaml file, as export writes")
    load.add_argument("--dry-run", action="store_true", help="check the file, change nothing")
    for verb in (export, load):
        verb.add_argument("--workspace", default=WORKSPACE, help="default: the console's")
        verb.add_argument(
            "--platform",
            type=Platform,
            choices=list(Platform),
            default=PLATFORM,
            help="default: console",
        )
