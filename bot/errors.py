class StartupError(Exception):
    """The bot cannot start; the message says what to fix."""
