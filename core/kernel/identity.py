"""Who a command comes from and where: identities are scoped by platform and workspace."""

from __future__ import annotations

from dataclasses import dataclass

from core.kernel.platform import Platform


@dataclass(frozen=True)
class UserKey:
    platform: Platform
    workspace: str
    user_id: str


@dataclass(frozen=True)
class Caller:
    """Who typed a command and where."""

    platform: Platform
    workspace: str
    user: str
    channel: str | None = None
    is_direct: bool = False
    is_admin: bool = False
    can_manage_channel: bool = True
    timezone: str | None = None

    @property
    def key(self) -> UserKey:
        return UserKey(self.platform, self.workspace, self.user)
