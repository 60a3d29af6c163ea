"""The neutral reply as Block Kit, split across messages so that no Slack limit is ever exceeded."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from bot.slack_adapter import mrkdwn
from bot.slack_adapter.forms import checklist_blocks
from core.kernel.fitting import clip, split
from core.kernel.reply import (
    Button,
    ButtonStyle,
    ComparisonSection,
    FieldsSection,
    KeyValue,
    Reply,
    Section,
    TextSection,
)

log = logging.getLogger(__name__)

Block = dict[str, Any]

MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100
HEADER_CHARS = 150
SECTION_CHARS = 3000
FIELD_CHARS = 2000
FIELDS_PER_BLOCK = 10
CONTEXT_ELEMENTS = 10
BUTTONS_PER_BLOCK = 25
BUTTON_LABEL_CHARS = 75
BUTTON_VALUE_CHARS = 2000
ACTION_ID_CHARS = 255
FALLBACK_CHARS = 3000
# Slack refuses a message whose blocks hold more than about 13,000 characters in all
# (msg_blocks_too_long), a limit it does not document; stay well under it.
MESSAGE_CHARS = 11_000
BLOCK_CHARS = 5_000
EMPTY = "—"


@dataclass(frozen=True)
class SlackMessage:
    """One message: its blocks and the plain `text` Slack shows in notifications."""

    text: str
    blocks: list[Block]

    def payload(self) -> dict[str, Any]:
        return {"text": self.text, "blocks": self.blocks}


def action_id(action: str, index: int) -> str:
    """Unique within a message even when several buttons share a core action."""
    return f"{action}#{index}"


def core_action(slack_action_id: str) -> str:
    action, _, _ = slack_action_id.rpartition("#")
    return action or slack_action_id


def render(reply: Reply, extra: Sequence[Block] = ()) -> list[SlackMessage]:
    """The reply as one message, or several when it is too large for one; `extra` blocks
    (the image blocks of its charts) go after its own."""
    blocks = [*_blocks(reply), *extra]
    chunks = _pack(blocks or [_text_block(EMPTY)], MESSAGE_BLOCKS)
    fallback = clip(reply.plain_text(mrkdwn.to_mrkdwn).strip(), FALLBACK_CHARS)
    title = clip(mrkdwn.escape(reply.title), FALLBACK_CHARS - 20)
    return [
        SlackMessage(
            text=(fallback or EMPTY) if i == 0 else f"{title} ({i + 1}/{len(chunks)})",
            blocks=chunk,
        )
        for i, chunk in enumerate(chunks)
    ]


def render_view(reply: Reply) -> list[Block]:
    """Blocks for a Home tab or a modal, which hold up to 100 blocks and cannot be split."""
    blocks = list(_blocks(reply))
    if len(blocks) <= VIEW_BLOCKS:
        return blocks
    log.warning("view for %r cut from %d to %d blocks", reply.title, len(blocks), VIEW_BLOCKS)
    return [*blocks[: VIEW_BLOCKS - 1], _context(["More than fits here; use the commands."])]


def _pack(blocks: list[Block], max_blocks: int) -> list[list[Block]]:
    messages: list[list[Block]] = [[]]
    chars = 0
    for block in blocks:
        size = _size(block)
        current = messages[-1]
        if current and (len(current) >= max_blocks or chars + size > MESSAGE_CHARS):
            messages.append([])
            chars = 0
        messages[-1].append(block)
        chars += size
    return messages


def _size(block: Block) -> int:
    """Characters of text a block carries, which is what Slack's total limit counts."""
    size = 0
    for key, value in block.items():
        if key in ("text", "value") and isinstance(value, str):
            size += len(value)
        elif isinstance(value, dict):
            size += _size(value)
        elif isinstance(value, list):
            size += sum(_size(item) for item in value if isinstance(item, dict))
    return size


def _blocks(reply: Reply) -> Iterator[Block]:
    if reply.title.strip():
        text = clip(mrkdwn.plain(reply.title.strip()), HEADER_CHARS)
        yield {"type": "header", "text": {"type": "plain_text", "text": text, "emoji": True}}
    for section in reply.sections:
        yield from _section(section)
    if reply.sources:
        yield from _sources(reply.sources)
    if reply.checklist is not None:
        yield from checklist_blocks(reply.checklist)
    yield from _buttons(reply.buttons)


def _section(section: Section) -> Iterator[Block]:
    heading = f"*{mrkdwn.to_mrkdwn(section.heading)}*" if section.heading else None
    if isinstance(section, TextSection):
        body = mrkdwn.to_mrkdwn(section.text.strip(), section.refs)
        text = "\n".join(part for part in (heading, body) if part)
        for piece in split(text, SECTION_CHARS):
            if piece.strip():
                yield _text_block(piece)
    elif isinstance(section, FieldsSection):
        yield from _field_blocks(heading, [[_key_value(kv)] for kv in section.fields])
    else:
        yield from _comparison(heading, section)


def _comparison(heading: str | None, section: ComparisonSection) -> Iterator[Block]:
    """Each row as a left/right pair of fields; the column titles open every block."""
    titles = [_field(f"*{mrkdwn.to_mrkdwn(t)}*") for t in (section.left_title, section.right_title)]
    pairs = [
        [
            _field(f"*{mrkdwn.to_mrkdwn(row.label)}*\n{mrkdwn.to_mrkdwn(value) or EMPTY}")
            for value in (row.left, row.right)
        ]
        for row in section.rows
    ]
    yield from _field_blocks(heading, pairs, lead=titles)


def _field_blocks(
    heading: str | None, groups: list[list[Block]], lead: list[Block] | None = None
) -> Iterator[Block]:
    """Groups of fields packed into section blocks; a group is never split across blocks."""
    lead = lead or []
    batch, chars, grouped = list(lead), _chars(lead), False
    for group in groups:
        size = _chars(group)
        if grouped and (len(batch) + len(group) > FIELDS_PER_BLOCK or chars + size > BLOCK_CHARS):
            yield _with_fields(heading, batch)
            heading, batch, chars = None, list(lead), _chars(lead)
        batch += group
        chars += size
        grouped = True
    if batch:
        yield _with_fields(heading, batch)
    elif heading:
        yield _text_block(heading)


def _chars(fields: list[Block]) -> int:
    return sum(len(field["text"]) for field in fields)


def _key_value(kv: KeyValue) -> Block:
    return _field(f"*{mrkdwn.to_mrkdwn(kv.name)}*\n{mrkdwn.to_mrkdwn(kv.value, kv.refs) or EMPTY}")


def _field(text: str) -> Block:
    return {"type": "mrkdwn", "text": clip(text, FIELD_CHARS), "verbatim": True}


def _with_fields(heading: str | None, fields: list[Block]) -> Block:
    block: Block = {"type": "section", "fields": fields}
    if heading:
        block["text"] = {
            "type": "mrkdwn",
            "text": clip(heading, SECTION_CHARS),
            "verbatim": True,
        }
    return block


def _text_block(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text, "verbatim": True}}


def _sources(sources: Sequence[str]) -> Iterator[Block]:
    lines = [mrkdwn.to_mrkdwn(s) for s in sources if s.strip()]
    batch: list[str] = []
    for piece in split("\n".join(lines), SECTION_CHARS):
        if batch and (
            len(batch) >= CONTEXT_ELEMENTS or sum(map(len, batch)) + len(piece) > BLOCK_CHARS
        ):
            yield _context(batch)
            batch = []
        batch.append(piece)
    if batch:
        yield _context(batch)


def _context(texts: list[str]) -> Block:
    elements = [{"type": "mrkdwn", "text": t, "verbatim": True} for t in texts]
    return {"type": "context", "elements": elements}


def _buttons(buttons: Sequence[Button]) -> Iterator[Block]:
    elements = [
        element for i, button in enumerate(buttons) if (element := _button(button, i)) is not None
    ]
    for start in range(0, len(elements), BUTTONS_PER_BLOCK):
        yield {"type": "actions", "elements": elements[start : start + BUTTONS_PER_BLOCK]}


def _button(button: Button, index: int) -> Block | None:
    slack_id = action_id(button.action, index)
    if len(button.payload) > BUTTON_VALUE_CHARS or len(slack_id) > ACTION_ID_CHARS:
        # Cutting either would corrupt the state the button carries; leave it out.
        log.warning("button %r dropped: too long for Slack", button.action)
        return None
    label = clip(mrkdwn.plain(button.label.strip() or button.action), BUTTON_LABEL_CHARS)
    element: Block = {
        "type": "button",
        "action_id": slack_id,
        "text": {"type": "plain_text", "text": label, "emoji": True},
    }
    if button.payload:
        element["value"] = button.payload
    if button.style is not ButtonStyle.DEFAULT:
        element["style"] = button.style.value
    return element
