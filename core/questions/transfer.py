"""A bank as a file and back: CSV (`id, prompt, category, roles, rubric, source`; roles
space-separated, rubric points separated by ` | `) or YAML in the content files' shape. Each
row read keeps its line, so that a refused one is reported where it is."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

from core.content.models import PracticeQuestion
from core.practice.bank import GROUP_ARTICLE
from core.questions.bank import Bank, Draft, Status, own_number, prompt_key
from core.questions.limits import Refused, checked
from core.roles.catalog import Catalog

COLUMNS = ("id", "prompt", "category", "roles", "rubric", "source")
POINTS = " | "
GROUP_SOURCE = f"{GROUP_ARTICLE}: "  # the source of a group's own question, before its origin


class NotAQuestionFile(ValueError):
    """The file is not a question file at all (one line says why)."""


@dataclass(frozen=True)
class Row:
    line: int
    id: str
    prompt: str
    category: str
    roles: list[str]
    rubric: list[str]
    source: str


@dataclass
class Checked:
    """What an import would do: the drafts to add (with their lines), the rows refused (line,
    reason) and how many rows are questions the workspace already has."""

    drafts: list[tuple[int, Draft]] = field(default_factory=list)
    refused: list[tuple[int, str]] = field(default_factory=list)
    unchanged: int = 0


def source_text(question: PracticeQuestion) -> str:
    if question.source.article == GROUP_ARTICLE:
        return GROUP_SOURCE + (question.source.origin or "")
    origin = f" ({question.source.origin})" if question.source.origin else ""
    return question.source.article + origin


def to_csv(questions: Sequence[PracticeQuestion]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for q in questions:
        writer.writerow(
            [
                q.id,
                q.prompt,
                q.category.value,
                " ".join(q.roles),
                POINTS.join(q.rubric),
                source_text(q),
            ]
        )
    return out.getvalue()


def to_yaml(questions: Sequence[PracticeQuestion]) -> str:
    data = {"questions": [q.model_dump(mode="json", exclude_none=True) for q in questions]}
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def read_csv(text: str) -> list[Row]:
    reader = csv.reader(io.StringIO(text))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except (StopIteration, csv.Error) as error:
        raise NotAQuestionFile("the file is empty") from error
    missing = [c for c in ("prompt", "category", "roles", "rubric") if c not in header]
    if missing:
        raise NotAQuestionFile(
            "the first row is not a question file's header: it needs the columns "
            + ", ".join(COLUMNS)
            + f" (missing {', '.join(missing)})"
        )
    found: list[Row] = []
    try:
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue
            value = dict(zip(header, cells, strict=False))
            found.append(
                Row(
                    line=reader.line_num,
                    id=value.get("id", "").strip(),
                    prompt=value.get("prompt", ""),
                    category=value.get("category", ""),
                    roles=value.get("roles", "").split(),
                    rubric=value.get("rubric", "").split("|"),
                    source=value.get("source", "").strip(),
                )
            )
    except csv.Error as error:
        raise NotAQuestionFile(f"line {reader.line_num} is not CSV: {error}") from error
    return found


def read_yaml(text: str) -> list[Row]:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data: Any = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise NotAQuestionFile(f"it is not YAML: {str(error).splitlines()[0]}") from error
    if not isinstance(data, dict) or not isinstance(data.get("questions"), list):
        raise NotAQuestionFile("it has no `questions:` list, as the content files have")
    items = next(v for k, v in node.value if k.value == "questions").value  # type: ignore[union-attr]
    found = []
    for item, item_node in zip(data["questions"], items, strict=True):
        line = item_node.start_mark.line + 1
        if not isinstance(item, dict):
            item = {}
        source = item.get("source")
        found.append(
            Row(
                line=line,
                id=str(item.get("id") or ""),
                prompt=str(item.get("prompt") or ""),
                category=str(item.get("category") or ""),
                roles=[str(r) for r in _list(item.get("roles"))],
                rubric=[str(p) for p in _list(item.get("rubric"))],
                source=_yaml_source(source),
            )
        )
    return found


def _list(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    return str(value).split() if value else []


def _yaml_source(source: Any) -> str:
    if isinstance(source, dict):
        article, origin = str(source.get("article") or ""), source.get("origin")
        if article == GROUP_ARTICLE:
            return GROUP_SOURCE + str(origin or "")
        return article + (f" ({origin})" if origin else "")
    return str(source or "")


def check_rows(rows: Sequence[Row], catalog: Catalog, bank: Bank) -> Checked:
    """Which rows an import adds, which it refuses and why, and which it already has: a row
    that is a question the workspace has (its id, its prompt) is counted, not added again."""
    result = Checked()
    existing: dict[str, str] = {}
    for question in bank.shipped:
        existing.setdefault(prompt_key(question.prompt), question.id)
    for own in bank.in_state((Status.ACTIVE, Status.RETIRED, Status.PENDING)):
        existing.setdefault(prompt_key(own.question.prompt), own.id)
    shipped = {q.id for q in bank.shipped}
    seen: dict[str, int] = {}
    for row in rows:
        key = prompt_key(row.prompt)
        there = existing.get(key)
        if there is not None and row.id == there:
            result.unchanged += 1
            continue
        if row.id in shipped or (own_number(row.id) is not None and bank.get(row.id)):
            result.refused.append(
                (row.line, f"id {row.id} is already a question with another prompt; "
                 "leave the id empty to add this one as new")
            )  # fmt: skip
            continue
        origin = row.source.removeprefix(GROUP_SOURCE) or "imported from a file"
        try:
            draft = checked(catalog, row.prompt, row.category, row.roles, row.rubric, origin)
        except Refused as refused:
            result.refused.append((row.line, "; ".join(refused.problems)))
            continue
        if there is not None:
            result.refused.append((row.line, f"repeats the question {there}"))
        elif key in seen:
            result.refused.append((row.line, f"repeats line {seen[key]}"))
        else:
            seen[key] = row.line
            result.drafts.append((row.line, draft))
    return result


def visible(bank: Bank) -> list[PracticeQuestion]:
    """Every question the workspace sees, as stored (its own ones not defanged): the shipped
    it has not hidden, then its own, oldest first."""
    own = [g.question for g in bank.own if g.status is Status.ACTIVE]
    return [q for q in bank.shipped if q.id not in bank.hidden] + own
