"""Discord's message limits, checked on what the fake received."""

from __future__ import annotations

from typing import Any

LIMITS = {"title": 256, "description": 4096, "footer": 2048, "name": 256, "value": 1024}


def embed_size(embed: dict[str, Any]) -> int:
    fields = embed.get("fields", [])
    return (
        len(embed.get("title", ""))
        + len(embed.get("description", ""))
        + len(embed.get("footer", {}).get("text", ""))
        + sum(len(f["name"]) + len(f["value"]) for f in fields)
    )


def assert_within_limits(message: dict[str, Any]) -> None:
    """One message's embeds and buttons are within every limit Discord enforces."""
    embeds = message.get("embeds", [])
    assert 1 <= len(embeds) <= 10
    assert sum(embed_size(e) for e in embeds) <= 6000
    for embed in embeds:
        assert len(embed.get("title", "")) <= LIMITS["title"]
        assert len(embed.get("description", "")) <= LIMITS["description"]
        assert len(embed.get("footer", {}).get("text", "")) <= LIMITS["footer"]
        fields = embed.get("fields", [])
        assert len(fields) <= 25
        for one in fields:
            assert 1 <= len(one["name"]) <= LIMITS["name"]
            assert 1 <= len(one["value"]) <= LIMITS["value"]
    buttons = [b for row in message.get("components", []) for b in row["components"]]
    assert len(buttons) <= 25
    assert all(len(b["custom_id"]) <= 100 for b in buttons)
    assert len({b["custom_id"] for b in buttons}) == len(buttons)
