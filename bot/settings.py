"""Every option, with its default, read from the environment (and a `.env` file)."""

from __future__ import annotations

from datetime import time, timedelta
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.commands.context import GRADER_PER_HOUR, SUMMARY_AT
from core.dispatch.policy import DispatchPolicy, SendLimits
from core.kernel.platform import Platform

_POLICY = DispatchPolicy()  # the dispatcher's own defaults, so that they are written once


def _default_data_dir() -> Path:
    from platformdirs import user_data_path  # only where DATA_DIR is not set

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
    log_format: Literal["text", "json"] = Field(
        default="text", description="json: one JSON object a line, for a log collector."
    )
    health_port: int | None = Field(
        default=None,
        ge=0,
        le=65535,
        description="Serve /healthz, /readyz and /metrics on this port; off if unset.",
    )

    tick_seconds: float = Field(default=30.0, gt=0)
    grace_minutes: int = Field(default=int(_POLICY.grace.total_seconds()) // 60, ge=0)
    lease_seconds: int = Field(default=int(_POLICY.lease.total_seconds()), gt=0)
    send_concurrency: int = Field(default=_POLICY.concurrency, ge=1)
    retry_base_seconds: float = Field(default=_POLICY.retry_base.total_seconds(), gt=0)
    retry_cap_seconds: float = Field(default=_POLICY.retry_cap.total_seconds(), gt=0)
    summary_hour: int = Field(default=SUMMARY_AT.hour, ge=0, le=23)

    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_api_url: str = "https://slack.com/api/"
    slack_port: int = 3000
    slack_rate_per_second: float = Field(default=1.0, gt=0)
    slack_client_id: str | None = Field(
        default=None, description="With SLACK_CLIENT_SECRET: install into many workspaces."
    )
    slack_client_secret: SecretStr | None = None
    slack_redirect_uri: str | None = Field(
        default=None, description="The OAuth redirect URL, if the app lists more than one."
    )
    slack_token_cache_seconds: float = Field(
        default=300.0, ge=0, description="How long a replica keeps a workspace's bot token."
    )
    slack_public_url: str | None = Field(
        default=None,
        description="The https base URL Slack reaches the app at over HTTP, where charts shared "
        "by everyone are served and shown in the reply itself; unset, the address Slack's "
        "requests come to.",
    )

    discord_token: SecretStr | None = None
    discord_shard_count: int | None = Field(default=None, ge=1)
    discord_shard_ids: str | None = Field(
        default=None,
        description="The shards this process runs, like 0-3 or 4,5 (needs DISCORD_SHARD_COUNT).",
    )
    # Where discord.py finds Discord's REST API and gateway: the real ones unless set.
    discord_api_url: str | None = None
    discord_gateway_url: str | None = None
    discord_rate_per_second: float = Field(
        default=45.0, gt=0, description="Scheduled posts a second, every process together."
    )

    grader_url: str | None = Field(
        default=None,
        description="Base URL of an OpenAI-compatible API (like http://127.0.0.1:11434/v1) "
        "that gives feedback on answers; off if unset.",
    )
    grader_model: str | None = Field(default=None, description="The model the grader asks.")
    grader_api_key: SecretStr | None = None
    grader_timeout_seconds: float = Field(default=20.0, gt=0, le=600)
    grader_per_hour: int = Field(
        default=GRADER_PER_HOUR,
        ge=1,
        description="Answers a member may send to the grader in an hour.",
    )

    @field_validator("data_dir", mode="after")
    @classmethod
    def _expand_home(cls, value: Path) -> Path:
        return value.expanduser()

    @field_validator("slack_public_url", mode="after")
    @classmethod
    def _public_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        url = value.strip().rstrip("/")
        parts = urlsplit(url)
        if (
            parts.scheme not in ("https", "http")
            or not parts.netloc
            or parts.query
            or parts.fragment
        ):
            raise ValueError(
                "SLACK_PUBLIC_URL must be the app's base URL as Slack reaches it, like "
                "https://prepbot.example.com (the address of /slack/events without that path)"
            )
        return url

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_case_level(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("grader_url", "grader_model", mode="after")
    @classmethod
    def _blank_is_unset(cls, value: str | None) -> str | None:
        return value.strip() or None if value is not None else None

    @model_validator(mode="after")
    def _grader_has_a_model(self) -> Settings:
        if self.grader_url is not None and self.grader_model is None:
            raise ValueError(
                "GRADER_URL is set but GRADER_MODEL is not: name the model the endpoint serves"
            )
        return self

    @model_validator(mode="after")
    def _shards_in_range(self) -> Settings:
        ids = self.shard_ids
        if ids is not None and self.discord_shard_count is None:
            raise ValueError(
                "DISCORD_SHARD_IDS needs DISCORD_SHARD_COUNT: the total number of shards "
                "across every process"
            )
        if ids is not None and self.discord_shard_count is not None:
            beyond = [i for i in ids if i >= self.discord_shard_count]
            if beyond:
                raise ValueError(
                    f"DISCORD_SHARD_IDS names shard {beyond[0]}, but with DISCORD_SHARD_COUNT="
                    f"{self.discord_shard_count} the shards are 0 to {self.discord_shard_count - 1}"
                )
        return self

    @property
    def shard_ids(self) -> list[int] | None:
        """DISCORD_SHARD_IDS read as shard numbers; None when every shard runs here."""
        if self.discord_shard_ids is None or not self.discord_shard_ids.strip():
            return None
        return parse_shard_ids(self.discord_shard_ids)

    @property
    def platform(self) -> Platform:
        if self.slack_bot_token is not None or self.slack_client_id is not None:
            return Platform.SLACK
        if self.discord_token is not None:
            return Platform.DISCORD
        return Platform.CONSOLE

    @property
    def summary_at(self) -> time:
        return time(self.summary_hour, 0)

    @property
    def dispatch_policy(self) -> DispatchPolicy:
        return DispatchPolicy(
            grace=timedelta(minutes=self.grace_minutes),
            lease=timedelta(seconds=self.lease_seconds),
            concurrency=self.send_concurrency,
            retry_base=timedelta(seconds=self.retry_base_seconds),
            retry_cap=timedelta(seconds=self.retry_cap_seconds),
        )

    @property
    def send_limits(self) -> dict[Platform, SendLimits]:
        """How fast scheduled posts go out: Slack about one a second per channel; Discord
        five per five seconds per channel, and an overall rate for the bot."""
        return {
            Platform.SLACK: SendLimits(per_target=self.slack_rate_per_second),
            Platform.DISCORD: SendLimits(
                per_target=1.0, burst=5, overall=self.discord_rate_per_second
            ),
        }

    @property
    def database(self) -> str:
        return self.database_url or f"sqlite+aiosqlite:///{self.data_dir / 'prepbot.sqlite3'}"


def parse_shard_ids(text: str) -> list[int]:
    """`0-3`, `4,5`, `0-3,8` → the shard numbers, in order; ValueError saying what is wrong."""
    found: list[int] = []
    for part in text.replace(" ", "").split(","):
        first, dash, last = part.partition("-")
        if not first.isdigit() or (dash and not last.isdigit()):
            raise ValueError(
                f"DISCORD_SHARD_IDS: {part!r} is not a shard number or a range like 0-3"
            )
        low, high = int(first), int(last) if dash else int(first)
        if high < low:
            raise ValueError(f"DISCORD_SHARD_IDS: the range {part!r} runs backwards")
        found.extend(range(low, high + 1))
    if len(set(found)) != len(found):
        raise ValueError("DISCORD_SHARD_IDS names a shard twice")
    return found
