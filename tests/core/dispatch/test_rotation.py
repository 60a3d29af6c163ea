"""Rotation through the questions kept as state answers exactly as reading the whole history
did: whatever was asked before, the next question is drawn from the same set."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from core.practice.bank import Rotation, current_round

POOL = {"a", "b", "c", "d"}


@given(st.lists(st.sampled_from(sorted(POOL)), max_size=30))
def test_the_state_excludes_what_the_history_excludes(asked: list[str]) -> None:
    state = Rotation()
    for question in asked:
        state = state.after(question, POOL)
    assert state.seen(POOL) == current_round(list(reversed(asked)), POOL)


@given(st.lists(st.sampled_from(sorted(POOL)), max_size=30))
def test_a_state_rebuilt_from_history_carries_on_like_the_kept_one(asked: list[str]) -> None:
    kept = Rotation()
    for question in asked:
        kept = kept.after(question, POOL)
    assert Rotation.of(asked, POOL).seen(POOL) == kept.seen(POOL)


def test_every_question_is_asked_once_before_any_is_asked_again() -> None:
    state = Rotation()
    order = []
    for _ in range(8):
        question = sorted(POOL - state.seen(POOL))[0]
        order.append(question)
        state = state.after(question, POOL)
    assert sorted(order[:4]) == sorted(POOL)
    assert sorted(order[4:]) == sorted(POOL)
    assert order[3] != order[4]  # a new round does not open with the last one asked
