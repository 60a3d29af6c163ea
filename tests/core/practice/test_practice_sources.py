"""Practice questions, their revealed notes and the check-in's question name their article."""

from __future__ import annotations

from datetime import date

from core.coaching.checkin import checkin_reply
from core.commands.handler import CommandHandler
from core.content.loader import Content
from core.kernel.identity import Caller
from core.practice.bank import REVEAL_ACTION, question_reply
from core.practice.grading import reveal_reply


async def test_a_question_and_its_notes_give_the_articles_full_title(
    handler: CommandHandler, caller: Caller, content: Content
) -> None:
    for role_id in content.roles:
        reply = await handler.handle(f"/practice {role_id}", caller)
        question = next(q for q in content.questions if q.id == reply.buttons[0].payload)
        title = content.articles[question.source.article].title
        assert f"Source: {title}" in reply.plain_text()
        revealed = await handler.press(REVEAL_ACTION, question.id, caller)
        assert f"Source: {title}" in revealed.plain_text()


def test_each_article_is_named_by_the_questions_drawn_from_it(content: Content) -> None:
    by_article = {q.source.article: q for q in content.questions}
    assert set(by_article) == set(content.articles)
    for article_id, question in by_article.items():
        others = [a.title for a in content.articles.values() if a.id != article_id]
        shown = question_reply(question, content.roles, None, articles=content.articles)
        notes = reveal_reply(question, 0, articles=content.articles)
        for reply in (shown, notes):
            assert content.articles[article_id].title in reply.plain_text()
            assert not any(other in reply.plain_text() for other in others)


def test_the_check_in_question_names_its_article(content: Content) -> None:
    question = content.questions[0]
    reply = checkin_reply(None, content, date(2026, 11, 23), question)
    assert content.articles[question.source.article].title in reply.plain_text()


def test_the_notes_list_each_point_once_as_the_checklist_to_tick(content: Content) -> None:
    for question in content.questions:
        notes = reveal_reply(question, 0, "My answer", articles=content.articles)
        assert notes.checklist is not None
        assert notes.checklist.items == tuple(question.rubric)
        text = notes.plain_text()
        assert all(text.count(point) == 1 for point in question.rubric), question.id
