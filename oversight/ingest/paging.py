"""Long flowing text (TXT, HTML, DOCX) cut into pages of bounded size, at line breaks.

A 200 MB text file as one page would make every later stage (normalising, matching, search, report) hold it
whole; pages of at most MAX_PAGE_CHARS keep each stage's memory flat, and quotes still cite a page.
"""

from __future__ import annotations

from collections.abc import Iterator

from oversight.ingest.base import Page

MAX_PAGE_CHARS = 1_000_000


def cut(text: str, limit: int = MAX_PAGE_CHARS) -> tuple[str, str]:
    """(head, rest): head is at most `limit` characters, ending at a line break where there is one."""
    if len(text) <= limit:
        return text, ""
    end = text.rfind("\n", 0, limit) + 1 or limit
    return text[:end], text[end:]


def flowing_pages(text: str, method: str, label: str | None = None, limit: int = MAX_PAGE_CHARS) -> Iterator[Page]:
    """Pages 1, 2, ... of a flowing text; one page unless the text is longer than `limit`."""
    number = 1
    rest = text
    while True:
        head, rest = cut(rest, limit)
        yield Page(number=number, text=head, method=method, label=label)
        if not rest:
            return
        number += 1
