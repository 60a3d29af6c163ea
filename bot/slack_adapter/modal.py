"""The schedule form that `/prep schedule` opens when typed with nothing after it.

Its fields are the parameters of the `/prep schedule` spec entry, one input per parameter by
its kind; the submitted values go to the core as typed options, read and checked as a typed
`/prep schedule` would be.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from core.commands import vocabulary
from core.commands.spec import Command, Kind, Param
from core.commands.surface import SURFACE
from core.kernel.fitting import clip

SCHEDULE_VIEW = "prep_schedule"
FORM_PATH = "prep schedule"
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
    command = SURFACE.by_path(FORM_PATH)
    offered = {Kind.ROLE: roles, Kind.CATEGORY: categories}
    blocks = [
        block
        for param in command.params
        for block in _field(param, origin, timezone, offered.get(param.kind, ()))
    ]
    return {
        "type": "modal",
        "callback_id": SCHEDULE_VIEW,
        "private_metadata": origin.dump(),
        "title": _plain("Daily questions"),
        "submit": _plain("Schedule"),
        "close": _plain("Cancel"),
        "blocks": blocks,
    }


def _field(
    param: Param, origin: Origin, timezone: str | None, options: Sequence[Option]
) -> tuple[dict[str, Any], ...]:
    """The input for one parameter; a kind with nothing to pick from is left out."""
    name, label = param.name, param.name.capitalize()
    if param.kind is Kind.CHANNEL:
        picker: dict[str, Any] = {
            "type": "conversations_select",
            "action_id": name,
            "default_to_current_conversation": True,
            "filter": {"include": ["public", "private"], "exclude_bot_users": True},
        }
        if origin.channel and not origin.channel.startswith("D"):
            picker["initial_conversation"] = origin.channel
        return (_input(name, label, picker),)
    if param.kind is Kind.TIME:
        element: dict[str, Any] = {
            "type": "timepicker",
            "action_id": name,
            "initial_time": DEFAULT_TIME,
        }
        return (_input(name, label, element),)
    if param.kind is Kind.TIMEZONE:
        element = {
            "type": "plain_text_input",
            "action_id": name,
            "initial_value": timezone or "UTC",
            "placeholder": _plain("Europe/London"),
        }
        return (_input(name, label, element, hint=f"{param.help}."),)
    if param.kind is Kind.DAYS:
        days = [_option(day.value, day.title) for day in vocabulary.weekdays()]
        working = vocabulary.working_days()
        element = {
            "type": "checkboxes",
            "action_id": name,
            "options": days,
            "initial_options": [d for d in days if d["value"] in working],
        }
        return (_input(name, label, element),)
    return _select(name, label, options) if options else ()


def submitted(values: dict[str, dict[str, dict[str, Any]]]) -> dict[str, object]:
    """The options the submitted form picked, by parameter name (None where none was)."""
    command: Command = SURFACE.by_path(FORM_PATH)
    picked: dict[str, object] = {}
    for param in command.params:
        field = _value(values, param.name)
        if param.kind is Kind.CHANNEL:
            picked[param.name] = field.get("selected_conversation")
        elif param.kind is Kind.TIME:
            picked[param.name] = field.get("selected_time")
        elif param.kind is Kind.DAYS:
            chosen = [o["value"] for o in field.get("selected_options") or []]
            picked[param.name] = ",".join(chosen) or None
        elif "selected_option" in field:
            picked[param.name] = (field.get("selected_option") or {}).get("value")
        else:
            picked[param.name] = (field.get("value") or "").strip() or None
    return picked


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


def _value(values: dict[str, dict[str, dict[str, Any]]], name: str) -> dict[str, Any]:
    return values.get(name, {}).get(name, {})
