"""A stateless command added the way the README says: one spec entry and one route."""

from __future__ import annotations

import random

from bot.compose import build_handler
from core.commands.args import Args
from core.commands.handler import CommandHandler
from core.commands.pure import pure
from core.commands.spec import Command, Kind, Param
from core.commands.surface import COMMANDS, surface_of
from core.kernel.identity import Caller
from core.kernel.reply import Reply, TextSection
from core.roles.catalog import Catalog
from core.store.store import Store
from tests.conftest import FakeClock

ECHO = Command(
    "echo",
    "Say the words back.",
    "Says the words back, and which role they name, if any.",
    ("/echo netflix-pm",),
    params=(
        Param("role", Kind.ROLE, "A role to name", required=True),
        Param("words", Kind.TEXT, "What to add"),
    ),
)


@pure
async def echo(args: Args, caller: Caller) -> Reply:
    role = args.role()
    assert role is not None
    return Reply(title=f"Echo: {role.id}", sections=(TextSection(text=args.text("words") or "-"),))


def echo_handler(catalog: Catalog, store: Store, clock: FakeClock) -> CommandHandler:
    """The shared handler fixture's twin, with /echo registered."""
    surface = surface_of(*COMMANDS, ECHO)
    return build_handler(
        catalog, store, clock, random.Random(7), surface=surface, routes={"echo": echo}
    )
