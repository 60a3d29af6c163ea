"""Usage and examples for every command, shown by /help and in error hints."""

from __future__ import annotations

from dataclasses import dataclass

from core.reply import FieldsSection, KeyValue, Reply, TextSection


@dataclass(frozen=True)
class CommandHelp:
    usage: str
    summary: str
    examples: tuple[str, ...]


COMMANDS: dict[str, CommandHelp] = {
    "compare": CommandHelp(
        "/compare ROLE ROLE [aspect]",
        "Two roles side by side; aspects: scope, interview, comp, career, culture, skills, "
        "metrics, fit, mistakes, checklist.",
        ("/compare netflix-pm amazon-pm", "/compare netflix-pm netflix-pmm comp"),
    ),
    "role": CommandHelp(
        "/role [ROLE] [aspect]",
        "A role's card, or the list of roles.",
        ("/role", "/role amazon-pm", "/role netflix pmm interview"),
    ),
    "fit": CommandHelp("/fit", "A short quiz that recommends a role and says why.", ("/fit",)),
    "practice": CommandHelp(
        "/practice [ROLE] [category]",
        "A practice question; categories: product-sense, execution, leadership-principles, "
        "market-strategy, behavioural, culture.",
        ("/practice", "/practice amazon-pm leadership-principles", "/practice execution"),
    ),
    "prep": CommandHelp(
        "/prep schedule|schedules|unschedule|checkin|profile|plan|stats|forget …",
        "Daily questions in a channel, direct-message check-ins, your profile and plan.",
        (
            "/prep schedule #study 9:00 Europe/London weekdays netflix-pm",
            "/prep schedules",
            "/prep unschedule 3",
            "/prep checkin 8am America/New_York",
            "/prep checkin off",
            "/prep profile role=amazon-pm interview=2027-01-15 tz=Europe/Berlin",
            "/prep plan",
            "/prep plan netflix-pm 2027-01-15",
            "/prep stats",
            "/prep forget",
        ),
    ),
    "help": CommandHelp("/help [command]", "This help, or one command's.", ("/help compare",)),
}


def help_reply(topic: str | None = None) -> Reply:
    if topic and topic.lstrip("/") in COMMANDS:
        name = topic.lstrip("/")
        entry = COMMANDS[name]
        return Reply(
            title=f"/{name}",
            sections=(
                TextSection(text=f"`{entry.usage}`\n{entry.summary}"),
                TextSection(heading="Examples", text="\n".join(f"`{e}`" for e in entry.examples)),
            ),
        )
    fields = tuple(
        KeyValue(name=entry.usage, value=f"{entry.summary}\ne.g. `{entry.examples[0]}`")
        for entry in COMMANDS.values()
    )
    return Reply(
        title="prepbot: what I can do",
        sections=(
            FieldsSection(fields=fields),
            TextSection(text="`/help COMMAND` shows more examples."),
        ),
    )


def usage_hint(name: str) -> str:
    entry = COMMANDS[name]
    return f"Usage: `{entry.usage}`, for example `{entry.examples[-1]}`."
