"""The compensation chart: like beside like, each row naming whose figure it is, labels never
cut, the sources printed beneath; and the picture in docs/ is the one the bot sends."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from matplotlib.image import imread

from bot.charts import PooledCharts
from bot.compose import build_handler
from core.commands.handler import CommandHandler
from core.content.loader import Content
from core.content.models import Compensation
from core.kernel.identity import Caller
from core.roles.catalog import Catalog
from core.roles.chart import LABEL_CHARS, compensation_chart, pay_rows, roles_named, source_lines
from core.roles.citations import superscript
from core.roles.pay import PayKind, pay_kind, usd_figures
from core.store.store import Store
from tests.conftest import FakeClock


@pytest.fixture
def handler(
    catalog: Catalog, store: Store, clock: FakeClock, pooled_charts: PooledCharts
) -> CommandHandler:
    """Drawn by the bot's own renderer: these tests look at the pictures."""
    return build_handler(catalog, store, clock, charts=pooled_charts)


DOCS_CHART = Path(__file__).parents[3] / "docs" / "comp-netflix-pm-vs-amazon-pm.png"
# What each pay figure measures, as a person reads its label and the article.
MEASURES = {
    ("netflix-pm", 185_000): PayKind.UNSPECIFIED,  # Levels.fyi range, make-up not given
    ("netflix-pm", 190_000): PayKind.BASE,  # base salary in offers the author saw
    ("netflix-pmm", 200_000): PayKind.UNSPECIFIED,
    ("amazon-pm", 155_000): PayKind.BASE,  # L6 base, the mid-150k range
    ("amazon-pm", 260_000): PayKind.TOTAL,  # one PM's base, bonus and RSU value
}


def test_each_pay_figure_is_grouped_by_what_it_measures(content: Content) -> None:
    read = {
        (role.id, int(figure.low)): pay_kind(figure)
        for role in content.roles.values()
        for figure in usd_figures(role)
    }
    assert read == MEASURES


def test_rows_set_like_beside_like_and_each_says_whose_figure_it_is(content: Content) -> None:
    roles = list(content.roles.values())
    rows = pay_rows(roles, content.articles)
    kinds = [row.kind for row in rows]
    assert kinds == sorted(kinds, key=list(PayKind).index)  # each kind in one group
    for row in rows:
        assert row.label.startswith(f"{row.role}: ")
        assert all(len(line) <= LABEL_CHARS for line in row.label.splitlines())
        # Wrapped, never cut: the whole of the figure's label is there.
        assert " ".join(row.figure.label.split()) in " ".join(row.label.split())
    assert len({row.colour for row in rows}) == len(roles)


def test_the_sources_beneath_give_each_article_its_number_and_full_title(
    content: Content,
) -> None:
    roles = [content.roles["netflix-pm"], content.roles["amazon-pm"]]
    lines = source_lines(pay_rows(roles, content.articles), content.articles)
    for number, article in enumerate(content.articles.values(), 1):
        assert f"{superscript(number)} {article.title}" in lines
    assert not any("netflix-pm's pay" in line for line in lines)  # its figures fit together


def test_nothing_drawn_touches_the_edge_of_the_picture(content: Content) -> None:
    for ids in (["netflix-pm", "amazon-pm"], ["netflix-pmm"], ["amazon-pm", "netflix-pmm"]):
        chart = compensation_chart([content.roles[i] for i in ids], content.articles)
        assert chart is not None
        pixels = imread(io.BytesIO(chart.png))[:, :, :3]
        edges = np.concatenate([pixels[:3].reshape(-1, 3), pixels[-3:].reshape(-1, 3)])
        edges = np.concatenate([edges, pixels[:, :3].reshape(-1, 3), pixels[:, -3:].reshape(-1, 3)])
        assert edges.min() > 0.99, ids  # a white margin all round: no label was cut


def test_a_role_without_pay_figures_gets_no_chart(content: Content) -> None:
    role = content.roles["netflix-pmm"].model_copy(update={"compensation": Compensation()})
    assert compensation_chart([role], content.articles) is None


async def test_the_picture_in_docs_is_the_chart_the_bot_sends(
    handler: CommandHandler, caller: Caller
) -> None:
    reply = await handler.handle("/compare netflix-pm amazon-pm comp", caller)
    assert reply.chart is not None
    assert reply.chart.filename == DOCS_CHART.name
    sent = imread(io.BytesIO(reply.chart.png))
    pictured = imread(DOCS_CHART)
    assert sent.shape == pictured.shape, "regenerate docs/ with `prepbot ask`"
    assert float(np.abs(sent - pictured).mean()) < 0.005


async def test_every_chart_a_reply_carries_is_drawn_again_from_its_name(
    handler: CommandHandler, caller: Caller, content: Content
) -> None:
    ids = list(content.roles)
    lines = [f"/role {a} comp" for a in ids]
    lines += [f"/compare {a} {b} comp" for a in ids for b in ids if a != b]
    for line in lines:
        reply = await handler.handle(line, caller)
        assert reply.chart is not None, line
        again = await handler.shared_chart(reply.chart.filename)
        assert again == reply.chart, line


def test_a_name_reads_back_as_roles_only_when_it_is_a_charts_name(content: Content) -> None:
    roles = content.roles
    assert roles_named("comp-netflix-pm-vs-amazon-pm.png", roles) == (
        roles["netflix-pm"],
        roles["amazon-pm"],
    )
    assert roles_named("comp-amazon-pm.png", roles) == (roles["amazon-pm"],)
    for name in (
        "comp-amazon-pm-vs-netflix-pm-vs-netflix-pmm.png",
        "comp-google-pm.png",
        "comp-amazon-pm.svg",
        "practice-days.png",
        "retention.png",
        "comp-.png",
        "comp-amazon-pm-vs-.png",
    ):
        assert roles_named(name, roles) is None, name


def test_a_name_that_reads_two_ways_is_no_charts_name(content: Content) -> None:
    base = content.roles["amazon-pm"]
    roles = {i: base.model_copy(update={"id": i}) for i in ("a", "b", "c", "a-vs-b", "b-vs-c")}
    assert roles_named("comp-a-vs-b-vs-c.png", roles) is None  # a-vs-b and c, or a and b-vs-c
    assert roles_named("comp-a-vs-b.png", roles) is None  # a-vs-b alone, or a and b
    assert [r.id for r in roles_named("comp-c-vs-a.png", roles) or ()] == ["c", "a"]
