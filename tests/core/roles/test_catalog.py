from __future__ import annotations

import pytest

from core.roles.catalog import Catalog, UnknownRole


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("netflix-pm", "netflix-pm"),
        ("Netflix Product Manager", "netflix-pm"),
        ("AMZN PM", "amazon-pm"),
        ("netflix_pmm", "netflix-pmm"),
    ],
)
def test_ids_and_aliases_resolve(catalog: Catalog, typed: str, expected: str) -> None:
    assert catalog.resolve(typed).id == expected


def test_a_typo_suggests_the_nearest_roles(catalog: Catalog) -> None:
    with pytest.raises(UnknownRole) as raised:
        catalog.resolve("netflx-pm")
    assert raised.value.suggestions[0] == "netflix-pm"


def test_nonsense_suggests_nothing(catalog: Catalog) -> None:
    assert catalog.suggest("zzzzqqq") == []


def test_completion_matches_any_part_of_a_name(catalog: Catalog) -> None:
    assert {r.id for r in catalog.complete("amaz")} == {"amazon-pm"}
    assert {r.id for r in catalog.complete("")} == set(catalog.content.roles)
