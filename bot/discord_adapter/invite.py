"""The link that adds the bot to a server, with exactly the permissions it uses."""

from __future__ import annotations

import discord

SCOPES = ("bot", "applications.commands")


def bot_permissions() -> discord.Permissions:
    """See channels, post in them, with embeds (questions) and files (charts): 52224."""
    return discord.Permissions(
        view_channel=True, send_messages=True, embed_links=True, attach_files=True
    )


def invite_url(application_id: int) -> str:
    return discord.utils.oauth_url(application_id, permissions=bot_permissions(), scopes=SCOPES)
