"""The overview reads from the gists: every role sums up every aspect it speaks on in a few
sourced words that stay within what its detail says, and each overview row shows them, the
pair's own article first, every side of a disagreement, nothing twice."""

from __future__ import annotations

import itertools
import re

import pytest

from core.content.loader import Content
from core.content.models import GIST_CHARS, AspectName, Gist, Role, Source, Unit
from core.kernel.reply import FieldsSection, Reply
from core.roles.aspects import OVERVIEW, SHORT_TITLES, Aspect
from core.roles.cards import comparison, role_card
from core.roles.catalog import Catalog
from core.roles.citations import superscript
from core.roles.items import Item, role_items

ROLE_IDS = ("netflix-pm", "netflix-pmm", "amazon-pm")
PAIRS = list(itertools.permutations(ROLE_IDS, 2))
# A number as written in a gist or the detail: 45, 2.5, 150,000, $150k (150).
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def gists(role: Role, aspect: Aspect) -> list[Gist]:
    return role.gists.get(AspectName(aspect.value), [])


def detail(role: Role, aspect: Aspect) -> list[tuple[str, Source]]:
    """What the role's detail says on the aspect, with each line's source: a loop's stages
    carry the loop's."""

    def walk(item: Item, source: Source) -> list[tuple[str, Source]]:
        here = item.source or source
        return [(item.text, here), *(t for child in item.children for t in walk(child, here))]

    items = [item for item in role_items(role) if item.aspect is aspect and item.source]
    return [said for item in items if item.source for said in walk(item, item.source)]


def told_by_figures(role: Role, aspect: Aspect) -> bool:
    """Whether the overview needs no gist: the figures tell it, or (the contrasts) it is not
    one of the overview's rows."""
    usd = any(f.unit is Unit.USD for f in role.compensation.figures)
    return aspect in (Aspect.INTERVIEW, Aspect.CONTRASTS) or (aspect is Aspect.COMP and usd)


def mark(content: Content, gist: Gist) -> str:
    return superscript(list(content.articles).index(gist.source.article) + 1)


def test_the_content_names_the_aspects_the_views_open() -> None:
    assert [a.value for a in AspectName] == [a.value for a in Aspect]


@pytest.mark.parametrize("role_id", ROLE_IDS)
def test_every_aspect_a_role_speaks_on_has_a_gist_unless_its_figures_tell_it(
    content: Content, role_id: str
) -> None:
    role = content.roles[role_id]
    for aspect in Aspect:
        if detail(role, aspect) and not told_by_figures(role, aspect):
            assert gists(role, aspect), (role_id, aspect)
        if not detail(role, aspect):
            assert not gists(role, aspect), (role_id, aspect)
    # Most of the overview reads from gists, not from counts or figures.
    assert len(role.gists) >= len(OVERVIEW) - 3


@pytest.mark.parametrize("role_id", ROLE_IDS)
def test_each_gist_is_short_and_sourced_from_what_the_detail_says(
    content: Content, role_id: str
) -> None:
    role = content.roles[role_id]
    for aspect in Aspect:
        for gist in gists(role, aspect):
            assert len(gist.text) <= GIST_CHARS
            # Its article speaks on this aspect of this role, in the detail ...
            article = gist.source.article
            said = [text for text, source in detail(role, aspect) if source.article == article]
            assert said, (role_id, aspect, gist.text)
            # ... and every figure it gives is one that article's detail gives.
            figures = {n.replace(",", "") for text in said for n in NUMBER.findall(text)}
            for number in NUMBER.findall(gist.text):
                assert number.replace(",", "") in figures, (role_id, gist.text, number)


def test_a_figure_the_detail_does_not_give_would_be_caught(content: Content) -> None:
    """The figure check above can fail: a gist with a made-up figure does not pass it."""
    role = content.roles["amazon-pm"]
    said = [text for text, _ in detail(role, Aspect.COMP)]
    numbers = {n.replace(",", "") for text in said for n in NUMBER.findall(text)}
    assert {"150", "20"} <= numbers
    assert "175" not in numbers  # so "base $175k" would be refused


def overview_rows(reply: Reply) -> dict[str, str]:
    [rows] = [s for s in reply.sections if isinstance(s, FieldsSection)]
    return {field.name.split(" ⚑")[0]: field.value for field in rows.fields}


def expected(content: Content, role: Role, aspect: Aspect, other: Role) -> list[Gist]:
    """What the overview shows of a role's gists, read from the content directly: every side
    of a disagreement; of the rest, those from an article that speaks of both roles if any."""
    said = gists(role, aspect)
    plain = [g for g in said if g.disputes is None]
    both = {a.id for a in content.articles.values() if {role.id, other.id} <= set(a.roles)}
    plain = [g for g in plain if g.source.article in both] or plain
    return [g for g in said if g.disputes is not None or g in plain]


@pytest.mark.parametrize(("first", "second"), PAIRS)
def test_each_overview_row_shows_each_roles_gist_with_its_mark(
    catalog: Catalog, content: Content, first: str, second: str
) -> None:
    left, right = content.roles[first], content.roles[second]
    rows = overview_rows(comparison(catalog, left, right, None))
    for aspect in OVERVIEW:
        value = rows[SHORT_TITLES[aspect]]
        shown = {
            left.id: expected(content, left, aspect, right),
            right.id: expected(content, right, aspect, left),
        }
        for role in (left, right):
            for gist in shown[role.id]:
                assert f"{gist.text} {mark(content, gist)}" in value, (role.id, aspect)
            for gist in set(gists(role, aspect)) - set(shown[role.id]):
                assert gist.text not in value, (role.id, aspect, "from the other article")
        if value.startswith("both: "):  # said once for both, as both say the same
            assert shown[left.id] == shown[right.id] != [], aspect
        else:  # each line says whose it is
            assert value.startswith(f"{left.id}: "), aspect
            assert f"\n{right.id}: " in value or f" · {right.id}: " in value, aspect


@pytest.mark.parametrize("role_id", ROLE_IDS)
def test_a_role_card_shows_all_its_gists_each_with_its_mark(
    catalog: Catalog, content: Content, role_id: str
) -> None:
    role = content.roles[role_id]
    rows = overview_rows(role_card(catalog, role, None))
    for aspect in Aspect:
        for gist in gists(role, aspect):
            assert f"{gist.text} {mark(content, gist)}" in rows[SHORT_TITLES[aspect]]


def test_the_pair_article_decides_which_gist_of_netflix_pm_is_shown(
    catalog: Catalog, content: Content
) -> None:
    """netflix-pm has a gist on its scope from each article; each comparison shows the one
    from the article that compares that pair."""
    roles = content.roles
    [from_pmm_article] = [
        g for g in roles["netflix-pm"].gists[AspectName.SCOPE] if "inward" in g.text
    ]
    versus_amazon = overview_rows(
        comparison(catalog, roles["netflix-pm"], roles["amazon-pm"], None)
    )
    versus_pmm = overview_rows(comparison(catalog, roles["netflix-pm"], roles["netflix-pmm"], None))
    assert from_pmm_article.text in versus_pmm["Scope"]
    assert from_pmm_article.text not in versus_amazon["Scope"]


def test_a_disputed_gist_shows_every_side_wherever_it_appears(
    catalog: Catalog, content: Content
) -> None:
    roles = content.roles
    sides = [g for g in roles["netflix-pm"].gists[AspectName.CAREER] if g.disputes]
    assert len({g.source.article for g in sides}) == 2
    views = [comparison(catalog, roles["netflix-pm"], roles[o], None) for o in ROLE_IDS[1:]]
    views.append(comparison(catalog, roles["amazon-pm"], roles["netflix-pm"], None))
    card = role_card(catalog, roles["netflix-pm"], None)
    for view in [*views, card]:
        value = overview_rows(view)["Career path"]
        line = next(line for line in value.splitlines() if sides[0].text in line)
        for gist in sides:
            assert f"{gist.text} {mark(content, gist)}" in line, view.title
        # Flagged on the role's line in a comparison; on a card, the row's title is.
        assert ("⚑" in line) is (view is not card), view.title
    assert "Career path ⚑" in card.plain_text()


@pytest.mark.parametrize(("first", "second"), PAIRS)
def test_a_gist_is_said_once_in_an_overview_and_never_in_the_detail(
    catalog: Catalog, content: Content, first: str, second: str
) -> None:
    left, right = content.roles[first], content.roles[second]
    overview = comparison(catalog, left, right, None).plain_text()
    details = "\n".join(comparison(catalog, left, right, a).plain_text() for a in Aspect)
    # A line of the detail, without its bullet and source mark, in words only.
    detail_lines = {words(line) for line in details.splitlines()}
    for role in (left, right):
        for said in role.gists.values():
            for gist in said:
                assert overview.count(gist.text) <= 1, gist.text
                assert words(gist.text) not in detail_lines, gist.text


def words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.casefold()))
