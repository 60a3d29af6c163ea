"""A button's form as a Slack modal, and a reply's checklist as checkboxes in the message.

The checkboxes report each tick to the app (acknowledged, nothing else); the submit button
beside them carries the checklist's payload, and Slack sends the boxes' state with its press.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from bot.slack_adapter import mrkdwn
from bot.slack_adapter.payloads import BlockActions, ButtonAction, State
from core.kernel.fitting import clip
from core.kernel.reply import Checklist, Form, ticked

ANSWER_VIEW = "prep_answer"
ANSWER_BLOCK = "answer"  # the block and its text box
CHECKLIST_BLOCK = "checklist"
CHECKBOXES = "checklist_boxes"
SUBMIT_PREFIX = "ticks:"
OPTION_CHARS = 75
MAX_OPTIONS = 10
TITLE_CHARS = 24
LABEL_CHARS = 2000
INPUT_CHARS = 3000  # the most a plain_text_input takes

Block = dict[str, Any]


@dataclass(frozen=True)
class Pending:
    """A press waiting for its form: what to press, and where the answer goes."""

    action: str
    payload: str
    channel: str | None
    response_url: str | None
    replace: bool

    def dump(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def load(cls, text: str) -> Pending | None:
        try:
            data = json.loads(text or "{}")
            return cls(**data) if isinstance(data, dict) else None
        except (TypeError, ValueError):
            return None


def answer_view(form: Form, pending: Pending) -> dict[str, Any]:
    boxes = form.boxes()
    return {
        "type": "modal",
        "callback_id": ANSWER_VIEW,
        "private_metadata": pending.dump(),
        "title": _plain(clip(form.title, TITLE_CHARS)),
        "submit": _plain("Submit"),
        "close": _plain("Cancel"),
        "blocks": [
            {
                "type": "input",
                "block_id": _block(i, form),
                "optional": not box.required,
                "label": _plain(clip(box.label, LABEL_CHARS)),
                "element": {
                    "type": "plain_text_input",
                    "action_id": "answer",
                    "multiline": box.multiline,
                    "max_length": min(box.max_chars, INPUT_CHARS),
                    "placeholder": _plain(clip(box.placeholder or box.label, 150)),
                },
            }
            for i, box in enumerate(boxes)
        ],
    }


def _block(index: int, form: Form) -> str:
    """Each box's block id: `answer` for a one-box form, `answer1`, `answer2`… beyond it."""
    return ANSWER_BLOCK if not form.fields or index == 0 else f"{ANSWER_BLOCK}{index}"


def submitted(pending: Pending, state: State, form: Form | None = None) -> str:
    """The payload the form's submission presses with (each box's text, in order)."""
    form = form or Form(title="", label="")
    texts = [state.of(_block(i, form), "answer").value or "" for i in range(len(form.boxes()))]
    return form.submitted(pending.payload, texts)


def checklist_blocks(checklist: Checklist) -> list[Block]:
    options = [_option(i, item) for i, item in enumerate(checklist.items[:MAX_OPTIONS], 1)]
    boxes: Block = {"type": "checkboxes", "action_id": CHECKBOXES, "options": options}
    ticked = [o for o in options if o["value"] in {str(n) for n in checklist.ticked}]
    if ticked:
        boxes["initial_options"] = ticked
    return [
        {
            "type": "section",
            "text": {"type": "mrkdwn", "text": f"*{mrkdwn.to_mrkdwn(checklist.prompt)}*"},
        },
        {
            "type": "actions",
            "block_id": CHECKLIST_BLOCK,
            "elements": [
                boxes,
                {
                    "type": "button",
                    "action_id": SUBMIT_PREFIX + checklist.action,
                    "text": _plain(checklist.submit),
                    "value": checklist.payload,
                    "style": "primary",
                },
            ],
        },
    ]


def _option(number: int, item: str) -> Block:
    """One point to tick, in full where it fits: a point longer than an option's text runs on
    into the option's description, the line Slack shows beneath it."""
    text = f"{number}. {item}"
    option: Block = {"text": _plain(text), "value": str(number)}
    if len(text) > OPTION_CHARS:
        cut = text.rfind(" ", 0, OPTION_CHARS)
        cut = cut if cut > 0 else OPTION_CHARS
        option["text"] = _plain(text[:cut].rstrip())
        option["description"] = _plain(clip(text[cut:].strip(), OPTION_CHARS))
    return option


def checklist_payload(press: BlockActions, action: ButtonAction) -> tuple[str, str]:
    """The core action and payload a press of a checklist's submit button stands for."""
    boxes = press.state.of(CHECKLIST_BLOCK, CHECKBOXES)
    numbers = [int(o.value) for o in boxes.selected_options if o.value.isdecimal()]
    core_action = action.action_id.removeprefix(SUBMIT_PREFIX)
    return core_action, ticked(action.value, numbers)


def _plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text}
