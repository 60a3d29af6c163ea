"""The shape of the fit quiz: traits, and questions whose answers weigh roles."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from core.content.models import Frozen, Slug, Source, Text


class Trait(Frozen):
    id: Slug
    description: Text
    source: Source


class QuizOption(Frozen):
    """One answer. It may score only roles that its source article speaks of."""

    label: Annotated[str, Field(min_length=1, max_length=80)]
    trait: Slug
    weights: dict[Slug, int]
    source: Source


class QuizQuestion(Frozen):
    id: Slug
    prompt: Text
    options: list[QuizOption] = Field(min_length=2, max_length=5)


class FitQuiz(Frozen):
    traits: list[Trait] = Field(min_length=1)
    questions: list[QuizQuestion] = Field(min_length=1)
