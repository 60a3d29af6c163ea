"""Every view reads on a phone: each card, comparison and aspect view of every role and pair
(and the plan's) takes at most 60 lines at 80 columns as the console draws it (a default card,
comparison or the plan's week at most 40), and is one Slack message and one Discord message
within their limits."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from rich.cells import cell_len

from bot.console_adapter.measure import screen_lines
from bot.discord_adapter.render import render as discord_render
from bot.slack_adapter.render import render as slack_render
from core.coaching.plan import build_plan
from core.coaching.plan_views import week_reply, weeks_reply
from core.content.loader import Content
from core.kernel.reply import Chart, Reply
from core.roles.aspects import Aspect
from core.roles.catalog import Catalog
from core.roles.views import COLUMNS, DETAIL_LINES, SCREEN_LINES, View, every_view, too_long
from tests.bot.discord_adapter.limits import assert_within_limits as within_discord_limits
from tests.bot.slack_adapter.test_render import assert_within_limits as within_slack_limits

TODAY = date(2026, 11, 23)
CHART = Chart(title="Pay", filename="pay.png", png=b"\x89PNG")


@pytest.fixture(scope="module")
def views(catalog: Catalog) -> list[tuple[View, Reply]]:
    return list(every_view(catalog))


def test_every_role_pair_and_aspect_is_a_view(
    views: list[tuple[View, Reply]], content: Content
) -> None:
    commands = {view.command for view, _ in views}
    roles = list(content.roles)
    for a, b in itertools.permutations(roles, 2):
        assert f"/compare {a} {b}" in commands
        assert {f"/compare {a} {b} {aspect.value}" for aspect in Aspect} <= commands
    for role in roles:
        assert {f"/role {role} {aspect.value}" for aspect in Aspect} <= commands
    assert len(views) == 1 + (len(roles) + len(roles) * (len(roles) - 1)) * (len(Aspect) + 1)


def test_each_view_fits_its_lines_at_80_columns(views: list[tuple[View, Reply]]) -> None:
    for view, reply in views:
        lines = screen_lines(reply)
        assert len(lines) + view.charts <= view.limit, (view.command, len(lines))
        assert all(cell_len(line) <= COLUMNS for line in lines), view.command
    limits = {view.limit for view, _ in views}
    assert limits == {SCREEN_LINES, DETAIL_LINES}


async def test_each_view_is_one_slack_and_one_discord_message(
    views: list[tuple[View, Reply]],
) -> None:
    for view, reply in views:
        slack = slack_render(reply)  # a chart reaches Slack as a file of its own
        assert len(slack) == 1, view.command
        within_slack_limits(slack)
        # on Discord it is an embed of the same message
        charted = reply.model_copy(update={"chart": CHART}) if view.charts else reply
        [message] = discord_render(charted).messages
        components = message.view.to_components() if message.view else []
        within_discord_limits(
            {"embeds": [e.to_dict() for e in message.embeds], "components": components}
        )


def test_the_scope_comparison_leaves_its_contrasts_to_their_own_view(catalog: Catalog) -> None:
    """The longest view there was (106 lines): its "not X, but Y" lines are a button away."""
    by_command = {view.command: reply for view, reply in every_view(catalog)}
    scope = by_command["/compare netflix-pm amazon-pm scope"]
    contrasts = by_command["/compare netflix-pm amazon-pm contrasts"]
    assert "not “" not in scope.plain_text()
    assert contrasts.plain_text().count("not “") >= 3
    assert any(b.payload.endswith(" contrasts") for b in scope.buttons)


def test_a_view_too_long_is_named_with_its_line_count(catalog: Catalog) -> None:
    def tall(reply: Reply) -> int:
        return 61 if reply.title.endswith("vs Amazon Product Manager") else 30

    found = too_long(catalog, tall)
    assert "`/compare netflix-pm amazon-pm scope`: 61 lines at 80 columns" in "\n".join(found)
    # both orders are checked, since the order sets the columns; a default is held to 40
    assert "`/compare netflix-pmm amazon-pm`: 61 lines at 80 columns, more than 40" in found
    assert not any("/compare amazon-pm" in p for p in found)


@pytest.mark.parametrize("role_id", ["netflix-pm", "netflix-pmm", "amazon-pm"])
@pytest.mark.parametrize("days", [0, 1, 6, 7, 8, 19, 45, 100, 366])
async def test_the_plan_opens_on_a_week_within_40_lines_and_every_page_within_60(
    content: Content, role_id: str, days: int
) -> None:
    role = content.roles[role_id]
    interview = TODAY + timedelta(days=days)
    plan = build_plan(role, content.questions, TODAY, interview)
    default = week_reply(role, plan, TODAY)
    assert len(screen_lines(default)) <= SCREEN_LINES - 3  # room for the review advice
    pages = [default, weeks_reply(role, plan, TODAY)]
    start = TODAY
    while (start := start + timedelta(days=7)) <= interview:
        pages.append(week_reply(role, plan, TODAY, start))
        pages.append(weeks_reply(role, plan, TODAY, start))
    for page in pages:
        lines = screen_lines(page)
        assert len(lines) <= DETAIL_LINES, page.sections[-1].heading
        assert all(cell_len(line) <= COLUMNS for line in lines)
        slack = slack_render(page)
        assert len(slack) == 1
        within_slack_limits(slack)
        [message] = discord_render(page).messages
        assert message.view is not None
        within_discord_limits(
            {
                "embeds": [e.to_dict() for e in message.embeds],
                "components": message.view.to_components(),
            }
        )
