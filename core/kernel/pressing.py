"""Where the answer to a pressed button goes: in place of the button's message, or below it."""

from __future__ import annotations

from core.kernel.reply import Reply, Visibility


def in_place(reply: Reply, *, personal: bool, direct: bool = False) -> bool:
    """Whether the answer takes the place of the message the button was on (`personal`: that
    message is seen by the caller alone). An answer for the caller alone replaces a message
    that was theirs alone; another view of the same message (`replaces`) replaces it when
    the same people see both. A channel's post never turns into one person's view. `direct`:
    the message was posted in the caller's direct messages with the bot, which only they
    see, so another view of it replaces it too."""
    for_caller = reply.visibility is Visibility.CALLER
    return (for_caller == personal and (personal or reply.replaces)) or (direct and reply.replaces)
