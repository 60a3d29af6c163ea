"""A compensation chart: each USD figure as a bar from its low to its high end."""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence

from PIL import Image, ImageDraw, ImageFont

from core.aspects import format_figure
from core.content.models import Figure, Role, Unit
from core.reply import Chart

WIDTH, ROW, TOP, LEFT, RIGHT = 900, 34, 48, 330, 40
COLOURS = ("#3b6fd8", "#d8793b", "#3bab6f", "#9b59b6")
STEP = 50_000


def compensation_chart(roles: Sequence[Role]) -> Chart | None:
    rows = [
        (role_index, role, figure)
        for role_index, role in enumerate(roles)
        for figure in role.compensation.figures
        if figure.unit is Unit.USD
    ]
    if not rows:
        return None
    low = min(f.low for _, _, f in rows) // STEP * STEP
    high = -(-max(f.high or f.low for _, _, f in rows) // STEP) * STEP
    span = max(high - low, STEP)
    height = TOP + ROW * len(rows) + 30
    image = Image.new("RGB", (WIDTH, height), "white")
    draw = ImageDraw.Draw(image)
    font = _font()
    draw.text((10, 10), "Compensation (USD)", fill="black", font=font)

    def x(value: float) -> float:
        return LEFT + (value - low) / span * (WIDTH - LEFT - RIGHT)

    tick = low
    while tick <= high:
        draw.line([(x(tick), TOP - 8), (x(tick), height - 28)], fill="#dddddd")
        draw.text((x(tick) - 16, height - 24), f"${tick / 1000:.0f}K", fill="#555555", font=font)
        tick += STEP
    for row, (role_index, role, figure) in enumerate(rows):
        y = TOP + row * ROW
        colour = COLOURS[role_index % len(COLOURS)]
        draw.text((10, y + 6), _label(role, figure), fill="black", font=font)
        end = figure.high if figure.high is not None else figure.low
        bar_end = max(x(end), x(figure.low) + 4)
        draw.rectangle([x(figure.low), y + 6, bar_end, y + 24], fill=colour)
        value = format_figure(figure).replace("–", " - ")  # the built-in font has no en dash
        if bar_end + 8 + 7 * len(value) < WIDTH:
            draw.text((bar_end + 6, y + 6), value, fill="#333333", font=font)
        else:
            draw.text((x(figure.low) - 8 - 7 * len(value), y + 6), value, fill="#333333", font=font)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=3)
    name = "-vs-".join(role.id for role in roles)
    return Chart(title="Compensation", filename=f"comp-{name}.png", png=buffer.getvalue())


@functools.cache
def _font() -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=14)


def _label(role: Role, figure: Figure) -> str:
    text = f"{role.id}: {figure.label}"
    return text if len(text) <= 44 else text[:43] + "…"
