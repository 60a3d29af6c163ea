"""Numbered source notes, so a reply can cite each fact briefly and list sources once."""

from __future__ import annotations

from core.content.models import Article, Source


class Citations:
    def __init__(self, articles: dict[str, Article]) -> None:
        self._articles = articles
        self._numbers: dict[str, int] = {}

    def mark(self, source: Source) -> str:
        label = self._label(source)
        number = self._numbers.setdefault(label, len(self._numbers) + 1)
        return f"[{number}]"

    def notes(self) -> tuple[str, ...]:
        return tuple(f"[{n}] {label}" for label, n in self._numbers.items())

    def _label(self, source: Source) -> str:
        article = self._articles[source.article]
        origin = ", ".join(str(p) for p in (source.origin, source.year) if p)
        return f"{article.short}, citing {origin}" if origin else article.short
