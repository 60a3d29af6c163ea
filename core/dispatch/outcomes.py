"""Attempt outcomes waiting to be written, a group at a time (one transaction per group): a
group is written once it is full, with the first outcome that arrives after its oldest has
waited long enough (a paced fan-out finishes few deliveries a second, and those are not left
unrecorded for minutes), and at the end of each batch."""

from __future__ import annotations

from datetime import datetime, timedelta

from core.kernel.clock import Clock
from core.ports import DeliveryLedger
from core.scheduling.deliveries import Outcome


class Outcomes:
    def __init__(self, ledger: DeliveryLedger, every: int, within: timedelta, clock: Clock) -> None:
        self.ledger = ledger
        self.every = max(1, every)
        self.within = within
        self.clock = clock
        self.pending: list[Outcome] = []
        self.oldest: datetime | None = None

    async def add(self, outcome: Outcome) -> None:
        now = self.clock()
        if self.oldest is None:
            self.oldest = now
        self.pending.append(outcome)
        if len(self.pending) >= self.every or now - self.oldest >= self.within:
            await self.flush()

    async def flush(self) -> None:
        group, self.pending, self.oldest = self.pending, [], None
        if group:
            await self.ledger.settle(group)
