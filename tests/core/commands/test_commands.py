from __future__ import annotations

import re
from datetime import timedelta

import pytest
from pydantic import ValidationError

from core.commands.handler import CommandHandler
from core.commands.surface import SURFACE
from core.content.loader import Content
from core.content.models import Figure
from core.kernel.identity import Caller
from core.kernel.reply import ComparisonSection, FieldsSection, Reply, Visibility
from core.roles.aspects import COMPARED, OVERVIEW, SHORT_TITLES, TITLES, format_figure
from core.roles.cards import OPEN_ACTION
from core.store.store import Store
from tests.conftest import FakeClock

SUPERSCRIPTS = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹]+")


def comparison_sections(reply: Reply) -> list[ComparisonSection]:
    return [s for s in reply.sections if isinstance(s, ComparisonSection)]


async def test_compare_shows_a_row_per_aspect_and_a_button_to_open_each(
    handler: CommandHandler, caller: Caller
) -> None:
    reply = await handler.handle("/compare netflix-pm amazon-pm", caller)
    [rows] = [s for s in reply.sections if isinstance(s, FieldsSection)]
    assert [f.name.removesuffix(" ⚑") for f in rows.fields] == [SHORT_TITLES[a] for a in OVERVIEW]
    assert reply.visibility is Visibility.CALLER
    opens = [b.payload for b in reply.buttons if b.action == OPEN_ACTION]
    assert opens == [f"compare netflix-pm amazon-pm {a.value}" for a in COMPARED]
    assert reply.buttons[-1].action == "share"


async def test_compare_comp_shows_both_ranges_with_sources(
    handler: CommandHandler, caller: Caller, content: Content
) -> None:
    reply = await handler.handle("/compare netflix-pm netflix-pmm comp", caller)
    (section,) = comparison_sections(reply)
    text = reply.plain_text()
    for role_id in ("netflix-pm", "netflix-pmm"):
        for figure in content.roles[role_id].compensation.figures:
            assert format_figure(figure) in text
    marks = set(SUPERSCRIPTS.findall(section.rows[0].left + section.rows[0].right))
    assert marks
    assert all(any(note.startswith(m + " ") for note in reply.sources) for m in marks)
    assert "(Levels.fyi, 2026)" in section.rows[0].left


async def test_the_netflix_loop_shows_both_accounts_with_their_sources(
    handler: CommandHandler, caller: Caller, content: Content
) -> None:
    reply = await handler.handle("/compare netflix-pm amazon-pm interview", caller)
    (section,) = comparison_sections(reply)
    loop_row = next(r for r in section.rows if r.label == "Loop")
    loops = content.roles["netflix-pm"].interview
    for loop in loops:
        assert f"{loop.rounds} rounds over {format_figure(loop.duration)}" in loop_row.left
    assert "disagree" in loop_row.left
    marks = SUPERSCRIPTS.findall(loop_row.left)
    assert len(set(marks)) == len(loops)
    titles = {content.articles[loop.source.article].title for loop in loops}
    assert all(any(title in note for note in reply.sources) for title in titles)


async def test_a_typo_suggests_the_role(handler: CommandHandler, caller: Caller) -> None:
    reply = await handler.handle("/compare netflx-pm amazon-pm", caller)
    assert "netflx-pm" in reply.plain_text()
    assert "`netflix-pm`" in reply.plain_text()


async def test_multi_word_aliases_and_an_aspect(handler: CommandHandler, caller: Caller) -> None:
    reply = await handler.handle("/compare netflix product manager amzn pm culture", caller)
    (section,) = comparison_sections(reply)
    assert (section.left_title, section.right_title, section.heading) == (
        "netflix-pm",
        "amazon-pm",
        TITLES[next(a for a in COMPARED if a.value == "culture")],
    )


async def test_unknown_aspect_lists_the_aspects(handler: CommandHandler, caller: Caller) -> None:
    reply = await handler.handle("/compare netflix-pm amazon-pm vibes", caller)
    assert "vibes" in reply.plain_text()
    assert "interview" in reply.plain_text()
    assert not comparison_sections(reply)


async def test_share_posts_the_same_comparison_to_the_channel(
    handler: CommandHandler, caller: Caller
) -> None:
    private = await handler.handle("/compare netflix-pm amazon-pm comp", caller)
    shared = await handler.press("share", private.buttons[-1].payload, caller)
    assert shared.visibility is Visibility.CHANNEL
    assert shared.sections == private.sections


async def test_role_list_and_card(
    handler: CommandHandler, caller: Caller, content: Content
) -> None:
    listing = await handler.handle("/role", caller)
    assert all(role_id in listing.plain_text() for role_id in content.roles)
    card = await handler.handle("/role amazon-pm faq", caller)
    for faq in content.roles["amazon-pm"].faq:
        assert faq.question in card.plain_text()


async def test_practice_reveal_and_no_immediate_repeat(
    handler: CommandHandler, caller: Caller, content: Content
) -> None:
    pool = [q for q in content.questions if "netflix-pmm" in q.roles]
    seen = []
    for _ in range(len(pool)):
        reply = await handler.handle("/practice netflix-pmm", caller)
        seen.append(reply.buttons[0].payload)
    assert sorted(seen) == sorted(q.id for q in pool)
    question = next(q for q in pool if q.id == seen[0])
    revealed = await handler.press("practice.reveal", seen[0], caller)
    assert all(point in revealed.plain_text() for point in question.rubric)


async def test_practice_by_category_only(
    handler: CommandHandler, caller: Caller, content: Content
) -> None:
    reply = await handler.handle("/practice leadership principles", caller)
    question_id = reply.buttons[0].payload
    question = next(q for q in content.questions if q.id == question_id)
    assert question.category.value == "leadership-principles"


async def test_plan_inline_runs_to_the_interview(handler: CommandHandler, caller: Caller) -> None:
    reply = await handler.handle("/prep plan amazon-pm 2026-12-01", caller)
    assert "8 days" in reply.plain_text()
    assert "Interview day" not in reply.plain_text()  # this week is the first seven days
    [later, _] = reply.buttons
    text = (await handler.press(later.action, later.payload, caller)).plain_text()
    assert "Tue 01 Dec: Interview day" in text
    past = await handler.handle("/prep plan amazon-pm 2026-01-01", caller)
    assert "past" in past.plain_text()


async def test_help_lists_every_command(handler: CommandHandler, caller: Caller) -> None:
    text = (await handler.handle("/help", caller)).plain_text()
    for name in ("/compare", "/role", "/fit", "/practice", "/prep", "/help"):
        assert name in text
    one = await handler.handle("/help compare", caller)
    assert one.title == "/compare"


@pytest.mark.parametrize(
    "line",
    [
        "compare netflix-pm amazon-pm",
        "compare netflix-pm amazon-pm comp",
        "role amazon-pm",
        "role",
        "roles",
        "fit",
        "help",
        "help compare",
        "help prep plan",
        "compare netflix-pm amazn-pm",
    ],
)
async def test_every_command_also_works_after_prep(
    line: str, handler: CommandHandler, caller: Caller
) -> None:
    direct = await handler.handle(f"/{line}", caller)
    through_prep = await handler.handle(f"/prep {line}", caller)
    assert through_prep == direct


async def test_practice_after_prep_asks_a_question_for_the_role(
    handler: CommandHandler, caller: Caller, content: Content
) -> None:
    reply = await handler.handle("/prep practice amazon-pm", caller)
    assert reply.title.startswith("Practice:"), reply.plain_text()
    question = next(q for q in content.questions if q.id == reply.buttons[0].payload)
    assert "amazon-pm" in question.roles


async def test_help_shows_the_prep_forms_and_prep_suggests_them(
    handler: CommandHandler, caller: Caller
) -> None:
    overview = (await handler.handle("/help", caller)).plain_text()
    for name in ("compare", "role", "fit", "practice", "help"):
        assert f"/prep {name}" in overview
    one = (await handler.handle("/prep help compare", caller)).plain_text()
    assert "`/compare ROLE ROLE [aspect]` or `/prep compare ROLE ROLE [aspect]`" in one
    typo = (await handler.handle("/prep compair netflix-pm amazon-pm", caller)).plain_text()
    assert "Did you mean `/prep compare`?" in typo


async def test_home_shows_profile_checkin_and_owned_schedules(
    handler: CommandHandler, caller: Caller
) -> None:
    empty = await handler.home(caller)
    assert "None yet." in empty.plain_text()
    await handler.handle("/prep schedule #study 09:00 UTC weekdays", caller)
    await handler.handle("/prep checkin 07:30 Europe/Paris", caller)
    home = (await handler.home(caller)).plain_text()
    assert "#study" in home
    assert "Europe/Paris" in home
    assert "None yet." not in home


async def test_a_comp_comparison_carries_a_chart(handler: CommandHandler, caller: Caller) -> None:
    reply = await handler.handle("/compare netflix-pm amazon-pm comp", caller)
    assert reply.chart is not None
    assert reply.chart.png.startswith(b"\x89PNG")
    everything = await handler.handle("/compare netflix-pm amazon-pm", caller)
    assert everything.chart is None


async def test_practice_cycles_the_whole_pool_twice_without_early_repeats(
    handler: CommandHandler, caller: Caller, content: Content
) -> None:
    pool = {q.id for q in content.questions if "netflix-pmm" in q.roles}
    asked = [
        (await handler.handle("/practice netflix-pmm", caller)).buttons[0].payload
        for _ in range(2 * len(pool))
    ]
    assert set(asked[: len(pool)]) == pool
    assert set(asked[len(pool) :]) == pool


async def test_a_check_in_for_a_future_day_is_refused(
    handler: CommandHandler, caller: Caller, store: Store, clock: FakeClock
) -> None:
    later = (clock.now + timedelta(days=2)).date().isoformat()
    reply = await handler.press("checkin.done", later, caller)
    assert "hasn't come yet" in reply.plain_text()
    assert await store.users.stats(caller.key) is None


async def test_help_covers_each_prep_subcommand_and_names_an_unknown_topic(
    handler: CommandHandler, caller: Caller
) -> None:
    prep = await handler.handle("/help prep", caller)
    for sub in (s.name for s in SURFACE.group().subcommands):
        assert f"/prep {sub}" in prep.plain_text()
    for typed in ("/help prep resume", "/help resume", "/help /prep resume"):
        one = await handler.handle(typed, caller)
        assert one.title == "/prep resume", typed
        assert "`/prep resume 3`" in one.plain_text()
    unknown = await handler.handle("/help teleport", caller)
    assert "There is no help on 'teleport'" in unknown.plain_text()
    assert "/compare" in unknown.plain_text()


async def test_echoed_words_read_plainly_without_escapes(
    handler: CommandHandler, caller: Caller
) -> None:
    reply = await handler.handle("/role <!channel>", caller)
    text = reply.plain_text()
    assert "\\u200b" not in text
    assert "I don't know the role '@\u200bchannel'." in text


async def test_a_word_in_another_alphabet_is_not_dropped_from_a_role_name(
    handler: CommandHandler, caller: Caller
) -> None:
    for typed in ("/compare 日本語 netflix-pm", "/compare !!! netflix-pm"):
        reply = await handler.handle(typed, caller)
        assert "I don't know the role" in reply.plain_text(), typed
        assert typed.split()[1] in reply.plain_text()


@pytest.mark.parametrize(
    ("figure", "shown"),
    [
        ({"unit": "years", "low": 1}, "1 year"),
        ({"unit": "years", "low": 2.5}, "2.5 years"),
        ({"unit": "days", "low": 1, "high": 3}, "1–3 days"),
        ({"unit": "days", "low": 45, "approximate": True}, "about 45 days"),
        ({"unit": "percent", "low": 5, "bound": "under"}, "under 5%"),
        ({"unit": "years", "low": 3, "bound": "at-least"}, "at least 3 years"),
        ({"unit": "usd", "low": 185000, "high": 280000}, "$185,000–$280,000"),
        ({"unit": "count", "low": 5}, "5"),
    ],
)
def test_figures_read_as_amounts_with_their_units(figure: dict[str, object], shown: str) -> None:
    source = {"article": "a"}
    assert format_figure(Figure.model_validate({"label": "x", "source": source, **figure})) == shown


def test_a_bounded_figure_cannot_also_be_a_range() -> None:
    with pytest.raises(ValidationError, match="bound"):
        Figure.model_validate(
            {"label": "x", "unit": "percent", "low": 1, "high": 5, "bound": "under",
             "source": {"article": "a"}}
        )  # fmt: skip


async def test_contrasts_show_what_is_not_and_what_is_the_difference(
    handler: CommandHandler, caller: Caller, content: Content
) -> None:
    reply = await handler.handle("/role netflix-pmm contrasts", caller)
    text = reply.plain_text()
    assert "not “" not in (await handler.handle("/role netflix-pmm scope", caller)).plain_text()
    for contrast in content.roles["netflix-pmm"].contrasts:
        assert f"not “{contrast.not_.rstrip('.')}” but “{contrast.but.rstrip('.')}”" in text
    assert "., but" not in text


@pytest.mark.parametrize(
    "typed",
    [
        "/practice execution netflix-pm",
        "/practice netflix-pm execution",
        "/practice metrics netflix product manager",
    ],
)
async def test_practice_takes_role_and_category_in_either_order(
    typed: str, handler: CommandHandler, caller: Caller, content: Content
) -> None:
    reply = await handler.handle(typed, caller)
    question = next(q for q in content.questions if q.id == reply.buttons[0].payload)
    assert (question.category.value, "netflix-pm" in question.roles) == ("execution", True)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("/practice netflix-pm netflix-pmm", "`/practice` takes one role at a time."),
        ("/role netflix-pm amazon-pm", "`/compare netflix-pm amazon-pm`"),
        ("/compare netflix-pm amazon-pm netflix-pmm", "not three (netflix-pmm too)"),
    ],
)
async def test_one_role_too_many_is_named_as_such(
    typed: str, expected: str, handler: CommandHandler, caller: Caller
) -> None:
    reply = await handler.handle(typed, caller)
    assert expected in reply.plain_text()
    assert "I don't know the aspect" not in reply.plain_text()


def test_every_command_in_the_spec_has_a_route(handler: CommandHandler) -> None:
    assert set(handler.routes) == {command.path for command in SURFACE.leaves()}
