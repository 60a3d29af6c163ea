"""Draw the grader's feedback reply, and a partner's feedback as its member receives it, as
Slack (Block Kit) and Discord (embed and components) show them, from the adapters' own
rendering, to docs/feedback-slack.png, docs/feedback-discord.png, docs/peer-feedback-slack.png
and docs/peer-feedback-discord.png. Run: `.venv/bin/python docs/feedback_images.py` (needs
rsvg-convert: `apt-get install -y librsvg2-bin`).

A sketch of each platform's layout drawn with rich, not a screenshot: the text, ticks and
buttons are exactly what the adapters send."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path
from typing import Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.text import Text

from bot.discord_adapter.render import render as render_discord
from bot.slack_adapter.render import render as render_slack
from core.content.loader import load_content
from core.kernel.identity import UserKey
from core.kernel.platform import Platform
from core.pairing.feedback import PeerFeedback
from core.pairing.feedback_replies import received
from core.practice.feedback import Feedback, PointVerdict
from core.practice.feedback_replies import feedback_reply
from core.practice.grading import ReviewRef
from core.practice.srs import Grade, grade_for

DOCS = Path(__file__).resolve().parent
QUESTION = "amzn-pm-lp-01"
ANSWER = (
    "I set one bar with their lead: crash-free sessions above 99.5 %, on a shared dashboard. "
    "Each week I showed the team the number against the bar and the support tickets the "
    "crashes caused."
)


def reply() -> Any:
    content = load_content()
    question = next(q for q in content.questions if q.id == QUESTION)
    feedback = Feedback(
        points=(
            PointVerdict(1, True, "crash-free sessions above 99.5 %, on a shared dashboard"),
            PointVerdict(2, True, "showed the team the number against the bar"),
            PointVerdict(3, False),
        ),
        grade=Grade.HARD,
        tip="Say what you gave up to hold the bar, and what the crash-free rate was after.",
    )
    return feedback_reply(
        question, ReviewRef(QUESTION, 0), ANSWER, feedback, articles=content.articles
    )


def peer_reply() -> Any:
    content = load_content()
    question = next(q for q in content.questions if q.id == QUESTION)
    feedback = PeerFeedback(
        interviewee=UserKey(Platform.SLACK, "T0STUDY", "U0BEA"),
        group_id=12,
        interviewer="U0ADA",
        question_id=QUESTION,
        points=(True, True, False),
        note="Strong bar and a clear number. Say what you traded away to hold it.",
        grade=int(grade_for(2, 3)),
        id=31,
    )
    return received(feedback, question, "Fri 11 Dec")


def _mrkdwn(text: str) -> Text:
    plain = re.sub(r"(?<![\w*])\*([^*\n]+)\*(?![\w*])", r"\1", text)
    return Text(plain.replace("&gt;", ">").replace("&lt;", "<").replace("&amp;", "&"))


def slack_drawing(blocks: list[dict[str, Any]]) -> Panel:
    parts: list[Any] = []
    for block in blocks:
        kind = block["type"]
        if kind == "header":
            parts.append(Text(block["text"]["text"], style="bold"))
        elif kind == "section":
            parts.append(_mrkdwn(block["text"]["text"]))
        elif kind == "context":
            parts.append(Text(" ".join(e["text"] for e in block["elements"]), style="dim"))
        elif kind == "actions":
            row = Text()
            for element in block["elements"]:
                if element["type"] == "checkboxes":
                    ticked = {o["value"] for o in element.get("initial_options", [])}
                    for option in element["options"]:
                        box = "☑" if option["value"] in ticked else "☐"
                        parts.append(Text(f"{box} {option['text']['text']}"))
                else:
                    style = "bold white on green" if element.get("style") == "primary" else "bold"
                    row.append(f" {element['text']['text']} ", style=style)
                    row.append("  ")
            if row:
                parts.append(row)
        parts.append(Text(""))
    return Panel(Group(*parts), title="prepbot  APP", title_align="left", width=96)


def discord_drawing(message: Any) -> Panel:
    parts: list[Any] = []
    for embed in message.embeds:
        body: list[Any] = []
        if embed.title:
            body.append(Text(embed.title, style="bold"))
        if embed.description:
            body.append(Text(embed.description.replace("**", "")))
        for item in embed.fields:
            body.append(Text(item.name.replace("**", ""), style="bold"))
            body.append(Text(str(item.value).replace("**", "")))
        if embed.footer and embed.footer.text:
            body.append(Text(embed.footer.text, style="dim"))
        parts.append(Panel(Group(*body), border_style="blue", width=90))
    if message.view is not None:
        row = Text()
        for item in message.view.children:
            inner = getattr(item, "item", item)
            options = getattr(inner, "options", None)
            if options is not None:
                chosen = [o.label for o in options if o.default]
                parts.append(Text("▾ " + (inner.placeholder or ""), style="italic"))
                parts.append(Text("  selected: " + "; ".join(chosen)))
            else:
                primary = inner.style.name in ("primary", "blurple")
                row.append(f" {inner.label} ", style="bold white on blue" if primary else "bold")
                row.append("  ")
        parts.append(row)
    return Panel(Group(*parts), title="prepbot  BOT · only you can see this", width=96)


def save(drawing: Panel, name: str) -> None:
    console = Console(record=True, width=98, color_system="truecolor", file=io.StringIO())
    console.print(drawing)
    svg = DOCS / f"{name}.svg"
    console.save_svg(str(svg), title=name)
    subprocess.run(
        ["rsvg-convert", "-b", "white", "-o", str(DOCS / f"{name}.png"), str(svg)], check=True
    )
    svg.unlink()


def main() -> None:
    for name, shown in (("feedback", reply()), ("peer-feedback", peer_reply())):
        blocks = [b for m in render_slack(shown) for b in m.payload()["blocks"]]
        save(slack_drawing(blocks), f"{name}-slack")
        save(discord_drawing(render_discord(shown).messages[0]), f"{name}-discord")


if __name__ == "__main__":
    main()
