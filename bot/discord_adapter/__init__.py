"""Discord: app commands, embeds and persistent buttons over the core, and its Messenger."""

from bot.discord_adapter.adapter import DiscordAdapter, ShardingRequired
from bot.discord_adapter.credentials import DiscordNotConfigured, DiscordUnreachable
from bot.discord_adapter.messenger import DiscordMessenger
from bot.discord_adapter.sync import SyncResult, sync_command_tree

__all__ = [
    "DiscordAdapter",
    "DiscordMessenger",
    "DiscordNotConfigured",
    "DiscordUnreachable",
    "ShardingRequired",
    "SyncResult",
    "sync_command_tree",
]
