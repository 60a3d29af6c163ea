"""The platform-neutral reply every command returns; adapters render it natively."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Visibility(StrEnum):
    CALLER = "caller"
    CHANNEL = "channel"


class TextSection(_Frozen):
    kind: Literal["text"] = "text"
    heading: str | None = None
    text: str


class KeyValue(_Frozen):
    name: str
    value: str


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


class Reply(_Frozen):
    title: str
    sections: tuple[Section, ...] = ()
    buttons: tuple[Button, ...] = ()
    sources: tuple[str, ...] = ()
    chart: Chart | None = None
    visibility: Visibility = Visibility.CALLER
    # Another view of the message whose button was pressed (an aspect opened, the overview
    # again): adapters show it in place of that message rather than below it.
    replaces: bool = False

    def plain_text(self) -> str:
        """A flat text rendering: notification previews, logs of what was sent, tests."""
        lines = [self.title]
        for section in self.sections:
            if section.heading:
                lines.append(section.heading)
            if isinstance(section, TextSection):
                lines.append(section.text)
            elif isinstance(section, FieldsSection):
                lines.extend(f"{f.name}: {f.value}" for f in section.fields)
            else:
                lines.append(f"{section.left_title} | {section.right_title}")
                lines.extend(f"{r.label}: {r.left} | {r.right}" for r in section.rows)
        lines.extend(self.sources)
        return "\n".join(lines)


def error_reply(message: str, hint: str | None = None) -> Reply:
    """A reply for a user mistake: what was wrong, and what to type instead."""
    sections: list[Section] = [TextSection(text=message)]
    if hint:
        sections.append(TextSection(text=hint))
    return Reply(title="Sorry, I couldn't do that", sections=tuple(sections))
