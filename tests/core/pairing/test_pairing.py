"""Weekly pairing by target role alone: fair over many weeks, avoids recent pairs when it
can, deterministic. (test_pairing_weeks and test_need add zones, categories and dates.)"""

from __future__ import annotations

from collections import Counter
from datetime import date
from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from core.pairing.need import Candidate
from core.pairing.week import RECENT_WEEKS, Group, pair_members

ROLES = ["netflix-pm", "netflix-pmm", "amazon-pm", None]
DAY = date(2026, 5, 15)


def _by_role(roles: dict[str, str | None]) -> dict[str, Candidate]:
    return {member: Candidate(role=role) for member, role in roles.items()}


def _pairs(groups: list[Group] | tuple[Group, ...]) -> set[frozenset[str]]:
    return {frozenset(p) for g in groups for p in combinations(g, 2)}


def _repeat_free_exists(members: list[str], recent: set[frozenset[str]]) -> bool:
    """Brute force: is there a grouping (pairs, one trio when odd) with no recent pair?"""
    if not members:
        return True
    first, rest = members[0], members[1:]
    sizes = [1, 2] if len(members) % 2 == 1 and len(members) >= 3 else [1]
    for size in sizes:
        for others in combinations(rest, size):
            group = (first, *others)
            if _pairs([group]) & recent:
                continue
            left = [m for m in rest if m not in others]
            if size == 2 and len(left) % 2 == 1:
                continue
            if _repeat_free_exists(left, recent):
                return True
    return False


weeks_of_members = st.lists(
    st.dictionaries(
        st.sampled_from([f"U{i}" for i in range(9)]), st.sampled_from(ROLES), max_size=9
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(weeks=weeks_of_members, seed=st.integers(0, 10_000))
def test_over_many_weeks_fair_and_fresh(weeks: list[dict[str, str | None]], seed: int) -> None:
    history: list[tuple[Group, ...]] = []
    sat_out_last: set[str] = set()
    for number, roles in enumerate(weeks):
        result = pair_members(_by_role(roles), history, f"{seed}:{number}", DAY)
        placed = Counter(m for g in result.groups for m in g)
        # Everyone is placed exactly once, in pairs or one trio.
        assert set(placed) | set(result.sitting_out) == set(roles)
        assert all(count == 1 for count in placed.values())
        sizes = sorted(len(g) for g in result.groups)
        assert sizes.count(3) == len(roles) % 2 if len(roles) >= 2 else sizes == []
        assert all(size in (2, 3) for size in sizes)
        # Nobody sits out twice in a row while others pair.
        if result.groups:
            assert not set(result.sitting_out) & sat_out_last
        # No pair of the last four weeks again, when a grouping without one exists.
        recent = _pairs([g for week in history[-RECENT_WEEKS:] for g in week])
        if _repeat_free_exists(sorted(roles), recent):
            assert not _pairs(result.groups) & recent
        sat_out_last = set(result.sitting_out)
        history.append(result.groups)


@given(
    roles=st.dictionaries(st.sampled_from([f"U{i}" for i in range(8)]), st.sampled_from(ROLES)),
    seed=st.integers(0, 100),
)
def test_deterministic_for_seed_and_history(roles: dict[str, str | None], seed: int) -> None:
    history = [(("U0", "U1"), ("U2", "U3", "U4"))]
    first = pair_members(_by_role(roles), history, seed, DAY)
    again = pair_members(_by_role(dict(reversed(list(roles.items())))), list(history), seed, DAY)
    assert first == again


def test_prefers_the_same_target_role() -> None:
    roles: dict[str, str | None] = {
        "a": "amazon-pm",
        "b": "netflix-pm",
        "c": "amazon-pm",
        "d": "netflix-pm",
    }
    for seed in range(20):
        groups = pair_members(_by_role(roles), [], seed, DAY).groups
        assert {frozenset(g) for g in groups} == {frozenset("ac"), frozenset("bd")}


def test_recent_pair_outweighs_the_role() -> None:
    roles: dict[str, str | None] = {"a": "amazon-pm", "b": "netflix-pm", "c": "amazon-pm"}
    roles["d"] = "netflix-pm"
    history = [(("a", "c"), ("b", "d"))]
    groups = pair_members(_by_role(roles), history, 7, DAY).groups
    assert not _pairs(groups) & {frozenset("ac"), frozenset("bd")}


def test_a_lone_member_sits_out_and_seven_make_two_pairs_and_a_trio() -> None:
    assert pair_members({"a": Candidate()}, [], 1, DAY).sitting_out == ("a",)
    seven = {f"U{i}": Candidate() for i in range(7)}
    sizes = sorted(len(g) for g in pair_members(seven, [], 1, DAY).groups)
    assert sizes == [2, 2, 3]


def test_a_larger_group_settles_within_its_budget() -> None:
    roles: dict[str, str | None] = {f"U{i}": ROLES[i % 4] for i in range(61)}
    result = pair_members(_by_role(roles), [], "big", DAY)
    assert sorted(m for g in result.groups for m in g) == sorted(roles)
