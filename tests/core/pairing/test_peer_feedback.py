"""Feedback between partners through the handler and a real pairing week: "We met" invites each
interviewer, their form reaches the partner by direct message and their card as a peer's
review, the partner's own grade replaces it, and a forgotten interviewer leaves no name."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass

from bot.compose import build_handler
from core.commands.handler import CommandHandler
from core.content.loader import Content
from core.dispatch.dispatcher import Dispatcher
from core.kernel.identity import UserKey
from core.kernel.platform import Platform
from core.kernel.reply import Reply, answered, ticked
from core.pairing.feedback import interviewee_of
from core.practice.bank import GRADE_ACTION
from core.practice.grading import GradePress, ReviewRef
from core.practice.srs import Grade, GradedBy, grade_for
from core.roles.catalog import Catalog
from core.store.store import Store
from tests.conftest import FakeClock
from tests.core.pairing.test_pair_week import _turn_on
from tests.fakes import FakeMessenger, person

PAIR = ["m0", "m1"]


@dataclass
class Week:
    handler: CommandHandler
    messenger: FakeMessenger
    met: str  # the "We met" button's payload
    members: list[str]


def key(user: str) -> UserKey:
    return UserKey(Platform.CONSOLE, "local", user)


async def _paired(store: Store, catalog: Catalog, content: Content, clock: FakeClock) -> Week:
    handler = build_handler(catalog, store, clock, random.Random(1))
    await _turn_on(handler, PAIR)
    messenger = FakeMessenger()
    handler.connect_channels(messenger)
    dispatcher = Dispatcher(store, content, {Platform.CONSOLE: messenger}, clock, worker="w")
    clock.now = clock.now.replace(day=27, hour=17, minute=1)
    await dispatcher.tick()
    [group] = [p for p in messenger.posts if p.kind == "group"]
    return Week(handler, messenger, group.reply.buttons[0].payload, group.target.split(","))


def invitation_to(week: Week, user: str) -> Reply:
    [found] = [p.reply for p in week.messenger.direct_posts if p.target == user]
    return found


async def _fill(week: Week, interviewer: str, points: list[int], note: str | None) -> Reply:
    """The interviewer picks the first question offered, ticks `points`, sends with `note`."""
    pick = invitation_to(week, interviewer).buttons[0]
    form = await week.handler.press(pick.action, pick.payload, person(interviewer))
    assert form.checklist is not None
    step = await week.handler.press(
        form.checklist.action, ticked(form.checklist.payload, points), person(interviewer)
    )
    add, plain = step.buttons
    if note is None:
        return await week.handler.press(plain.action, plain.payload, person(interviewer))
    filled = answered(add.payload, json.dumps([note]))
    return await week.handler.press(add.action, filled, person(interviewer))


async def test_a_partners_form_reaches_their_dm_and_their_card_as_a_peer_review(
    store: Store, catalog: Catalog, content: Content, clock: FakeClock
) -> None:
    week = await _paired(store, catalog, content, clock)
    met = await week.handler.press("pair_met", week.met, person("m1"))
    assert "form in their direct messages" in met.plain_text()
    # each interviewer is invited once, with the questions their partner was asked
    assert sorted(p.target for p in week.messenger.direct_posts) == sorted(PAIR)
    partner = interviewee_of(tuple(week.members), "m0")
    assert partner == "m1"
    invite = invitation_to(week, "m0")
    assert "@m1" in invite.plain_text()
    assert 1 <= len(invite.buttons) <= 3

    sent = await _fill(week, "m0", [1, 2], "Lead with the metric, then @everyone the trade-off")
    assert sent.title == "Feedback sent", sent.plain_text()
    [delivered] = [p.reply for p in week.messenger.direct_posts[2:] if p.target == "m1"]
    words = delivered.plain_text()
    question_id = invite.buttons[0].payload.split(":", 1)[1]
    [question] = [q for q in catalog.content.questions if q.id == question_id]
    total = len(question.rubric)
    assert delivered.title == f"Your partner's feedback: 2 of {total} covered"
    assert words.count("✓") == 2
    assert words.count("✗") == total - 2
    assert "Lead with the metric" in words
    assert "@everyone" not in words
    [review] = await store.cards.reviews(key("m1"))
    assert (review.question_id, review.graded_by) == (question_id, GradedBy.PEER)
    assert review.grade is grade_for(2, total)
    [card] = await store.cards.cards(key("m1"))
    assert card.reps == 1

    again = await _fill(week, "m0", [1], None)
    assert again.title == "Already sent"
    assert len(await store.cards.reviews(key("m1"))) == 1

    # the partner's own grade replaces the peer's review, which stays beside it as the other
    easy = next(b for b in delivered.buttons if b.label == "Easy")
    stranger = await week.handler.press(easy.action, easy.payload, person("m0"))
    assert "not for you" in stranger.plain_text()
    own = await week.handler.press(easy.action, easy.payload, person("m1"))
    assert own.title == "Graded: Easy", own.plain_text()
    [review] = await store.cards.reviews(key("m1"))
    assert (review.grade, review.graded_by) == (Grade.EASY, GradedBy.SELF)
    assert (review.other_grade, review.other_by) == (grade_for(2, total), GradedBy.PEER)
    [card] = await store.cards.cards(key("m1"))
    assert card.reps == 1
    assert card.due > review.reviewed_at
    twice = await week.handler.press(easy.action, easy.payload, person("m1"))
    assert "graded that answer since" in twice.plain_text()


async def test_an_answer_graded_by_its_member_keeps_their_grade(
    store: Store, catalog: Catalog, content: Content, clock: FakeClock
) -> None:
    week = await _paired(store, catalog, content, clock)
    await week.handler.press("pair_met", week.met, person("m0"))
    question_id = invitation_to(week, "m0").buttons[0].payload.split(":", 1)[1]
    own = GradePress(ReviewRef(question_id, 0), Grade.GOOD).dump()
    graded = await week.handler.press(GRADE_ACTION, own, person("m1"))
    assert graded.title == "Graded: Good"

    sent = await _fill(week, "m0", [], None)
    assert sent.title == "Feedback sent"
    delivered = week.messenger.direct_posts[-1].reply
    assert "your grade stands" in delivered.plain_text()
    assert not delivered.buttons
    [review] = await store.cards.reviews(key("m1"))
    assert (review.grade, review.graded_by) == (Grade.GOOD, GradedBy.SELF)
    assert (review.other_grade, review.other_by) == (Grade.AGAIN, GradedBy.PEER)


async def test_an_interviewer_who_is_forgotten_leaves_no_name_or_note(
    store: Store, catalog: Catalog, content: Content, clock: FakeClock
) -> None:
    week = await _paired(store, catalog, content, clock)
    await week.handler.press("pair_met", week.met, person("m0"))
    await _fill(week, "m0", [1], "Say the metric first")
    forget = await week.handler.press("prep.forget", "", person("m0"))
    assert forget.title == "Deleted"
    feedback = await store.peer_feedback.feedback(1)
    assert feedback is not None
    assert feedback.interviewee == key("m1")
    assert (feedback.interviewer, feedback.note) == (None, None)
    assert len(await store.cards.reviews(key("m1"))) == 1  # the partner's card stays whole
    # and the interviewee forgotten takes the form with them
    await week.handler.press("prep.forget", "", person("m1"))
    assert await store.peer_feedback.feedback(1) is None
