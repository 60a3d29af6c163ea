"""The compensation chart as PNG bytes: each USD figure on a row of its own, naming whose
figure it is; rows grouped so that like sits beside like (base with base, total with total);
a range drawn as a range and a single figure as a point; the sources printed beneath.

Drawing takes tens of milliseconds, so a chart is drawn once per set of figures and kept.
matplotlib is imported on first use, so that commands without a chart never load it.
"""

from __future__ import annotations

import io
import textwrap
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from core.citations import superscript
from core.content.models import Article, Figure, Role
from core.pay import KIND_TITLES, PayKind, brief_usd, pay_kind, usd_figures
from core.reply import Chart

if TYPE_CHECKING:
    from matplotlib.axes import Axes

COLOURS = ("#1f5fbf", "#d9711c", "#2e9e5b", "#8e44ad")
LABEL_CHARS = 46
WIDTH_INCHES = 10.0
DPI = 110
LINE = 0.42  # height of one line of a row label, in row units

_cache: dict[str, bytes] = {}
_lock = threading.Lock()


@dataclass(frozen=True)
class _Row:
    kind: PayKind
    colour: str
    role: Role
    figure: Figure


def compensation_chart(roles: Sequence[Role], articles: Mapping[str, Article]) -> Chart | None:
    """The roles' USD pay figures as a chart, or None when they have none."""
    rows = _rows(roles)
    if not rows:
        return None
    key = "|".join(f"{r.id}:{r.compensation.model_dump_json()}" for r in roles)
    with _lock:
        png = _cache.get(key)
    if png is None:
        png = _draw(rows, roles, articles)
        with _lock:
            _cache[key] = png
    name = "-vs-".join(role.id for role in roles)
    return Chart(title="Compensation", filename=f"comp-{name}.png", png=png)


def _rows(roles: Sequence[Role]) -> list[_Row]:
    rows = [
        _Row(pay_kind(figure), COLOURS[index % len(COLOURS)], role, figure)
        for index, role in enumerate(roles)
        for figure in usd_figures(role)
    ]
    order = list(PayKind)
    return sorted(rows, key=lambda row: order.index(row.kind))


def _draw(rows: list[_Row], roles: Sequence[Role], articles: Mapping[str, Article]) -> bytes:
    from matplotlib.figure import Figure as Canvas

    numbers = {article_id: i for i, article_id in enumerate(articles, 1)}
    placed: list[tuple[float, _Row, str]] = []
    headings: list[tuple[float, str]] = []
    y = 0.0
    for kind in PayKind:
        group = [row for row in rows if row.kind is kind]
        if not group:
            continue
        headings.append((y, KIND_TITLES[kind]))
        y += 1.0
        for row in group:
            label = _label(row, numbers)
            lines = label.count("\n") + 1
            y += LINE * (lines - 1) / 2
            placed.append((y, row, label))
            y += 0.7 + LINE * (lines - 1) / 2 + 0.3
        y += 0.2
    canvas = Canvas(figsize=(WIDTH_INCHES, 1.2 + 0.36 * y), dpi=DPI)
    axes = canvas.add_axes((0.42, 0.08, 0.56, 0.84))
    _frame(axes, rows, y)
    for at, row, label in placed:
        _mark(axes, at, row.figure, row.colour)
        axes.text(
            -0.03,
            at,
            label,
            transform=axes.get_yaxis_transform(),
            ha="right",
            va="center",
            fontsize=9,
            color="#222222",
            parse_math=False,
        )
    for at, title in headings:
        axes.text(
            -0.03,
            at,
            title,
            transform=axes.get_yaxis_transform(),
            ha="right",
            va="center",
            fontsize=10,
            fontweight="bold",
        )
    used = sorted({row.figure.source.article for row in rows}, key=numbers.__getitem__)
    notes = ["Sources:", *(f"{superscript(numbers[a])} {articles[a].title}" for a in used)]
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
    canvas.text(
        0.01,
        1.0,
        "Pay in USD: like beside like, each row one source's figure",
        ha="left",
        va="bottom",
        fontsize=12,
        fontweight="bold",
    )
    _legend(axes, roles)
    buffer = io.BytesIO()
    # "tight" grows the picture to hold every label, so that none is ever cut.
    canvas.savefig(buffer, format="png", bbox_inches="tight", pad_inches=0.2)
    return buffer.getvalue()


def _frame(axes: Axes, rows: list[_Row], bottom: float) -> None:
    from matplotlib.ticker import FuncFormatter

    low = min(row.figure.low for row in rows)
    high = max(row.figure.high or row.figure.low for row in rows)
    pad = max((high - low) * 0.1, 15_000)
    axes.set_xlim(low - pad, high + 2.5 * pad)
    axes.set_ylim(bottom, -0.5)
    axes.set_yticks([])
    axes.xaxis.set_major_formatter(FuncFormatter(lambda value, _: f"${value / 1000:,.0f}k"))
    axes.tick_params(axis="x", labelsize=9)
    axes.grid(axis="x", color="#e4e4e4")
    axes.set_axisbelow(True)
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)


def _mark(axes: Axes, y: float, figure: Figure, colour: str) -> None:
    """A range as a bar from its low to its high end; one figure as a point, hollow when
    the article gives it only roughly."""
    if figure.high is not None and figure.high != figure.low:
        axes.barh(
            y,
            figure.high - figure.low,
            left=figure.low,
            height=0.5,
            color=colour,
            alpha=0.55 if figure.approximate else 1.0,
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
            markerfacecolor=face,
            markeredgewidth=2,
            linestyle="none",
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


def _label(row: _Row, numbers: Mapping[str, int]) -> str:
    """`amazon-pm: Typical L6 senior PM base salary ²`, wrapped, never cut."""
    source = row.figure.source
    origin = ", ".join(str(part) for part in (source.origin, source.year) if part)
    text = f"{row.role.id}: {row.figure.label}" + (f", per {origin}" if origin else "")
    return "\n".join(textwrap.wrap(f"{text} {superscript(numbers[source.article])}", LABEL_CHARS))


def _legend(axes: Axes, roles: Sequence[Role]) -> None:
    from matplotlib.lines import Line2D

    handles = [
        Line2D([], [], color=COLOURS[i % len(COLOURS)], linewidth=7, label=role.id)
        for i, role in enumerate(roles)
    ]
    handles.append(
        Line2D(
            [],
            [],
            color="#555555",
            marker="D",
            markerfacecolor="white",
            linestyle="none",
            markeredgewidth=2,
            label="hollow or pale: the article gives it roughly",
        )
    )
    axes.legend(
        handles=handles,
        loc="lower left",
        bbox_to_anchor=(0.0, 1.0),
        ncols=len(handles),
        fontsize=8.5,
        frameon=False,
    )
