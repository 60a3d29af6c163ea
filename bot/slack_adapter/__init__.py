"""Slack: slash commands, Block Kit replies, buttons, a schedule form, App Home, posts."""

from bot.slack_adapter.adapter import SlackAdapter
from bot.slack_adapter.errors import SlackStartError
from bot.slack_adapter.messenger import SlackMessenger

__all__ = ["SlackAdapter", "SlackMessenger", "SlackStartError"]
