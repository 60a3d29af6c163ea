"""Every view of the roles a reader can open, named as it is typed, with the most lines it may
take on a screen: a default card or comparison one screen (40), an aspect of one 60.

The core cannot count lines, which are the terminal's to lay out, so `too_long` takes the
counter (the console's own renderer, in `prepbot content check`): the limits are checked on
what a reader sees, and a content edit that makes a view too long is refused by name.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from core.kernel.reply import Reply
from core.roles.aspects import Aspect
from core.roles.cards import comparison, role_card, role_list
from core.roles.catalog import Catalog

SCREEN_LINES = 40  # the role list, a card, a comparison
DETAIL_LINES = 60  # one aspect of a card or a comparison
COLUMNS = 80  # what the lines are counted at: a phone, or a terminal split in two


@dataclass(frozen=True)
class View:
    """A view as typed (`/compare netflix-pm amazon-pm scope`), and its most lines."""

    command: str
    limit: int
    charts: int = 0  # a terminal shows no image: a line below the panel says where it went

    def problem(self, lines: int) -> str:
        return f"`{self.command}`: {lines} lines at {COLUMNS} columns, more than {self.limit}"


def every_view(catalog: Catalog) -> Iterator[tuple[View, Reply]]:
    """The role list, every role's card and every pair's comparison (both ways round, since
    the order sets the columns), each on its own and opened at every aspect."""
    yield View("/role", SCREEN_LINES), role_list(catalog)
    roles = catalog.roles
    for role in roles:
        for aspect in (None, *Aspect):
            card = role_card(catalog, role, aspect)
            yield _view(("role", role.id), aspect), card
    for left, right in itertools.permutations(roles, 2):
        for aspect in (None, *Aspect):
            compared = comparison(catalog, left, right, aspect)
            yield _view(("compare", left.id, right.id), aspect), compared


def too_long(catalog: Catalog, count_lines: Callable[[Reply], int]) -> list[str]:
    """What is wrong with each view longer than its limit, as `count_lines` lays it out (the
    views are built without their charts; each chart counts as the line that names it)."""
    found = ((view, count_lines(reply) + view.charts) for view, reply in every_view(catalog))
    return [view.problem(lines) for view, lines in found if lines > view.limit]


def _view(words: tuple[str, ...], aspect: Aspect | None) -> View:
    if aspect is None:
        return View("/" + " ".join(words), SCREEN_LINES)
    charts = 1 if aspect is Aspect.COMP else 0
    return View("/" + " ".join((*words, aspect.value)), DETAIL_LINES, charts)
