"""Who the console user is: one identity for the REPL and `prepbot ask`; and the data kept
under the identity it had before it took the login name."""

from __future__ import annotations

import getpass
import logging
from typing import TYPE_CHECKING

from core.kernel.identity import Caller, UserKey
from core.kernel.platform import Platform

if TYPE_CHECKING:  # the database is loaded only by a command that needs it
    from core.store.moves import Moved
    from core.store.store import Store

log = logging.getLogger(__name__)

PLATFORM = Platform.CONSOLE
WORKSPACE = "local"
CHANNEL = "console"
OLD_USER = "cli"  # the console's user id before it was the login name


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


async def adopt_old_console_data(store: Store) -> Moved | None:
    """The profile, history and schedules kept under `cli`, moved to the login name when that
    holds nothing yet; `cli` then holds nothing, so this happens once. Where both hold data,
    both are left as they are: two histories cannot be merged safely (core/store/moves.py)."""
    from core.store.moves import Moved

    user = console_user()
    if user == OLD_USER:
        return None
    moved = await store.move_user(UserKey(PLATFORM, WORKSPACE, OLD_USER), user)
    if moved is Moved.MOVED:
        log.info("moved the console's data from %r to %r", OLD_USER, user)
    elif moved is Moved.TAKEN:
        log.info("the console's data from before is kept under %r: %r has its own", OLD_USER, user)
    return moved
