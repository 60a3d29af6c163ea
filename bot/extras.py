"""Optional parts of the install (pip extras): a missing one is named at start-up, with the
command that adds it, instead of an ImportError from deep inside an adapter."""

from __future__ import annotations

from importlib.util import find_spec

from bot.errors import StartupError

# What each extra is for, as the start-up error names it.
PURPOSES = {
    "slack": "Slack",
    "discord": "Discord",
    "postgres": "PostgreSQL (DATABASE_URL)",
    "charts": "Charts",
    "grader": "Feedback on answers (GRADER_URL)",
}
# The modules each platform's adapter imports, by the extra that installs them.
PLATFORM_MODULES = {
    "slack": ("slack_bolt", "slack_sdk", "aiohttp"),
    "discord": ("discord",),
}


def require(extra: str, *modules: str) -> None:
    """StartupError naming `extra` unless every one of `modules` is installed."""
    for module in modules:
        if find_spec(module) is None:
            purpose = PURPOSES.get(extra, extra)
            raise StartupError(
                f"{purpose} needs the {extra} extra: pip install 'prepbot[{extra}]' "
                f"({module} is not installed)."
            )


def require_platform(platform: str) -> None:
    """The extra of a platform's adapter (the console needs none)."""
    require(platform, *PLATFORM_MODULES.get(platform, ()))


def require_database_driver(url: str) -> None:
    """The extra of the driver a database URL will be opened with."""
    from sqlalchemy.exc import SQLAlchemyError

    from core.store.database import normalise_url

    try:
        driver = normalise_url(url).split(":", 1)[0]
    except SQLAlchemyError:  # a malformed URL is reported where the engine is created
        return
    if driver == "postgresql+asyncpg":
        require("postgres", "asyncpg")
