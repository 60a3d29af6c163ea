"""Slack's payloads as the listeners read them, from captured examples under `payloads/`."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest

from bot.slack_adapter import forms, modal
from bot.slack_adapter import payloads as p
from bot.slack_adapter.payloads import (
    AppHomeOpened,
    BlockActions,
    ButtonAction,
    MessageEvent,
    OtherAction,
    ViewSubmission,
)
from tests.bot.slack_adapter.fake_slack import FakeSlack
from tests.bot.slack_adapter.harness import USER, SlackUser

EXAMPLES = Path(__file__).parent / "payloads"


def _example(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXAMPLES / f"{name}.json").read_text())
    return data


def test_a_slash_command_reads_its_form_fields() -> None:
    command = p.read(p.COMMAND, _example("slash_command"), "slash command")
    assert command is not None
    assert (command.command, command.text) == ("/compare", "netflix-pm amazon-pm comp")
    assert command.channel_id == "C0STUDY"
    assert command.response_url
    assert command.trigger_id


def test_a_press_in_a_message_is_block_actions_with_its_button() -> None:
    press = p.read(p.INTERACTIVE, _example("block_actions_message"), "press")
    assert isinstance(press, BlockActions)
    assert isinstance(press.action, ButtonAction)
    assert (press.action.action_id, press.action.value) == (
        "open#3",
        "compare netflix-pm amazon-pm comp",
    )
    assert press.container.is_ephemeral is True
    assert press.response_url is not None


def test_a_press_in_the_home_tab_has_no_response_url() -> None:
    press = p.read(p.INTERACTIVE, _example("block_actions_home"), "press")
    assert isinstance(press, BlockActions)
    assert press.response_url is None
    assert press.view is not None
    assert press.view.type == "home"
    assert press.container.is_ephemeral is False


def test_a_checklist_submission_reads_the_ticked_boxes() -> None:
    press = p.read(p.INTERACTIVE, _example("block_actions_checklist"), "press")
    assert isinstance(press, BlockActions)
    assert isinstance(press.action, ButtonAction)
    action, payload = forms.checklist_payload(press, press.action)
    assert action == "practice.grade"
    assert payload.startswith("q-amazon-001")
    assert payload != "q-amazon-001"  # the ticks travel with it


def test_the_answer_form_reads_its_text_and_where_it_came_from() -> None:
    submission = p.read(p.INTERACTIVE, _example("view_submission_answer"), "form")
    assert isinstance(submission, ViewSubmission)
    pending = forms.Pending.load(submission.view.private_metadata)
    assert pending is not None
    assert pending.replace is True
    assert "I would start from the customer." in forms.submitted(pending, submission.view.state)


def test_the_schedule_form_gives_its_options_by_parameter() -> None:
    body = _example("view_submission_schedule")
    submission = p.read(p.INTERACTIVE, body, "form")
    assert isinstance(submission, ViewSubmission)
    given = modal.submitted(body["view"]["state"]["values"])
    assert given["channel"] == "C0STUDY"
    assert (given["time"], given["timezone"], given["days"]) == (
        "08:30",
        "Europe/London",
        "mon,wed",
    )
    assert given["role"] == "amazon-pm"


def test_events_are_told_apart_by_their_type() -> None:
    opened = p.read(p.EVENT, _example("event_app_home_opened")["event"], "event")
    assert isinstance(opened, AppHomeOpened)
    assert (opened.user, opened.tab) == (USER, "home")
    message = p.read(p.EVENT, _example("event_message_im")["event"], "event")
    assert isinstance(message, MessageEvent)
    assert message.from_a_member
    assert message.text == "compare netflix-pm amazon-pm"


def test_an_edit_in_the_messages_tab_is_not_a_members_message() -> None:
    edit = p.read(p.EVENT, _example("event_message_changed")["event"], "event")
    assert isinstance(edit, MessageEvent)
    assert edit.user is None
    assert not edit.from_a_member


def test_users_info_reads_the_owner_flag_and_timezone() -> None:
    answer = p.read(p.USER_INFO, _example("users_info"), "users.info answer")
    assert answer is not None
    assert (answer.user.is_owner, answer.user.tz) == (True, "Europe/London")


@pytest.mark.parametrize("name", [f.stem for f in sorted(EXAMPLES.glob("block_actions_*.json"))])
def test_fields_slack_adds_later_are_ignored(name: str) -> None:
    data = _example(name)
    grown = {**data, "new_top_level": {"x": 1}, "user": {**data["user"], "locale": "en-GB"}}
    grown["actions"] = [{**a, "new_in_action": True} for a in data["actions"]]
    assert p.read(p.INTERACTIVE, grown, "press") == p.read(p.INTERACTIVE, data, "press")


def test_an_element_the_app_does_not_read_is_still_a_press() -> None:
    data = _example("block_actions_message")
    data["actions"] = [{"type": "static_select", "action_id": "pick", "selected_option": None}]
    press = p.read(p.INTERACTIVE, data, "press")
    assert isinstance(press, BlockActions)
    assert isinstance(press.action, OtherAction)


def test_a_malformed_payload_is_refused_with_one_line_naming_the_field(
    caplog: pytest.LogCaptureFixture,
) -> None:
    data = _example("block_actions_message")
    data["actions"] = [{**data["actions"][0], "value": {"not": "text"}}]
    with caplog.at_level(logging.WARNING, logger="bot.slack_adapter.payloads"):
        assert p.read(p.INTERACTIVE, data, "button press") is None
    [record] = caplog.records
    assert "malformed Slack button press" in record.getMessage()
    assert "actions.0.button.value" in record.getMessage()
    assert record.exc_info is None


def test_a_press_without_its_actions_is_refused(caplog: pytest.LogCaptureFixture) -> None:
    data = {**_example("block_actions_message"), "actions": []}
    with caplog.at_level(logging.WARNING):
        assert p.interactive(data, BlockActions, "button press") is None
    assert "actions" in caplog.text


def test_a_form_where_a_press_was_expected_is_refused(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        assert p.interactive(_example("view_submission_answer"), BlockActions, "press") is None
    assert "ViewSubmission" in caplog.text


async def test_a_malformed_press_gets_no_answer_and_no_traceback(
    slack: SlackUser, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    data = _example("block_actions_message")
    data["response_url"] = fake_slack.response_url("broken")
    data["actions"] = [{**data["actions"][0], "value": ["not", "text"]}]
    with caplog.at_level(logging.WARNING):
        response = await slack.interact(data)
        await slack.idle()
    assert response.status == 200
    assert fake_slack.responses["broken"] == []
    assert "ignored a malformed Slack button press" in caplog.text
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]


async def test_a_malformed_form_submission_is_acknowledged_and_logged(
    slack: SlackUser, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    data = _example("view_submission_answer")
    data["view"] = {**data["view"], "state": {"values": {"answer": {"answer": {"value": 7}}}}}
    with caplog.at_level(logging.WARNING):
        response = await slack.interact(data)
        await slack.idle()
    assert response.status == 200
    assert "ignored a malformed Slack answer form" in caplog.text
    assert fake_slack.calls_to("chat.postMessage") == []
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
