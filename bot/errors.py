"""Errors the runtime raises for the CLI to print as one line."""


class StartupError(Exception):
    """The bot cannot start; the message says what to fix."""
