"""Charts saved as files beside the data: a terminal shows no image."""

from __future__ import annotations

from pathlib import Path

from core.kernel.reply import Chart, Reply


def save_chart(chart: Chart, data_dir: Path) -> Path:
    """A terminal shows no image: the chart goes to a file beside the bot's data."""
    path = data_dir / "charts" / chart.filename
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(chart.png)
    return path


def save_charts(reply: Reply, data_dir: Path) -> list[Path]:
    """Every chart of a reply, saved; the REPL and `prepbot ask` both save them this way."""
    return [save_chart(chart, data_dir) for chart in reply.images]
