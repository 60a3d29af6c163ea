"""The shape of the content files: roles, practice questions and the fit quiz.

Every fact carries a `source` naming the article it comes from (an id declared in
`sources.yaml`) and, where the article names it, the figure's own origin and year.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=64)]
Text = Annotated[str, Field(min_length=1, max_length=1500)]


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Article(Frozen):
    id: Slug
    title: Text
    short: Annotated[str, Field(min_length=1, max_length=40)]
    # The roles the article speaks of; a quiz option may only score these.
    roles: list[Slug] = []
    # Who the article says it was written for: a fact about the article, not about any role.
    readers: str | None = Field(default=None, min_length=1, max_length=400)


class Source(Frozen):
    article: Slug
    origin: str | None = None
    year: int | None = Field(default=None, ge=1990, le=2100)


class Fact(Frozen):
    text: Text
    source: Source
    # Items of one role sharing a `disputes` value are competing accounts of one point.
    disputes: Slug | None = None


class Unit(StrEnum):
    USD = "usd"
    DAYS = "days"
    WEEKS = "weeks"
    YEARS = "years"
    PERCENT = "percent"
    COUNT = "count"


class Bound(StrEnum):
    """A one-sided figure: "3+ years" is at least 3, "fewer than 5%" is under 5."""

    AT_LEAST = "at-least"
    UNDER = "under"


class Figure(Frozen):
    """A number or a range with its unit, e.g. a salary band or a loop's length."""

    label: Text
    unit: Unit
    low: float = Field(ge=0)
    high: float | None = Field(default=None, ge=0)
    approximate: bool = False
    bound: Bound | None = None
    source: Source
    disputes: Slug | None = None

    @model_validator(mode="after")
    def _range_is_ordered(self) -> Figure:
        if self.high is not None and self.high < self.low:
            raise ValueError(f"high ({self.high}) is below low ({self.low})")
        if self.bound is not None and self.high is not None:
            raise ValueError("a figure with a bound is one number (low), not a range")
        return self


class Stage(Frozen):
    name: Text
    detail: str | None = None
    start_day: int | None = Field(default=None, ge=0)
    end_day: int | None = Field(default=None, ge=0)
    # The stage's time box where the loop's source gives one (a mock interview shows it).
    minutes: int | None = Field(default=None, ge=1, le=240)
    # What the time box is for, where the source gives it to a part of the stage only.
    minutes_for: str | None = Field(default=None, min_length=1, max_length=200)
    # The practice categories the source says the stage tests; none where it does not say.
    tests: list[Category] = []


class InterviewLoop(Frozen):
    """One account of the loop. A role holds several when the articles disagree."""

    rounds: int = Field(ge=1, le=20)
    duration: Figure
    stages: list[Stage] = Field(min_length=1)
    notes: list[Fact] = []
    source: Source
    disputes: Slug | None = None


class Compensation(Frozen):
    figures: list[Figure] = []
    notes: list[Fact] = []


class CareerStep(Frozen):
    title: Text
    detail: str | None = None


class CareerPath(Frozen):
    ladder: list[CareerStep] = Field(min_length=1)
    source: Source
    figures: list[Figure] = []
    notes: list[Fact] = []
    disputes: Slug | None = None


class Mistake(Frozen):
    bad: Text
    better: Text
    source: Source


class Faq(Frozen):
    question: Text
    answer: Text
    source: Source


class Contrast(Frozen):
    """One of the articles' "not X, but Y" lines, drawn against another role."""

    versus: Slug
    not_: Text = Field(alias="not")
    but: Text
    source: Source

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class AspectName(StrEnum):
    """The aspects of a role a reader can open, as content files name them."""

    SCOPE = "scope"
    INTERVIEW = "interview"
    COMP = "comp"
    CAREER = "career"
    CULTURE = "culture"
    SKILLS = "skills"
    METRICS = "metrics"
    FIT = "fit"
    MISTAKES = "mistakes"
    CHECKLIST = "checklist"
    FAQ = "faq"
    CONTRASTS = "contrasts"


# Long enough for a few words; short enough that, after a role's name and its source mark, a
# role's line of a two-role overview fits one line of an 80-column terminal.
GIST_CHARS = 42


class Gist(Frozen):
    """What matters about a role on one aspect, in a few words of one article's account.

    Gists of one aspect sharing a `disputes` value are competing accounts; the value must be
    one the role's detailed content records as a disagreement.
    """

    text: Annotated[str, Field(min_length=1, max_length=GIST_CHARS)]
    source: Source
    disputes: Slug | None = None


class Role(Frozen):
    id: Slug
    company: Text
    title: Text
    aliases: list[str] = []
    summary: Annotated[str, Field(min_length=1, max_length=200)]
    summary_source: Source
    focus: list[Fact] = Field(min_length=1)
    responsibilities: list[Fact] = Field(min_length=1)
    skills: list[Fact] = Field(min_length=1)
    interview: list[InterviewLoop] = Field(min_length=1)
    compensation: Compensation
    career: CareerPath
    culture: list[Fact] = Field(min_length=1)
    metrics: list[Fact] = Field(min_length=1)
    suits: list[Fact] = Field(min_length=1)
    mistakes: list[Mistake] = []
    checklist: list[Fact] = Field(min_length=1)
    faq: list[Faq] = []
    contrasts: list[Contrast] = []
    figures: list[Figure] = []
    # The overview's line for each aspect; see `_gists_cover_what_the_role_says`.
    gists: dict[AspectName, Annotated[list[Gist], Field(min_length=1, max_length=3)]]

    @field_validator("id")
    @classmethod
    def _id_names_one_role(cls, role_id: str) -> str:
        """`vs` joins two roles in a comparison's name (its chart's file and URL), so a role's
        own id may not hold it as a word: `a-vs-b` would read as two roles."""
        if "vs" in role_id.split("-"):
            raise ValueError("may not hold `vs` as a word: it joins two roles in a comparison")
        return role_id

    @field_validator("gists")
    @classmethod
    def _gists_cover_what_the_role_says(
        cls, gists: dict[AspectName, list[Gist]], info: ValidationInfo
    ) -> dict[AspectName, list[Gist]]:
        """A gist for every aspect the role says something on, save those its figures tell
        (the loop, and pay with a USD figure); none for an aspect it is silent on; one
        undisputed gist per article and aspect."""
        said, told = _said_and_told(info.data)
        missing = [a.value for a in AspectName if said[a] and a not in told and a not in gists]
        if missing:
            raise ValueError(f"needs a gist for: {', '.join(missing)}")
        silent = [a.value for a in gists if not said[a]]
        if silent:
            raise ValueError(f"has a gist for {', '.join(silent)}, which the role says nothing on")
        for aspect, said_here in gists.items():
            articles = [g.source.article for g in said_here if g.disputes is None]
            if len(articles) != len(set(articles)):
                raise ValueError(f"{aspect.value}: one undisputed gist per article")
        return gists


def _said_and_told(role: dict[str, object]) -> tuple[dict[AspectName, bool], set[AspectName]]:
    """Which aspects a role being validated says something on, and which of those its
    figures can tell in brief. A field that failed its own validation is missing here; it
    counts as said, so that its own error is not followed by one about its gist."""
    said = dict.fromkeys(AspectName, True)
    for aspect in (AspectName.MISTAKES, AspectName.FAQ, AspectName.CONTRASTS):
        said[aspect] = aspect.value not in role or bool(role[aspect.value])
    # The contrasts are their own short lines, shown whole; no gist restates them.
    told = {AspectName.INTERVIEW, AspectName.CONTRASTS}
    pay = role.get("compensation")
    if not isinstance(pay, Compensation) or any(f.unit is Unit.USD for f in pay.figures):
        told.add(AspectName.COMP)
    if isinstance(pay, Compensation):
        said[AspectName.COMP] = bool(pay.figures or pay.notes)
    return said, told


class Category(StrEnum):
    PRODUCT_SENSE = "product-sense"
    EXECUTION = "execution"
    LEADERSHIP_PRINCIPLES = "leadership-principles"
    MARKET_STRATEGY = "market-strategy"
    BEHAVIOURAL = "behavioural"
    CULTURE = "culture"


class PracticeQuestion(Frozen):
    id: Slug
    roles: list[Slug] = Field(min_length=1)
    category: Category
    prompt: Text
    rubric: list[Text] = Field(min_length=2)
    source: Source


class PracticeBank(Frozen):
    questions: list[PracticeQuestion] = Field(min_length=1)


class ArticleList(Frozen):
    articles: list[Article] = Field(min_length=1)
