"""The one error the Slack adapter raises to whoever starts it."""

from __future__ import annotations

from bot.errors import StartupError


class SlackStartError(StartupError):
    """Slack settings missing or refused; the message says which setting and what to do."""
