"""The schedule form that `/prep schedule` opens when typed with nothing after it.

The form only collects the words of the command; the core parses and checks them as it
would a typed `/prep schedule`.
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.slack_adapter.payloads import State
from core.commands import vocabulary
from core.kernel.fitting import clip

SCHEDULE_VIEW = "prep_schedule"
FORM_COMMAND = ("/prep", "schedule")
DEFAULT_TIME = "09:00"
OPTION_TEXT_CHARS = 75
OPTION_VALUE_CHARS = 150  # an id: cut rather than shortened with an ellipsis, never longer

Option = tuple[str, str]


@dataclass(frozen=True)
class Origin:
    """Where the form was opened from, so that its result can be answered there."""

    channel: str | None
    response_url: str | None

    def dump(self) -> str:
        return json.dumps({"channel": self.channel, "response_url": self.response_url})

    @classmethod
    def load(cls, text: str) -> Origin:
        try:
            data = json.loads(text or "{}")
        except ValueError:
            data = {}
        if not isinstance(data, dict):
            data = {}
        return cls(channel=data.get("channel"), response_url=data.get("response_url"))


def wants_form(command: str, text: str) -> bool:
    return (command, text.strip().lower()) == FORM_COMMAND


def schedule_view(
    origin: Origin, timezone: str | None, roles: Sequence[Option], categories: Sequence[Option]
) -> dict[str, Any]:
    channel_picker: dict[str, Any] = {
        "type": "conversations_select",
        "action_id": "channel",
        "default_to_current_conversation": True,
        "filter": {"include": ["public", "private"], "exclude_bot_users": True},
    }
    if origin.channel and not origin.channel.startswith("D"):
        channel_picker["initial_conversation"] = origin.channel
    days = [_option(day.value, day.title) for day in vocabulary.weekdays()]
    return {
        "type": "modal",
        "callback_id": SCHEDULE_VIEW,
        "private_metadata": origin.dump(),
        "title": _plain("Daily questions"),
        "submit": _plain("Schedule"),
        "close": _plain("Cancel"),
        "blocks": [
            _input("channel", "Channel", channel_picker),
            _input(
                "time",
                "Time",
                {"type": "timepicker", "action_id": "time", "initial_time": DEFAULT_TIME},
            ),
            _input(
                "timezone",
                "Timezone",
                {
                    "type": "plain_text_input",
                    "action_id": "timezone",
                    "initial_value": timezone or "UTC",
                    "placeholder": _plain("Europe/London"),
                },
                hint="An IANA name, like Europe/London or America/New_York.",
            ),
            _input(
                "days",
                "Days",
                {
                    "type": "checkboxes",
                    "action_id": "days",
                    "options": days,
                    "initial_options": [d for d in days if d["value"] in vocabulary.working_days()],
                },
            ),
            *(_select("role", "Role", roles) if roles else ()),
            *(_select("category", "Category", categories) if categories else ()),
        ],
    }


def command_text(values: State) -> str:
    """The `/prep schedule …` line the submitted form stands for."""
    channel = values.of("channel").selected_conversation or ""
    at = values.of("time").selected_time or ""
    timezone = (values.of("timezone").value or "").strip()
    days = ",".join(o.value for o in values.of("days").selected_options)
    words = [f"<#{channel}>", at, timezone, days]
    for name in ("role", "category"):
        selected = values.of(name).selected_option
        if selected:
            words.append(selected.value)
    return "/prep schedule " + " ".join(shlex.quote(w) for w in words if w)


def _input(
    block_id: str, label: str, element: dict[str, Any], *, hint: str | None = None
) -> dict[str, Any]:
    block: dict[str, Any] = {
        "type": "input",
        "block_id": block_id,
        "label": _plain(label),
        "element": element,
    }
    if hint:
        block["hint"] = _plain(hint)
    return block


def _select(name: str, label: str, options: Sequence[Option]) -> tuple[dict[str, Any]]:
    element = {
        "type": "static_select",
        "action_id": name,
        "placeholder": _plain("Any"),
        "options": [_option(value, text) for value, text in options[:100]],
    }
    return ({**_input(name, label, element), "optional": True},)


def _option(value: str, text: str) -> dict[str, Any]:
    return {"text": _plain(clip(text, OPTION_TEXT_CHARS)), "value": value[:OPTION_VALUE_CHARS]}


def _plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text}
