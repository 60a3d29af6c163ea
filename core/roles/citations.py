"""Source marks and footnotes: each article keeps one number everywhere, its place in the
list of articles, so a reader can follow a mark from any view of any reply."""

from __future__ import annotations

from collections.abc import Mapping

from core.content.models import Article, Source

_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def superscript(number: int) -> str:
    return str(number).translate(_SUPERSCRIPT)


class Citations:
    """Marks sources as it goes and lists, at the end, the articles it marked."""

    def __init__(self, articles: Mapping[str, Article]) -> None:
        self._numbers = {article_id: i for i, article_id in enumerate(articles, 1)}
        self._articles = articles
        self._used: set[str] = set()

    def number(self, article_id: str) -> int:
        return self._numbers[article_id]

    def mark(self, source: Source) -> str:
        """`¹`, or `(Levels.fyi, 2026) ¹` when the article names where a figure comes from."""
        self._used.add(source.article)
        sign = superscript(self.number(source.article))
        origin = ", ".join(str(part) for part in (source.origin, source.year) if part)
        return f"({origin}) {sign}" if origin else sign

    def sign(self, article_id: str) -> str:
        """The bare mark of an article: `²`."""
        self._used.add(article_id)
        return superscript(self.number(article_id))

    def article(self, article_id: str) -> str:
        """A reference to a whole article in running text: `² Amazon vs Netflix PM`."""
        self._used.add(article_id)
        return f"{superscript(self.number(article_id))} {self._articles[article_id].short}"

    def notes(self) -> tuple[str, ...]:
        """One footnote per article marked, in number order, with the article's full title."""
        used = sorted(self._used, key=self.number)
        return tuple(f"{superscript(self.number(a))} {self._articles[a].title}" for a in used)
