"""The compensation chart as PNG bytes: each USD figure on a row of its own, naming whose
figure it is; rows grouped so that like sits beside like (base with base, total with total);
a range drawn as a range and a single figure as a point; the sources printed beneath.

Drawing takes tens of milliseconds: the chart renderer the composition root supplies (the
core's ChartRenderer port) draws it away from the event loop and keeps what it drew. matplotlib
is imported on first use, so that a process that draws no chart never loads it. A chart's file
name says what it shows (`comp-netflix-pm-vs-amazon-pm.png`), and
`roles_named` reads the roles back from it, so that the chart can be drawn again from the name.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib.util import find_spec
from typing import TYPE_CHECKING

from core.content.models import Article, Figure, Role
from core.kernel.reply import Chart
from core.roles.cells import DISPUTED
from core.roles.citations import superscript
from core.roles.pay import KIND_TITLES, PayKind, brief_usd, pay_kind, usd_figures

if TYPE_CHECKING:
    from matplotlib.axes import Axes

TITLE = "Pay in USD, like beside like: each row is one source's figure"
COLOURS = ("#1f5fbf", "#d9711c", "#2e9e5b", "#8e44ad")
LABEL_CHARS = 46
WIDTH_INCHES = 10.0
DPI = 110
LINE = 0.42  # the height of one more line of a row's label, in rows
TOP, BOTTOM = 0.65, 0.45  # inches above the plot (title, legend) and below it (the axis)

PREFIX, BETWEEN, SUFFIX = "comp-", "-vs-", ".png"  # comp-<role>[-vs-<role>].png
LONGEST = 2 * 64 + 16  # two role ids of at most 64 characters each, and the rest


@dataclass(frozen=True)
class PayRow:
    """One bar or point of the chart, and what its label says."""

    kind: PayKind
    role: str
    colour: str
    label: str
    figure: Figure


def compensation_chart(roles: Sequence[Role], articles: Mapping[str, Article]) -> Chart | None:
    """The roles' USD pay figures as a chart; None when they have none, or when charting is
    not installed (the `charts` extra): the figures are in the reply's text all the same."""
    rows = pay_rows(roles, articles)
    if not rows or find_spec("matplotlib") is None:
        return None
    png = _draw(rows, roles, source_lines(rows, articles))
    return Chart(title="Compensation", filename=chart_filename(roles), png=png)


def figures_key(roles: Sequence[Role]) -> str:
    """What a compensation chart is a function of: the roles, in order, with their figures."""
    return "|".join(f"{r.id}:{r.compensation.model_dump_json()}" for r in roles)


def chart_filename(roles: Sequence[Role]) -> str:
    return PREFIX + BETWEEN.join(role.id for role in roles) + SUFFIX


def roles_named(filename: str, roles: Mapping[str, Role]) -> tuple[Role, ...] | None:
    """The roles whose chart is called `filename`, in the chart's order: one (a role card's
    chart) or two (a comparison's). None when no chart has that name (an unknown role, three
    roles, anything else), or when it reads as two different charts' names (role ids that
    themselves hold `-vs-`)."""
    if len(filename) > LONGEST or not (filename.startswith(PREFIX) and filename.endswith(SUFFIX)):
        return None
    parts = filename[len(PREFIX) : -len(SUFFIX)].split(BETWEEN)
    splits = [[parts[:i], parts[i:]] for i in range(1, len(parts))]
    readings = [
        ids
        for ids in ([BETWEEN.join(group) for group in split] for split in [[parts], *splits])
        if all(role_id in roles for role_id in ids)
    ]
    if len(readings) != 1:
        return None
    return tuple(roles[role_id] for role_id in readings[0])


def pay_rows(roles: Sequence[Role], articles: Mapping[str, Article]) -> list[PayRow]:
    """The chart's rows, grouped by what each figure measures, in the order of `PayKind`."""
    numbers = _numbers(articles)
    rows = [
        PayRow(
            kind=pay_kind(figure),
            role=role.id,
            colour=COLOURS[i % len(COLOURS)],
            label=row_label(role, figure, numbers),
            figure=figure,
        )
        for i, role in enumerate(roles)
        for figure in usd_figures(role)
    ]
    order = list(PayKind)
    return sorted(rows, key=lambda row: order.index(row.kind))


def row_label(role: Role, figure: Figure, numbers: Mapping[str, int]) -> str:
    """`amazon-pm: Typical L6 senior PM base salary ²`, wrapped, never cut; flagged where
    the role's sources disagree on it."""
    source = figure.source
    origin = ", ".join(str(part) for part in (source.origin, source.year) if part)
    text = f"{role.id}: {figure.label}" + (f", per {origin}" if origin else "")
    text += f" {superscript(numbers[source.article])}"
    if figure.disputes is not None:
        text += f" {DISPUTED}"
    lines = textwrap.wrap(text, LABEL_CHARS, break_long_words=False, break_on_hyphens=False)
    return "\n".join(lines)


def source_lines(rows: Sequence[PayRow], articles: Mapping[str, Article]) -> list[str]:
    """What is printed beneath the chart: each article drawn from, by its full title."""
    numbers = _numbers(articles)
    used = sorted({row.figure.source.article for row in rows}, key=numbers.__getitem__)
    lines = ["Sources:", *(f"{superscript(numbers[a])} {articles[a].title}" for a in used)]
    for role in dict.fromkeys(row.role for row in rows if row.figure.disputes):
        lines.append(f"{DISPUTED} competing accounts of {role}'s pay, each from its own source")
    return lines


def _numbers(articles: Mapping[str, Article]) -> dict[str, int]:
    return {article_id: i for i, article_id in enumerate(articles, 1)}


def _draw(rows: list[PayRow], roles: Sequence[Role], notes: list[str]) -> bytes:
    from matplotlib.figure import Figure as Canvas

    placed: list[tuple[float, PayRow]] = []
    headings: list[tuple[float, str]] = []
    y = 0.0
    for kind in PayKind:
        group = [row for row in rows if row.kind is kind]
        if group:
            headings.append((y, KIND_TITLES[kind]))
            y += 1.0
        for row in group:
            half = LINE * row.label.count("\n") / 2
            placed.append((y + half, row))
            y += 1.0 + 2 * half
        y += 0.2 if group else 0
    height = TOP + BOTTOM + 0.36 * y
    canvas = Canvas(figsize=(WIDTH_INCHES, height), dpi=DPI)
    # Margins fixed in inches, so that the title and legend never meet, however many rows.
    axes = canvas.add_axes((0.42, BOTTOM / height, 0.56, 1 - (TOP + BOTTOM) / height))
    _frame(axes, rows, y)
    for at, row in placed:
        _mark(axes, at, row.figure, row.colour)
        _left_text(axes, at, row.label, colour=row.colour)
    for at, title in headings:
        _left_text(axes, at, title, bold=True)
    canvas.text(0.01, 1.0, TITLE, ha="left", va="top", fontsize=12, fontweight="bold")
    canvas.text(
        0.01,
        0.0,
        "\n".join(notes),
        ha="left",
        va="top",
        fontsize=8.5,
        color="#333333",
        parse_math=False,
    )
    _legend(axes, roles)
    buffer = io.BytesIO()
    # "tight" grows the picture to hold every label, so that none is ever cut.
    canvas.savefig(buffer, format="png", bbox_inches="tight", pad_inches=0.2)
    return buffer.getvalue()


def _left_text(
    axes: Axes, y: float, text: str, *, bold: bool = False, colour: str = "#111111"
) -> None:
    """Text right-aligned against the left edge of the plot, at height `y`."""
    axes.text(
        -0.03,
        y,
        text,
        transform=axes.get_yaxis_transform(),
        ha="right",
        va="center",
        fontsize=10 if bold else 9,
        fontweight="bold" if bold else "normal",
        color=colour,
        parse_math=False,
    )


def _frame(axes: Axes, rows: list[PayRow], bottom: float) -> None:
    from matplotlib.ticker import FuncFormatter

    low = min(row.figure.low for row in rows)
    high = max(row.figure.high or row.figure.low for row in rows)
    pad = max((high - low) * 0.1, 15_000)
    axes.set_xlim(low - pad, high + 2.5 * pad)  # room on the right for the values
    axes.set_ylim(bottom, -0.5)
    axes.set_yticks([])
    axes.xaxis.set_major_formatter(FuncFormatter(lambda value, _: f"${value / 1000:,.0f}k"))
    axes.tick_params(axis="x", labelsize=9)
    axes.grid(axis="x", color="#e4e4e4")
    axes.set_axisbelow(True)
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)


def _mark(axes: Axes, y: float, figure: Figure, colour: str) -> None:
    """A range as a bar from its low to its high end; one figure as a point. Pale or hollow
    when the article gives the figure only roughly."""
    if figure.high is not None and figure.high != figure.low:
        alpha = 0.5 if figure.approximate else 1.0
        axes.barh(
            y, figure.high - figure.low, left=figure.low, height=0.5, color=colour, alpha=alpha
        )
        end = figure.high
    else:
        face = "white" if figure.approximate else colour
        axes.plot(
            [figure.low],
            [y],
            marker="D",
            markersize=9,
            color=colour,
            linestyle="none",
            markerfacecolor=face,
            markeredgewidth=2,
        )
        end = figure.low
    axes.annotate(
        brief_usd(figure),
        (end, y),
        xytext=(10, 0),
        textcoords="offset points",
        va="center",
        fontsize=9,
        color="#222222",
        parse_math=False,
    )


def _legend(axes: Axes, roles: Sequence[Role]) -> None:
    from matplotlib.lines import Line2D

    handles = [
        Line2D([], [], color=COLOURS[i % len(COLOURS)], linewidth=7, label=role.id)
        for i, role in enumerate(roles)
    ]
    rough = Line2D(
        [],
        [],
        color="#555555",
        marker="D",
        markerfacecolor="white",
        markeredgewidth=2,
        linestyle="none",
        label="hollow or pale: the article gives it roughly",
    )
    axes.legend(
        handles=[*handles, rough],
        loc="lower left",
        bbox_to_anchor=(0.0, 1.0),
        ncols=len(handles) + 1,
        fontsize=8.5,
        frameon=False,
    )
