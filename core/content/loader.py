"""Load the content files into frozen models, collecting every problem with file and field."""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from core.content.checks import disputes_with_one_side, gist_disputes, repeated_lines
from core.content.models import (
    Article,
    ArticleList,
    PracticeBank,
    PracticeQuestion,
    Role,
    Source,
)
from core.content.near_copies import near_copies
from core.content.quiz_balance import quiz_problems
from core.content.quiz_models import FitQuiz
from core.content.stage_tests import stage_problems
from core.kernel.words import plural

ModelT = TypeVar("ModelT", bound=BaseModel)
# The C parser when PyYAML was built with libyaml; both load only plain data.
_YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

SOURCES_FILE = "sources.yaml"
PRACTICE_FILE = "practice.yaml"
QUIZ_FILE = "fit_quiz.yaml"
ROLES_DIR = "roles"


@dataclass(frozen=True)
class Problem:
    file: str
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: {self.field}: {self.reason}"


class ContentError(Exception):
    """The content failed validation; `problems` names each file, field and reason."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        lines = "\n".join(f"  {p}" for p in problems)
        super().__init__(f"{plural(len(problems), 'problem')} in the content files:\n{lines}")


@dataclass(frozen=True)
class Content:
    articles: dict[str, Article]
    roles: dict[str, Role]
    questions: tuple[PracticeQuestion, ...]
    quiz: FitQuiz


def default_content_dir() -> Traversable:
    return files("content")


def load_content(directory: Path | Traversable | None = None) -> Content:
    """Read and validate every content file; raise ContentError listing all problems."""
    root: Path | Traversable = directory if directory is not None else default_content_dir()
    problems: list[Problem] = []

    sources = _load(root, SOURCES_FILE, ArticleList, problems)
    roles: dict[str, Role] = {}
    roles_dir = root / ROLES_DIR
    role_files = (
        sorted((f for f in roles_dir.iterdir() if f.name.endswith(".yaml")), key=lambda f: f.name)
        if roles_dir.is_dir()
        else []
    )
    if not role_files:
        problems.append(Problem(f"{ROLES_DIR}/", "-", "no role files (*.yaml) found"))
    for role_file in role_files:
        name = f"{ROLES_DIR}/{role_file.name}"
        role = _load(root, name, Role, problems)
        if role is None:
            continue
        if role.id in roles:
            problems.append(Problem(name, "id", f"duplicate role id {role.id!r}"))
        roles[role.id] = role
    bank = _load(root, PRACTICE_FILE, PracticeBank, problems)
    quiz = _load(root, QUIZ_FILE, FitQuiz, problems)

    articles = {a.id: a for a in sources.articles} if sources else {}
    if sources and bank and quiz and not problems:
        # References are checked once every file is valid on its own, so that one broken
        # role file is reported once, not again by every file that names it.
        problems.extend(_cross_check(articles, roles, bank, quiz))
    if problems or sources is None or bank is None or quiz is None:
        raise ContentError(problems)
    return Content(articles=articles, roles=roles, questions=tuple(bank.questions), quiz=quiz)


def _load(
    root: Path | Traversable, name: str, model: type[ModelT], problems: list[Problem]
) -> ModelT | None:
    path = root
    for part in name.split("/"):
        path = path / part
    try:
        raw: Any = yaml.load(path.read_text(encoding="utf-8"), Loader=_YamlLoader)
    except FileNotFoundError:
        problems.append(Problem(name, "-", "file is missing"))
        return None
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(name, "-", f"cannot be read: {exc}"))
        return None
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f"line {where.line + 1}" if where is not None else "-"
        problems.append(Problem(name, line, f"not valid YAML: {getattr(exc, 'problem', exc)}"))
        return None
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        for error in exc.errors():
            field = ".".join(str(part) for part in error["loc"]) or "-"
            problems.append(Problem(name, field, error["msg"]))
        return None


def _cross_check(
    articles: dict[str, Article], roles: dict[str, Role], bank: PracticeBank, quiz: FitQuiz
) -> list[Problem]:
    problems: list[Problem] = []

    def check_source(file: str, field: str, source: Source) -> None:
        if source.article not in articles:
            problems.append(Problem(file, field, f"unknown article {source.article!r}"))

    for role in roles.values():
        file = f"{ROLES_DIR}/{role.id}.yaml"
        dumped = role.model_dump(by_alias=True)
        check_source(file, "summary_source", role.summary_source)
        for field, source in _sources_in(dumped):
            check_source(file, field, Source.model_validate(source))
        for field, first in repeated_lines(dumped):
            problems.append(Problem(file, field, f"repeats the line at {first}; say it once"))
        for field, value in disputes_with_one_side(dumped):
            problems.append(
                Problem(file, field, f"disputes {value!r} has no other account in this role")
            )
        for field, reason in gist_disputes(dumped):
            problems.append(Problem(file, field, reason))
        for field, reason in stage_problems(role, bank.questions):
            problems.append(Problem(file, field, reason))
        for i, contrast in enumerate(role.contrasts):
            if contrast.versus not in roles:
                problems.append(
                    Problem(file, f"contrasts.{i}.versus", f"unknown role {contrast.versus!r}")
                )
    seen: set[str] = set()
    for i, question in enumerate(bank.questions):
        if question.id in seen:
            problems.append(Problem(PRACTICE_FILE, f"questions.{i}.id", "duplicate id"))
        seen.add(question.id)
        check_source(PRACTICE_FILE, f"questions.{i}.source", question.source)
        for role_id in question.roles:
            if role_id not in roles:
                problems.append(
                    Problem(PRACTICE_FILE, f"questions.{i}.roles", f"unknown role {role_id!r}")
                )
    for pair in near_copies([question.prompt for question in bank.questions]):
        first = f"questions.{pair.first} ({bank.questions[pair.first].id})"
        reason = f"shares {pair.percent}% of its words with {first}; ask something new"
        problems.append(Problem(PRACTICE_FILE, f"questions.{pair.second}.prompt", reason))
    trait_ids = {t.id for t in quiz.traits}
    for i, trait in enumerate(quiz.traits):
        check_source(QUIZ_FILE, f"traits.{i}.source", trait.source)
    for qi, q in enumerate(quiz.questions):
        for oi, option in enumerate(q.options):
            where = f"questions.{qi}.options.{oi}"
            check_source(QUIZ_FILE, f"{where}.source", option.source)
            if option.trait not in trait_ids:
                problems.append(Problem(QUIZ_FILE, f"{where}.trait", f"unknown {option.trait!r}"))
            article = articles.get(option.source.article)
            for role_id, weight in option.weights.items():
                if role_id not in roles:
                    problems.append(
                        Problem(QUIZ_FILE, f"{where}.weights", f"unknown role {role_id!r}")
                    )
                elif article is not None and weight and role_id not in article.roles:
                    problems.append(
                        Problem(
                            QUIZ_FILE,
                            f"{where}.weights.{role_id}",
                            f"scores {role_id!r}, but its source {article.id!r} does not speak"
                            " of that role (see `roles` in sources.yaml)",
                        )
                    )
    ranked = [r for r in roles if any(r in a.roles for a in articles.values())]
    problems += [Problem(QUIZ_FILE, f, reason) for f, reason in quiz_problems(quiz, ranked)]
    return problems


def _sources_in(node: Any, path: str = "") -> list[tuple[str, dict[str, Any]]]:
    """Every `source` mapping inside a dumped model, with its dotted path."""
    found: list[tuple[str, dict[str, Any]]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            child = f"{path}.{key}" if path else str(key)
            if key == "source" and isinstance(value, dict):
                found.append((child, value))
            else:
                found.extend(_sources_in(value, child))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found.extend(_sources_in(value, f"{path}.{i}"))
    return found
