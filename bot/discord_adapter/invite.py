"""The link that adds the bot to a server, with exactly the permissions it uses."""

from __future__ import annotations

import discord

SCOPES = ("bot", "applications.commands")


def bot_permissions() -> discord.Permissions:
    """See channels, post in them, with embeds (questions) and files (charts), and open the
    private threads weekly pairing meets in and post there: 343597435904."""
    return discord.Permissions(
        view_channel=True,
        send_messages=True,
        embed_links=True,
        attach_files=True,
        create_private_threads=True,
        send_messages_in_threads=True,
    )


def invite_url(application_id: int) -> str:
    return discord.utils.oauth_url(application_id, permissions=bot_permissions(), scopes=SCOPES)
