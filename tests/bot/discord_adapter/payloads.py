"""Gateway and REST payloads as Discord sends them, typed with discord.py's own TypedDicts."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, NotRequired

import discord

from bot.discord_adapter.invite import bot_permissions

if TYPE_CHECKING:
    # discord.types is for type checking only (its modules import each other in a cycle).
    from discord.types.appinfo import AppInfo
    from discord.types.channel import (
        DMChannel,
        InteractionDMChannel,
        PermissionOverwrite,
        TextChannel,
    )
    from discord.types.components import ActionRow
    from discord.types.embed import Embed
    from discord.types.gateway import ReadyEvent
    from discord.types.guild import Guild
    from discord.types.interactions import (
        ApplicationCommandInteraction,
        ApplicationCommandInteractionDataOption,
        MessageComponentInteraction,
        PartialChannel,
        ResolvedData,
    )
    from discord.types.member import Member
    from discord.types.message import Message
    from discord.types.role import Role
    from discord.types.user import User

    class GuildInteraction(ApplicationCommandInteraction):
        """An app command (type 2) or autocomplete (type 4); Discord adds who sent it."""

        member: NotRequired[Member]
        user: NotRequired[User]

    class ComponentInteraction(MessageComponentInteraction):
        member: NotRequired[Member]
        user: NotRequired[User]
        message: Message


APPLICATION_ID = "900000000000000001"
BOT_ID = APPLICATION_ID
GUILD_ID = "900000000000000010"
CHANNEL_ID = "900000000000000020"
OTHER_CHANNEL_ID = "900000000000000021"
LOCKED_CHANNEL_ID = "900000000000000022"  # the bot may see it, not post in it
NO_THREADS_CHANNEL_ID = "900000000000000023"  # the bot may post, not open private threads
BOT_ROLE_ID = "900000000000000040"
USER_ID = "900000000000000030"
OWNER_ID = "900000000000000031"
EPHEMERAL = 1 << 6

MEMBER_PERMISSIONS = discord.Permissions(
    view_channel=True, send_messages=True, use_application_commands=True
)
MANAGER_PERMISSIONS = MEMBER_PERMISSIONS | discord.Permissions(manage_channels=True)
# What the invite link asks for, given to the role Discord makes for the bot.
BOT_PERMISSIONS = bot_permissions()

_ids = itertools.count(910000000000000000)


def snowflake() -> str:
    return str(next(_ids))


def now_iso() -> str:
    return datetime.now(UTC).isoformat()


def user(user_id: str = USER_ID, name: str = "ada", bot: bool = False) -> User:
    return {
        "id": user_id,
        "username": name,
        "discriminator": "0",
        "avatar": None,
        "global_name": name.title(),
        "bot": bot,
    }


def bot_user() -> User:
    return user(BOT_ID, "prepbot", bot=True)


def member(user_id: str = USER_ID, permissions: discord.Permissions = MEMBER_PERMISSIONS) -> Member:
    return {
        "user": user(user_id),
        "roles": [],
        "joined_at": now_iso(),
        "deaf": False,
        "mute": False,
        "flags": 0,
        "permissions": str(permissions.value),
    }


def text_channel(
    channel_id: str = CHANNEL_ID,
    name: str = "study",
    deny_everyone: discord.Permissions | None = None,
) -> TextChannel:
    overwrites: list[PermissionOverwrite] = []
    if deny_everyone is not None:
        overwrites.append(
            {"id": GUILD_ID, "type": 0, "allow": "0", "deny": str(deny_everyone.value)}
        )
    return {
        "id": channel_id,
        "type": 0,
        "name": name,
        "guild_id": GUILD_ID,
        "position": 0,
        "permission_overwrites": overwrites,
        "nsfw": False,
        "parent_id": None,
        "topic": "interview practice",
        "last_message_id": None,
        "rate_limit_per_user": 0,
    }


def role(
    role_id: str = GUILD_ID,
    name: str = "@everyone",
    permissions: discord.Permissions = MEMBER_PERMISSIONS,
) -> Role:
    return {
        "id": role_id,
        "name": name,
        "color": 0,
        "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
        "hoist": False,
        "position": 0,
        "permissions": str(permissions.value),
        "managed": role_id != GUILD_ID,
        "mentionable": False,
        "flags": 0,
    }


def guild() -> Guild:
    return {
        "id": GUILD_ID,
        "name": "Interview prep",
        "icon": None,
        "splash": None,
        "discovery_splash": None,
        "emojis": [],
        "stickers": [],
        "features": [],
        "description": None,
        "incidents_data": None,
        "owner_id": OWNER_ID,
        "region": "europe",
        "afk_channel_id": None,
        "afk_timeout": 300,
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "roles": [role(), role(BOT_ROLE_ID, "prepbot", BOT_PERMISSIONS)],
        "mfa_level": 0,
        "nsfw_level": 0,
        "application_id": None,
        "system_channel_id": None,
        "system_channel_flags": 0,
        "rules_channel_id": None,
        "vanity_url_code": None,
        "banner": None,
        "premium_tier": 0,
        "preferred_locale": "en-GB",
        "public_updates_channel_id": None,
        "stage_instances": [],
        "guild_scheduled_events": [],
        "member_count": 2,
        "channels": [
            text_channel(),
            text_channel(OTHER_CHANNEL_ID, "daily-questions"),
            text_channel(
                LOCKED_CHANNEL_ID, "announcements", discord.Permissions(send_messages=True)
            ),
            text_channel(
                NO_THREADS_CHANNEL_ID,
                "no-threads",
                discord.Permissions(create_private_threads=True),
            ),
        ],
        # Discord always sends the bot's own member, whatever the intents.
        "members": [{**member(BOT_ID), "user": bot_user(), "roles": [BOT_ROLE_ID]}],
        "threads": [],
        "unavailable": False,
    }


def ready(gateway_url: str, shard: list[int] | None = None) -> ReadyEvent:
    return {
        "v": 10,
        "user": bot_user(),
        "guilds": [{"id": GUILD_ID, "unavailable": True}],
        "session_id": "gateway-1",
        "resume_gateway_url": gateway_url,
        "shard": shard or [0, 1],
        "application": {"id": APPLICATION_ID, "flags": 0},
    }


def app_info() -> AppInfo:
    return {
        "id": APPLICATION_ID,
        "name": "prepbot",
        "verify_key": "0" * 64,
        "icon": None,
        "summary": "",
        "description": "Interview practice",
        "flags": 0,
        "owner": user(OWNER_ID, "owner"),
        "bot_public": True,
        "bot_require_code_grant": False,
    }


def dm_channel(user_id: str, channel_id: str) -> DMChannel:
    return {
        "id": channel_id,
        "name": "",
        "type": 1,
        "last_message_id": None,
        "recipients": [user(user_id)],
    }


def private_thread(parent_id: str, name: str) -> dict[str, Any]:
    """A private thread opened in a channel of the study server."""
    return {
        "id": snowflake(),
        "type": 12,
        "guild_id": GUILD_ID,
        "parent_id": parent_id,
        "owner_id": bot_user()["id"],
        "name": name,
        "thread_metadata": {
            "archived": False,
            "auto_archive_duration": 10080,
            "archive_timestamp": now_iso(),
            "locked": False,
            "invitable": False,
        },
        "member_count": 1,
        "message_count": 0,
    }


def message(
    channel_id: str,
    *,
    embeds: list[Embed] | None = None,
    components: list[Any] | None = None,
    nonce: str | None = None,
    flags: int = 0,
    message_id: str | None = None,
) -> Message:
    payload: Message = {
        "id": message_id or snowflake(),
        "channel_id": channel_id,
        "author": bot_user(),
        "content": "",
        "timestamp": now_iso(),
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": embeds or [],
        "pinned": False,
        "type": 0,
        "flags": flags,
        "components": components or [],
    }
    if nonce is not None:
        payload["nonce"] = nonce
    return payload


def string_option(
    name: str, value: str, focused: bool = False
) -> ApplicationCommandInteractionDataOption:
    if focused:
        return {"type": 3, "name": name, "value": value, "focused": True}
    return {"type": 3, "name": name, "value": value}


def integer_option(name: str, value: int) -> ApplicationCommandInteractionDataOption:
    return {"type": 4, "name": name, "value": value}


def channel_option(name: str, channel_id: str) -> ApplicationCommandInteractionDataOption:
    return {"type": 7, "name": name, "value": channel_id}


def subcommand(
    name: str, options: list[ApplicationCommandInteractionDataOption]
) -> ApplicationCommandInteractionDataOption:
    return {"type": 1, "name": name, "options": options}


def resolved_channel(channel_id: str, permissions: discord.Permissions) -> ResolvedData:
    channel: PartialChannel = {
        "id": channel_id,
        "name": "daily-questions",
        "permissions": str(permissions.value),
        "type": 0,
        "position": 1,
        "nsfw": False,
        "flags": 0,
        "rate_limit_per_user": 0,
        "parent_id": None,
        "last_message_id": None,
    }
    return {"channels": {channel_id: channel}}


def command(
    name: str,
    options: list[ApplicationCommandInteractionDataOption] | None = None,
    *,
    permissions: discord.Permissions = MEMBER_PERMISSIONS,
    resolved: ResolvedData | None = None,
    autocomplete: bool = False,
    user_id: str = USER_ID,
) -> GuildInteraction:
    """An INTERACTION_CREATE for a slash command (or its autocomplete) in the study channel."""
    payload: GuildInteraction = {
        "id": snowflake(),
        "application_id": APPLICATION_ID,
        "token": f"token-{snowflake()}",
        "version": 1,
        "type": 4 if autocomplete else 2,
        "guild_id": GUILD_ID,
        "channel_id": CHANNEL_ID,
        "channel": text_channel(),
        "member": member(user_id, permissions),
        "app_permissions": str(MANAGER_PERMISSIONS.value),
        "locale": "en-GB",
        "guild_locale": "en-GB",
        "authorizing_integration_owners": {"0": GUILD_ID},
        "context": 0,
        "attachment_size_limit": 8 * 1024 * 1024,
        "data": {"id": snowflake(), "name": name, "type": 1, "options": options or []},
    }
    if resolved is not None:
        payload["data"]["resolved"] = resolved
    return payload


def button_press(
    custom_id: str, source: Message, *, user_id: str = USER_ID, direct: bool = False
) -> ComponentInteraction:
    """An INTERACTION_CREATE for a press of the button `custom_id` on the message `source`.

    `direct`: the message is in the user's direct messages with the bot, so Discord sends no
    guild, and the user instead of a member.
    """
    dm: InteractionDMChannel = {
        "id": str(source["channel_id"]),
        "name": "",
        "type": 1,
        "last_message_id": None,
    }
    press: ComponentInteraction = {
        "id": snowflake(),
        "application_id": APPLICATION_ID,
        "token": f"token-{snowflake()}",
        "version": 1,
        "type": 3,
        "channel_id": source["channel_id"],
        "channel": dm if direct else text_channel(),
        "app_permissions": str(MANAGER_PERMISSIONS.value),
        "locale": "en-GB",
        "authorizing_integration_owners": {"0": GUILD_ID},
        "context": 1 if direct else 0,
        "attachment_size_limit": 8 * 1024 * 1024,
        "data": {"custom_id": custom_id, "component_type": 2},
        "message": source,
    }
    if direct:
        press["user"] = user(user_id)
    else:
        press["guild_id"] = GUILD_ID
        press["member"] = member(user_id)
    return press


def button_row(custom_id: str, label: str) -> ActionRow:
    return {
        "type": 1,
        "components": [{"type": 2, "style": 1, "label": label, "custom_id": custom_id}],
    }


def custom_ids(components: list[Any]) -> list[str]:
    """Every button custom id in a message's components, in order."""
    found: list[str] = []
    for row in components:
        for item in row.get("components", []):
            if "custom_id" in item:
                found.append(item["custom_id"])
    return found


def select_press(
    custom_id: str, source: Message, values: list[str], *, user_id: str = USER_ID
) -> ComponentInteraction:
    """An INTERACTION_CREATE for choosing `values` in the select menu `custom_id` on `source`."""
    press = button_press(custom_id, source, user_id=user_id)
    press["data"] = {"custom_id": custom_id, "component_type": 3, "values": values}
    return press


def modal_submit(custom_id: str, fields: dict[str, str], *, user_id: str = USER_ID) -> Any:
    """An INTERACTION_CREATE for submitting the modal `custom_id` with text inputs `fields`."""
    rows = [
        {"type": 1, "components": [{"type": 4, "custom_id": name, "value": value}]}
        for name, value in fields.items()
    ]
    return {
        "id": snowflake(),
        "application_id": APPLICATION_ID,
        "token": f"token-{snowflake()}",
        "version": 1,
        "type": 5,
        "guild_id": GUILD_ID,
        "channel_id": CHANNEL_ID,
        "channel": text_channel(),
        "member": member(user_id),
        "app_permissions": str(MANAGER_PERMISSIONS.value),
        "locale": "en-GB",
        "authorizing_integration_owners": {"0": GUILD_ID},
        "context": 0,
        "attachment_size_limit": 8 * 1024 * 1024,
        "data": {"custom_id": custom_id, "components": rows},
    }


def labelled(components: list[Any]) -> dict[str, str]:
    """Each button's label, to its custom id."""
    return {
        item["label"]: item["custom_id"]
        for row in components
        for item in row.get("components", [])
        if item.get("type") == 2 and "custom_id" in item
    }
