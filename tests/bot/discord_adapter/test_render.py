"""Rendering: any reply fits Discord's limits, split or shortened, and never fails."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.discord_adapter.buttons import CUSTOM_ID_LIMIT, PayloadTooLong, Press, decode, encode
from bot.discord_adapter.layout import MAX_MESSAGES, SHORTENED, lay_out, pack
from bot.discord_adapter.render import render, to_embed
from core.kernel.reply import (
    Button,
    Chart,
    ComparisonRow,
    ComparisonSection,
    FieldsSection,
    KeyValue,
    Reply,
    Section,
    TextSection,
    Visibility,
)
from tests.bot.discord_adapter.limits import assert_within_limits

words = st.text(alphabet=st.sampled_from("ab •`\n"), min_size=0, max_size=1500)
names = st.text(alphabet="xyz ", min_size=0, max_size=300)
sections: st.SearchStrategy[Section] = st.one_of(
    st.builds(TextSection, heading=st.none() | names, text=words),
    st.builds(
        FieldsSection,
        heading=st.none() | names,
        fields=st.lists(st.builds(KeyValue, name=names, value=words), max_size=30).map(tuple),
    ),
    st.builds(
        ComparisonSection,
        heading=st.none() | names,
        left_title=names,
        right_title=names,
        rows=st.lists(
            st.builds(ComparisonRow, label=names, left=words, right=words), max_size=12
        ).map(tuple),
    ),
)
replies = st.builds(
    Reply,
    title=names,
    sections=st.lists(sections, max_size=12).map(tuple),
    sources=st.lists(names, max_size=20).map(tuple),
)


def _as_sent(pages: list[Any]) -> dict[str, Any]:
    return {"embeds": [to_embed(p).to_dict() for p in pages]}


@settings(max_examples=150, deadline=None)
@given(replies)
def test_every_reply_fits_every_limit(reply: Reply) -> None:
    messages = pack(lay_out(reply))
    assert 1 <= len(messages) <= MAX_MESSAGES
    for pages in messages:
        assert_within_limits(_as_sent(pages))


def test_long_text_is_split_across_embeds_and_messages_without_loss() -> None:
    text = "\n".join(f"• point {i} " + "detail " * 20 for i in range(120))
    messages = pack(lay_out(Reply(title="Long", sections=(TextSection(text=text),))))
    assert len(messages) > 1
    for pages in messages:
        assert_within_limits(_as_sent(pages))
    sent = "".join(p.description for pages in messages for p in pages)
    assert "".join(sent.split()) == "".join(text.split())


def test_a_reply_too_long_for_five_messages_is_shortened_with_a_note() -> None:
    text = "word " * 200_000
    messages = pack(lay_out(Reply(title="Huge", sections=(TextSection(text=text),))))
    assert len(messages) == MAX_MESSAGES
    assert messages[-1][-1].footer == SHORTENED
    for pages in messages:
        assert_within_limits(_as_sent(pages))


def test_comparison_rows_are_left_right_pairs_that_end_their_line() -> None:
    section = ComparisonSection(
        heading="Compensation",
        left_title="netflix-pm",
        right_title="amazon-pm",
        rows=(ComparisonRow(label="Base", left="x" * 1500, right="$180k"),),
    )
    [[title_page]] = pack(lay_out(Reply(title="A vs B", sections=(section,))))
    assert title_page.description == "**Compensation**"
    names = [f.name for f in title_page.fields]
    assert names == [
        "Base · netflix-pm",
        "Base · amazon-pm",
        "\u200b",
        "Base · netflix-pm (continued)",
        "Base · amazon-pm (continued)",
        "\u200b",
    ]
    assert all(f.inline for f in title_page.fields)
    assert [len(f.value) for f in title_page.fields] == [1024, 5, 1, 476, 1, 1]


def test_long_sources_get_a_page_of_their_own() -> None:
    sources = tuple(f"[{i}] An article, citing Levels.fyi 2026 " + "x" * 80 for i in range(30))
    pages = lay_out(Reply(title="Sources", sources=sources))
    assert pages[-1].title == "Sources"
    assert pages[-1].description.startswith("[0] ")


async def test_buttons_carry_their_state_and_stay_within_the_limits() -> None:
    buttons = (
        Button(action="fit.answer", label="A" * 120, payload="546ae6f6:01"),
        Button(action="fit.answer", label="dup", payload="546ae6f6:01"),
        Button(action="share", label="Share", payload="/compare " + "netflix-pm " * 12),
        Button(action="share", label="Too much", payload="x" * 400 + "".join(map(str, range(200)))),
        *(Button(action="n", label=str(i), payload=str(i)) for i in range(30)),
    )
    rendered = render(Reply(title="Buttons", buttons=buttons))
    [message] = rendered.messages
    assert message.view is not None
    assert message.view.timeout is None
    components = message.view.to_components()
    assert_within_limits(
        {"embeds": [e.to_dict() for e in message.embeds], "components": components}
    )
    items = [b for row in components for b in row["components"]]
    assert items[0]["label"] == "A" * 79 + "…"
    assert decode(items[0]["custom_id"]) == Press("fit.answer", "546ae6f6:01")
    assert items[1]["custom_id"].startswith("pz:share:")
    assert decode(items[1]["custom_id"]) == Press("share", "/compare " + "netflix-pm " * 12)
    assert items[2]["disabled"] is True
    assert len(items) == 24  # 25 buttons at most, the duplicate dropped


async def test_a_chart_is_attached_and_shown_in_its_embed() -> None:
    chart = Chart(title="Base pay", filename="comp chart.png", png=b"\x89PNG fake")
    rendered = render(Reply(title="Pay", chart=chart, visibility=Visibility.CHANNEL))
    [message] = rendered.messages
    assert not rendered.ephemeral
    assert message.file is not None
    assert message.file.filename == "comp-chart.png"
    assert message.embeds[-1].image.url == "attachment://comp-chart.png"


@given(
    st.text(alphabet=st.characters(blacklist_characters=":@"), min_size=1, max_size=20),
    st.text(max_size=300),
    st.none() | st.from_regex(r"[1-9][0-9]{16,19}", fullmatch=True),
)
def test_a_custom_id_gives_back_its_action_payload_and_guild_or_is_refused(
    action: str, payload: str, guild: str | None
) -> None:
    try:
        custom_id = encode(action, payload, guild)
    except PayloadTooLong:
        assert len(action) + len(payload) + len(guild or "") > CUSTOM_ID_LIMIT - 5
        return
    assert len(custom_id) <= CUSTOM_ID_LIMIT
    assert decode(custom_id) == Press(action, payload, guild)


def test_buttons_sent_in_direct_messages_name_their_server() -> None:
    buttons = (Button(action="checkin.done", label="Done", payload="2026-11-23"),)
    [message] = render(
        Reply(title="Check-in", buttons=buttons), guild="900000000000000010"
    ).messages
    assert message.view is not None
    [row] = message.view.to_components()
    [button] = row["components"]
    assert button["custom_id"] == "pb:checkin.done@900000000000000010:2026-11-23"
    # Buttons sent before servers were named still decode, to no server.
    assert decode("pb:checkin.done:2026-11-23") == Press("checkin.done", "2026-11-23")
