"""An Anki deck of practice questions (front: the prompt; back: what a strong answer covers),
so that a member can keep practising in Anki. The model's and deck's ids are stable, so that
importing a newer export updates the notes instead of adding copies."""

from __future__ import annotations

import hashlib
import html
from collections.abc import Sequence
from pathlib import Path

import genanki

from core.content.models import PracticeQuestion

MODEL_ID = 1_734_201_113  # fixed for ever: Anki matches notes to their model by this id
_CSS = ".card { font-family: sans-serif; font-size: 18px; text-align: left; }"


def _stable_id(*parts: str) -> int:
    """A 31-bit id from the parts (Anki's ids are signed 64-bit; keep them small and positive)."""
    digest = hashlib.sha256("\x1f".join(parts).encode()).digest()
    return int.from_bytes(digest[:4], "big") >> 1 or 1


MODEL = genanki.Model(
    MODEL_ID,
    "prepbot practice question",
    fields=[{"name": "Prompt"}, {"name": "Rubric"}, {"name": "Source"}],
    templates=[
        {
            "name": "Question",
            "qfmt": "{{Prompt}}",
            "afmt": '{{FrontSide}}<hr id="answer">{{Rubric}}<p><small>{{Source}}</small></p>',
        }
    ],
    css=_CSS,
)


def write_deck(
    path: Path, name: str, scope: str, questions: Sequence[tuple[PracticeQuestion, str]]
) -> int:
    """Write the questions (each with its source line) as a deck; how many notes it holds."""
    deck = genanki.Deck(_stable_id("deck", scope), name)
    for question, source in questions:
        points = "".join(f"<li>{html.escape(p)}</li>" for p in question.rubric)
        deck.add_note(
            genanki.Note(
                model=MODEL,
                fields=[html.escape(question.prompt), f"<ol>{points}</ol>", html.escape(source)],
                guid=genanki.guid_for(scope, question.id),
                tags=[question.category.value, *question.roles],
            )
        )
    genanki.Package(deck).write_to_file(str(path))
    return len(deck.notes)
