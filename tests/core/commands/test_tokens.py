"""Splitting a command into words: the quick path for plain text reads it as shlex would."""

from __future__ import annotations

import shlex

from hypothesis import given
from hypothesis import strategies as st

from core.commands.tokens import tokenize

PLAIN = st.text(st.characters(blacklist_characters="\"'\\"), min_size=1, max_size=60)


@given(PLAIN)
def test_plain_text_splits_as_shlex_splits_it(text: str) -> None:
    words = shlex.split(text.strip())
    if not words:
        return
    line = tokenize(text)
    assert [line.name, *line.args] == [words[0].lstrip("/!").lower(), *words[1:]]


def test_quoted_words_stay_together() -> None:
    line = tokenize('/prep schedule "#study group" 9:00')
    assert line.args == ["schedule", "#study group", "9:00"]
