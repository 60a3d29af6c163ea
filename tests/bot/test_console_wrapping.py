"""The console's width-dependent layouts: a comparison is a table only where each role's
column gets 40 characters, stacked pairs below that; wrapped bullet lines keep their indent;
long field names stand above their values; buttons are set whole, as many to a line as fit."""

from __future__ import annotations

import io

from rich.console import Console, RenderableType
from rich.text import Text

from bot.console_adapter.measure import screen_lines
from bot.console_adapter.render import plain
from bot.console_adapter.wrapping import Comparison, Fields, Flow, Hanging
from core.kernel.reply import (
    Button,
    ComparisonRow,
    ComparisonSection,
    FieldsSection,
    KeyValue,
    Reply,
)

STAGE = "  ◦ Onsite bar-raiser session: includes a leadership-principles interview and more."
SECTION = ComparisonSection(
    left_title="netflix-pm",
    right_title="amazon-pm",
    rows=(
        ComparisonRow(label="Summary", left="• Builds the product. ¹", right="• Runs platforms. ²"),
        ComparisonRow(label="Focus", left="• Subscribers. ²", right="—"),
    ),
)


def drawn(renderable: RenderableType, width: int) -> list[str]:
    out = io.StringIO()
    Console(file=out, width=width, color_system=None).print(renderable)
    return [line.rstrip() for line in out.getvalue().rstrip("\n").split("\n")]


def test_a_wrapped_stage_continues_under_its_text_not_its_bullet() -> None:
    lines = drawn(Hanging(Text(f"• 4 rounds over 10–14 days ²\n{STAGE}")), 40)
    assert lines[0] == "• 4 rounds over 10–14 days ²"
    assert lines[1].startswith("  ◦ Onsite")
    assert len(lines) > 3
    assert all(line.startswith("    ") and line[4] != " " for line in lines[2:])
    assert " ".join(line.strip() for line in lines[1:]) == STAGE.strip()


def test_at_80_columns_a_comparison_is_stacked_pairs_under_each_row() -> None:
    lines = drawn(Comparison(SECTION, plain), 76)  # inside the panel of an 80-column screen
    assert lines == [
        "Summary",
        "netflix-pm • Builds the product. ¹",
        "amazon-pm  • Runs platforms. ²",
        "Focus",
        "netflix-pm • Subscribers. ²",
        "amazon-pm  —",
    ]


def test_a_wide_terminal_keeps_the_three_column_table() -> None:
    lines = drawn(Comparison(SECTION, plain), 130)
    titles = lines[1]
    assert "netflix-pm" in titles
    assert "amazon-pm" in titles
    assert any("Builds the product" in line and "Runs platforms" in line for line in lines)


def test_a_lone_row_is_not_labelled_again_under_its_heading() -> None:
    section = SECTION.model_copy(update={"rows": SECTION.rows[:1]})
    assert drawn(Comparison(section, plain), 76)[0].startswith("netflix-pm")


def test_long_field_names_stand_above_their_values_short_ones_beside() -> None:
    long = FieldsSection(fields=(KeyValue(name="Thu 10 Dec: Leadership principles", value="Go."),))
    assert drawn(Fields(long, plain), 76) == ["Thu 10 Dec: Leadership principles", "  Go."]
    short = FieldsSection(fields=(KeyValue(name="Skills", value="Go."),))
    [line] = drawn(Fields(short, plain), 76)
    assert line.split() == ["Skills", "Go."]


def test_buttons_flow_whole_and_each_line_fits() -> None:
    labels = [f"[{n}] Label number {n}" for n in range(1, 13)]
    lines = list(Flow(labels, style="").lines(40))
    assert 1 < len(lines) < len(labels)
    assert all(len(line) <= 40 for line in lines)
    assert "  ".join(line.strip() for line in lines) == "  ".join(labels)


def test_a_reply_with_thirteen_buttons_lists_them_in_a_few_lines() -> None:
    buttons = tuple(Button(action="open", label=f"Aspect {n}") for n in range(13))
    lines = screen_lines(Reply(title="t", buttons=buttons))
    assert len(lines) <= 2 + 4 + 1  # the panel's edges, the buttons, the hint
    assert all(f"Aspect {n}" in "\n".join(lines) for n in range(13))
