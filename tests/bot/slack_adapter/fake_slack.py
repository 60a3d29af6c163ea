"""A local Slack: the Web API, response_url, file uploads and a Socket Mode endpoint.

It records every call, keeps the messages it accepted per channel (with their metadata, so
conversations.history can answer), and answers a 429 or an error on demand. Each upload gets a
file id of its own, in the workspace of the token that uploaded it; a message whose image block
names a file (`slack_file`) is refused, as Slack does, unless that workspace uploaded it.
Workspaces other than TEAM install the app through `oauth.v2.access` (`grant` a code first);
each gets its own bot token, which `revoke` takes back.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web
from aiohttp.typedefs import Handler

TEAM = "T0TEAM"
BOT_USER = "U0BOT"
BOT_TOKEN = "xoxb-test-token"
APP_TOKEN = "xapp-test-token"
CLIENT_ID = "1111.2222"
CLIENT_SECRET = "test-client-secret"


@dataclass(frozen=True)
class Grant:
    """What an install answered with: the workspace (or organisation) that installed."""

    team: str | None
    enterprise: str | None = None
    org_wide: bool = False
    installer: str = "U0ADA"


@dataclass(frozen=True)
class Call:
    method: str
    args: dict[str, Any]
    token: str | None


@dataclass
class UploadedFile:
    """A file from files.getUploadURLExternal: whose it is, and where it was shared."""

    id: str
    team: str
    filename: str
    completed: bool = False
    shared_to: list[str] = field(default_factory=list)  # channel_id of the completion


@dataclass(frozen=True)
class Scripted:
    """An answer to give instead of the normal one; `accept` makes the call take effect first."""

    status: int
    error: str
    retry_after: int | None = None
    accept: bool = False


@dataclass
class SocketPeer:
    """The app's Socket Mode connection, and the acknowledgements it sent back."""

    ws: web.WebSocketResponse
    acks: dict[str, dict[str, Any]] = field(default_factory=dict)


class FakeSlack:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.messages: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.responses: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.uploads: list[bytes] = []
        self.files: dict[str, UploadedFile] = {}  # by file id
        self.connections: set[object] = set()  # the client address of each connection used
        self.users: dict[str, dict[str, Any]] = {}
        self.groups: dict[str, list[str]] = {}  # group DMs opened, with their members
        # conversations.info answers by channel id; any other channel is one the bot is in.
        self.channels: dict[str, dict[str, Any]] = {}
        self.socket: SocketPeer | None = None
        self.tokens: dict[str, str] = {BOT_TOKEN: TEAM}  # bot token → the team it is for
        self.grants: dict[str, Grant] = {}
        self._scripts: dict[str, deque[Scripted]] = defaultdict(deque)
        self._stamps = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self._site: web.TCPSite | None = None
        self._changed = asyncio.Condition()
        self.port = 0
        # Faults, for the tests that run the bot as real processes against this fake.
        self.post_latency = 0.0  # seconds each chat.postMessage takes
        self.unavailable_until = 0.0  # loop time until which every call answers 503
        self.throttled_until = 0.0  # loop time until which chat.postMessage answers 429
        self.throttle_retry_after = 1
        self.answered_429 = 0
        # Slack's own limit, when set: about one post a second per channel, with a burst of
        # two (a virtual-schedule bucket per channel).
        self.channel_interval: float | None = None
        self._due: dict[str, float] = {}
        self.accepted_at: list[float] = []  # wall time of every post accepted

    # lifecycle -------------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application(middlewares=[self._then_notify])
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/respond/{key}", self._respond)
        app.router.add_post("/upload/{file}", self._upload)
        app.router.add_get("/socket", self._socket)
        app.router.add_get("/_stats", self._stats)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        self._site = web.TCPSite(self._runner, "127.0.0.1", self.port)
        await self._site.start()
        self.port = self._runner.addresses[0][1]

    async def go_down(self) -> None:
        """Stop listening: connections are refused until `come_up`."""
        assert self._site is not None
        await self._site.stop()

    async def come_up(self) -> None:
        """Listen again, on the same port."""
        assert self._runner is not None
        self._site = web.TCPSite(self._runner, "127.0.0.1", self.port)
        await self._site.start()

    async def stop(self) -> None:
        if self.socket is not None:
            await self.socket.ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    def response_url(self, key: str) -> str:
        return f"http://127.0.0.1:{self.port}/respond/{key}"

    # scripting -------------------------------------------------------------------------

    def rate_limit(self, method: str, retry_after: int, times: int = 1) -> None:
        for _ in range(times):
            self._scripts[method].append(Scripted(429, "ratelimited", retry_after))

    def fail(self, method: str, error: str, status: int = 200, *, accept: bool = False) -> None:
        self._scripts[method].append(Scripted(status, error, accept=accept))

    def grant(self, code: str, grant: Grant) -> None:
        """The code Slack gives the browser once someone approves an install."""
        self.grants[code] = grant

    def revoke(self, owner: str) -> list[str]:
        """Take back every bot token of a workspace or organisation; the tokens revoked."""
        gone = [token for token, team in self.tokens.items() if team == owner]
        for token in gone:
            del self.tokens[token]
        return gone

    def tokens_used(self, method: str) -> list[str | None]:
        return [c.token for c in self.calls_to(method)]

    # what was received -----------------------------------------------------------------

    def calls_to(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def charts_shown(self) -> list[tuple[str, str]]:
        """(channel, file id) of every message accepted that shows an uploaded file."""
        return [
            (channel, file_id)
            for channel, messages in self.messages.items()
            for m in messages
            for file_id in _slack_files(m.get("blocks") or [])
        ]

    def delivery_keys(self) -> list[str]:
        """The delivery key of every scheduled message accepted, once per message."""
        return [
            str(m["metadata"]["event_payload"]["delivery_key"])
            for messages in self.messages.values()
            for m in messages
            if (m.get("metadata") or {}).get("event_type") == "prepbot_delivery"
        ]

    async def wait_for(self, condition: Callable[[], bool], within: float = 3.0) -> None:
        """Until a follow-up the app sends after acknowledging has arrived."""
        try:
            async with asyncio.timeout(within), self._changed:
                await self._changed.wait_for(condition)
        except TimeoutError:
            raise AssertionError("the fake Slack did not receive what was expected") from None

    @web.middleware
    async def _then_notify(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.transport is not None:
            self.connections.add(request.transport.get_extra_info("peername"))
        try:
            return await handler(request)
        finally:
            await self._notify()

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    # the Web API -----------------------------------------------------------------------

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        args = await _arguments(request)
        token = request.headers.get("Authorization", "").removeprefix("Bearer ") or None
        self.calls.append(Call(method, args, token))
        now = asyncio.get_running_loop().time()
        if now < self.unavailable_until:
            return web.json_response({"ok": False, "error": "service_unavailable"}, status=503)
        if method == "chat.postMessage" and now < self.throttled_until:
            self.answered_429 += 1
            return _error(Scripted(429, "ratelimited", self.throttle_retry_after))
        if method == "chat.postMessage" and self.channel_interval is not None:
            channel = str(args.get("channel"))
            due = max(self._due.get(channel, now), now)
            if due - now > self.channel_interval:  # a second post inside the burst is fine
                self.answered_429 += 1
                return _error(Scripted(429, "ratelimited", 1))
            self._due[channel] = due + self.channel_interval
        if method == "chat.postMessage" and self.post_latency:
            await asyncio.sleep(self.post_latency)
        scripted = self._scripts[method].popleft() if self._scripts[method] else None
        if scripted is not None and not scripted.accept:
            return _error(scripted)
        if method == "oauth.v2.access":
            return web.json_response(self._oauth_v2_access(args, request.headers))
        if method == "apps.connections.open" and token != APP_TOKEN:
            return web.json_response({"ok": False, "error": "invalid_auth"})
        if method != "apps.connections.open" and token not in self.tokens:
            return web.json_response({"ok": False, "error": "invalid_auth"})
        answer = getattr(self, "_" + method.replace(".", "_"), None)
        if answer is None:
            return web.json_response({"ok": False, "error": "unknown_method"})
        if method.startswith("files.") or method == "chat.postMessage":
            # Uploads, and the files a message may name, belong to the token's workspace.
            body: dict[str, Any] = answer({**args, "_team": self.tokens[str(token)]})
        else:
            body = answer(args)
        if method == "auth.test":
            body = self._auth_test_for(self.tokens[str(token)])
        if scripted is not None:
            return _error(scripted)
        return web.json_response({"ok": True, **body})

    def _auth_test(self, args: dict[str, Any]) -> dict[str, Any]:
        return self._auth_test_for(TEAM)

    def _auth_test_for(self, owner: str) -> dict[str, Any]:
        answer: dict[str, Any] = {
            "team_id": owner,
            "team": "Study Group",
            "user_id": BOT_USER,
            "bot_id": "B0BOT",
        }
        if owner.startswith("E"):  # an organisation-wide token
            answer.update(team_id=None, enterprise_id=owner, is_enterprise_install=True)
        return answer

    def _oauth_v2_access(self, args: dict[str, Any], headers: Any) -> dict[str, Any]:
        credentials = _basic_auth(headers.get("Authorization", ""))
        if credentials != (CLIENT_ID, CLIENT_SECRET):
            return {"ok": False, "error": "invalid_client_id"}
        grant = self.grants.pop(str(args.get("code")), None)
        if grant is None:
            return {"ok": False, "error": "invalid_code"}
        owner = grant.enterprise if grant.org_wide else grant.team
        assert owner is not None
        token = f"xoxb-{owner}-{next(self._stamps)}"
        self.tokens[token] = owner
        return {
            "ok": True,
            "access_token": token,
            "token_type": "bot",
            "scope": "commands,chat:write",
            "bot_user_id": BOT_USER,
            "app_id": "A0PREP",
            "team": None if grant.org_wide else {"id": grant.team, "name": "Study"},
            "enterprise": {"id": grant.enterprise, "name": "Org"} if grant.enterprise else None,
            "is_enterprise_install": grant.org_wide,
            "authed_user": {"id": grant.installer},
        }

    def _users_info(self, args: dict[str, Any]) -> dict[str, Any]:
        user = args["user"]
        return {"user": self.users.get(user, {"id": user, "tz": "Europe/London"})}

    def _conversations_open(self, args: dict[str, Any]) -> dict[str, Any]:
        users = sorted(str(args["users"]).split(","))
        if len(users) == 1:
            return {"channel": {"id": "D" + users[0].removeprefix("U")}}
        # A group DM: the same members get the same conversation back.
        group = "G" + "".join(u.removeprefix("U") for u in users)
        self.groups[group] = users
        return {"channel": {"id": group, "is_mpim": True}}

    def _conversations_info(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = str(args["channel"])
        found = {"is_member": True, "is_archived": False, **self.channels.get(channel, {})}
        return {"channel": {"id": channel, "is_channel": True, **found}}

    def _chat_postMessage(self, args: dict[str, Any]) -> dict[str, Any]:
        for named in _slack_files(args.get("blocks") or []):
            found = self.files.get(named)
            if found is None or found.team != args["_team"] or not found.completed:
                return {"ok": False, "error": "invalid_blocks", "errors": ["invalid slack file"]}
        ts = f"1800000000.{next(self._stamps):06d}"
        message = {"ts": ts, **{k: args.get(k) for k in ("text", "blocks", "metadata")}}
        self.messages[str(args["channel"])].append(message)
        self.accepted_at.append(time.time())
        return {"channel": args["channel"], "ts": ts, "message": message}

    def _chat_update(self, args: dict[str, Any]) -> dict[str, Any]:
        channel, ts = str(args["channel"]), str(args["ts"])
        for message in self.messages.get(channel, []):
            if message["ts"] == ts:
                message.update({k: args.get(k) for k in ("text", "blocks")})
                return {"channel": channel, "ts": ts}
        return {"ok": False, "error": "message_not_found"}

    def _conversations_history(self, args: dict[str, Any]) -> dict[str, Any]:
        with_metadata = str(args.get("include_all_metadata")).lower() in ("1", "true")
        newest_first = reversed(self.messages.get(str(args["channel"]), []))
        limit = int(args.get("limit", 100))
        return {
            "messages": [
                {k: v for k, v in m.items() if with_metadata or k != "metadata"}
                for m in itertools.islice(newest_first, limit)
            ],
            "has_more": False,
        }

    def _views_open(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"view": {"id": "V0FORM", **args["view"]}}

    def _views_publish(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"view": {"id": "V0HOME", **args["view"]}}

    def _files_getUploadURLExternal(self, args: dict[str, Any]) -> dict[str, Any]:
        file_id = f"F0CHART{next(self._stamps)}"
        self.files[file_id] = UploadedFile(file_id, args["_team"], str(args.get("filename")))
        return {"upload_url": f"http://127.0.0.1:{self.port}/upload/{file_id}", "file_id": file_id}

    def _files_completeUploadExternal(self, args: dict[str, Any]) -> dict[str, Any]:
        done = []
        for item in args["files"]:
            uploaded = self.files.get(str(item.get("id")))
            if uploaded is None or uploaded.team != args["_team"]:
                return {"ok": False, "error": "file_not_found"}
            uploaded.completed = True
            if args.get("channel_id"):
                uploaded.shared_to.append(str(args["channel_id"]))
            done.append({"id": uploaded.id, "title": item.get("title") or uploaded.filename})
        return {"files": done}

    def _apps_connections_open(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"url": f"ws://127.0.0.1:{self.port}/socket"}

    async def _stats(self, request: web.Request) -> web.Response:
        """What a test or benchmark in another process needs to count."""
        keys = self.delivery_keys()
        return web.json_response(
            {
                "posts": len(keys),
                "distinct": len(set(keys)),
                "answered_429": self.answered_429,
                "first": min(self.accepted_at, default=None),
                "last": max(self.accepted_at, default=None),
            }
        )

    # response_url, uploads, Socket Mode ------------------------------------------------

    async def _respond(self, request: web.Request) -> web.Response:
        self.responses[request.match_info["key"]].append(await request.json())
        return web.Response(text="ok")

    async def _upload(self, request: web.Request) -> web.Response:
        self.uploads.append(await request.read())
        return web.Response(text="OK - 1", content_type="text/plain")

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self.socket = SocketPeer(ws)
        await ws.send_json({"type": "hello", "num_connections": 1})
        await self._notify()
        async for message in ws:
            if message.type is WSMsgType.TEXT:
                data = json.loads(message.data)
                self.socket.acks[data["envelope_id"]] = data.get("payload") or {}
                await self._notify()
        return ws

    async def push(self, envelope_id: str, kind: str, payload: dict[str, Any]) -> None:
        """Send an envelope down the Socket Mode connection, as Slack does."""
        assert self.socket is not None, "the app has not connected over Socket Mode"
        await self.socket.ws.send_json(
            {
                "envelope_id": envelope_id,
                "type": kind,
                "payload": payload,
                "accepts_response_payload": True,
            }
        )


async def _arguments(request: web.Request) -> dict[str, Any]:
    args: dict[str, Any] = dict(request.query)
    if request.content_type == "application/json":
        args.update(await request.json())
    else:
        args.update(await request.post())
    for key in ("blocks", "metadata", "view", "files"):
        if isinstance(args.get(key), str):
            args[key] = json.loads(args[key])
    return args


def _slack_files(blocks: list[dict[str, Any]]) -> list[str]:
    """The ids of the uploaded files that image blocks name."""
    return [
        str(block["slack_file"]["id"])
        for block in blocks
        if block.get("type") == "image" and "id" in (block.get("slack_file") or {})
    ]


def _basic_auth(header: str) -> tuple[str, str] | None:
    if not header.startswith("Basic "):
        return None
    user, _, password = base64.b64decode(header.removeprefix("Basic ")).decode().partition(":")
    return user, password


def _error(scripted: Scripted) -> web.Response:
    headers = {} if scripted.retry_after is None else {"Retry-After": str(scripted.retry_after)}
    return web.json_response(
        {"ok": False, "error": scripted.error}, status=scripted.status, headers=headers
    )


async def serve(port: int, channel_interval: float | None) -> None:
    """Run on its own (for a benchmark in another process) until cancelled."""
    fake = FakeSlack()
    fake.port = port
    fake.channel_interval = channel_interval
    await fake.start()
    print(fake.port, flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        await fake.stop()


if __name__ == "__main__":
    import sys

    interval = float(sys.argv[2]) if len(sys.argv) > 2 else None
    asyncio.run(serve(int(sys.argv[1]) if len(sys.argv) > 1 else 0, interval))
