"""Text fitted to a platform's size limits: clipped with an ellipsis, or split into pieces.

Every adapter cuts here, with its own limits. A cut never falls inside a character, an emoji
(a surrogate pair, a skin tone, a flag's two letters, a sequence joined by U+200D), a `<…>`
reference or an `&…;` entity, nor between the `@` of an inert mention and the zero-width space
that keeps it inert; mass mentions are made inert before cutting, so no piece pings anyone.
Lengths are counted in code points, as Python counts them.
"""

from __future__ import annotations

import unicodedata

from core.kernel.mentions import ZERO_WIDTH_SPACE, inert

ELLIPSIS = "…"
REFERENCE_CHARS = 100  # a `<…>` longer than this is text, not a reference to keep whole
ENTITY_CHARS = 5  # `&amp;`, the longest entity Slack's escaping writes
_JOINER = "\u200d"
_MARKS = frozenset({"Mn", "Me", "Mc"})


def clip(text: str, limit: int) -> str:
    """At most `limit` characters, ending in an ellipsis when something was cut."""
    text = inert(text)
    if len(text) <= limit:
        return text
    if limit <= len(ELLIPSIS):
        return ELLIPSIS[:limit]
    return text[: boundary(text, limit - len(ELLIPSIS))].rstrip() + ELLIPSIS


def split(text: str, limit: int) -> list[str]:
    """Pieces of at most `limit` characters that together hold the text: cut at a line break
    near the limit, else a space, else anywhere a cut breaks nothing. At least one piece."""
    if limit < 1:
        raise ValueError(f"cannot split text into pieces of {limit} characters")
    pieces: list[str] = []
    rest = inert(text)
    while len(rest) > limit:
        cut = _cut(rest, limit)
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip("\n ")
    if rest or not pieces:
        pieces.append(rest)
    return pieces


def _cut(text: str, limit: int) -> int:
    # A line break in the first half would leave a stub where a space nearer the limit does not.
    for at in (
        text.rfind("\n", limit // 2, limit + 1),
        text.rfind(" ", limit // 2, limit + 1),
        text.rfind("\n", 1, limit + 1),
        text.rfind(" ", 1, limit + 1),
    ):
        if at > 0 and boundary(text, at) == at:
            return at
    return boundary(text, limit)


def boundary(text: str, index: int) -> int:
    """The largest index at most `index` where the text can be cut without breaking a
    reference, an entity, an emoji or an inert mention; `index` itself when only a cut
    through one of them is left (a reference or a cluster as long as the limit)."""
    if index >= len(text):
        return len(text)
    if index <= 0:
        return 0
    cut = _outside_markup(text, index)
    while cut > 0 and _inside_cluster(text, cut):
        cut -= 1
    if cut > 0:
        return cut
    cut = index
    while cut > 0 and _inside_pair(text, cut):
        cut -= 1
    return cut or index


def _outside_markup(text: str, index: int) -> int:
    cut = index
    entity = text.rfind("&", max(0, cut - ENTITY_CHARS + 1), cut)
    if entity != -1 and text.find(";", entity, cut) == -1:
        cut = entity
    opened = text.rfind("<", 0, cut)
    if opened != -1 and text.find(">", opened, cut) == -1 and cut - opened < REFERENCE_CHARS:
        cut = opened
    return cut if cut > 0 else index


def _inside_cluster(text: str, at: int) -> bool:
    """Whether a cut before `text[at]` would break what the reader sees as one character."""
    before, after = text[at - 1], text[at]
    if _inside_pair(text, at) or before == _JOINER or after == _JOINER:
        return True
    if after == ZERO_WIDTH_SPACE and before == "@":
        return True
    code = ord(after)
    if 0x1F3FB <= code <= 0x1F3FF or 0xE0020 <= code <= 0xE007F:  # skin tones, flag tags
        return True
    if unicodedata.category(after) in _MARKS:  # accents, variation selectors
        return True
    if _regional(after) and _regional(before):
        run = 0
        while at - run - 1 >= 0 and _regional(text[at - run - 1]):
            run += 1
        return run % 2 == 1  # inside a flag, not between two flags
    return False


def _inside_pair(text: str, at: int) -> bool:
    return "\ud800" <= text[at - 1] <= "\udbff" and "\udc00" <= text[at] <= "\udfff"


def _regional(char: str) -> bool:
    return "\U0001f1e6" <= char <= "\U0001f1ff"
