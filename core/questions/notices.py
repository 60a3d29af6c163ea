"""Direct messages a command sends besides its reply (a suggestion to the moderators, its
outcome to the proposer), through the platform's messenger once the runtime connects it."""

from __future__ import annotations

import logging

from core.kernel.identity import Caller
from core.kernel.reply import Reply
from core.messenger import Messenger, SendError

log = logging.getLogger(__name__)


class Notices:
    def __init__(self) -> None:
        self.messenger: Messenger | None = None

    async def tell(self, caller: Caller, user: str, reply: Reply, key: str) -> bool:
        """Send `reply` to `user` of the caller's workspace; False if it could not go (no
        messenger yet, or the platform refused): a notice never fails the command."""
        if self.messenger is None or self.messenger.platform is not caller.platform:
            return False
        try:
            await self.messenger.send_direct(caller.workspace, user, reply, delivery_key=key)
        except SendError as error:
            log.warning("notice to %s not sent: %s", user, error)
            return False
        return True
