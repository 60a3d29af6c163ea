"""What the runtime needs of an adapter, and serving one on its own."""

from __future__ import annotations

from typing import Protocol

from core.messenger import Messenger


class Adapter(Protocol):
    @property
    def messenger(self) -> Messenger: ...

    async def start(self) -> None:
        """Connect and check credentials; return once ready, or raise StartupError."""

    def ready(self) -> bool:
        """Connected to the platform and serving (what `/readyz` reports)."""

    async def wait_closed(self) -> None:
        """Serve until the adapter is done (the user left, the connection ended for good)."""

    async def stop(self) -> None:
        """Finish what is in flight and disconnect."""


async def serve(adapter: Adapter) -> None:
    """Start, serve until done or cancelled, then stop."""
    await adapter.start()
    try:
        await adapter.wait_closed()
    finally:
        await adapter.stop()
