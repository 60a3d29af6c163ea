"""Cards and comparisons: every thing the content says is shown once per role across the
aspect views, disagreements show each account with its source, sources keep their numbers,
and the overview opens each aspect in place."""

from __future__ import annotations

import itertools
import re
from collections import Counter

import pytest

from core.commands.handler import CommandHandler
from core.content.loader import Content
from core.content.models import Contrast, Role, Source
from core.kernel.identity import Caller
from core.kernel.pressing import in_place
from core.kernel.reply import ComparisonSection, FieldsSection, Reply, TextSection, Visibility
from core.roles.aspects import COMPARED, TITLES, Aspect
from core.roles.cards import OPEN_ACTION, comparison, role_card
from core.roles.catalog import Catalog
from core.roles.cells import DISAGREE
from core.roles.citations import superscript
from core.roles.comparing import SHARED_ACCOUNT

ROLE_IDS = ("netflix-pm", "netflix-pmm", "amazon-pm")
PAIRS = list(itertools.permutations(ROLE_IDS, 2))
WORDS = re.compile(r"[a-z0-9]+")
# Figures as a reader meets them: $185,000, 2.5 years, 30%, 45 days.
FIGURE = re.compile(r"\$[\d,]+|\b\d+(?:\.\d+)?(?:%| years?| weeks?| days?)")


def needles(role: Role, versus: Role | None) -> list[tuple[str, Source | None]]:
    """What a reader must find for each thing the role's content says, with the source whose
    mark ends its line (None where the mark is on the line of what it belongs to: a loop's
    stages, the ladder's steps, a mistake's first half); read from the content models
    directly, not from the code under test. Gists are not needles: they restate in a few
    words, for the overview only, what these items say (tests/core/roles/test_gists.py holds them
    to that), so each fact is still found once, in its own words, in the aspect views."""
    found: list[tuple[str, Source | None]] = [(role.summary, role.summary_source)]
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
        found += [(s.detail, None) for s in loop.stages if s.detail]
    found += [(step.detail, None) for step in role.career.ladder if step.detail]
    for mistake in role.mistakes:
        found += [(mistake.bad, None), (mistake.better, mistake.source)]
    for faq in role.faq:
        found += [(faq.question, None), (faq.answer, faq.source)]
    for contrast in role.contrasts:
        if versus is None or contrast.versus == versus.id:
            found.append((contrast.but.rstrip("."), contrast.source))
    # A full stop may be dropped where the text sits inside brackets or quotes.
    return [(text.strip().rstrip("."), source) for text, source in found]


def assert_once_and_marked(text: str, needle: str, source: Source | None, who: str) -> None:
    assert text.count(needle) == 1, f"{who}: {needle!r} x{text.count(needle)}"
    if source is not None:
        line = next(line for line in text.splitlines() if needle in line)
        number = superscript(ARTICLES.index(source.article) + 1)
        assert number in line[line.index(needle) :], f"{who}: {needle!r} without {number}"


ARTICLES = ["netflix-pm-vs-pmm", "amazon-vs-netflix-pm"]  # their order in sources.yaml


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
        for needle, source in needles(role, other):
            contrast = next((c for c in role.contrasts if c.but.rstrip(".") == needle), None)
            if side and contrast is not None and _mirrored_in(contrast, left, right):
                # The first role's copy says it; a second copy from the other side would not.
                assert needle not in text, f"{role.id}: mirrored contrast shown twice"
                continue
            assert_once_and_marked(text, needle, source, role.id)


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
    for needle, source in needles(role, None):
        assert_once_and_marked(text, needle, source, role.id)


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


def disputed_groups(role: Role) -> dict[str, list[tuple[str, Source]]]:
    """Each set of competing accounts in the role's content: its needles and sources."""
    accounts: list[tuple[str | None, str, Source]] = []
    for loop in role.interview:
        head = f"{loop.rounds} rounds over"
        accounts.append((loop.disputes, head, loop.source))
        accounts += [(n.disputes, n.text, n.source) for n in loop.notes]
    accounts.append((role.career.disputes, role.career.ladder[0].title, role.career.source))
    figures = [*role.figures, *role.compensation.figures, *role.career.figures]
    accounts += [(f.disputes, f.label, f.source) for f in figures]
    facts = [*role.focus, *role.responsibilities, *role.skills, *role.culture, *role.metrics]
    facts += [*role.suits, *role.checklist, *role.compensation.notes, *role.career.notes]
    accounts += [(f.disputes, f.text, f.source) for f in facts]
    groups: dict[str, list[tuple[str, Source]]] = {}
    for key, text, source in accounts:
        if key is not None:
            groups.setdefault(key, []).append((text, source))
    return groups


def cells(reply: Reply, side: int | None) -> list[str]:
    """The text of each cell that speaks for one role (see `role_text`)."""
    found: list[str] = []
    for section in reply.sections:
        if isinstance(section, ComparisonSection):
            found += [row.right if side else row.left for row in section.rows]
        elif isinstance(section, FieldsSection):
            found += [field.value for field in section.fields]
    return found


@pytest.mark.parametrize("role_id", ROLE_IDS)
def test_competing_accounts_are_shown_together_each_with_its_source(
    catalog: Catalog, content: Content, role_id: str
) -> None:
    role = content.roles[role_id]
    others = [content.roles[other] for other in ROLE_IDS if other != role_id]
    views: list[tuple[Reply, int | None]] = [(v, None) for v in aspect_views(catalog, role, None)]
    views += [(v, 0) for other in others for v in aspect_views(catalog, role, other)]
    views += [(v, 1) for other in others for v in aspect_views(catalog, other, role)]
    groups = disputed_groups(role)
    assert groups or role_id == "netflix-pmm"
    for key, accounts in groups.items():
        on_card = 0
        for view, side in views:
            shown = [c for c in cells(view, side) if DISAGREE in c]
            shown = [c for c in shown if any(n in c for n, _ in accounts)]
            on_card += len(shown) if side is None else 0
            for cell_text in shown:
                for needle, source in accounts:
                    # Said word for word of both roles, an account is pointed to, not repeated.
                    assert needle in cell_text or SHARED_ACCOUNT in cell_text, (key, needle)
                    number = superscript(list(content.articles).index(source.article) + 1)
                    assert any(note.startswith(f"{number} ") for note in view.sources), key
        assert on_card == 1, key


def test_an_article_keeps_its_number_and_full_title_in_every_view(
    catalog: Catalog, content: Content
) -> None:
    numbered = {
        superscript(i): article.title for i, article in enumerate(content.articles.values(), 1)
    }
    roles = content.roles
    views = [v for a, b in PAIRS for v in aspect_views(catalog, roles[a], roles[b])]
    views += [v for a in ROLE_IDS for v in aspect_views(catalog, roles[a], None)]
    views += [comparison(catalog, roles[a], roles[b], None) for a, b in PAIRS]
    for view in views:
        assert view.sources or "The articles say nothing on this." in view.plain_text()
        for note in view.sources:
            number, title = note.split(" ", 1)
            assert numbered[number] == title
        marks = set(SUPERSCRIPT.findall(view.plain_text())) - set(
            SUPERSCRIPT.findall("\n".join(view.sources))
        )
        assert not marks, f"{view.title}: marks without a footnote: {marks}"
        for button in view.buttons:
            assert not SUPERSCRIPT.search(button.label)
            assert not BRACKETED.search(button.label)


SUPERSCRIPT = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹]+")
BRACKETED = re.compile(r"\[\d+\]|^\d+[.)]")


def test_a_pair_no_article_compares_directly_says_so_up_front(
    catalog: Catalog, content: Content
) -> None:
    roles = content.roles
    for a, b in PAIRS:
        for aspect in (None, *Aspect):
            lead = comparison(catalog, roles[a], roles[b], aspect).sections[0]
            assert isinstance(lead, TextSection)
            direct = any({a, b} <= set(article.roles) for article in content.articles.values())
            assert lead.text.startswith("Compared directly in" if direct else "No article"), (a, b)
    assert not any(
        {"netflix-pmm", "amazon-pm"} <= set(article.roles) for article in content.articles.values()
    )


async def test_an_aspect_button_opens_its_view_in_place_of_the_overview(
    handler: CommandHandler, caller: Caller
) -> None:
    for command in ("/compare netflix-pm amazon-pm", "/role netflix-pmm"):
        overview = await handler.handle(command, caller)
        assert not overview.replaces
        for button in [b for b in overview.buttons if b.action == OPEN_ACTION]:
            opened = await handler.press(button.action, button.payload, caller)
            assert opened.replaces
            aspect = Aspect(button.payload.rsplit(" ", 1)[-1])
            assert any(s.heading == TITLES[aspect] for s in opened.sections), button.payload
            typed = await handler.handle(f"/{button.payload}", caller)
            assert typed.sections == opened.sections
            back = next(b for b in opened.buttons if b.action == OPEN_ACTION)
            again = await handler.press(back.action, back.payload, caller)
            assert again.sections == overview.sections


@pytest.mark.parametrize(
    "payload",
    ["compare netflix-pm", "compare netflix-pm gone-pm", "role netflix-pm vibes", "mock x", ""],
)
async def test_a_stale_aspect_button_is_answered_with_a_hint(
    handler: CommandHandler, caller: Caller, payload: str
) -> None:
    reply = await handler.press(OPEN_ACTION, payload, caller)
    assert reply.title == "Sorry, I couldn't do that"
    assert "Run the command again" in reply.plain_text()


@pytest.mark.parametrize(
    ("visibility", "replaces", "personal", "expected"),
    [
        (Visibility.CALLER, False, True, True),  # a personal answer to a personal message
        (Visibility.CALLER, True, True, True),
        (Visibility.CALLER, True, False, False),  # a channel post never becomes one view
        (Visibility.CALLER, False, False, False),
        (Visibility.CHANNEL, False, True, False),  # sharing leaves the caller's copy
        (Visibility.CHANNEL, True, False, True),  # another view of a channel post
        (Visibility.CHANNEL, False, False, False),
    ],
)
def test_an_answer_takes_the_place_of_the_pressed_message_only_for_the_same_readers(
    visibility: Visibility, replaces: bool, personal: bool, expected: bool
) -> None:
    reply = Reply(title="x", visibility=visibility, replaces=replaces)
    assert in_place(reply, personal=personal) is expected


def test_the_fit_view_says_whom_each_article_was_written_for(
    catalog: Catalog, content: Content
) -> None:
    roles = content.roles
    view = comparison(catalog, roles["netflix-pm"], roles["amazon-pm"], Aspect.FIT)
    [readers] = [s for s in view.sections if s.heading == "Who the articles were written for"]
    assert isinstance(readers, TextSection)
    about = [a for a in content.articles.values() if a.readers]
    assert len(about) == 2
    assert readers.text.startswith("⚑")  # they address different readers
    for article in about:
        assert f"{article.readers} {superscript(list(content.articles).index(article.id) + 1)}" in (
            readers.text
        )
    # A role's card names only the articles that speak of that role.
    alone = role_card(catalog, roles["amazon-pm"], Aspect.FIT).plain_text()
    shown = [a.id for a in about if a.readers and a.readers in alone]
    assert shown == [a.id for a in about if "amazon-pm" in a.roles]


async def test_comparing_a_role_with_itself_shows_its_card_once(
    handler: CommandHandler, caller: Caller, catalog: Catalog, content: Content
) -> None:
    reply = await handler.handle("/compare amazon-pm amzn pm culture", caller)
    card = role_card(catalog, content.roles["amazon-pm"], Aspect.CULTURE)
    assert isinstance(reply.sections[0], TextSection)
    assert "same role" in reply.sections[0].text
    assert reply.sections[1:] == card.sections


@pytest.mark.parametrize(
    ("visibility", "replaces", "expected"),
    [
        (Visibility.CALLER, True, True),  # an aspect opened on the bot's direct message
        (Visibility.CHANNEL, True, True),
        (Visibility.CALLER, False, False),  # a check-in's answer leaves the check-in
    ],
)
def test_in_a_direct_message_with_the_bot_another_view_takes_the_posts_place(
    visibility: Visibility, replaces: bool, expected: bool
) -> None:
    reply = Reply(title="x", visibility=visibility, replaces=replaces)
    assert in_place(reply, personal=False, direct=True) is expected
