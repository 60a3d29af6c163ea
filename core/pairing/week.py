"""Who meets whom this week: the opted-in members of a channel put in pairs (one trio when
their number is odd), avoiding the pairs of the last four weeks and preferring partners
preparing for the same role. Pure and deterministic for a given seed and history."""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import combinations

Group = tuple[str, ...]  # user ids; the first one interviews first
Week = Sequence[Group]  # the groups of one past week; a member left out sat out

RECENT_WEEKS = 4  # a pair met within this many weeks is avoided
_REPEAT = 1000  # the cost of a recent pair (more for a more recent one) ...
_OTHER_ROLE = 1  # ... against preferring the same target role
_SEARCH_BUDGET = 20_000  # search steps before settling for the best grouping found

_Cost = Callable[[Sequence[str]], int]


@dataclass(frozen=True)
class Pairing:
    groups: tuple[Group, ...]
    sitting_out: tuple[str, ...]  # only ever a lone member: nobody to meet


def pair_members(
    roles: Mapping[str, str | None], history: Sequence[Week], seed: str | int
) -> Pairing:
    """Groups for this week. `roles` maps each opted-in member to their target role (None when
    they set none); `history` is the past weeks, oldest first. Everyone is placed when there
    are two or more, so nobody sits out while others pair."""
    rng = random.Random(seed)
    members = sorted(roles)
    rng.shuffle(members)
    if len(members) < 2:
        return Pairing((), tuple(members))
    recent = _recent_pairs(history)

    def cost(group: Sequence[str]) -> int:
        total = 0
        for a, b in combinations(group, 2):
            total += recent.get(frozenset((a, b)), 0)
            if roles[a] is None or roles[a] != roles[b]:
                total += _OTHER_ROLE
        return total

    best = _search(members, cost)
    groups = tuple(_order(group, rng) for group in best)
    return Pairing(groups, ())


def _recent_pairs(history: Sequence[Week]) -> dict[frozenset[str], int]:
    """The cost of each pair met in the last weeks: the most recent weighs most."""
    costs: dict[frozenset[str], int] = {}
    weeks = list(history)[-RECENT_WEEKS:]
    for age, week in enumerate(reversed(weeks)):
        weight = _REPEAT * (RECENT_WEEKS - age)
        for group in week:
            for a, b in combinations(group, 2):
                pair = frozenset((a, b))
                costs[pair] = costs.get(pair, 0) + weight
    return costs


def _search(members: list[str], cost: _Cost) -> list[Group]:
    """The cheapest grouping found: a depth-first search with bounds, which is exact for the
    sizes of a study group and falls back to the best found within its budget."""
    best: list[list[Group]] = [[]]
    best_cost = [-1]
    steps = [0]
    odd = len(members) % 2 == 1

    def walk(left: list[str], chosen: list[Group], spent: int, trio_left: bool) -> None:
        steps[0] += 1
        if best_cost[0] >= 0 and (spent >= best_cost[0] or steps[0] > _SEARCH_BUDGET):
            return
        if not left:
            best[0], best_cost[0] = list(chosen), spent
            return
        first, rest = left[0], left[1:]
        options: list[Group] = [(first, other) for other in rest]
        if trio_left:
            options += [(first, *two) for two in combinations(rest, 2)]
        for group in sorted(options, key=cost):  # stable: ties keep the shuffled order
            remaining = [m for m in rest if m not in group]
            needs_trio = trio_left and len(group) == 2
            if needs_trio and len(remaining) < 3:
                continue  # the trio has to fit somewhere
            chosen.append(group)
            walk(remaining, chosen, spent + cost(group), needs_trio)
            chosen.pop()

    walk(members, [], 0, odd)
    return best[0]


def _order(group: Group, rng: random.Random) -> Group:
    ordered = list(group)
    rng.shuffle(ordered)
    return tuple(ordered)


@dataclass(frozen=True)
class PairGroup:
    """One stored group of a pairing week: who, in order, and what became of it."""

    id: int
    channel: str
    local_date: date
    number: int
    members: Group
    message_id: str | None = None
    met: bool = False
    reminded: bool = False
    asked: tuple[str, ...] = ()  # members who asked to be paired again instead


FORGOTTEN = "~forgotten"  # stands in for a member who asked to be forgotten
