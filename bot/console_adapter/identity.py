"""Who the console user is: one identity for the REPL and `prepbot ask`."""

from __future__ import annotations

import getpass

from core.kernel.identity import Caller
from core.kernel.platform import Platform

PLATFORM = Platform.CONSOLE
WORKSPACE = "local"
CHANNEL = "console"


def console_user() -> str:
    """The login name, so that every console on this machine and account is one user."""
    try:
        return getpass.getuser() or "you"
    except (OSError, KeyError):  # no login name in the environment nor the password database
        return "you"


def console_caller() -> Caller:
    """The person at the terminal: the only user, so an administrator of its one channel."""
    return Caller(
        platform=PLATFORM, workspace=WORKSPACE, user=console_user(), channel=CHANNEL, is_admin=True
    )
