"""The platform-neutral reply every command returns; adapters render it natively."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Visibility(StrEnum):
    CALLER = "caller"
    CHANNEL = "channel"


class RefKind(StrEnum):
    CHANNEL = "channel"
    USER = "user"


class Ref(_Frozen):
    """A channel or a member named in a reply; each adapter renders it its own way (a Slack
    or Discord mention, `#study` in the console). Text points at one with `{0}`, `{1}`…"""

    kind: RefKind
    id: str

    @classmethod
    def channel(cls, channel_id: str) -> Ref:
        return cls(kind=RefKind.CHANNEL, id=channel_id)

    @classmethod
    def user(cls, user_id: str) -> Ref:
        return cls(kind=RefKind.USER, id=user_id)


RenderRef = Callable[[Ref], str]
DrawText = Callable[[str, tuple[Ref, ...]], str]  # a text and the references it points at
_PLACEHOLDER = re.compile(r"\{(\d+)\}")


def plain_ref(ref: Ref) -> str:
    return ("#" if ref.kind is RefKind.CHANNEL else "@") + ref.id


def fill(text: str, refs: tuple[Ref, ...], render: RenderRef = plain_ref) -> str:
    """The text with each `{n}` replaced by refs[n] as `render` draws it."""
    if not refs:
        return text

    def replace(match: re.Match[str]) -> str:
        index = int(match.group(1))
        return render(refs[index]) if index < len(refs) else match.group(0)

    return _PLACEHOLDER.sub(replace, text)


class TextSection(_Frozen):
    kind: Literal["text"] = "text"
    heading: str | None = None
    text: str
    refs: tuple[Ref, ...] = ()

    def rendered(self, render: RenderRef = plain_ref) -> str:
        return fill(self.text, self.refs, render)


class KeyValue(_Frozen):
    name: str
    value: str
    refs: tuple[Ref, ...] = ()

    def rendered(self, render: RenderRef = plain_ref) -> str:
        """The value with its references drawn."""
        return fill(self.value, self.refs, render)


class FieldsSection(_Frozen):
    kind: Literal["fields"] = "fields"
    heading: str | None = None
    fields: tuple[KeyValue, ...]


class ComparisonRow(_Frozen):
    label: str
    left: str
    right: str


class ComparisonSection(_Frozen):
    kind: Literal["comparison"] = "comparison"
    heading: str | None = None
    left_title: str
    right_title: str
    rows: tuple[ComparisonRow, ...]


Section = Annotated[TextSection | FieldsSection | ComparisonSection, Field(discriminator="kind")]


class Problem(StrEnum):
    """What kind of error a reply reports, so that a script can tell them apart."""

    USAGE = "usage"
    UNKNOWN_COMMAND = "unknown_command"
    INTERNAL = "internal"


class ButtonStyle(StrEnum):
    DEFAULT = "default"
    PRIMARY = "primary"
    DANGER = "danger"


class Button(_Frozen):
    """A button; `action` names the handler and `payload` carries all the state it needs."""

    action: str
    label: str
    payload: str = ""
    style: ButtonStyle = ButtonStyle.DEFAULT


class Chart(_Frozen):
    title: str
    filename: str
    png: bytes


class Checklist(_Frozen):
    """Points to tick, then submit: the adapter presses `action` with `ticked(payload, the
    numbers ticked)`, numbers counted from 1 in the order of `items`."""

    action: str
    payload: str
    items: tuple[str, ...]
    prompt: str
    submit: str
    ticked: tuple[int, ...] = ()
    """The numbers shown ticked already (a grader's reading), for the member to correct."""


def ticked(payload: str, numbers: Iterable[int]) -> str:
    """The payload a checklist is submitted with: its own, then the numbers ticked."""
    return f"{payload}|{','.join(str(n) for n in sorted(set(numbers)))}"


class FormField(_Frozen):
    """One box of a form: a label, an example, how much it takes, one line or several."""

    label: str
    placeholder: str = ""
    max_chars: int = 3000
    multiline: bool = False
    required: bool = True


class Form(_Frozen):
    """What a button asks for before it is pressed: one piece of free text (a modal on Slack
    and Discord, the next line in the terminal), or with `fields` several, each its own box
    (the console asks for them one after another). The press carries `answered(payload,
    text)`, or for several fields `form.submitted(payload, values)`."""

    title: str
    label: str
    placeholder: str = ""
    max_chars: int = 3000
    fields: tuple[FormField, ...] = ()

    def boxes(self) -> tuple[FormField, ...]:
        """The boxes to show: the fields, or the one box `label` describes."""
        if self.fields:
            return self.fields
        single = FormField(label=self.label, placeholder=self.placeholder, multiline=True)
        return (single.model_copy(update={"max_chars": self.max_chars}),)

    def submitted(self, payload: str, values: list[str]) -> str:
        """The payload a press with these values (one per box, in order) carries."""
        if not self.fields:
            return answered(payload, values[0] if values else "")
        return answered(payload, json.dumps(values[: len(self.fields)], ensure_ascii=False))


class Followup(_Frozen):
    """A press the adapter makes itself once the reply is out, off the path that must answer
    the platform in time (feedback that takes seconds); the reply it gets takes the place of
    the one that carried it. The payload is held in memory only, never sent to a platform."""

    action: str
    payload: str


def answered(payload: str, text: str) -> str:
    """The payload a button with a form is pressed with: its own, a newline, the text."""
    return f"{payload}\n{text}"


def answers(text: str, count: int) -> list[str]:
    """The values of a form with `count` fields, from the text its press carried (missing
    ones empty; text that is not a form's values is the first)."""
    try:
        values = json.loads(text)
    except ValueError:
        values = [text]
    if not isinstance(values, list):
        values = [text]
    found = [str(v) for v in values[:count]]
    return found + [""] * (count - len(found))


class Reply(_Frozen):
    title: str
    sections: tuple[Section, ...] = ()
    buttons: tuple[Button, ...] = ()
    sources: tuple[str, ...] = ()
    chart: Chart | None = None
    visibility: Visibility = Visibility.CALLER
    problem: Problem | None = None
    """Set on error replies only."""
    # Another view of the message whose button was pressed (an aspect opened, the overview
    # again): adapters show it in place of that message rather than below it.
    replaces: bool = False
    checklist: Checklist | None = None
    charts: tuple[Chart, ...] = ()
    followup: Followup | None = None

    @property
    def images(self) -> tuple[Chart, ...]:
        """Every chart to attach: `chart`, then `charts`."""
        return ((self.chart,) if self.chart else ()) + self.charts

    def plain_text(self, draw: DrawText = fill) -> str:
        """A flat text rendering: notification previews, logs of what was sent, tests.
        `draw` turns each piece of text and its references into the adapter's text (plain
        text, `#channel` and `@user`, unless told otherwise)."""
        lines = [draw(self.title, ())]
        for section in self.sections:
            if section.heading:
                lines.append(draw(section.heading, ()))
            if isinstance(section, TextSection):
                lines.append(draw(section.text, section.refs))
            elif isinstance(section, FieldsSection):
                lines.extend(f"{draw(f.name, ())}: {draw(f.value, f.refs)}" for f in section.fields)
            else:
                lines.append(draw(f"{section.left_title} | {section.right_title}", ()))
                lines.extend(draw(f"{r.label}: {r.left} | {r.right}", ()) for r in section.rows)
        if self.checklist:
            lines.append(draw(self.checklist.prompt, ()))
            lines.extend(
                draw(f"[ ] {i}. {item}", ()) for i, item in enumerate(self.checklist.items, 1)
            )
        lines.extend(draw(source, ()) for source in self.sources)
        return "\n".join(lines)


def error_reply(message: str, hint: str | None = None, problem: Problem = Problem.USAGE) -> Reply:
    """A reply for an error (a user mistake by default): what was wrong, and what to do."""
    sections: list[Section] = [TextSection(text=message)]
    if hint:
        sections.append(TextSection(text=hint))
    return Reply(title="Sorry, I couldn't do that", sections=tuple(sections), problem=problem)
