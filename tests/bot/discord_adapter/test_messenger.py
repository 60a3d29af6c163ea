"""Scheduled posts and direct messages through the real client: once, with a nonce."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.discord_adapter import DiscordAdapter
from bot.discord_adapter.messenger import nonce
from core.content.loader import Content
from core.dispatch.dispatcher import Dispatcher
from core.kernel.platform import Platform
from core.kernel.reply import Reply, TextSection, Visibility
from core.messenger import PermanentError, RateLimited, TransientError
from core.scheduling.deliveries import DeliveryStatus
from core.scheduling.recurrence import Recurrence
from core.scheduling.schedules import NewSchedule, Schedule, ScheduleKind
from core.store.store import Store
from tests.bot.discord_adapter import payloads
from tests.bot.discord_adapter.fake_discord import Failure, FakeDiscord, rate_limited
from tests.conftest import FakeClock
from tests.fakes import due_at

POSTS = f"/channels/{payloads.OTHER_CHANNEL_ID}/messages"
NOTICE = Reply(title="Hello", sections=(TextSection(text="@everyone <@&1> hi"),))


async def _daily_schedule(store: Store, clock: FakeClock) -> Schedule:
    return await store.schedules.add(
        NewSchedule(
            platform=Platform.DISCORD,
            workspace=payloads.GUILD_ID,
            kind=ScheduleKind.CHANNEL,
            target=payloads.OTHER_CHANNEL_ID,
            owner=payloads.USER_ID,
            recurrence=Recurrence(time(9, 0), ZoneInfo("Europe/London"), 0b1111111),
            role="amazon-pm",
            next_fire_at=datetime.fromisoformat("2026-11-23T09:00:00+00:00"),
            created_at=clock(),
        )
    )


async def test_a_scheduled_post_is_delivered_once_through_a_429(
    adapter: DiscordAdapter, fake: FakeDiscord, store: Store, content: Content, clock: FakeClock
) -> None:
    schedule = await _daily_schedule(store, clock)
    clock.now = due_at(schedule)
    fake.fail_next("POST", POSTS, rate_limited(0.05))
    waits: list[float] = []

    async def no_wait(seconds: float) -> None:
        waits.append(seconds)

    dispatcher = Dispatcher(
        store, content, {Platform.DISCORD: adapter.messenger}, clock, sleep=no_wait
    )
    report = await dispatcher.tick()

    attempts = fake.requests("POST", POSTS)
    assert len(attempts) == 2  # the 429, then the retry discord.py made after retry_after
    (delivery,) = await store.deliveries.all()
    key = delivery.guard_key
    assert {a.body["nonce"] for a in attempts} == {nonce(key)}
    assert all(a.body["enforce_nonce"] is True for a in attempts)
    assert all(a.body["allowed_mentions"] == {"parse": []} for a in attempts)
    assert attempts[1].at - attempts[0].at >= 0.04  # discord.py waited out retry_after
    posted = [m for m in fake.messages if m["channel_id"] == payloads.OTHER_CHANNEL_ID]
    assert len(posted) == 1
    assert posted[0]["embeds"][0]["title"] == "Question of the day"
    [delivery] = await store.deliveries.all(schedule.id)
    assert (delivery.status, delivery.message_id) == (DeliveryStatus.SENT, posted[0]["id"])
    assert (report.sent, report.failed, waits) == (1, 0, [])
    assert await dispatcher.tick() == type(report)()  # nothing more is due


async def test_a_retried_delivery_returns_the_first_message_instead_of_posting_again(
    adapter: DiscordAdapter, fake: FakeDiscord
) -> None:
    reply = NOTICE.model_copy(update={"visibility": Visibility.CHANNEL})
    first = await adapter.messenger.post_to_channel(
        payloads.GUILD_ID, payloads.OTHER_CHANNEL_ID, reply, delivery_key="k-1"
    )
    again = await adapter.messenger.post_to_channel(
        payloads.GUILD_ID, payloads.OTHER_CHANNEL_ID, reply, delivery_key="k-1", retry=True
    )
    assert first == again
    assert len(fake.requests("POST", POSTS)) == 2
    assert len([m for m in fake.messages if m["channel_id"] == payloads.OTHER_CHANNEL_ID]) == 1


async def test_direct_messages_open_a_dm_channel_then_post_there(
    adapter: DiscordAdapter, fake: FakeDiscord
) -> None:
    message_id = await adapter.messenger.send_direct(
        payloads.GUILD_ID, payloads.USER_ID, NOTICE, delivery_key="dm-1"
    )
    [opened] = fake.requests("POST", "/users/@me/channels")
    assert opened.body == {"recipient_id": int(payloads.USER_ID)}
    dm_channel = fake.dm_channels[payloads.USER_ID]
    [posted] = fake.requests("POST", f"/channels/{dm_channel}/messages")
    assert posted.body["nonce"] == nonce("dm-1")
    assert posted.body["allowed_mentions"] == {"parse": []}
    assert fake.message(message_id)["channel_id"] == dm_channel


@pytest.mark.parametrize(
    ("failure", "expected", "detail"),
    [
        (
            Failure(403, {"message": "Cannot send", "code": 50007}),
            PermanentError,
            "direct messages",
        ),
        (Failure(403, {"message": "Missing Access", "code": 50001}), PermanentError, "can't see"),
        (Failure(404, {"message": "Unknown Channel", "code": 10003}), PermanentError, "no longer"),
        (Failure(400, {"message": "Invalid Form Body", "code": 50035}), PermanentError, "400"),
        (Failure(503, {"message": "unavailable", "code": 0}), TransientError, "503"),
        (rate_limited(120.0), RateLimited, "120"),
        (
            Failure(429, {"message": "banned", "retry_after": 7}, {"Retry-After": "7"}),
            RateLimited,
            "7",
        ),
    ],
)
async def test_discord_errors_become_the_errors_the_dispatcher_expects(
    adapter: DiscordAdapter,
    fake: FakeDiscord,
    failure: Failure,
    expected: type[Exception],
    detail: str,
) -> None:
    fake.fail_next("POST", POSTS, failure)
    with pytest.raises(expected, match=detail):
        await adapter.messenger.post_to_channel(
            payloads.GUILD_ID, payloads.OTHER_CHANNEL_ID, NOTICE, delivery_key="k"
        )


async def test_an_unreachable_discord_is_a_transient_error(
    adapter: DiscordAdapter, monkeypatch: pytest.MonkeyPatch
) -> None:
    from discord.http import Route

    monkeypatch.setattr(Route, "BASE", "http://127.0.0.1:9/api/v10")
    with pytest.raises(TransientError, match="network"):
        await adapter.messenger.post_to_channel(
            payloads.GUILD_ID, payloads.OTHER_CHANNEL_ID, NOTICE, delivery_key="k"
        )


async def test_a_channel_that_is_not_a_discord_id_is_a_permanent_error(
    adapter: DiscordAdapter,
) -> None:
    with pytest.raises(PermanentError, match="not a Discord channel id"):
        await adapter.messenger.post_to_channel(
            payloads.GUILD_ID, "study", NOTICE, delivery_key="k"
        )
