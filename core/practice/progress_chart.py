"""Progress pictures as PNGs: a calendar heatmap of practice days and retention by category.

Drawn with matplotlib's object API on the Agg canvas (no pyplot, no global figure state).
A render takes tens of milliseconds and holds the interpreter's lock for most of them, so the
chart renderer the composition root supplies draws them in a worker process (a worker thread
would still stall the event loop, by up to 100 ms, measured). matplotlib is imported only there.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING

from core.kernel.reply import Chart
from core.practice.bank import category_title

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

WEEKS = 17
TARGET = 0.9  # the retention the scheduler aims for
DPI = 100
_DAYS = ("Mon", "", "Wed", "", "Fri", "", "Sun")
_GREENS = ("#ebedf0", "#9be9a8", "#40c463", "#30a14e", "#216e39")
_LOCK = threading.Lock()  # one figure at a time: matplotlib's font cache is shared


def progress_charts(
    days: Mapping[date, int], retention: Mapping[str, float], today: date
) -> tuple[Chart, Chart]:
    """The practice-days heatmap ending `today`, and retention by category."""
    with _LOCK:
        return heatmap(days, today), retention_bars(retention)


def heatmap(days: Mapping[date, int], today: date) -> Chart:
    """One square per day for the last WEEKS weeks, Monday at the top; darker, more reviews."""
    from matplotlib.colors import ListedColormap

    first = today - timedelta(days=today.weekday() + 7 * (WEEKS - 1))
    grid = [[float("nan")] * WEEKS for _ in range(7)]
    for offset in range((today - first).days + 1):
        day = first + timedelta(days=offset)
        grid[day.weekday()][offset // 7] = min(days.get(day, 0), len(_GREENS) - 1)
    figure = _figure(0.32 * WEEKS + 1.2, 3.0)
    axes = figure.add_axes((0.08, 0.12, 0.9, 0.66))
    colours = ListedColormap(_GREENS).with_extremes(bad="white")
    axes.pcolormesh(
        grid, cmap=colours, vmin=0, vmax=len(_GREENS) - 1, edgecolors="white", linewidth=2
    )
    axes.set_aspect("equal")
    axes.invert_yaxis()
    axes.set_xticks([])
    for column in range(WEEKS):
        monday = first + timedelta(days=7 * column)
        if monday.day <= 7 or column == 0:
            axes.text(column, -0.3, f"{monday:%b}", ha="left", va="bottom", fontsize=9)
    axes.set_yticks([row + 0.5 for row in range(7)], labels=_DAYS, fontsize=8)
    axes.tick_params(length=0)
    for spine in axes.spines.values():
        spine.set_visible(False)
    for index, colour in enumerate(_GREENS):
        axes.add_patch(_square(WEEKS - len(_GREENS) + index, 7.4, colour))
    axes.text(WEEKS - len(_GREENS) - 0.3, 7.85, "0 reviews", ha="right", va="center", fontsize=8)
    axes.text(WEEKS + 0.1, 7.85, f"{len(_GREENS) - 1}+", ha="left", va="center", fontsize=8)
    practised = sum(1 for day, count in days.items() if count and first <= day <= today)
    figure.suptitle(
        f"Practice days: {practised} of the last {(today - first).days + 1}",
        x=0.08,
        ha="left",
        fontsize=11,
    )
    return Chart(title="Practice days", filename="practice-days.png", png=_png(figure))


def _square(x: float, y: float, colour: str) -> Rectangle:
    from matplotlib.patches import Rectangle

    return Rectangle((x + 0.1, y + 0.1), 0.8, 0.8, facecolor=colour, clip_on=False)


def retention_bars(retention: Mapping[str, float]) -> Chart:
    """A bar per category: the mean chance of recalling its reviewed questions today."""
    names = sorted(retention, key=lambda category: retention[category])
    height = 1.4 + 0.42 * max(len(names), 2)  # inches: room for the title and the axis
    figure = _figure(7.0, height)
    axes = figure.add_axes((0.3, 0.5 / height, 0.62, 1 - 1.1 / height))
    if names:
        values = [retention[name] * 100 for name in names]
        colours = ["#d8793b" if value < TARGET * 100 else "#3b6fd8" for value in values]
        bars = axes.barh([category_title(name) for name in names], values, color=colours)
        axes.bar_label(bars, labels=[f"{v:.0f}%" for v in values], padding=3, fontsize=9)
        axes.axvline(TARGET * 100, color="#555555", linestyle="--", linewidth=1)
    else:
        axes.set_yticks([])
        axes.text(50, 0.5, "Grade a practice question to see this", ha="center", va="center")
        axes.set_ylim(0, 1)
    axes.set_xlim(0, 110)
    axes.set_xticks(range(0, 101, 25), labels=[f"{v}%" for v in range(0, 101, 25)])
    axes.spines[["top", "right"]].set_visible(False)
    figure.suptitle(
        f"Retention by category (dashed: the {TARGET:.0%} aimed for)", x=0.02, ha="left"
    )
    return Chart(title="Retention by category", filename="retention.png", png=_png(figure))


def _figure(width: float, height: float) -> Figure:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=DPI)


def _png(figure: Figure) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", facecolor="white")
    return buffer.getvalue()
