"""Every option, with its default, read from the environment (and a `.env` file)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from platformdirs import user_data_path
from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_data_dir() -> Path:
    return user_data_path("prepbot")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; PostgreSQL for several replicas."
    )
    data_dir: Path = Field(
        default_factory=_default_data_dir, description="Where the SQLite file lives."
    )
    content_dir: Path | None = Field(
        default=None, description="Read content from here instead of the packaged files."
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "INFO"
    health_port: int | None = Field(
        default=None, ge=0, le=65535, description="Serve GET /healthz on this port; off if unset."
    )

    tick_seconds: float = Field(default=30.0, gt=0)
    grace_minutes: int = Field(default=120, ge=0)
    lease_seconds: int = Field(default=120, gt=0)
    send_concurrency: int = Field(default=32, ge=1)
    summary_hour: int = Field(default=18, ge=0, le=23)

    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_api_url: str = "https://slack.com/api/"
    slack_port: int = 3000
    slack_rate_per_second: float = Field(default=1.0, gt=0)

    discord_token: SecretStr | None = None
    discord_shard_count: int | None = Field(default=None, ge=1)
    discord_rate_per_second: float = Field(default=45.0, gt=0)

    @field_validator("data_dir", mode="after")
    @classmethod
    def _expand_home(cls, value: Path) -> Path:
        return value.expanduser()

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_case_level(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @property
    def platform(self) -> str:
        if self.slack_bot_token is not None:
            return "slack"
        if self.discord_token is not None:
            return "discord"
        return "console"

    @property
    def database(self) -> str:
        return self.database_url or f"sqlite+aiosqlite:///{self.data_dir / 'prepbot.sqlite3'}"
