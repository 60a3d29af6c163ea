"""What members need from a partner, worked out by hand: waking hours shared across daylight
saving changes, complementary weakest categories, and the nearest interview served first."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from core.pairing.need import Candidate, Window, common, shares_enough, urgency, waking
from core.pairing.week import Group, pair_members

LONDON, NEW_YORK = "Europe/London", "America/New_York"
AUCKLAND, LOS_ANGELES, TOKYO = "Pacific/Auckland", "America/Los_Angeles", "Asia/Tokyo"


def _utc(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(hours=hour)


def _shared(day: date, *zones: str | None) -> Window | None:
    return common(waking(Candidate(zone=zone), day) for zone in zones)


def _pairs(groups: tuple[Group, ...]) -> set[frozenset[str]]:
    return {frozenset(group) for group in groups}


# In 2026 the US moves its clocks on 8 March, the UK on 29 March, New Zealand back on 5 April.
@pytest.mark.parametrize(
    ("day", "start", "end"),
    [
        (date(2026, 3, 6), 13, 22),  # EST (UTC-5) and GMT: 13:00-22:00 UTC, nine hours
        (date(2026, 3, 13), 12, 22),  # EDT (UTC-4) and still GMT: ten hours
        (date(2026, 3, 27), 12, 22),
        (date(2026, 4, 3), 12, 21),  # EDT and BST (UTC+1): nine hours again
    ],
)
def test_new_york_and_london_share_an_hour_more_while_only_the_us_has_moved(
    day: date, start: int, end: int
) -> None:
    assert _shared(day, NEW_YORK, LONDON) == Window(_utc(day, start), _utc(day, end))


@pytest.mark.parametrize(
    ("day", "hours"),
    [
        (date(2026, 3, 27), 1),  # NZDT (UTC+13) 19:00-09:00 UTC, GMT 08:00-22:00: one hour
        (date(2026, 4, 3), 2),  # the UK on BST (07:00-21:00 UTC): two hours, just enough
        (date(2026, 4, 10), 3),  # New Zealand back on NZST (UTC+12): three hours
    ],
)
def test_london_and_auckland_reach_two_hours_only_once_the_uk_has_moved(
    day: date, hours: int
) -> None:
    shared = _shared(day, LONDON, AUCKLAND)
    assert shared is not None
    assert shared.length == timedelta(hours=hours)
    assert shares_enough(
        [waking(Candidate(zone=LONDON), day), waking(Candidate(zone=AUCKLAND), day)]
    ) == (hours >= 2)


@pytest.mark.parametrize("day", [date(2026, 3, 13), date(2026, 7, 10), date(2026, 11, 6)])
def test_auckland_and_los_angeles_share_no_waking_hour_on_the_same_date(day: date) -> None:
    # Auckland's day ends (09:00 or 10:00 UTC) before Los Angeles' begins (15:00 or 16:00).
    assert _shared(day, AUCKLAND, LOS_ANGELES) is None


def test_no_zone_or_an_unknown_one_counts_as_utc() -> None:
    day = date(2026, 1, 9)
    utc = Window(_utc(day, 8), _utc(day, 22))
    assert waking(Candidate(), day) == utc
    assert waking(Candidate(zone="Mars/Olympus_Mons"), day) == utc
    assert waking(Candidate(zone=LONDON), day) == utc  # GMT in winter


def test_the_nearest_interview_weighs_most_and_no_date_least() -> None:
    day = date(2026, 5, 15)
    assert urgency(Candidate(), day) == 1
    assert urgency(Candidate(interview=day - timedelta(days=1)), day) == 1  # it has passed
    assert urgency(Candidate(interview=day + timedelta(days=90)), day) == 2
    assert urgency(Candidate(interview=day + timedelta(days=56)), day) == 2
    assert urgency(Candidate(interview=day + timedelta(days=30)), day) == 28
    assert urgency(Candidate(interview=day), day) == 58


def test_shared_waking_hours_outweigh_the_same_role() -> None:
    day = date(2026, 3, 13)
    members = {
        "a": Candidate(role="amazon-pm", zone=AUCKLAND),
        "b": Candidate(role="amazon-pm", zone=LOS_ANGELES),
        "c": Candidate(role="netflix-pm", zone=AUCKLAND),
        "d": Candidate(role="netflix-pm", zone=LOS_ANGELES),
    }
    for seed in range(10):
        pairing = pair_members(members, [], seed, day)
        assert _pairs(pairing.groups) == {frozenset("ac"), frozenset("bd")}
        auckland = pairing.windows[[set(g) for g in pairing.groups].index({"a", "c"})]
        # NZDT: 08:00-22:00 on the 13th is 19:00 on the 12th to 09:00 on the 13th in UTC.
        assert auckland == Window(_utc(day, -5), _utc(day, 9))


def test_complementary_weakest_categories_outweigh_the_same_role() -> None:
    members = {
        "a": Candidate(role="amazon-pm", weakest="metrics"),
        "b": Candidate(role="amazon-pm", weakest="metrics"),
        "c": Candidate(role="netflix-pm", weakest="strategy"),
        "d": Candidate(role="netflix-pm", weakest="strategy"),
    }
    for seed in range(10):
        for group in pair_members(members, [], seed, date(2026, 5, 15)).groups:
            assert len({members[m].weakest for m in group}) == 2


def test_a_partner_who_recalls_my_weakest_category_better_complements_me() -> None:
    def member(weakest: str, metrics: float, strategy: float) -> Candidate:
        return Candidate(weakest=weakest, recall=(("metrics", metrics), ("strategy", strategy)))

    members = {
        "a": member("metrics", 0.5, 0.8),
        "b": member("strategy", 0.45, 0.4),  # weak in both: worse than a at metrics
        "c": member("strategy", 0.9, 0.6),  # better than a at metrics, worse at strategy
        "d": member("metrics", 0.3, 0.7),
    }
    # Differing weakest categories alone would find a-b and c-d as good as a-c and b-d.
    for seed in range(10):
        assert _pairs(pair_members(members, [], seed, date(2026, 5, 15)).groups) == {
            frozenset("ac"),
            frozenset("bd"),
        }


def test_shared_waking_hours_outweigh_complementary_categories() -> None:
    day = date(2026, 1, 9)  # London and Auckland share one hour
    members = {
        "a": Candidate(zone=LONDON, weakest="metrics"),
        "b": Candidate(zone=LONDON, weakest="metrics"),
        "c": Candidate(zone=AUCKLAND, weakest="strategy"),
        "d": Candidate(zone=AUCKLAND, weakest="strategy"),
    }
    for seed in range(10):
        assert _pairs(pair_members(members, [], seed, day).groups) == {
            frozenset("ab"),
            frozenset("cd"),
        }


def test_a_recent_pair_outweighs_shared_waking_hours() -> None:
    day = date(2026, 1, 9)
    members = {m: Candidate(zone=LONDON if m in "ac" else AUCKLAND) for m in "abcd"}
    history = [(("a", "c"), ("b", "d"))]
    groups = pair_members(members, history, 3, day).groups
    assert not _pairs(groups) & {frozenset("ac"), frozenset("bd")}


def _contest(a_days: int | None, b_days: int | None) -> dict[str, Candidate]:
    """x complements both a and b; y complements neither; whoever does not get x gets y."""
    day = date(2026, 5, 15)

    def on(days: int | None) -> date | None:
        return None if days is None else day + timedelta(days=days)

    return {
        "a": Candidate(weakest="metrics", interview=on(a_days)),
        "b": Candidate(weakest="metrics", interview=on(b_days)),
        "x": Candidate(weakest="design"),
        "y": Candidate(weakest="metrics"),
    }


@pytest.mark.parametrize(
    ("a_days", "b_days", "winner"),
    [(3, 40, "a"), (40, 3, "b"), (80, None, "a"), (None, 0, "b")],
)
def test_the_nearest_interview_wins_a_contested_partner(
    a_days: int | None, b_days: int | None, winner: str
) -> None:
    members = _contest(a_days, b_days)
    for seed in range(10):
        groups = pair_members(members, [], seed, date(2026, 5, 15)).groups
        assert frozenset((winner, "x")) in _pairs(groups)


def test_weeks_without_a_shared_window_outweigh_an_interview_today() -> None:
    day = date(2026, 1, 30)
    members = _contest(0, None)  # a interviews today, b set no date
    # b spent the last three weeks with partners in Auckland, one hour apart from London.
    members = {m: Candidate(c.role, LONDON, c.interview, c.weakest) for m, c in members.items()}
    history = [(("b", "f1"),), (("b", "f2"),), (("b", "f3"),)]
    gone = {f: Candidate(zone=AUCKLAND) for f in ("f1", "f2", "f3")}
    for seed in range(10):
        assert frozenset("bx") in _pairs(pair_members(members, history, seed, day, gone).groups)
        # Without knowing where those partners were, the interview comes first again.
        assert frozenset("ax") in _pairs(pair_members(members, history, seed, day).groups)


def test_a_trio_is_three_who_all_share_waking_hours() -> None:
    day = date(2026, 3, 13)  # Tokyo 23:00-13:00 UTC and Los Angeles 15:00-05:00 share none
    members = {m: Candidate(zone=TOKYO) for m in "abc"} | {
        m: Candidate(zone=LOS_ANGELES) for m in "de"
    }
    for seed in range(10):
        pairing = pair_members(members, [], seed, day)
        trio = next(i for i, g in enumerate(pairing.groups) if len(g) == 3)
        assert set(pairing.groups[trio]) == set("abc")
        assert pairing.windows[trio] == Window(_utc(day, -1), _utc(day, 13))


def test_a_trio_shares_what_all_three_waking_days_have_in_common() -> None:
    day = date(2026, 1, 9)  # GMT 08-22, CET 07-21, EST 13-03 (UTC): 13:00-21:00 for all
    members = {"a": Candidate(zone=LONDON), "b": Candidate(zone="Europe/Berlin")}
    members["c"] = Candidate(zone=NEW_YORK)
    assert pair_members(members, [], 1, day).windows == (Window(_utc(day, 13), _utc(day, 21)),)
