"""The default `/compare` and `/role` fit one screen on every platform: at most 40 lines at 80
columns in the terminal, one Slack message within Block Kit's limits, one Discord message
within Discord's; every aspect view, shared, is one message too."""

from __future__ import annotations

import io
import itertools

import pytest
from rich.cells import cell_len
from rich.console import Console

from bot.console_adapter.render import render as console_render
from bot.discord_adapter.render import render as discord_render
from bot.slack_adapter.render import render as slack_render
from core.commands.handler import CommandHandler
from core.content.loader import Content
from core.kernel.identity import Caller
from core.kernel.reply import Reply, Visibility
from core.roles.aspects import Aspect
from core.roles.cards import OPEN_ACTION, SHARE_ACTION, comparison, role_card
from core.roles.catalog import Catalog
from tests.bot.discord_adapter.limits import assert_within_limits as within_discord_limits
from tests.bot.slack_adapter.test_render import assert_within_limits as within_slack_limits

ROLE_IDS = ("netflix-pm", "netflix-pmm", "amazon-pm")
PAIRS = list(itertools.permutations(ROLE_IDS, 2))
SCREEN_LINES = 40
COLUMNS = 80


def overviews(catalog: Catalog, content: Content) -> list[Reply]:
    roles = content.roles
    return [comparison(catalog, roles[a], roles[b], None) for a, b in PAIRS] + [
        role_card(catalog, roles[a], None) for a in ROLE_IDS
    ]


def terminal_lines(reply: Reply) -> list[str]:
    out = io.StringIO()
    Console(file=out, width=COLUMNS, color_system=None).print(console_render(reply))
    return out.getvalue().rstrip("\n").split("\n")


def test_the_default_netflix_pm_amazon_pm_comparison_fits_forty_lines_at_80_columns(
    catalog: Catalog, content: Content
) -> None:
    reply = comparison(catalog, content.roles["netflix-pm"], content.roles["amazon-pm"], None)
    lines = terminal_lines(reply)
    assert len(lines) <= SCREEN_LINES, "\n".join(lines)
    assert all(cell_len(line) <= COLUMNS for line in lines)
    text = "\n".join(lines)
    for button in reply.buttons:
        assert button.label in text  # each aspect's button is on the same screen


def test_every_default_comparison_and_card_fits_forty_lines(
    catalog: Catalog, content: Content
) -> None:
    for reply in overviews(catalog, content):
        assert len(terminal_lines(reply)) <= SCREEN_LINES, reply.title


async def test_every_default_comparison_and_card_is_one_slack_and_one_discord_message(
    catalog: Catalog, content: Content
) -> None:
    for reply in overviews(catalog, content):
        slack = slack_render(reply)
        assert len(slack) == 1, reply.title
        within_slack_limits(slack)
        [message] = discord_render(reply).messages
        assert message.view is not None
        within_discord_limits(
            {
                "embeds": [e.to_dict() for e in message.embeds],
                "components": message.view.to_components(),
            }
        )


def test_every_aspect_is_one_press_from_the_overview(catalog: Catalog, content: Content) -> None:
    for reply in overviews(catalog, content):
        opened = {b.payload.rsplit(" ", 1)[-1] for b in reply.buttons if b.action == OPEN_ACTION}
        assert opened == {a.value for a in Aspect}, reply.title


@pytest.mark.parametrize(("first", "second"), PAIRS)
async def test_each_aspect_view_shared_in_the_channel_is_one_message(
    handler: CommandHandler, caller: Caller, first: str, second: str
) -> None:
    for aspect in Aspect:
        view = await handler.handle(f"/compare {first} {second} {aspect.value}", caller)
        share = next(b for b in view.buttons if b.action == SHARE_ACTION)
        shared = await handler.press(share.action, share.payload, caller)
        assert shared.visibility is Visibility.CHANNEL
        assert shared.sections == view.sections
        slack = slack_render(shared)
        assert len(slack) == 1, aspect
        within_slack_limits(slack)
        [message] = discord_render(shared).messages
        within_discord_limits({"embeds": [e.to_dict() for e in message.embeds]})
