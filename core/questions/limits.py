"""The limits a group's question must keep (those of the shipped bank's model, so that a
group's question loads like a shipped one) and the check that says which one it broke."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, get_args

from annotated_types import MaxLen

from core.content.models import Category, PracticeQuestion, Text
from core.practice.bank import parse_category
from core.questions.bank import Draft
from core.roles.catalog import Catalog

MIN_POINTS = 3  # fewer and the checklist cannot tell a partial answer from a full one
MAX_POINTS = 10  # the most a Slack checklist shows
MAX_ORIGIN = 200


def _max_length(metadata: Sequence[Any]) -> int:
    for item in metadata:
        if isinstance(item, MaxLen):
            return int(item.max_length)
        inner = getattr(item, "metadata", None)
        if inner:
            return _max_length(inner)
    raise LookupError("no maximum length")


MAX_PROMPT = _max_length(PracticeQuestion.model_fields["prompt"].metadata)
MAX_POINT = _max_length(get_args(Text)[1:])


class Refused(ValueError):
    """A question that breaks the limits; `problems` says each way, for the member."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def split_roles(text: str) -> list[str]:
    """Roles typed as ids or names, separated by commas (or by spaces when there is none)."""
    parts = text.split(",") if "," in text else text.split()
    return [p.strip() for p in parts if p.strip()]


def split_points(text: str) -> list[str]:
    """Rubric points typed one a line (a leading `-`, `*` or `•` is dropped)."""
    points = (line.strip().lstrip("-*•").strip() for line in text.splitlines())
    return [p for p in points if p]


def checked(
    catalog: Catalog,
    prompt: str,
    category: str,
    roles: Sequence[str],
    rubric: Sequence[str],
    origin: str = "suggested by a member",
) -> Draft:
    """The draft these fields make, or Refused with every limit they break."""
    problems: list[str] = []
    prompt = " ".join(prompt.split())
    if not prompt:
        problems.append("no prompt")
    elif len(prompt) > MAX_PROMPT:
        problems.append(f"the prompt is {len(prompt)} characters; the limit is {MAX_PROMPT}")
    found = parse_category(category) if category.strip() else None
    if found is None:
        what = f"unknown category '{category.strip()}'" if category.strip() else "no category"
        problems.append(f"{what} (categories: {', '.join(c.value for c in Category)})")
    role_ids: list[str] = []
    for name in roles:
        role = catalog.find(name)
        if role is None:
            near = catalog.suggest(name)
            hint = f"; did you mean {' or '.join(near)}?" if near else ""
            problems.append(f"unknown role '{name}'{hint}")
        elif role.id not in role_ids:
            role_ids.append(role.id)
    if not roles:
        problems.append("no role (roles: " + ", ".join(catalog.content.roles) + ")")
    points = [" ".join(p.split()) for p in rubric if p.strip()]
    if len(points) < MIN_POINTS:
        problems.append(f"{len(points)} rubric points; at least {MIN_POINTS} are needed")
    if len(points) > MAX_POINTS:
        problems.append(f"{len(points)} rubric points; at most {MAX_POINTS} fit")
    for number, point in enumerate(points, 1):
        if len(point) > MAX_POINT:
            problems.append(
                f"rubric point {number} is {len(point)} characters; the limit is {MAX_POINT}"
            )
    origin = " ".join(origin.split())[:MAX_ORIGIN] or "suggested by a member"
    if problems or found is None:
        raise Refused(problems)
    return Draft(prompt, found, tuple(role_ids), tuple(points), origin)
