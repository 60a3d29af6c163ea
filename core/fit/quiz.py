"""The fit quiz: questions one at a time, state carried in the button payload, a ranked result."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from core.content.quiz_models import FitQuiz, QuizOption
from core.kernel.reply import Button, FieldsSection, KeyValue, Reply, TextSection
from core.roles.catalog import Catalog

ANSWER_ACTION = "fit.answer"


class StaleQuiz(ValueError):
    """A button from a quiz whose questions have changed since it was shown."""


@dataclass(frozen=True)
class Reason:
    """One answer: the roles it gave points to, and the ones it weighed most (`toward`).

    An answer counts as a reason for a role only when no other role got more from it; an
    answer that gave two roles the same top weight is a reason for each, and says so.
    """

    question: str
    answer: str
    trait: str
    pushed: dict[str, int]
    toward: tuple[str, ...]


@dataclass(frozen=True)
class FitResult:
    ranking: tuple[tuple[str, int], ...]
    reasons: tuple[Reason, ...]
    answers: str

    @property
    def best(self) -> str:
        return self.ranking[0][0]


class FitEngine:
    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.quiz: FitQuiz = catalog.content.quiz
        shape = "|".join(f"{q.id}/{len(q.options)}" for q in self.quiz.questions)
        self.fingerprint = hashlib.sha256(shape.encode()).hexdigest()[:8]

    def start(self) -> Reply:
        return self.question_reply("")

    def parse_payload(self, payload: str) -> str:
        """The answers so far (one option index per character) from a button payload."""
        fingerprint, _, answers = payload.partition(":")
        if fingerprint != self.fingerprint:
            raise StaleQuiz(payload)
        questions = self.quiz.questions
        if len(answers) > len(questions) or not (answers.isascii() and answers.isdigit()):
            raise StaleQuiz(payload)
        for question, answer in zip(questions, answers, strict=False):
            if int(answer) >= len(question.options):
                raise StaleQuiz(payload)
        return answers

    def is_complete(self, answers: str) -> bool:
        return len(answers) == len(self.quiz.questions)

    def question_reply(self, answers: str) -> Reply:
        index = len(answers)
        question = self.quiz.questions[index]
        buttons = tuple(
            Button(
                action=ANSWER_ACTION,
                label=option.label,
                payload=f"{self.fingerprint}:{answers}{i}",
            )
            for i, option in enumerate(question.options)
        )
        return Reply(
            title=f"Fit quiz: question {index + 1} of {len(self.quiz.questions)}",
            sections=(TextSection(text=question.prompt),),
            buttons=buttons,
        )

    def score(self, answers: str) -> FitResult:
        totals = dict.fromkeys(self.catalog.content.roles, 0)
        reasons = []
        traits = {t.id: t for t in self.quiz.traits}
        for question, answer in zip(self.quiz.questions, answers, strict=True):
            option: QuizOption = question.options[int(answer)]
            for role_id, weight in option.weights.items():
                totals[role_id] = totals.get(role_id, 0) + weight
            pushed = {r: w for r, w in option.weights.items() if w > 0}
            top = max(pushed.values(), default=0)
            toward = tuple(sorted(r for r, w in pushed.items() if w == top))
            reasons.append(
                Reason(
                    question.prompt, option.label, traits[option.trait].description, pushed, toward
                )
            )
        ranking = tuple(sorted(totals.items(), key=lambda item: (-item[1], item[0])))
        return FitResult(ranking=ranking, reasons=tuple(reasons), answers=answers)

    def result_reply(self, result: FitResult) -> Reply:
        roles = self.catalog.content.roles
        top = max(result.ranking[0][1], 1)
        ranking = tuple(
            KeyValue(
                name=f"{place}. {roles[role_id].company} {roles[role_id].title} ({role_id})",
                value=f"{score} points ({round(100 * score / top)}% of the top score)",
            )
            for place, (role_id, score) in enumerate(result.ranking, 1)
        )
        best = result.best
        for_best = [r for r in result.reasons if best in r.toward]
        against = [r for r in result.reasons if r.toward and best not in r.toward]
        why = (
            "\n".join(f"• {r.answer}: {r.trait}{_shared(r, best)}" for r in for_best)
            or "• No answer favoured it."
        )
        sections = [
            TextSection(
                text=f"Your answers point to {roles[best].company} {roles[best].title}. "
                f"{roles[best].summary}"
            ),
            FieldsSection(heading="Ranking", fields=ranking),
            TextSection(heading=f"What pushed you toward {best}", text=why),
        ]
        if against:
            lines = "\n".join(f"• {r.answer}: toward {', '.join(r.toward)}" for r in against)
            sections.append(TextSection(heading="What pulled the other way", text=lines))
        sections.append(
            TextSection(text=f"Next: `/role {best}` for the details, or `/practice {best}`.")
        )
        return Reply(title="Your fit quiz result", sections=tuple(sections))


def _shared(reason: Reason, role: str) -> str:
    """A note on an answer that weighed another role just as much."""
    others = [r for r in reason.toward if r != role]
    return f" (as much toward {', '.join(others)})" if others else ""
