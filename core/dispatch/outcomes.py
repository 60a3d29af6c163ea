"""Attempt outcomes waiting to be written, a group at a time (one transaction per group)."""

from __future__ import annotations

from core.deliveries import Outcome
from core.ports import DeliveryLedger


class Outcomes:
    def __init__(self, ledger: DeliveryLedger, every: int) -> None:
        self.ledger = ledger
        self.every = max(1, every)
        self.pending: list[Outcome] = []

    async def add(self, outcome: Outcome) -> None:
        self.pending.append(outcome)
        if len(self.pending) >= self.every:
            await self.flush()

    async def flush(self) -> None:
        group, self.pending = self.pending, []
        if group:
            await self.ledger.settle(group)
