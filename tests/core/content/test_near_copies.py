"""Near copies among practice prompts: how the overlap is counted, where the line falls, and
the content check refusing a bank that asks one thing twice while accepting distinct prompts."""

from __future__ import annotations

import copy
from fractions import Fraction
from pathlib import Path

from core.content.loader import load_content
from core.content.near_copies import NEAR_COPY, near_copies, overlap, words
from tests.core.content.test_content_rules import SOURCE, files, problems_in, write


def test_words_are_case_folded_runs_of_letters_and_digits() -> None:
    assert words("Redesign Amazon's returns flow, in 2 WEEKS: A/B-test it.") == {
        *("redesign", "amazon", "s", "returns", "flow", "in", "2", "weeks", "a", "b"),
        *("test", "it"),
    }


def test_overlap_is_shared_words_over_the_smaller_set() -> None:
    short = words("Improve the Netflix homepage")
    longer = words("Improve the Netflix homepage for members who watch on phones")
    five = words("one two three four five")
    assert overlap(short, longer) == 1  # the short prompt, wholly inside the long one
    assert overlap(five, words("one two three four six")) == Fraction(4, 5)
    assert overlap(five, words("one two three six seven")) == Fraction(3, 5)
    assert overlap(frozenset(), short) == 0


def test_four_words_in_five_is_a_near_copy_and_three_is_not() -> None:
    prompts = [
        "Design a returns flow for sellers",  # 6 words
        "Design a returns flow for buyers",  # shares 5 of 6 with the first
        "Critique the playback controls today",  # shares none
        "Critique the playback controls on phones",  # shares 4 of 5 with the third
        "Critique the returns controls for buyers tomorrow",  # at most 3 of 5, 3 of 6 shared
    ]
    found = [(pair.first, pair.second, pair.percent) for pair in near_copies(prompts)]
    assert found == [(0, 1, 83), (2, 3, 80)]


def test_a_reworded_copy_of_a_longer_prompt_is_found() -> None:
    original = (
        "Tell me about a time a critical product launch was slipping and you got it back on track."
    )
    reworded = (
        "Tell me about a time when a critical launch was slipping and how you got it on track."
    )
    [pair] = near_copies([original, reworded])
    assert pair.shared >= NEAR_COPY


def test_the_content_check_refuses_a_near_copy(tmp_path: Path) -> None:
    content = files()
    first = content["practice.yaml"]["questions"][0]
    first["prompt"] = "How would you measure whether a new browsing screen is working?"
    second = copy.deepcopy(first) | {"id": "q-2"}
    second["prompt"] = "How would you measure whether a new browsing screen works?"
    content["practice.yaml"]["questions"].append(second)
    [(file, field, reason)] = problems_in(tmp_path, content)
    assert (file, field) == ("practice.yaml", "questions.1.prompt")
    assert "questions.0 (q-1)" in reason
    assert "90%" in reason  # 9 of the shorter prompt's 10 words


def test_the_content_check_accepts_distinct_prompts(tmp_path: Path) -> None:
    content = files()
    content["practice.yaml"]["questions"] = [
        {
            "id": f"q-{i}",
            "roles": ["role-a"],
            "category": "execution",
            "prompt": prompt,
            "rubric": ["Covers one point.", "Covers another."],
            "source": SOURCE,
        }
        for i, prompt in enumerate(
            [
                "How would you measure whether a new browsing screen is working?",
                "An experiment lifted one metric and hurt another. Do you ship?",
                "Tell me about a time you changed your mind because of data.",
            ]
        )
    ]
    loaded = load_content(write(tmp_path, content))
    assert [q.id for q in loaded.questions] == ["q-0", "q-1", "q-2"]
