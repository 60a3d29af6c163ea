"""What Slack sends the listeners, as frozen models: a slash command, the interactive payloads
(a press in a message or the Home tab, a form submitted) told apart by their `type`, and the
events the app subscribes to. Fields Slack adds later are ignored; a payload without what the
app reads is refused by `read`, which logs why and hands back None.
"""

from __future__ import annotations

import logging
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, TypeAdapter, ValidationError

log = logging.getLogger(__name__)

T = TypeVar("T")


class _Payload(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class Team(_Payload):
    id: str


class User(_Payload):
    id: str
    team_id: str | None = None


class Option(_Payload):
    value: str


class Element(_Payload):
    """What one input or select holds in a view's or a message's state."""

    type: str | None = None
    value: str | None = None
    selected_option: Option | None = None
    selected_options: tuple[Option, ...] = ()
    selected_conversation: str | None = None
    selected_time: str | None = None


NOTHING = Element()


class State(_Payload):
    values: dict[str, dict[str, Element]] = {}

    def of(self, block: str, action: str | None = None) -> Element:
        """The element `action` (by default named like its block) of block `block`."""
        return self.values.get(block, {}).get(action or block, NOTHING)


class Container(_Payload):
    type: str | None = None
    is_ephemeral: bool = False


class View(_Payload):
    id: str | None = None
    type: str | None = None
    callback_id: str | None = None
    private_metadata: str = ""
    state: State = State()


class ButtonAction(_Payload):
    type: Literal["button"]
    action_id: str
    value: str = ""


class CheckboxesAction(_Payload):
    type: Literal["checkboxes"]
    action_id: str
    selected_options: tuple[Option, ...] = ()


class OtherAction(_Payload):
    """An element the app does not read beyond its action id (a select, a date picker)."""

    type: str
    action_id: str


def _action_kind(value: Any) -> str:
    kind = value.get("type") if isinstance(value, dict) else getattr(value, "type", None)
    return kind if kind in ("button", "checkboxes") else "other"


Action = Annotated[
    Annotated[ButtonAction, Tag("button")]
    | Annotated[CheckboxesAction, Tag("checkboxes")]
    | Annotated[OtherAction, Tag("other")],
    Discriminator(_action_kind),
]


class BlockActions(_Payload):
    """A press: in a message (which has a response_url) or in the Home tab (which has not)."""

    type: Literal["block_actions"]
    user: User
    team: Team | None = None
    trigger_id: str | None = None
    response_url: str | None = None
    container: Container = Container()
    state: State = State()
    view: View | None = None
    actions: tuple[Action, ...] = Field(min_length=1)

    @property
    def action(self) -> Action:
        """The element pressed (Slack sends one per payload)."""
        return self.actions[0]


class ViewSubmission(_Payload):
    type: Literal["view_submission"]
    user: User
    team: Team | None = None
    view: View


Interactive = Annotated[BlockActions | ViewSubmission, Field(discriminator="type")]


class SlashCommand(_Payload):
    """A slash command's form fields, as Bolt hands them over."""

    command: str
    text: str = ""
    user_id: str
    team_id: str | None = None
    channel_id: str | None = None
    response_url: str | None = None
    trigger_id: str | None = None


class AppHomeOpened(_Payload):
    type: Literal["app_home_opened"]
    user: str
    tab: str = "home"
    channel: str | None = None


class MessageEvent(_Payload):
    type: Literal["message"]
    channel: str | None = None
    user: str | None = None
    text: str = ""
    channel_type: str | None = None
    subtype: str | None = None
    bot_id: str | None = None

    @property
    def from_a_member(self) -> bool:
        """A member wrote it in the Messages tab: not an edit, a join, or a bot's message."""
        return (
            self.channel_type == "im"
            and not self.subtype
            and not self.bot_id
            and self.user is not None
        )


Event = Annotated[AppHomeOpened | MessageEvent, Field(discriminator="type")]


class UserInfo(_Payload):
    """What users.info says of a member that the app uses."""

    id: str | None = None
    is_admin: bool = False
    is_owner: bool = False
    tz: str | None = None


class UserInfoResponse(_Payload):
    user: UserInfo


COMMAND: TypeAdapter[SlashCommand] = TypeAdapter(SlashCommand)
INTERACTIVE: TypeAdapter[BlockActions | ViewSubmission] = TypeAdapter(Interactive)
EVENT: TypeAdapter[AppHomeOpened | MessageEvent] = TypeAdapter(Event)
USER_INFO: TypeAdapter[UserInfoResponse] = TypeAdapter(UserInfoResponse)


def read(adapter: TypeAdapter[T], data: Any, what: str) -> T | None:
    """`data` as the model, or None with one log line naming what was wrong with it."""
    try:
        return adapter.validate_python(data)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(map(str, e['loc'])) or 'payload'}: {e['msg']}" for e in error.errors()
        )
        log.warning("ignored a malformed Slack %s (%s)", what, problems)
        return None


def interactive(data: Any, kind: type[T], what: str) -> T | None:
    """An interactive payload, if it is a well-formed one of `kind`."""
    found = read(INTERACTIVE, data, what)
    if found is not None and not isinstance(found, kind):
        log.warning("ignored a Slack %s of type %s", what, type(found).__name__)
        return None
    return found
