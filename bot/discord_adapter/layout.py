"""Lay a neutral reply out as pages (one page per embed) and pack them into messages.

Pure data, so that every Discord limit can be checked without a client: a title of 256
characters, a description of 4,096, 25 fields of 256 / 1,024, a footer of 2,048, 6,000
characters per embed and per message, 10 embeds per message. Text that does not fit is split
across fields, pages and messages; past `MAX_MESSAGES` it is shortened, with a note.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from core.kernel.fitting import clip, split
from core.kernel.reply import ComparisonSection, FieldsSection, Ref, RefKind, Reply, TextSection

TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FOOTER_LIMIT = 2048
FIELDS_PER_EMBED = 25
TOTAL_LIMIT = 6000
EMBEDS_PER_MESSAGE = 10
MAX_MESSAGES = 5

BLANK = "\u200b"
CONTINUED = " (continued)"
SHORTENED = "Shortened to fit Discord's limits."
SOURCES = "Sources"


@dataclass(frozen=True)
class PageField:
    name: str
    value: str
    inline: bool = False

    @property
    def size(self) -> int:
        return len(self.name) + len(self.value)


@dataclass
class Page:
    title: str | None = None
    description: str = ""
    fields: list[PageField] = field(default_factory=list)
    footer: str = ""
    image: str | None = None

    @property
    def size(self) -> int:
        return (
            len(self.title or "")
            + len(self.description)
            + sum(f.size for f in self.fields)
            + len(self.footer)
        )

    @property
    def empty(self) -> bool:
        return not self.description and not self.fields and self.image is None


def split_text(text: str, limit: int) -> list[str]:
    """Pieces of at most `limit` characters; an empty one is a blank, which Discord accepts."""
    return [piece or BLANK for piece in split(text, limit)]


class _Pages:
    def __init__(self, title: str) -> None:
        self.pages = [Page(title=clip(title, TITLE_LIMIT) if title.strip() else None)]

    @property
    def page(self) -> Page:
        return self.pages[-1]

    def start(self, heading: str | None) -> None:
        """Begin a section: on a fresh page titled with its heading, or on the title page."""
        if heading is None:
            if self.page.fields:
                self.pages.append(Page())
            return
        if len(self.pages) == 1 and self.page.empty:
            self.add_text(f"**{clip(heading, TITLE_LIMIT)}**")
        else:
            self.pages.append(Page(title=clip(heading, TITLE_LIMIT)))

    def add_text(self, text: str) -> None:
        for piece in split_text(text, DESCRIPTION_LIMIT):
            joined = f"{self.page.description}\n\n{piece}" if self.page.description else piece
            fits = (
                not self.page.fields
                and len(joined) <= DESCRIPTION_LIMIT
                and self.page.size - len(self.page.description) + len(joined) <= TOTAL_LIMIT
            )
            if fits:
                self.page.description = joined
            else:
                self.pages.append(Page(description=piece))

    def add_fields(self, group: list[PageField], heading: str | None) -> None:
        """Add fields that belong on one line together (a comparison row) to one page."""
        size = sum(f.size for f in group)
        page = self.page
        if len(page.fields) + len(group) > FIELDS_PER_EMBED or page.size + size > TOTAL_LIMIT:
            title = clip(heading + CONTINUED, TITLE_LIMIT) if heading else None
            self.pages.append(Page(title=title))
        self.page.fields.extend(group)

    def add_sources(self, sources: tuple[str, ...]) -> None:
        if not sources:
            return
        text = "\n".join(sources)
        if len(text) <= FOOTER_LIMIT and self.page.size + len(text) <= TOTAL_LIMIT:
            self.page.footer = text
            return
        for piece in split_text(text, DESCRIPTION_LIMIT):
            self.pages.append(Page(title=SOURCES, description=piece))


def _name(text: str) -> str:
    return clip(text, FIELD_NAME_LIMIT) if text.strip() else BLANK


def _key_value(name: str, value: str) -> list[PageField]:
    pieces = split_text(value, FIELD_VALUE_LIMIT)
    return [
        PageField(_name(name if i == 0 else name + CONTINUED), piece)
        for i, piece in enumerate(pieces)
    ]


def _comparison_rows(section: ComparisonSection) -> list[list[PageField]]:
    """Each row as a left/right pair of inline fields and a spacer that ends the line."""
    rows: list[list[PageField]] = []
    for row in section.rows:
        left = split_text(row.left, FIELD_VALUE_LIMIT)
        right = split_text(row.right, FIELD_VALUE_LIMIT)
        for i in range(max(len(left), len(right))):
            suffix = CONTINUED if i else ""
            rows.append(
                [
                    PageField(
                        _name(f"{row.label} · {section.left_title}{suffix}"),
                        left[i] if i < len(left) else BLANK,
                        inline=True,
                    ),
                    PageField(
                        _name(f"{row.label} · {section.right_title}{suffix}"),
                        right[i] if i < len(right) else BLANK,
                        inline=True,
                    ),
                    PageField(BLANK, BLANK, inline=True),
                ]
            )
    return rows


def lay_out(reply: Reply, images: Sequence[str] = ()) -> list[Page]:
    """The reply as pages; `images` (the attachment URLs of `reply.images`, in order) go on
    a page each."""
    pages = _Pages(reply.title)
    for section in reply.sections:
        pages.start(section.heading)
        if isinstance(section, TextSection):
            pages.add_text(section.rendered(reference))
        elif isinstance(section, FieldsSection):
            for pair in section.fields:
                for one in _key_value(pair.name, pair.rendered(reference)):
                    pages.add_fields([one], section.heading)
        else:
            for group in _comparison_rows(section):
                pages.add_fields(group, section.heading)
    for chart, image in zip(reply.images, images, strict=False):
        pages.pages.append(Page(title=clip(chart.title, TITLE_LIMIT), image=image))
    pages.add_sources(reply.sources)
    return pages.pages


def pack(pages: list[Page]) -> list[list[Page]]:
    """Pages grouped into messages of at most 10 embeds and 6,000 characters."""
    messages: list[list[Page]] = []
    current: list[Page] = []
    total = 0
    for page in pages:
        if current and (len(current) == EMBEDS_PER_MESSAGE or total + page.size > TOTAL_LIMIT):
            messages.append(current)
            current, total = [], 0
        current.append(page)
        total += page.size
    if current:
        messages.append(current)
    return _shorten(messages)


def _shorten(messages: list[list[Page]]) -> list[list[Page]]:
    if len(messages) <= MAX_MESSAGES:
        return messages
    kept = messages[:MAX_MESSAGES]
    last = kept[-1]
    last[-1].footer = SHORTENED
    while sum(p.size for p in last) > TOTAL_LIMIT:
        page = last[-1]
        if page.fields:
            page.fields.pop()
        elif len(page.description) > 1:
            page.description = page.description[: len(page.description) // 2]
        else:
            last.pop(-2)
    return kept


def reference(ref: Ref) -> str:
    """A channel or user as Discord links it; allowed_mentions keeps it from pinging."""
    return f"<#{ref.id}>" if ref.kind is RefKind.CHANNEL else f"<@{ref.id}>"
