"""With SLACK_PUBLIC_URL, a shared chart is an image block in the reply itself, served by the
app's own HTTP server: no Web API call on the fake Slack's side. Any replica serves a chart any
other one showed, by its name, as does a process after a restart. A member's own charts are
never served; in Socket Mode charts go to the DM (test_chart_files), and over HTTP without the
setting they are served at the address Slack's requests came to (test_public_url)."""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

import pytest
from pydantic import SecretStr

from bot.charts import PooledCharts
from bot.compose import build_handler
from bot.settings import Settings
from bot.slack_adapter import SlackAdapter
from bot.slack_adapter.chart_urls import version
from core.commands.handler import CommandHandler
from core.content.models import Compensation
from core.kernel.identity import Caller
from core.kernel.platform import Platform
from core.roles.catalog import Catalog
from core.store.store import Store
from tests.bot.slack_adapter.fake_slack import APP_TOKEN, FakeSlack
from tests.bot.slack_adapter.harness import SlackUser, slack_user
from tests.conftest import FakeClock
from tests.fake_charts import FakeCharts

COMP = "/compare netflix-pm amazon-pm comp"
PUBLIC = "https://prepbot.example.com"
SECRET = "a-signing-secret"


@pytest.fixture
def public(settings: Settings) -> Settings:
    return settings.model_copy(update={"slack_public_url": PUBLIC})


@pytest.fixture
async def served(
    handler: CommandHandler, public: Settings, fake_slack: FakeSlack
) -> AsyncIterator[SlackUser]:
    adapter = SlackAdapter(handler, public, host="127.0.0.1")
    handler.connect_channels(adapter.messenger)
    async with slack_user(adapter, fake_slack) as user:
        yield user
        await user.idle()


@pytest.fixture
async def replica(
    catalog: Catalog,
    store: Store,
    clock: FakeClock,
    public: Settings,
    fake_slack: FakeSlack,
    replica_charts: FakeCharts,
) -> AsyncIterator[SlackUser]:
    """Another replica on the same database, just started: no reply kept, nothing drawn yet."""
    handler = build_handler(catalog, store, clock, charts=replica_charts)
    async with another_replica(handler, public, fake_slack) as user:
        yield user


@pytest.fixture
def replica_charts() -> FakeCharts:
    """The other replica's own renderer: what it was asked to draw."""
    return FakeCharts()


@contextlib.asynccontextmanager
async def another_replica(
    handler: CommandHandler, settings: Settings, fake_slack: FakeSlack
) -> AsyncIterator[SlackUser]:
    adapter = SlackAdapter(handler, settings, host="127.0.0.1")
    handler.connect_channels(adapter.messenger)
    async with slack_user(adapter, fake_slack) as user:
        yield user


def images(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [block for block in message["blocks"] if block["type"] == "image"]


def signed(user: SlackUser, name: str, query: str = "") -> str:
    """The path of a chart of this name as a reply of the app would give it (signed)."""
    urls = user.adapter.chart_urls
    assert urls is not None
    return f"/charts/{name}?{query}{'&' if query else ''}s={urls.sign(name)}"


def path_of(url: str) -> str:
    """The path and query Slack's proxy asks for."""
    assert url.startswith(PUBLIC + "/charts/")
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


async def test_a_comparison_shows_its_chart_with_no_web_api_call(
    served: SlackUser, fake_slack: FakeSlack, handler: CommandHandler
) -> None:
    await served.command("/compare netflix-pm amazon-pm")  # Bolt's first auth.test
    calls, responses = len(fake_slack.calls), dict(fake_slack.responses)

    answer = await served.as_user("U0BEN").command(COMP)

    assert fake_slack.calls[calls:] == []  # no upload, no DM, no post
    assert fake_slack.responses == responses  # all of it in the acknowledgement
    assert fake_slack.uploads == []
    (image,) = images(answer.first)
    assert image["alt_text"] == "Compensation"
    assert image["title"]["text"] == "Compensation"
    assert answer.first["response_type"] == "ephemeral"

    response = await served.client.get(path_of(image["image_url"]))
    assert response.status == 200
    assert response.headers["Content-Type"] == "image/png"
    assert "immutable" in response.headers["Cache-Control"]
    assert "public" in response.headers["Cache-Control"]
    drawn = await handler.handle(COMP, Caller(Platform.SLACK, "T0TEAM", "U0CID"))
    assert drawn.chart is not None
    assert await response.read() == drawn.chart.png
    v = hashlib.sha256(drawn.chart.png).hexdigest()[:16]
    name = "comp-netflix-pm-vs-amazon-pm.png"
    urls = served.adapter.chart_urls
    assert urls is not None
    assert image["image_url"] == f"{PUBLIC}/charts/{name}?v={v}&s={urls.sign(name)}"


@pytest.mark.parametrize(
    "line", [COMP, "/role amazon-pm comp", "/compare amazon-pm netflix-pmm comp"]
)
async def test_another_replica_serves_the_chart_the_first_one_showed(
    served: SlackUser, replica: SlackUser, line: str, replica_charts: FakeCharts
) -> None:
    (image,) = images((await served.command(line)).first)
    shown = await (await served.client.get(path_of(image["image_url"]))).read()
    assert replica.adapter.chart_urls is not None
    assert len(replica.adapter.chart_urls) == 0
    drawn = replica_charts.asked

    response = await replica.client.get(path_of(image["image_url"]))

    assert response.status == 200
    assert response.headers["Content-Type"] == "image/png"
    assert len(drawn) == 1  # drawn again there
    assert await response.read() == shown  # the very bytes the first one showed
    assert "immutable" in response.headers["Cache-Control"]
    assert len(replica.adapter.chart_urls) == 1  # kept there now


async def test_any_v_gets_the_current_chart_cached_only_briefly(
    served: SlackUser, replica: SlackUser
) -> None:
    (image,) = images((await served.command(COMP)).first)
    shown = await (await served.client.get(path_of(image["image_url"]))).read()
    name = urlsplit(image["image_url"]).path.removeprefix("/charts/")
    for query in ("v=0123456789abcdef", "", "v="):
        for user in (served, replica):
            response = await user.client.get(signed(user, name, query))
            assert response.status == 200, query
            assert await response.read() == shown
            assert "immutable" not in response.headers["Cache-Control"]
            assert "max-age=300" in response.headers["Cache-Control"]


async def test_unknown_roles_are_not_found(
    served: SlackUser, replica: SlackUser, charts: FakeCharts, replica_charts: FakeCharts
) -> None:
    await served.command(COMP)
    before = len(charts.asked)
    for name in (
        "comp-netflix-pm-vs-google-pm",
        "comp-google-pm",
        "comp-netflix-pm-vs-amazon-pm-vs-netflix-pmm",  # no reply charts three roles
        "comp-netflix-pm-vs-",
        "comp-Netflix-PM",
    ):
        for user in (served, replica):
            response = await user.client.get(signed(user, f"{name}.png", "v=0"))
            assert response.status == 404, name
    assert replica.adapter.chart_urls is not None
    assert len(replica.adapter.chart_urls) == 0
    assert charts.asked[before:] == replica_charts.asked == []


async def test_a_malformed_name_is_not_served(served: SlackUser, replica: SlackUser) -> None:
    await served.command(COMP)
    for name in (
        "0" * 32 + ".png",
        "not-a-chart.png",
        "comp-.png",
        "comp-netflix-pm-vs-amazon-pm",
        "comp-netflix-pm-vs-amazon-pm.PNG",
        "comp-netflix-pm-vs-amazon-pm.png.png",
        "comp-netflix-pm--vs--amazon-pm.png",
        "..%2Fcomp-netflix-pm.png",
        "comp-" + "netflix-pm-vs-" * 40 + "amazon-pm.png",
    ):
        for user in (served, replica):
            response = await user.client.get(signed(user, name))
            # 404; or 403 where the server reads the name otherwise than it was signed
            assert response.status in (403, 404), name


async def test_a_chart_with_no_usd_figures_is_not_found(
    catalog: Catalog,
    store: Store,
    clock: FakeClock,
    public: Settings,
    fake_slack: FakeSlack,
    pooled_charts: PooledCharts,
) -> None:
    unpaid = catalog.content.roles["netflix-pmm"].model_copy(
        update={"compensation": Compensation()}
    )
    roles = {**catalog.content.roles, "netflix-pmm": unpaid}
    catalog = Catalog(replace(catalog.content, roles=roles))
    handler = build_handler(catalog, store, clock, charts=pooled_charts)  # it reads the figures
    async with another_replica(handler, public, fake_slack) as user:
        assert (await user.client.get(signed(user, "comp-netflix-pmm.png"))).status == 404
        assert (await user.client.get(signed(user, "comp-amazon-pm.png"))).status == 200


async def test_a_name_the_app_did_not_sign_is_refused_and_never_drawn(
    served: SlackUser, replica: SlackUser, charts: FakeCharts, replica_charts: FakeCharts
) -> None:
    (image,) = images((await served.command(COMP)).first)
    url = path_of(image["image_url"])
    before = len(charts.asked)
    other = "comp-amazon-pm-vs-netflix-pm.png"  # a real chart, but no reply showed it
    for path in (
        url.split("&s=")[0],  # no signature
        url[:-4] + "0000",  # a wrong one
        f"/charts/{other}?s={url.split('&s=')[1]}",  # another name's
    ):
        for user in (served, replica):
            response = await user.client.get(path)
            assert response.status == 403, path
            assert "ask the bot again" in await response.text()
    assert charts.asked[before:] == replica_charts.asked == []
    assert replica.adapter.chart_urls is not None
    assert len(replica.adapter.chart_urls) == 0


async def test_the_kept_acknowledgement_carries_the_image_block(served: SlackUser) -> None:
    first = await served.command(COMP)
    again = await served.as_user("U0BEN").command(COMP)
    assert again.first == first.first
    assert len(images(again.first)) == 1


async def test_a_members_progress_chart_is_never_served(
    served: SlackUser, replica: SlackUser, fake_slack: FakeSlack, handler: CommandHandler
) -> None:
    question = await served.command("/practice amazon-pm")
    revealed = await served.press(question.button("What a strong answer covers"))
    await served.press(revealed.button("Good"))
    stats = await served.command("/prep stats")

    assert fake_slack.uploads, "the member's own charts go to their DM, uploaded"
    assert all(not images(message) for message in stats.messages)
    urls = served.adapter.chart_urls
    assert urls is not None
    assert len(urls) == 0
    mine = await handler.handle("/prep stats", Caller(Platform.SLACK, "T0TEAM", served.user))
    names = [chart.filename for chart in mine.images]
    assert names, "the stats reply carries the member's charts"
    for name in names:
        for user in (served, replica):
            for query in ("", "v=" + version(fake_slack.uploads[0])):
                response = await user.client.get(signed(user, name, query))
                assert response.status == 404, name


async def test_socket_mode_keeps_charts_in_direct_messages(
    handler: CommandHandler, public: Settings
) -> None:
    socket = public.model_copy(update={"slack_app_token": SecretStr(APP_TOKEN)})
    adapter = SlackAdapter(handler, socket, host="127.0.0.1")
    assert adapter.chart_urls is None
    assert adapter.listeners.charts.urls is None
