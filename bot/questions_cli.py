"""`prepbot questions export|import`: a workspace's bank as CSV or YAML, checked row by row on
the way in; `export --deck` writes a member's cards (or the workspace's bank) as an Anki deck."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import UTC, datetime
from pathlib import Path

from bot.settings import Settings
from core.kernel.identity import UserKey
from core.kernel.words import plural
from core.practice.bank import source_line
from core.questions.bank import Bank, Status
from core.questions.library import Library
from core.questions.transfer import (
    NotAQuestionFile,
    check_rows,
    read_csv,
    read_yaml,
    to_csv,
    to_yaml,
    visible,
)
from core.roles.catalog import Catalog


def _is_yaml(path: Path) -> bool:
    return path.suffix.lower() in (".yaml", ".yml")


async def run(settings: Settings, args: argparse.Namespace) -> int:
    """0 when all went well; 1 when a row was refused or the file is not a question file;
    2 for a usage mistake."""
    from bot.runtime import open_services

    if args.questions_command == "export" and (args.file is None) == (args.deck is None):
        _err("Give a FILE to write, or --deck FILE.apkg (one of the two).")
        return 2
    async with open_services(settings) as services:
        store = await services.store.open()
        library = Library(services.content.questions, store.questions)
        bank = await library.bank(args.platform, args.workspace)
        if args.questions_command == "import":
            return await _import(services.handler.catalog, library, bank, args)
        if args.deck is not None:
            chosen = visible(bank)
            if args.user:
                cards = await store.cards.cards(UserKey(args.platform, args.workspace, args.user))
                found = (bank.get(c.question_id) for c in cards)
                chosen = [q for q in found if q is not None]
            from bot.anki import write_deck

            scope = f"{args.platform.value}:{args.workspace}:{args.user or ''}"
            name = f"prepbot: {args.user or args.workspace}"
            sources = [(q, source_line(q, services.content.articles)) for q in chosen]
            count = await asyncio.to_thread(write_deck, args.deck, name, scope, sources)
            print(f"Wrote {plural(count, 'card')} to {args.deck}.")
            return 0
        questions = visible(bank)
        text = to_yaml(questions) if _is_yaml(args.file) else to_csv(questions)
        await asyncio.to_thread(args.file.write_text, text, encoding="utf-8")
        print(f"Wrote {plural(len(questions), 'question')} to {args.file}.")
        return 0


async def _import(catalog: Catalog, library: Library, bank: Bank, args: argparse.Namespace) -> int:
    path: Path = args.file
    try:
        text = await asyncio.to_thread(path.read_text, encoding="utf-8-sig")
        rows = read_yaml(text) if _is_yaml(path) else read_csv(text)
    except (OSError, UnicodeDecodeError) as error:
        _err(f"{path}: cannot read it: {getattr(error, 'strerror', None) or error}")
        return 1
    except NotAQuestionFile as error:
        _err(f"{path}: not a question file: {error}")
        return 1
    result = check_rows(rows, catalog, bank)
    for line, reason in result.refused:
        _err(f"{path}:{line}: {reason}")
    drafts = [draft for _, draft in result.drafts]
    if drafts and not args.dry_run:
        await library.store.add(
            args.platform, args.workspace, drafts, "import", Status.ACTIVE, datetime.now(UTC)
        )
    done = "would import" if args.dry_run else "imported"
    print(
        f"{path}: {done} {plural(len(drafts), 'question')}; "
        f"{result.unchanged} already there, {plural(len(result.refused), 'row')} refused."
    )
    return 1 if result.refused else 0


def _err(line: str) -> None:
    sys.stderr.write(line + "\n")
