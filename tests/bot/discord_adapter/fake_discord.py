"""A local Discord: the REST API and the gateway websocket, on 127.0.0.1, for the real client.

It answers what discord.py asks at login and connect, records every request, keeps the
messages the bot creates (with their embeds and buttons, so tests can press them), honours
`enforce_nonce`, and fails requests on demand (a 429 with Discord's headers, a 403, …).
Responses are JSON with a content type of exactly `application/json`, which is the only one
discord.py parses.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from aiohttp import BodyPartReader, WSMsgType, web

from tests.bot.discord_adapter import payloads

if TYPE_CHECKING:
    from discord.types.message import Message

T = TypeVar("T")

API = "/api/v10"
HELLO, HEARTBEAT, IDENTIFY, HEARTBEAT_ACK, DISPATCH = 10, 1, 2, 11, 0
WAIT = 5.0


@dataclass(frozen=True)
class Received:
    method: str
    path: str
    query: dict[str, str]
    body: Any
    files: list[str]
    at: float


@dataclass(frozen=True)
class Failure:
    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)


def rate_limited(retry_after: float) -> Failure:
    """A 429 as Discord sends it: a `Via` header and a JSON `retry_after`."""
    return Failure(
        429,
        {"message": "You are being rate limited.", "retry_after": retry_after, "global": False},
        {"Via": "1.1 google", "Retry-After": str(retry_after), "X-RateLimit-Scope": "user"},
    )


def json_response(
    data: Any, status: int = 200, headers: dict[str, str] | None = None
) -> web.Response:
    return web.Response(
        body=json.dumps(data).encode(),
        status=status,
        headers={"Content-Type": "application/json", **(headers or {})},
    )


class FakeDiscord:
    def __init__(self) -> None:
        self.received: list[Received] = []
        self.identified: list[dict[str, Any]] = []
        self.heartbeats = 0
        self.errors: list[Exception] = []
        self.messages: list[Message] = []
        self.dm_channels: dict[str, str] = {}
        self.threads: dict[str, dict[str, Any]] = {}  # private threads the bot opened
        self.thread_members: dict[str, list[str]] = {}  # who was added to each
        self.commands: dict[str, list[dict[str, Any]]] = {}
        self.recommended_shards = 1
        self.identify_close_code: int | None = None
        # The servers the bot is in, each announced on the shard that owns it.
        self.guilds: dict[str, Any] = {payloads.GUILD_ID: payloads.guild()}
        self.hold_ready = False  # identify, and never answer READY (a gateway that is down)
        self._failures: dict[tuple[str, str], list[Failure]] = {}
        self._nonces: dict[tuple[str, str], Message] = {}
        self._sources: dict[str, str] = {}
        self._sockets: dict[int, web.WebSocketResponse] = {}
        self._sequence = 0
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.port = 0
        # Faults, for the tests that run the bot as real processes against this fake.
        self.post_latency = 0.0  # seconds each message post takes
        self.unavailable_until = 0.0  # loop time until which message posts answer 503

    # lifecycle -------------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", API + "/{path:.*}", self._rest)
        self._runner = web.AppRunner(app, handle_signals=False)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self.port = self._runner.addresses[0][1]

    async def close(self) -> None:
        for socket in list(self._sockets.values()):
            await socket.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}{API}"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    # what tests use ----------------------------------------------------------------------

    def fail_next(self, method: str, path: str, failure: Failure, times: int = 1) -> None:
        self._failures.setdefault((method, path), []).extend([failure] * times)

    def requests(self, method: str, prefix: str) -> list[Received]:
        return [r for r in self.received if r.method == method and r.path.startswith(prefix)]

    def callbacks(self, interaction: Mapping[str, Any]) -> list[Received]:
        return self.requests("POST", f"/interactions/{interaction['id']}/")

    def followups(self, interaction: Mapping[str, Any]) -> list[Received]:
        return self.requests("POST", f"/webhooks/{payloads.APPLICATION_ID}/{interaction['token']}")

    def edits(self, interaction: Mapping[str, Any]) -> list[Received]:
        path = f"/webhooks/{payloads.APPLICATION_ID}/{interaction['token']}/messages/@original"
        return self.requests("PATCH", path)

    def message(self, message_id: str | int) -> Message:
        return next(m for m in self.messages if str(m["id"]) == str(message_id))

    async def wait_for(self, check: Callable[[], T | None]) -> T:
        """Until `check` returns something truthy (re-checked on every request and event);
        a few seconds at most."""
        async with asyncio.timeout(WAIT), self._changed:
            while True:
                value = check()
                if value:
                    return value
                await self._changed.wait()

    async def dispatch(self, event: str, data: Any, shard: int = 0) -> float:
        """Send a DISPATCH event on a shard's connection; returns when it was sent."""
        self._sequence += 1
        socket = self._sockets[shard]
        sent_at = time.perf_counter()
        await socket.send_str(
            json.dumps({"op": DISPATCH, "t": event, "s": self._sequence, "d": data})
        )
        if event == "INTERACTION_CREATE" and data.get("type") == 3:
            self._sources[str(data["id"])] = str(data["message"]["id"])
        return sent_at

    def shard_of(self, guild_id: str, shard_count: int) -> int:
        """The shard a server's events go to, as Discord computes it."""
        return (int(guild_id) >> 22) % shard_count

    async def interact(self, interaction: Any) -> Received:
        """Dispatch an interaction and wait for its callback."""
        await self.dispatch("INTERACTION_CREATE", interaction)
        return await self.wait_for(lambda: next(iter(self.callbacks(interaction)), None))

    # the gateway -------------------------------------------------------------------------

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        await socket.send_str(json.dumps({"op": HELLO, "d": {"heartbeat_interval": 45000}}))
        async for frame in socket:
            if frame.type is not WSMsgType.TEXT:
                break
            message = json.loads(frame.data)
            if message["op"] == HEARTBEAT:
                self.heartbeats += 1
                await socket.send_str(json.dumps({"op": HEARTBEAT_ACK}))
            elif message["op"] == IDENTIFY and self.identify_close_code is not None:
                await socket.close(code=self.identify_close_code)
            elif message["op"] == IDENTIFY:
                await self._identify(socket, message["d"])
        return socket

    async def _identify(self, socket: web.WebSocketResponse, identify: dict[str, Any]) -> None:
        shard_id, shard_count = identify.get("shard", [0, 1])
        self._sockets[shard_id] = socket
        if self.hold_ready:
            self.identified.append(identify)
            await self._notify()
            return
        mine = [g for g in self.guilds if self.shard_of(g, shard_count) == shard_id]
        ready = payloads.ready(self.gateway_url, [shard_id, shard_count])
        ready["guilds"] = [{"id": guild_id, "unavailable": True} for guild_id in mine]
        await self.dispatch("READY", ready, shard_id)
        for guild_id in mine:
            await self.dispatch("GUILD_CREATE", self.guilds[guild_id], shard_id)
        self.identified.append(identify)
        await self._notify()

    # REST --------------------------------------------------------------------------------

    async def _rest(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["path"]
        body, files = await _body(request)
        self.received.append(
            Received(request.method, path, dict(request.query), body, files, time.perf_counter())
        )
        try:
            posting = request.method == "POST" and path.endswith("/messages")
            if posting and asyncio.get_running_loop().time() < self.unavailable_until:
                return json_response({"message": "Service Unavailable", "code": 0}, 503)
            if posting and self.post_latency:
                await asyncio.sleep(self.post_latency)
            failures = self._failures.get((request.method, path))
            if failures:
                failure = failures.pop(0)
                return json_response(failure.body, failure.status, failure.headers)
            return await self._answer(request.method, path.strip("/").split("/"), body)
        except Exception as error:
            # A mistake in the fake fails the request at once (a 5xx would be retried).
            self.errors.append(error)
            return json_response({"message": repr(error), "code": 0}, 400)
        finally:
            await self._notify()

    async def _answer(self, method: str, parts: list[str], body: Any) -> web.Response:
        match method, parts:
            case "GET", ["users", "@me"]:
                return json_response(payloads.bot_user())
            case "GET", ["oauth2", "applications", "@me"]:
                return json_response(payloads.app_info())
            case "GET", ["gateway", "bot"]:
                limit = {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1}
                return json_response(
                    {
                        "url": self.gateway_url,
                        "shards": self.recommended_shards,
                        "session_start_limit": limit,
                    }
                )
            case "GET", ["gateway"]:
                return json_response({"url": self.gateway_url})
            case "POST", ["interactions", interaction_id, _token, "callback"]:
                return json_response(self._callback(interaction_id, body))
            case "POST", ["webhooks", _app, _token]:
                return json_response(self._create(payloads.CHANNEL_ID, body))
            case "PATCH", ["webhooks", _app, _token, "messages", "@original"]:
                return json_response(self._create(payloads.CHANNEL_ID, body))
            case "GET", ["channels", channel_id]:
                known = {str(c["id"]): c for c in payloads.guild()["channels"]}
                if channel_id in known:
                    return json_response(known[channel_id])
                return json_response({"message": "Unknown Channel", "code": 10003}, 404)
            case "POST", ["channels", channel_id, "messages"]:
                return json_response(self._post(channel_id, body))
            case "POST", ["channels", channel_id, "threads"]:
                thread = payloads.private_thread(channel_id, str(body["name"]))
                self.threads[str(thread["id"])] = thread
                self.thread_members[str(thread["id"])] = []
                return json_response(thread, 201)
            case "PUT", ["channels", thread_id, "thread-members", user_id]:
                if user_id not in self.thread_members[thread_id]:
                    self.thread_members[thread_id].append(user_id)
                return web.Response(status=204)
            case "GET", ["guilds", _guild, "threads", "active"]:
                return json_response({"threads": list(self.threads.values()), "members": []})
            case "POST", ["users", "@me", "channels"]:
                recipient = str(body["recipient_id"])
                channel_id = self.dm_channels.setdefault(recipient, payloads.snowflake())
                return json_response(payloads.dm_channel(recipient, channel_id))
            case "PUT", ["applications", app_id, *scope, "commands"]:
                guild_id = scope[1] if scope else None
                registered = [_registered(c, app_id, guild_id) for c in body]
                self.commands[guild_id or "global"] = registered
                return json_response(registered)
        return json_response({"message": "404: Not Found", "code": 0}, 404)

    def _callback(self, interaction_id: str, body: dict[str, Any]) -> dict[str, Any]:
        kind = body["type"]
        data = body.get("data") or {}
        answer: dict[str, Any] = {"id": interaction_id, "type": 2}
        if kind == 4:
            created = self._create(payloads.CHANNEL_ID, data)
            answer["response_message_id"] = created["id"]
            answer["response_message_ephemeral"] = bool(data.get("flags", 0) & payloads.EPHEMERAL)
        elif kind == 7:
            source = self.message(self._sources[interaction_id])
            source["embeds"] = data.get("embeds", source["embeds"])
            source["components"] = data.get("components", source.get("components", []))
        elif kind == 5:
            answer["response_message_loading"] = True
        return {"interaction": answer}

    def _post(self, channel_id: str, body: dict[str, Any]) -> Message:
        nonce = body.get("nonce")
        if nonce is not None and body.get("enforce_nonce"):
            earlier = self._nonces.get((channel_id, str(nonce)))
            if earlier is not None:
                return earlier
        created = self._create(channel_id, body)
        if nonce is not None:
            self._nonces[(channel_id, str(nonce))] = created
        return created

    def _create(self, channel_id: str, data: dict[str, Any]) -> Message:
        created = payloads.message(
            channel_id,
            embeds=data.get("embeds", []),
            components=data.get("components", []),
            nonce=data.get("nonce"),
            flags=data.get("flags", 0),
        )
        self.messages.append(created)
        return created

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()


async def _body(request: web.Request) -> tuple[Any, list[str]]:
    if request.content_type == "application/json":
        return await request.json(), []
    if request.content_type.startswith("multipart/"):
        body: dict[str, Any] = {}
        files: list[str] = []
        reader = await request.multipart()
        async for part in reader:
            if not isinstance(part, BodyPartReader):
                continue
            if part.name == "payload_json":
                body = json.loads(await part.text())
            elif part.filename:
                files.append(part.filename)
                await part.read()
        return body, files
    return {}, []


def _registered(command: dict[str, Any], app_id: str, guild_id: str | None) -> dict[str, Any]:
    return {
        **command,
        "id": payloads.snowflake(),
        "application_id": app_id,
        "version": payloads.snowflake(),
        **({"guild_id": guild_id} if guild_id else {}),
    }
