"""Who meets whom this week: the opted-in members of a channel put in pairs (one trio when
their number is odd), everyone placed when there are two or more. Pure and deterministic for
a given seed, history and candidates.

What a grouping costs, each rule outweighing all the ones below it together:

1. A pair that met in the last four weeks: the more recent, the more (4 for last week down
   to 1 for four weeks ago, added up over the weeks it met).
2. The trio's turn: each trio member's turns in a trio over the last twelve weeks, squared,
   so that being three passes round instead of falling on the same members; among as many
   turns, more recent ones weigh a little more.
3. What the members need from a partner (`core.pairing.need`): waking hours that overlap by
   two hours, then weakest categories that complement each other, then the same target role,
   each miss weighing more for a member whose interview is near.

`core.pairing.search` finds the cheapest grouping."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import combinations

from core.pairing.need import Candidate, Window, common, need_costs, short_weeks, waking
from core.pairing.search import cheapest

Group = tuple[str, ...]  # user ids; the first one interviews first
Week = Sequence[Group]  # the groups of one past week; a member left out sat out

RECENT_WEEKS = 4  # a pair met within this many weeks is avoided
TRIO_WEEKS = 12  # the trio's turns count over this many weeks: the most history looked at
_LATE = TRIO_WEEKS * (TRIO_WEEKS + 1) // 2  # the most a member's turns add for being recent
_TURN = 3 * _LATE + 1  # a turn squared: more than recency adds for all three of a trio
_TRIO_MOST = _TURN * TRIO_WEEKS**2 + _LATE  # the most a member adds to the trio


@dataclass(frozen=True)
class Pairing:
    groups: tuple[Group, ...]
    sitting_out: tuple[str, ...]  # only ever a lone member: nobody to meet
    windows: tuple[Window | None, ...] = ()  # each group's shared waking hours, if any


def pair_members(
    candidates: Mapping[str, Candidate],
    history: Sequence[Week],
    seed: str | int,
    day: date,
    former: Mapping[str, Candidate] | None = None,
) -> Pairing:
    """Groups for `day`, the pairing's local date. `candidates` are the opted-in members;
    `history` is the past weeks, oldest first (TRIO_WEEKS of them are looked at); `former`
    describes partners of the last RECENT_WEEKS who are no longer opted in, for what those
    weeks were like. Everyone is placed when there are two or more, so nobody sits out
    while others pair."""
    rng = random.Random(seed)
    members = sorted(candidates)
    rng.shuffle(members)
    if len(members) < 2:
        return Pairing((), tuple(members))
    weeks = list(history)[-RECENT_WEEKS:]
    short = short_weeks(candidates, {**(former or {}), **candidates}, weeks, day)
    needs = need_costs([candidates[m] for m in members], [short[m] for m in members], day)
    met = _pairs_met(weeks)
    repeat = needs.ceiling * (3 * _TRIO_MOST + 1)
    pair = [
        [
            cost + repeat * met.get(frozenset((a, b)), 0)
            for b, cost in zip(members, row, strict=True)
        ]
        for a, row in zip(members, needs.pair, strict=True)
    ]
    trios = _trio_turns(list(history)[-TRIO_WEEKS:])
    extra = [needs.ceiling * trios.get(member, 0) for member in members]
    best = cheapest(pair, extra)
    groups = tuple(_order(tuple(members[i] for i in group), rng) for group in best)
    windows = tuple(common(waking(candidates[m], day) for m in group) for group in groups)
    return Pairing(groups, (), windows)


def _pairs_met(weeks: Sequence[Week]) -> dict[frozenset[str], int]:
    """How recently each pair met: the latest week counts RECENT_WEEKS, the one before one
    less, added up over the weeks."""
    found: dict[frozenset[str], int] = {}
    for age, week in enumerate(reversed(weeks)):
        for group in week:
            for a, b in combinations(group, 2):
                pair = frozenset((a, b))
                found[pair] = found.get(pair, 0) + RECENT_WEEKS - age
    return found


def _trio_turns(weeks: Sequence[Week]) -> dict[str, int]:
    """What each member adds to the trio: their turns in it over the weeks, squared, so that
    one who has been in it often weighs most; among as many turns, more recent ones weigh a
    little more (the latest week TRIO_WEEKS, the one before one less)."""
    turns: dict[str, int] = {}
    late: dict[str, int] = {}
    for age, week in enumerate(reversed(weeks)):
        for member in (m for group in week if len(group) > 2 for m in group):
            turns[member] = turns.get(member, 0) + 1
            late[member] = late.get(member, 0) + TRIO_WEEKS - age
    return {member: _TURN * count**2 + late[member] for member, count in turns.items()}


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
