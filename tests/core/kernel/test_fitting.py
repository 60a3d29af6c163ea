"""Clipping and splitting: limits held exactly, nothing a reader sees as one thing cut in two."""

from __future__ import annotations

import unicodedata

import pytest

from core.kernel.fitting import ELLIPSIS, boundary, clip, split
from core.kernel.mentions import ZERO_WIDTH_SPACE, inert, live
from core.kernel.safety import defang

THUMBS = "\U0001f44d\U0001f3fd"  # thumbs up, medium skin tone: two code points
FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # man ZWJ woman ZWJ girl
FLAGS = "\U0001f1ec\U0001f1e7\U0001f1eb\U0001f1f7"  # GB then FR: four regional letters
ACCENTED = "e\u0301"  # e and a combining acute accent


def test_text_of_exactly_the_limit_is_kept_whole() -> None:
    assert clip("a" * 10, 10) == "a" * 10
    assert split("a" * 10, 10) == ["a" * 10]


def test_one_more_character_is_clipped_to_the_limit_with_an_ellipsis() -> None:
    clipped = clip("a" * 11, 10)
    assert clipped == "a" * 9 + ELLIPSIS
    assert len(clipped) == 10


def test_a_clip_drops_the_space_before_its_ellipsis() -> None:
    assert clip("abcd efgh", 6) == "abcd" + ELLIPSIS


@pytest.mark.parametrize("limit", [0, 1])
def test_a_limit_too_small_for_text_still_holds(limit: int) -> None:
    assert len(clip("abc", limit)) <= limit


def test_empty_text_is_one_empty_piece() -> None:
    assert split("", 5) == [""]


def test_a_split_prefers_a_line_break_then_a_space() -> None:
    assert split("aaaa bbbb\ncccc", 12) == ["aaaa bbbb", "cccc"]
    assert split("aaaa bbbb cccc", 12) == ["aaaa bbbb", "cccc"]


def test_a_line_break_near_the_start_gives_way_to_a_space_near_the_limit() -> None:
    assert split("ab\ncccc dddd eeee", 12) == ["ab\ncccc dddd", "eeee"]


def test_a_word_longer_than_the_limit_is_cut_inside_it() -> None:
    word = "x" * 25
    pieces = split(f"go {word} now", 10)
    assert all(len(p) <= 10 for p in pieces)
    assert "".join(pieces).replace(" ", "") == f"go{word}now"


@pytest.mark.parametrize("cluster", [THUMBS, FAMILY, ACCENTED])
@pytest.mark.parametrize("limit", range(len(FAMILY) + 1, 16))  # room for a cluster and "…"
def test_an_emoji_or_accent_is_never_cut_in_two(cluster: str, limit: int) -> None:
    text = cluster * 6
    pieces = split(text, limit)
    assert "".join(pieces) == text
    for piece in pieces:
        assert len(piece) <= limit
        assert piece.count(cluster) * len(cluster) == len(piece), (cluster, limit, pieces)
    clipped = clip(text, limit)
    assert len(clipped) <= limit
    assert clipped.removesuffix(ELLIPSIS).replace(cluster, "") == ""


@pytest.mark.parametrize("limit", range(2, 9))
def test_a_flag_keeps_its_two_letters_together(limit: int) -> None:
    text = FLAGS * 3
    for piece in split(text, limit):
        assert len(piece) % 2 == 0
        assert piece.replace(FLAGS[:2], "").replace(FLAGS[2:], "") == ""


def test_a_surrogate_pair_is_never_parted() -> None:
    pair = "\ud83d\ude00"  # a grinning face as two UTF-16 halves, as some JSON decoders leave it
    text = "ab" + pair * 4
    for limit in range(3, 10):
        clipped = clip(text, limit).removesuffix(ELLIPSIS)
        assert not ("\ud800" <= clipped[-1] <= "\udbff")
        for piece in split(text, limit):
            assert not ("\udc00" <= piece[0] <= "\udfff")
            assert not ("\ud800" <= piece[-1] <= "\udbff")


def test_a_cluster_as_long_as_the_limit_is_cut_rather_than_never() -> None:
    text = "a" + "\u0301" * 20
    pieces = split(text, 5)
    assert all(len(p) <= 5 for p in pieces)
    assert "".join(pieces) == text


@pytest.mark.parametrize("limit", range(len("<#C0STUDY>") + 1, 40))
def test_a_reference_and_an_entity_stay_whole(limit: int) -> None:
    text = "ask <#C0STUDY> &amp; <@U0ADA> " * 3
    for piece in split(text, limit):
        assert piece.count("<") == piece.count(">")
        assert not piece.endswith(("&", "&a", "&am", "&amp"))
    assert clip(text, limit).removesuffix(ELLIPSIS).count("<") == (
        clip(text, limit).removesuffix(ELLIPSIS).count(">")
    )


@pytest.mark.parametrize("limit", range(2, 40))
def test_a_mention_split_across_pieces_never_becomes_live(limit: int) -> None:
    text = "team @everyone and @here, also @Channel: ready?" * 2
    pieces = split(text, limit)
    assert not any(live(p) for p in pieces)
    # each inert mention keeps its guard in the same piece as its `@`
    assert not any(p.startswith(ZERO_WIDTH_SPACE) for p in pieces)
    assert not live(clip(text, limit))


@pytest.mark.parametrize("typed", ["@everyone " * 20, "@here" * 20])
def test_a_defanged_mention_stays_defanged_when_split(typed: str) -> None:
    text = defang(typed, 500)
    for limit in range(2, 15):
        for piece in split(text, limit):
            assert not live(piece)
            assert not piece.startswith(ZERO_WIDTH_SPACE)


def test_inert_text_stays_as_it_is() -> None:
    once = inert("hi @here")
    assert once != "hi @here"
    assert inert(once) == once
    assert not live(once)


def test_a_reference_longer_than_the_limit_is_cut_rather_than_never() -> None:
    pieces = split("<#C0STUDY>", 4)
    assert "".join(pieces) == "<#C0STUDY>"
    assert all(len(p) <= 4 for p in pieces)


def test_the_boundary_of_plain_text_is_the_index_itself() -> None:
    assert boundary("abcdef", 3) == 3
    assert boundary("abc", 10) == 3
    assert boundary("abc", 0) == 0


def test_a_limit_below_one_cannot_split() -> None:
    with pytest.raises(ValueError, match="0 characters"):
        split("abc", 0)


def test_the_cluster_rule_knows_a_combining_mark() -> None:
    assert unicodedata.category("\u0301") == "Mn"
    assert boundary(ACCENTED * 3, 3) == 2
