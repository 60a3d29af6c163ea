"""Every command prepbot answers, one spec entry each; the /prep subcommands are in
`prep_surface`. Adding a stateless command is an entry here and its route in a family."""

from __future__ import annotations

from core.commands.prep_surface import CATEGORY, SUBCOMMANDS
from core.commands.spec import Command, Form, Kind, Message, Param, Surface, Visibility
from core.content.models import Category
from core.roles.aspects import COMPARED, Aspect

ASPECTS = tuple(a.value for a in Aspect)

COMMANDS = (
    Command(
        "compare",
        "Two roles side by side, or one aspect of them.",
        "Two roles on one screen, a row per aspect; with an aspect, that one side by side: "
        "scope, interview, comp, career, culture, skills, metrics, fit, mistakes, checklist, faq.",
        ("/compare netflix-pm amazon-pm", "/compare netflix-pm netflix-pmm comp"),
        params=(
            Param(
                "first",
                Kind.ROLE,
                "A role",
                required=True,
                missing=Message("`/compare` needs two roles."),
            ),
            Param(
                "second",
                Kind.ROLE,
                "Another role",
                required=True,
                missing=Message("`/compare` needs a second role to set against {first}."),
            ),
            Param(
                "aspect", Kind.ASPECT, "Only this aspect", choices=tuple(a.value for a in COMPARED)
            ),
        ),
        visibility=Visibility.SHAREABLE,
        repeated=Message(
            "`/compare` sets two roles side by side, not three ({extra} too).",
            "Compare them in pairs, e.g. `/compare {first} {extra}`.",
        ),
    ),
    Command(
        "role",
        "A role's card, or the list of roles.",
        "A role's card, or the list of roles.",
        ("/role amazon-pm", "/role", "/role netflix pmm interview"),
        params=(
            Param("role", Kind.ROLE, "A role; leave out for the list"),
            Param("aspect", Kind.ASPECT, "Only this aspect", choices=ASPECTS),
        ),
        visibility=Visibility.SHAREABLE,
        aliases=("roles",),
        repeated=Message(
            "`/role` shows one role at a time.",
            "To set two side by side: `/compare {role} {extra}`.",
        ),
    ),
    Command(
        "fit",
        "A short quiz that recommends a role and says why.",
        "A short quiz that recommends a role and says why.",
        ("/fit",),
    ),
    Command(
        "practice",
        "A practice question, with what a strong answer covers.",
        "Your due reviews first, then a new question; write an answer, tick the rubric points "
        "you covered and grade it, and it comes back when you are about to forget it. "
        "`suggest` proposes a question of your own for the group. "
        "Categories: product-sense, execution, leadership-principles, market-strategy, "
        "behavioural, culture.",
        (
            "/practice amazon-pm leadership-principles",
            "/practice",
            "/practice execution",
            "/practice suggest",
        ),
        params=(
            Param("role", Kind.ROLE, "Questions for this role", anywhere=True),
            CATEGORY,
        ),
        forms=(Form("suggest"),),
        repeated=Message("`/practice` takes one role at a time."),
        unreadable=Message(
            "I don't know the role or category {words}.",
            "Categories: " + ", ".join(c.value for c in Category) + ". {usage}",
        ),
    ),
    Command(
        "mock",
        "A timed mock of a role's interview loop, stage by stage, with a scorecard.",
        "A timed mock of the role's interview loop, stage by stage: what the stage tests, a "
        "question, a time box; answer or press Done, then grade it as in practice. Ends with a "
        "scorecard and your weakest stage. A stage is named by number or by a word of its name.",
        ("/mock amazon-pm", "/mock netflix-pm execution", "/mock resume", "/mock abandon"),
        params=(
            Param("role", Kind.ROLE, "The role whose loop to run", required=True),
            Param(
                "stage",
                Kind.TEXT,
                "Only this stage: its number or a word of its name",
                noun="a stage",
            ),
        ),
        forms=tuple(Form(word) for word in ("resume", "pause", "abandon")),
        bare="resume",
    ),
)

PREP = Command(
    "prep",
    "Everything prepbot does: help, compare, practice, schedules, check-ins, profile",
    "Daily questions in a channel, direct-message check-ins, your profile and plan; "
    "subcommands: " + ", ".join(s.name for s in SUBCOMMANDS) + ".",
    tuple(e for sub in SUBCOMMANDS for e in sub.examples),
    subcommands=SUBCOMMANDS,
)


def help_command(topics: tuple[str, ...]) -> Command:
    """/help, offering every command and /prep subcommand as a topic."""
    return Command(
        "help",
        "What the bot can do, with examples.",
        "This help, or one command's.",
        ("/help compare", "/prep help compare", "/help prep plan"),
        params=(Param("command", Kind.COMMAND, "Show one command's usage", choices=topics),),
        common_name=True,
    )


def surface_of(*commands: Command) -> Surface:
    """The surface of these top-level commands with /prep and /help after them."""
    topics = (*(c.name for c in commands), "prep", *(f"prep {s.name}" for s in SUBCOMMANDS))
    return Surface((*commands, PREP, help_command(topics)))


SURFACE = surface_of(*COMMANDS)
