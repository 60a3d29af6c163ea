"""The tests never reach Discord: without the fake, discord.py cannot even look up its name."""

from __future__ import annotations

import socket

import discord
import pytest
from discord.http import Route


async def test_discord_py_cannot_reach_the_real_discord() -> None:
    assert Route.BASE == "https://discord.com/api/v10"
    client = discord.Client(intents=discord.Intents.none())
    async with client:
        with pytest.raises(RuntimeError, match=r"discord\.com"):
            await client.login("not-a-real-token")


def test_a_connection_beyond_this_machine_fails_the_test() -> None:
    with socket.socket() as raw, pytest.raises(RuntimeError, match="network"):
        raw.connect(("192.0.2.1", 443))
