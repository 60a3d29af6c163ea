"""A stand-in Slack Web API for the compose test: enough for the bot to start (auth.test)."""

from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TEAM = "T0COMPOSE"


class SlackApi(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        method = self.path.rsplit("/", 1)[-1]
        body: dict[str, object] = {"ok": True}
        if method == "auth.test":
            body |= {"team_id": TEAM, "team": "Compose", "user_id": "U0BOT", "bot_id": "B0BOT"}
        payload = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST


if __name__ == "__main__":
    ThreadingHTTPServer(("0.0.0.0", 8000), SlackApi).serve_forever()
