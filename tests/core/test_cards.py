"""Cards and comparisons: every thing the content says is shown once per role across the
aspect views, disagreements show each account with its source, sources keep their numbers,
and the overview opens each aspect in place."""

from __future__ import annotations

import itertools
import re
from collections import Counter

import pytest

from core.aspects import COMPARED, Aspect
from core.cards import comparison, role_card
from core.catalog import Catalog
from core.content.loader import Content
from core.content.models import Contrast, Role, Source
from core.reply import ComparisonSection, FieldsSection, Reply

ROLE_IDS = ("netflix-pm", "netflix-pmm", "amazon-pm")
PAIRS = list(itertools.permutations(ROLE_IDS, 2))
WORDS = re.compile(r"[a-z0-9]+")
# Figures as a reader meets them: $185,000, 2.5 years, 30%, 45 days.
FIGURE = re.compile(r"\$[\d,]+|\b\d+(?:\.\d+)?(?:%| years?| weeks?| days?)")


def needles(role: Role, versus: Role | None) -> list[tuple[str, Source]]:
    """What a reader must find for each thing the role's content says, and its source;
    read from the content models directly, not from the code under test."""
    found = [(role.summary, role.summary_source)]
    facts = [
        *role.focus,
        *role.responsibilities,
        *role.skills,
        *role.culture,
        *role.metrics,
        *role.suits,
        *role.checklist,
        *role.compensation.notes,
        *role.career.notes,
    ]
    found += [(f.text, f.source) for f in facts]
    figures = [*role.figures, *role.compensation.figures, *role.career.figures]
    found += [(f.label, f.source) for f in figures]
    for loop in role.interview:
        found += [(n.text, n.source) for n in loop.notes]
        found += [(s.detail, loop.source) for s in loop.stages if s.detail]
    found += [(step.detail, role.career.source) for step in role.career.ladder if step.detail]
    for mistake in role.mistakes:
        found += [(mistake.bad, mistake.source), (mistake.better, mistake.source)]
    for faq in role.faq:
        found += [(faq.question, faq.source), (faq.answer, faq.source)]
    for contrast in role.contrasts:
        if versus is None or contrast.versus == versus.id:
            found.append((contrast.but.rstrip("."), contrast.source))
    # A full stop may be dropped where the text sits inside brackets or quotes.
    return [(text.strip().rstrip("."), source) for text, source in found]


def role_text(reply: Reply, side: int | None) -> str:
    """What the reply shows of one role: its column of each table (side 0 or 1), and the
    sections said of both; `side=None`: a card, all of it."""
    parts: list[str] = []
    for section in reply.sections:
        if isinstance(section, ComparisonSection):
            assert side is not None
            parts += [row.right if side else row.left for row in section.rows]
        elif isinstance(section, FieldsSection):
            parts += [field.value for field in section.fields]
        elif section.heading:  # the lead paragraph, with no heading, says no content item
            parts.append(section.text)
    return "\n".join(parts)


def aspect_views(catalog: Catalog, left: Role, right: Role | None) -> list[Reply]:
    if right is None:
        return [role_card(catalog, left, aspect) for aspect in Aspect]
    return [comparison(catalog, left, right, aspect) for aspect in COMPARED]


@pytest.mark.parametrize(("first", "second"), PAIRS)
def test_every_item_of_both_roles_is_shown_exactly_once_across_the_aspect_views(
    catalog: Catalog, content: Content, first: str, second: str
) -> None:
    left, right = content.roles[first], content.roles[second]
    views = aspect_views(catalog, left, right)
    for side, (role, other) in enumerate(((left, right), (right, left))):
        text = "\n".join(role_text(view, side) for view in views)
        for needle, _ in needles(role, other):
            contrast = next((c for c in role.contrasts if c.but.rstrip(".") == needle), None)
            if side and contrast is not None and _mirrored_in(contrast, left, right):
                # The first role's copy says it; a second copy from the other side would not.
                assert needle not in text, f"{role.id}: mirrored contrast shown twice"
                continue
            assert text.count(needle) == 1, f"{role.id}: {needle!r} x{text.count(needle)}"


def _mirrored_in(contrast: Contrast, left: Role, right: Role) -> bool:
    words = set(WORDS.findall(contrast.not_.lower()))
    return any(
        c.versus == right.id
        and c.source.article == contrast.source.article
        and set(WORDS.findall(c.not_.lower())) == words
        for c in left.contrasts
    )


@pytest.mark.parametrize("role_id", ROLE_IDS)
def test_every_item_of_a_role_is_shown_exactly_once_across_its_card(
    catalog: Catalog, content: Content, role_id: str
) -> None:
    role = content.roles[role_id]
    text = "\n".join(role_text(view, None) for view in aspect_views(catalog, role, None))
    for needle, _ in needles(role, None):
        assert text.count(needle) == 1, f"{needle!r} x{text.count(needle)}"


@pytest.mark.parametrize(("first", "second"), PAIRS)
def test_no_line_in_both_columns_and_no_figure_twice_in_one(
    catalog: Catalog, content: Content, first: str, second: str
) -> None:
    for view in aspect_views(catalog, content.roles[first], content.roles[second]):
        for section in view.sections:
            if not isinstance(section, ComparisonSection):
                continue
            left = "\n".join(row.left for row in section.rows)
            right = "\n".join(row.right for row in section.rows)
            lines = [{_words(line) for line in c.splitlines()} - FLAG_WORDS for c in (left, right)]
            assert not lines[0] & lines[1], f"{view.title}, {section.heading}"
            for column in (left, right):
                figures = Counter(FIGURE.findall(column))
                assert all(n == 1 for n in figures.values()), (section.heading, figures)


def _words(line: str) -> str:
    return " ".join(WORDS.findall(line.lower()))


FLAG_WORDS = {_words("⚑ The sources disagree:"), ""}
