"""Outcomes are written in full groups, or as soon as the oldest waiting one is old enough:
a fast fan-out writes one transaction per group, a paced one still records within a second."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any, cast

from core.dispatch.outcomes import Outcomes
from core.ports import DeliveryLedger
from core.scheduling.deliveries import DeliveryStatus, Fence, Outcome
from tests.conftest import FakeClock


class Settled:
    def __init__(self) -> None:
        self.groups: list[list[int]] = []

    async def settle(self, outcomes: Sequence[Outcome]) -> None:
        self.groups.append([o.fence.delivery_id for o in outcomes])


def _sent(delivery_id: int, clock: FakeClock) -> Outcome:
    return Outcome(Fence(delivery_id, "w", 1), DeliveryStatus.SENT, clock.now)


def _outcomes(ledger: Settled, clock: FakeClock, every: int) -> Outcomes:
    return Outcomes(cast(DeliveryLedger, cast(Any, ledger)), every, timedelta(seconds=1), clock)


async def test_a_full_group_is_written_at_once(clock: FakeClock) -> None:
    ledger = Settled()
    outcomes = _outcomes(ledger, clock, every=3)
    for delivery_id in range(7):
        await outcomes.add(_sent(delivery_id, clock))
    assert ledger.groups == [[0, 1, 2], [3, 4, 5]]
    await outcomes.flush()
    assert ledger.groups[-1] == [6]


async def test_a_slow_trickle_is_written_once_its_oldest_has_waited_a_second(
    clock: FakeClock,
) -> None:
    ledger = Settled()
    outcomes = _outcomes(ledger, clock, every=500)
    await outcomes.add(_sent(1, clock))
    clock.advance(seconds=0.6)
    await outcomes.add(_sent(2, clock))
    assert ledger.groups == []  # the oldest has waited 0.6 s
    clock.advance(seconds=0.4)
    await outcomes.add(_sent(3, clock))
    assert ledger.groups == [[1, 2, 3]]
    clock.advance(seconds=5)
    await outcomes.add(_sent(4, clock))  # a new group: its own oldest has just arrived
    assert ledger.groups == [[1, 2, 3]]
