"""The settings for running as many processes: the shards each Discord process runs, and the
two ways of running Slack (one workspace's token, or installs through OAuth)."""

from __future__ import annotations

import pytest
from pydantic import SecretStr, ValidationError

from bot.settings import Settings, parse_shard_ids
from bot.slack_adapter.adapter import SlackConfig
from bot.slack_adapter.errors import SlackStartError
from core.kernel.platform import Platform


@pytest.mark.parametrize(
    ("text", "shards"),
    [("0-3", [0, 1, 2, 3]), ("4,5", [4, 5]), ("0-1, 8", [0, 1, 8]), ("7", [7])],
)
def test_shard_ids_read_as_ranges_and_lists(text: str, shards: list[int]) -> None:
    assert parse_shard_ids(text) == shards
    settings = Settings(_env_file=None, discord_shard_count=9, discord_shard_ids=text)
    assert settings.shard_ids == shards


@pytest.mark.parametrize(
    ("count", "text", "said"),
    [
        (4, "a", "'a' is not a shard number"),
        (4, "3-1", "runs backwards"),
        (4, "1,0-2", "names a shard twice"),
        (4, "2-5", "names shard 4, but with DISCORD_SHARD_COUNT=4 the shards are 0 to 3"),
        (None, "0-1", "DISCORD_SHARD_IDS needs DISCORD_SHARD_COUNT"),
    ],
)
def test_bad_shard_ids_say_what_is_wrong(count: int | None, text: str, said: str) -> None:
    with pytest.raises(ValidationError, match=said):
        Settings(_env_file=None, discord_shard_count=count, discord_shard_ids=text)


def test_no_shard_ids_runs_every_shard() -> None:
    assert Settings(_env_file=None, discord_shard_count=4).shard_ids is None


def slack(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]


def test_a_client_id_means_slack_with_installs() -> None:
    settings = slack(
        slack_client_id="1.2",
        slack_client_secret=SecretStr("hush-hush"),
        slack_signing_secret=SecretStr("x"),
    )
    assert settings.platform is Platform.SLACK
    config = SlackConfig.from_settings(settings)
    assert config.bot_token is None
    assert config.oauth is not None
    assert config.oauth.client_id == "1.2"
    assert "hush-hush" not in repr(config)  # no log line or traceback can show it


@pytest.mark.parametrize(
    ("values", "said"),
    [
        ({"slack_client_id": "1.2"}, "SLACK_CLIENT_SECRET is not set"),
        ({"slack_client_secret": SecretStr("s")}, "SLACK_CLIENT_ID is not set"),
        (
            {"slack_client_id": "1.2", "slack_client_secret": SecretStr("s")},
            "runs over HTTP: set SLACK_SIGNING_SECRET",
        ),
        (
            {
                "slack_client_id": "1.2",
                "slack_client_secret": SecretStr("s"),
                "slack_bot_token": SecretStr("xoxb-1"),
                "slack_signing_secret": SecretStr("x"),
            },
            "not both",
        ),
    ],
)
def test_mixed_or_half_slack_settings_say_what_to_set(values: dict[str, object], said: str) -> None:
    with pytest.raises(SlackStartError, match=said):
        SlackConfig.from_settings(slack(**values))
