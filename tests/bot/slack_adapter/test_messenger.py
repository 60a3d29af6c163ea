"""SlackMessenger against the fake Web API: what it sends, and how Slack's failures come back."""

from __future__ import annotations

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack_adapter.messenger import DELIVERY_EVENT, SlackMessenger
from core.kernel.reply import Chart, Reply, TextSection
from core.messenger import PermanentError, RateLimited, TransientError
from tests.bot.slack_adapter.conftest import NetworkGuard, free_port
from tests.bot.slack_adapter.fake_slack import BOT_TOKEN, TEAM, FakeSlack

QUESTION = Reply(title="Question of the day", sections=(TextSection(text="Why <#C0STUDY>?"),))


@pytest.fixture
def messenger(fake_slack: FakeSlack) -> SlackMessenger:
    client = AsyncWebClient(token=BOT_TOKEN, base_url=fake_slack.api_url, retry_handlers=[])
    return SlackMessenger(client, team_id=TEAM)


async def test_a_post_carries_its_delivery_key_as_metadata(
    messenger: SlackMessenger, fake_slack: FakeSlack
) -> None:
    ts = await messenger.post_to_channel(TEAM, "C0STUDY", QUESTION, delivery_key="k-1")
    [message] = fake_slack.messages["C0STUDY"]
    assert message["ts"] == ts
    assert message["metadata"] == {
        "event_type": DELIVERY_EVENT,
        "event_payload": {"delivery_key": "k-1", "part": 0},
    }
    assert message["blocks"][0]["text"]["text"] == "Question of the day"
    [call] = fake_slack.calls_to("chat.postMessage")
    assert call.args["unfurl_links"] is False


async def test_a_retry_returns_the_message_already_posted(
    messenger: SlackMessenger, fake_slack: FakeSlack
) -> None:
    first = await messenger.post_to_channel(TEAM, "C0STUDY", QUESTION, delivery_key="k-1")
    await messenger.post_to_channel(TEAM, "C0STUDY", QUESTION, delivery_key="other")
    again = await messenger.post_to_channel(
        TEAM, "C0STUDY", QUESTION, delivery_key="k-1", retry=True
    )
    assert again == first
    assert len(fake_slack.messages["C0STUDY"]) == 2
    [history] = fake_slack.calls_to("conversations.history")
    assert history.args["include_all_metadata"] in ("1", "true", True)


async def test_a_retry_posts_what_never_arrived(
    messenger: SlackMessenger, fake_slack: FakeSlack
) -> None:
    ts = await messenger.post_to_channel(TEAM, "C0STUDY", QUESTION, delivery_key="k-1", retry=True)
    assert [m["ts"] for m in fake_slack.messages["C0STUDY"]] == [ts]


async def test_a_direct_message_opens_the_conversation_first(
    messenger: SlackMessenger, fake_slack: FakeSlack
) -> None:
    await messenger.send_direct(TEAM, "U0ADA", QUESTION, delivery_key="k-2")
    assert [c.method for c in fake_slack.calls] == ["conversations.open", "chat.postMessage"]
    assert fake_slack.calls[0].args["users"] == "U0ADA"
    assert len(fake_slack.messages["D0ADA"]) == 1
    # The conversation is opened once; later messages go straight to it.
    await messenger.send_direct(TEAM, "U0ADA", QUESTION, delivery_key="k-3")
    assert len(fake_slack.calls_to("conversations.open")) == 1
    assert len(fake_slack.messages["D0ADA"]) == 2


async def test_a_chart_is_uploaded_to_the_same_conversation(
    messenger: SlackMessenger, fake_slack: FakeSlack
) -> None:
    chart = Chart(title="Pay", filename="pay.png", png=b"\x89PNG fake")
    await messenger.post_to_channel(
        TEAM, "C0STUDY", QUESTION.model_copy(update={"chart": chart}), delivery_key="k-3"
    )
    assert fake_slack.uploads == [b"\x89PNG fake"]
    [complete] = fake_slack.calls_to("files.completeUploadExternal")
    assert complete.args["channel_id"] == "C0STUDY"


@pytest.mark.parametrize(
    "error",
    [
        "channel_not_found",
        "not_in_channel",
        "is_archived",
        "account_inactive",
        "cannot_dm_bot",
        "user_not_found",
        "invalid_auth",
        "token_revoked",
        "restricted_action",
        "something_new",
    ],
)
async def test_permanent_errors(
    messenger: SlackMessenger, fake_slack: FakeSlack, error: str
) -> None:
    fake_slack.fail("chat.postMessage", error)
    with pytest.raises(PermanentError) as raised:
        await messenger.post_to_channel(TEAM, "C0STUDY", QUESTION, delivery_key="k")
    assert raised.value.reason == error


async def test_rate_limit_carries_retry_after(
    messenger: SlackMessenger, fake_slack: FakeSlack
) -> None:
    fake_slack.rate_limit("chat.postMessage", retry_after=30)
    with pytest.raises(RateLimited) as raised:
        await messenger.post_to_channel(TEAM, "C0STUDY", QUESTION, delivery_key="k")
    assert raised.value.retry_after == 30.0
    assert len(fake_slack.calls_to("chat.postMessage")) == 1  # the messenger did not wait itself


@pytest.mark.parametrize(
    ("status", "error"),
    [(500, "internal_error"), (503, "service_unavailable"), (200, "fatal_error")],
)
async def test_server_errors_are_transient(
    messenger: SlackMessenger, fake_slack: FakeSlack, status: int, error: str
) -> None:
    fake_slack.fail("chat.postMessage", error, status=status)
    with pytest.raises(TransientError):
        await messenger.post_to_channel(TEAM, "C0STUDY", QUESTION, delivery_key="k")


async def test_an_unreachable_api_is_transient() -> None:
    closed = f"http://127.0.0.1:{free_port()}/api/"
    messenger = SlackMessenger(AsyncWebClient(token=BOT_TOKEN, base_url=closed, retry_handlers=[]))
    with pytest.raises(TransientError):
        await messenger.post_to_channel(TEAM, "C0STUDY", QUESTION, delivery_key="k")


async def test_another_workspace_is_refused_without_a_call(
    messenger: SlackMessenger, fake_slack: FakeSlack
) -> None:
    with pytest.raises(PermanentError):
        await messenger.post_to_channel("T0OTHER", "C0STUDY", QUESTION, delivery_key="k")
    assert not fake_slack.calls


async def test_the_network_guard_catches_a_real_slack_address(no_network: NetworkGuard) -> None:
    messenger = SlackMessenger(AsyncWebClient(token=BOT_TOKEN, retry_handlers=[]))
    with pytest.raises(TransientError):
        await messenger.post_to_channel(TEAM, "C0STUDY", QUESTION, delivery_key="k")
    assert no_network.attempts == ["'slack.com'"]
    no_network.attempts.clear()
