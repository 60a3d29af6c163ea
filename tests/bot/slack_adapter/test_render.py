"""Block Kit rendering: Slack's limits always hold, nothing is lost, nothing pings a channel."""

from __future__ import annotations

import json
import re

from hypothesis import given, settings
from hypothesis import strategies as st
from slack_sdk.models.blocks import Block

from bot.slack_adapter import render as r
from bot.slack_adapter.forms import OPTION_CHARS, checklist_blocks
from bot.slack_adapter.mrkdwn import to_mrkdwn
from core.kernel.fitting import split
from core.kernel.reply import (
    Button,
    ButtonStyle,
    Checklist,
    ComparisonRow,
    ComparisonSection,
    FieldsSection,
    KeyValue,
    Ref,
    Reply,
    TextSection,
    Visibility,
)

MASS_MENTION = re.compile(r"<!(channel|here|everyone)|(?<![\w\u200b])@(channel|here|everyone)\b")


def assert_within_limits(messages: list[r.SlackMessage]) -> None:
    """Slack's documented limits, checked by hand and by slack_sdk's own validators."""
    assert messages
    for message in messages:
        assert 0 < len(message.blocks) <= r.MESSAGE_BLOCKS
        assert len(message.text) <= r.FALLBACK_CHARS
        assert sum(r._size(b) for b in message.blocks) <= r.MESSAGE_CHARS
        action_ids = [
            e["action_id"]
            for b in message.blocks
            for e in b.get("elements", [])
            if "action_id" in e
        ]
        assert len(action_ids) == len(set(action_ids))
        for block in message.blocks:
            Block.parse(block).to_dict()  # type: ignore[union-attr]
            kind = block["type"]
            if kind == "header":
                assert 0 < len(block["text"]["text"]) <= r.HEADER_CHARS
            elif kind == "section":
                assert "text" in block or "fields" in block
                assert len(block.get("text", {}).get("text", "")) <= r.SECTION_CHARS
                assert len(block.get("fields", [])) <= r.FIELDS_PER_BLOCK
                assert all(0 < len(f["text"]) <= r.FIELD_CHARS for f in block.get("fields", []))
            elif kind == "context":
                assert 0 < len(block["elements"]) <= r.CONTEXT_ELEMENTS
            elif kind == "actions":
                assert 0 < len(block["elements"]) <= r.BUTTONS_PER_BLOCK
                for button in block["elements"]:
                    assert len(button.get("value", "")) <= r.BUTTON_VALUE_CHARS
                    assert len(button["text"]["text"]) <= r.BUTTON_LABEL_CHARS
            else:
                raise AssertionError(f"unexpected block {kind}")


def all_text(messages: list[r.SlackMessage]) -> str:
    return json.dumps([m.blocks for m in messages], ensure_ascii=False)


def huge_reply() -> Reply:
    return Reply(
        title="T" * 400,
        sections=(
            *(
                TextSection(heading=f"part {i}", text=f"line {i} " + "word " * 1500)
                for i in range(40)
            ),
            TextSection(text="x" * 12_000),  # no line break or space to cut at
            FieldsSection(
                heading="many fields",
                fields=tuple(KeyValue(name=f"key {i}", value="v" * 2500) for i in range(35)),
            ),
            ComparisonSection(
                heading="many rows",
                left_title="left",
                right_title="right",
                rows=tuple(
                    ComparisonRow(label=f"row {i}", left="l" * 1900, right="r " * 900)
                    for i in range(60)
                ),
            ),
        ),
        buttons=tuple(
            Button(action="practice.next", label=f"b{i}" * 50, payload=str(i)) for i in range(60)
        ),
        sources=tuple(f"[{i}] source {i} " + "s" * 200 for i in range(80)),
    )


def test_a_huge_reply_splits_into_messages_that_each_fit() -> None:
    reply = huge_reply()
    messages = r.render(reply)
    assert len(messages) > 10
    assert_within_limits(messages)
    text = all_text(messages)
    # Nothing silently dropped: every section, row, button and source made it somewhere.
    assert all(f"line {i} " in text for i in range(40))
    assert all(f"*row {i}*" in text for i in range(60))
    assert all(f"[{i}] source {i}" in text for i in range(80))
    assert all(f'"practice.next#{i}"' in text for i in range(60))
    assert text.count("x") >= 12_000
    # The header opens the first message only; buttons close the last.
    assert messages[0].blocks[0]["type"] == "header"
    assert all(b["type"] != "header" for m in messages[1:] for b in m.blocks)
    assert messages[-1].blocks[-1]["type"] == "actions"


def test_long_text_is_cut_at_line_breaks_first() -> None:
    text = "\n".join(f"line {i:04d} " + "a" * 80 for i in range(100))
    pieces = split(text, 3000)
    assert all(len(p) <= 3000 for p in pieces)
    assert all(p.startswith("line ") for p in pieces)
    assert "\n".join(pieces) == text


def test_a_payload_too_long_for_slack_drops_only_that_button() -> None:
    reply = Reply(
        title="t",
        buttons=(
            Button(action="a", label="too long", payload="p" * 2001),
            Button(action="b", label="fine", payload="p" * 2000),
        ),
    )
    [message] = r.render(reply)
    [actions] = [b for b in message.blocks if b["type"] == "actions"]
    assert [e["text"]["text"] for e in actions["elements"]] == ["fine"]
    assert r.core_action(actions["elements"][0]["action_id"]) == "b"


def test_action_ids_are_unique_and_map_back_to_the_core_action() -> None:
    reply = Reply(
        title="Fit quiz",
        buttons=tuple(
            Button(action="fit.answer", label=str(i), payload=f"x:{i}") for i in range(4)
        ),
    )
    [message] = r.render(reply)
    elements = message.blocks[-1]["elements"]
    assert [e["action_id"] for e in elements] == [f"fit.answer#{i}" for i in range(4)]
    assert {r.core_action(e["action_id"]) for e in elements} == {"fit.answer"}
    assert [e["value"] for e in elements] == [f"x:{i}" for i in range(4)]


def test_button_styles_map_to_slack_styles() -> None:
    reply = Reply(
        title="t",
        buttons=(
            Button(action="a", label="go", style=ButtonStyle.PRIMARY),
            Button(action="b", label="stop", style=ButtonStyle.DANGER),
            Button(action="c", label="plain"),
        ),
    )
    elements = r.render(reply)[0].blocks[-1]["elements"]
    assert [e.get("style") for e in elements] == ["primary", "danger", None]
    assert "value" not in elements[2]


def test_user_text_cannot_mention_a_whole_channel() -> None:
    hostile = "<!channel> <!here|here> <!everyone> @here @channel @Everyone <!subteam^S1> &"
    reply = Reply(
        title=hostile,
        sections=(
            TextSection(heading=hostile, text=hostile),
            FieldsSection(fields=(KeyValue(name=hostile, value=hostile),)),
            ComparisonSection(
                left_title=hostile,
                right_title="r",
                rows=(ComparisonRow(label=hostile, left=hostile, right=hostile),),
            ),
        ),
        buttons=(Button(action="a", label=hostile),),
        sources=(hostile,),
        visibility=Visibility.CHANNEL,
    )
    for message in r.render(reply):
        everything = message.text + json.dumps(message.blocks, ensure_ascii=False)
        assert not MASS_MENTION.search(everything), everything
        assert "<!" not in everything
        assert all(
            b["text"].get("verbatim", True)
            for b in message.blocks
            if "text" in b and b["text"]["type"] == "mrkdwn"
        )


def test_channel_and_user_references_are_live_and_the_rest_is_escaped() -> None:
    text = "Post in {0} or {1} for {2}: a < b & c > d, **bold** `code`, typed <#C0TYPED>"
    refs = (Ref.channel("C0STUDY"), Ref.channel("C0OTHER"), Ref.user("U0ADA"))
    assert to_mrkdwn(text, refs) == (
        "Post in <#C0STUDY> or <#C0OTHER> for <@U0ADA>: a &lt; b &amp; c &gt; d, "
        "*bold* `code`, typed &lt;#C0TYPED&gt;"
    )
    assert to_mrkdwn("<https://evil.example|click>") == "&lt;https://evil.example|click&gt;"


def test_a_cut_never_splits_an_entity_or_a_reference() -> None:
    text = to_mrkdwn("&" * 3000 + " {0}" * 400, (Ref.channel("C0STUDY"),))
    for piece in split(text, 3000):
        assert not re.search(r"&(a|am)?$", piece)
        assert piece.count("<") == piece.count(">")


def test_comparison_rows_pair_left_and_right_under_column_titles() -> None:
    reply = Reply(
        title="A vs B",
        sections=(
            ComparisonSection(
                heading="Pay",
                left_title="a-pm",
                right_title="b-pm",
                rows=(
                    ComparisonRow(label="Base", left="$1", right="$2"),
                    ComparisonRow(label="Bonus", left="", right="10%"),
                ),
            ),
        ),
    )
    [message] = r.render(reply)
    section = message.blocks[1]
    assert section["text"]["text"] == "*Pay*"
    assert [f["text"] for f in section["fields"]] == [
        "*a-pm*",
        "*b-pm*",
        "*Base*\n$1",
        "*Base*\n$2",
        "*Bonus*\n—",
        "*Bonus*\n10%",
    ]


def test_a_home_view_is_cut_to_one_hundred_blocks() -> None:
    reply = Reply(title="Home", sections=tuple(TextSection(text=str(i)) for i in range(150)))
    blocks = r.render_view(reply)
    assert len(blocks) == r.VIEW_BLOCKS
    assert blocks[-1]["type"] == "context"


_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=4000)


@settings(max_examples=60, deadline=None)
@given(
    title=_text,
    texts=st.lists(_text, max_size=8),
    fields=st.lists(st.tuples(_text, _text), max_size=25),
    rows=st.lists(st.tuples(_text, _text, _text), max_size=12),
    buttons=st.lists(st.tuples(_text, st.text(max_size=2100)), max_size=30),
    sources=st.lists(_text, max_size=12),
)
def test_any_reply_renders_within_limits(
    title: str,
    texts: list[str],
    fields: list[tuple[str, str]],
    rows: list[tuple[str, str, str]],
    buttons: list[tuple[str, str]],
    sources: list[str],
) -> None:
    reply = Reply(
        title=title,
        sections=(
            *(TextSection(text=t) for t in texts),
            FieldsSection(fields=tuple(KeyValue(name=n, value=v) for n, v in fields)),
            ComparisonSection(
                left_title="l",
                right_title="r",
                rows=tuple(ComparisonRow(label=a, left=b, right=c) for a, b, c in rows),
            ),
        ),
        buttons=tuple(Button(action="act", label=lab, payload=p) for lab, p in buttons),
        sources=tuple(sources),
    )
    messages = r.render(reply)
    assert_within_limits(messages)
    rendered = all_text(messages)
    assert not MASS_MENTION.search(rendered)


def test_a_long_point_to_tick_runs_on_into_its_description_in_full() -> None:
    long = "Names the customer, the problem and the metric " * 3
    checklist = Checklist(
        action="a", payload="p", items=("Short", long.strip()), prompt="P", submit="S"
    )
    short, wrapped = checklist_blocks(checklist)[1]["elements"][0]["options"]
    assert short == {"text": {"type": "plain_text", "text": "1. Short"}, "value": "1"}
    assert len(wrapped["text"]["text"]) <= OPTION_CHARS
    assert len(wrapped["description"]["text"]) <= OPTION_CHARS
    joined = wrapped["text"]["text"] + " " + wrapped["description"]["text"]
    assert joined == "2. " + long.strip()
