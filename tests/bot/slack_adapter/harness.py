"""Drive the real Bolt app over HTTP the way Slack does: signed requests, then read the answers.

A slash command's first message comes back in the HTTP response (the acknowledgement); the
rest, and every answer to a button, arrive at the fake's response_url.
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from aiohttp import ClientResponse
from aiohttp.test_utils import TestClient, TestServer
from slack_sdk.signature import SignatureVerifier

from bot.slack_adapter import SlackAdapter
from tests.bot.slack_adapter.fake_slack import TEAM, FakeSlack

SIGNING_SECRET = "test-signing-secret"
USER = "U0ADA"
CHANNEL = "C0STUDY"


@dataclass(frozen=True)
class Answer:
    """The messages one request produced: acknowledgement first, then response_url posts."""

    messages: list[dict[str, Any]]

    @property
    def first(self) -> dict[str, Any]:
        return self.messages[0]

    def texts(self) -> str:
        return "\n".join(_texts(m.get("blocks") or []) for m in self.messages)

    def header(self) -> str:
        return str(self.first["blocks"][0]["text"]["text"])

    def buttons(self) -> list[dict[str, Any]]:
        return [
            element
            for message in self.messages
            for block in message.get("blocks") or []
            if block["type"] == "actions"
            for element in block["elements"]
            if element["type"] == "button"
        ]

    def button(self, label: str) -> dict[str, Any]:
        return next(b for b in self.buttons() if b["text"]["text"] == label)


class SlackUser:
    """One person in the workspace, typing commands and pressing buttons."""

    def __init__(
        self,
        client: TestClient[Any, Any],
        adapter: SlackAdapter,
        fake: FakeSlack,
        user: str = USER,
        team: str = TEAM,
        enterprise: str | None = None,
    ) -> None:
        self.client = client
        self.adapter = adapter
        self.fake = fake
        self.user = user
        self.team = team
        # The organisation of an Enterprise Grid workspace, when the app is installed for it.
        self.enterprise = enterprise
        self._keys = itertools.count(1)

    def as_user(self, user: str) -> SlackUser:
        return SlackUser(self.client, self.adapter, self.fake, user, self.team, self.enterprise)

    def in_team(self, team: str, enterprise: str | None = None) -> SlackUser:
        """The same person's id, in another workspace (or an organisation's workspace)."""
        return SlackUser(self.client, self.adapter, self.fake, self.user, team, enterprise)

    def _grid(self) -> dict[str, Any]:
        if self.enterprise is None:
            return {}
        return {"enterprise_id": self.enterprise, "is_enterprise_install": "true"}

    async def idle(self) -> None:
        """Until the app has finished everything it started for the requests sent so far."""
        await self.adapter.listeners.in_flight.drain()

    async def command(
        self, line: str, channel: str = CHANNEL, *, headers: dict[str, str] | None = None
    ) -> Answer:
        """Type a slash command; the answer holds every message it produced. `headers`: what
        a proxy in front of the app adds to Slack's request."""
        name, _, text = line.partition(" ")
        key = f"cmd{next(self._keys)}"
        form = {
            "token": "legacy",
            "team_id": self.team,
            "team_domain": "study",
            **self._grid(),
            "channel_id": channel,
            "channel_name": "directmessage" if channel.startswith("D") else "study",
            "user_id": self.user,
            "user_name": "ada",
            "command": name,
            "text": text,
            "api_app_id": "A0PREP",
            "response_url": self.fake.response_url(key),
            "trigger_id": f"trigger-{key}",
        }
        body = urlencode(form)
        response = await self.post(body, "application/x-www-form-urlencoded", headers=headers)
        assert response.status == 200, await response.text()
        body = await response.text()
        first = [json.loads(body)] if body else []
        await self.idle()
        return Answer(first + self.fake.responses[key])

    async def press(
        self,
        button: dict[str, Any],
        *,
        ephemeral: bool = True,
        channel: str = CHANNEL,
        state: dict[str, Any] | None = None,
    ) -> Answer:
        """Press a button; `state` is what Slack reports of the message's other elements
        (ticked checkboxes), by block and action id."""
        key = f"press{next(self._keys)}"
        payload = {
            "type": "block_actions",
            "team": {"id": self.team, "domain": "study"},
            "user": {"id": self.user, "team_id": self.team},
            "api_app_id": "A0PREP",
            **self._enterprise(),
            "container": {
                "type": "message",
                "message_ts": "1800000000.000001",
                "channel_id": channel,
                "is_ephemeral": ephemeral,
            },
            "channel": {"id": channel},
            "trigger_id": f"trigger-{key}",
            "response_url": self.fake.response_url(key),
            "actions": [
                {
                    "type": "button",
                    "block_id": "b",
                    "action_id": button["action_id"],
                    "value": button.get("value", ""),
                    "text": button["text"],
                    "action_ts": "1800000000.1",
                }
            ],
        }
        if state is not None:
            payload["state"] = {"values": state}
        response = await self.interact(payload)
        assert response.status == 200, await response.text()
        await self.idle()
        return Answer(self.fake.responses[key])

    async def submit(self, view: dict[str, Any], values: dict[str, Any]) -> ClientResponse:
        payload = {
            "type": "view_submission",
            "team": {"id": self.team, "domain": "study"},
            "user": {"id": self.user, "team_id": self.team},
            "api_app_id": "A0PREP",
            **self._enterprise(),
            "view": {**view, "id": "V0FORM", "state": {"values": values}},
        }
        return await self.interact(payload)

    async def event(self, event: dict[str, Any]) -> ClientResponse:
        org_wide = self.enterprise is not None
        body = {
            "token": "legacy",
            "team_id": self.team,
            "api_app_id": "A0PREP",
            "event": event,
            "type": "event_callback",
            "event_id": f"Ev{next(self._keys)}",
            "event_time": int(time.time()),
            "authorizations": [
                {
                    "enterprise_id": self.enterprise,
                    "team_id": None if org_wide else self.team,
                    "user_id": "U0BOT",
                    "is_bot": True,
                    "is_enterprise_install": org_wide,
                }
            ],
            **(
                {"enterprise_id": self.enterprise, "is_ext_shared_channel": False}
                if org_wide
                else {}
            ),
        }
        return await self.post(json.dumps(body), "application/json")

    def _enterprise(self) -> dict[str, Any]:
        if self.enterprise is None:
            return {}
        return {"enterprise": {"id": self.enterprise}, "is_enterprise_install": True}

    async def interact(self, payload: dict[str, Any]) -> ClientResponse:
        body = urlencode({"payload": json.dumps(payload)})
        return await self.post(body, "application/x-www-form-urlencoded")

    async def post(
        self,
        body: str,
        content_type: str,
        *,
        timestamp: int | None = None,
        secret: str = SIGNING_SECRET,
        headers: dict[str, str] | None = None,
    ) -> ClientResponse:
        stamp = str(int(time.time()) if timestamp is None else timestamp)
        signature = SignatureVerifier(secret).generate_signature(timestamp=stamp, body=body)
        assert signature is not None
        sent = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": signature,
            **(headers or {}),
        }
        return await self.client.post("/slack/events", data=body, headers=sent)


@asynccontextmanager
async def slack_user(adapter: SlackAdapter, fake: FakeSlack) -> AsyncIterator[SlackUser]:
    """A member of the workspace, talking to the adapter's HTTP endpoint on a loopback port."""
    async with TestClient(TestServer(adapter.web_app(), host="127.0.0.1")) as client:
        yield SlackUser(client, adapter, fake)


def _texts(blocks: list[dict[str, Any]]) -> str:
    """Every piece of text in some blocks, in order."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block.get("text"), dict):
            out.append(str(block["text"]["text"]))
        for item in (block.get("fields") or []) + (block.get("elements") or []):
            text = item.get("text")
            out.append(str(text.get("text") if isinstance(text, dict) else text))
    return "\n".join(out)
