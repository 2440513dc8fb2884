"""HTML pages: the main content of a notice as lines of text, tables as tab-separated rows.

Procurement portals wrap a notice's body in a known container (ccgp.gov.cn: `div.vF_detail_content`); those
selectors are tried first. Elsewhere the body is found by descending from <body> into the child that holds
nearly all of the non-link text: navigation menus (all links) and short footers fall away, while a descent that
would leave real text behind is not taken, since a missed sentence costs more than a stray menu line.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import cast

import lxml.html
from lxml import etree

from oversight.errors import IngestError
from oversight.ingest.base import Ingestor, Options, Page
from oversight.ingest.paging import flowing_pages
from oversight.ingest.txt import decode_text

# Containers of a notice's body on known portals and CMSs, most specific first ("tag.class", "#id" or "tag").
MAIN_SELECTORS: tuple[str, ...] = (
    "div.vF_detail_content",  # ccgp.gov.cn and the provincial portals built on it
    "div.TRS_Editor",  # TRS WCM, the CMS behind many government sites
    "#UCAP-CONTENT",  # Ucap CMS (gov.cn policy pages)
    "#zoom",  # the font-size "zoom" body of many government article pages
    "article",
    "main",
)


def _xpath(selector: str) -> etree.XPath:
    """The XPath for one of the simple selector forms MAIN_SELECTORS uses."""
    if selector.startswith("#"):
        return etree.XPath(f"//*[@id='{selector[1:]}']")
    tag, _, cls = selector.partition(".")
    if cls:
        return etree.XPath(f"//{tag or '*'}[contains(concat(' ', normalize-space(@class), ' '), ' {cls} ')]")
    return etree.XPath(f"//{tag}")


_MAIN_XPATHS = tuple(_xpath(selector) for selector in MAIN_SELECTORS)
_DROP = ("script", "style", "noscript", "template", "iframe", "object", "svg", "head")
_BLOCKS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "html",
        "legend",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "title",
        "tr",
        "ul",
    ]
)
_DESCEND_INTO = frozenset(("div", "section", "article", "main", "center", "form", "td"))
_MAX_LEFT_OUT = 0.15  # non-link text that descending into one child may leave behind, as a share of the parent's
_SPACES = re.compile(r"[ \t\n\r\f]+")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_TOO_DEEP = etree.ErrorTypes.ERR_RESOURCE_LIMIT
_TREE_CHARS = 16_000_000  # larger pages are read by the flat scan: a tree would cost ten times their size
# A tag (group 1: "/" for an end tag, group 2: its name), a comment or declaration, or a run of text.
_TOKEN = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)\b[^>]*>|<!--.*?(?:-->|$)|<[!?][^>]*>|[^<]+|<", re.DOTALL)
_SNIFF = (b"<!doctype html", b"<html", b"<head", b"<body")


class HtmlIngestor(Ingestor):
    MEDIA_TYPES = ("text/html",)
    EXTENSIONS = ("html", "htm", "xhtml", "shtml")
    FTM_SCHEMA = "HyperText"
    LABEL = "an HTML page"
    KIND = "web page"
    SCORE = 10

    @classmethod
    def score(cls, path: Path, head: bytes) -> int:
        """Markup at the start of the file beats the extension: portals serve HTML saved as .doc or .xls."""
        start = head[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        if start.startswith(_SNIFF) or (start.startswith(b"<") and b"<html" in start):
            return cls.SCORE * 2
        return super().score(path, head)

    def pages(self, path: Path, options: Options) -> Iterator[Page]:
        data = path.read_bytes()
        declared = _META_CHARSET.search(data[:4096])
        markup, codec = decode_text(data, declared.group(1).decode("ascii", "replace") if declared else None)
        del data
        text = flat_text(markup) if len(markup) > _TREE_CHARS else html_text(markup)
        del markup
        if not text.strip():
            raise IngestError("HTML page has no text")
        yield from flowing_pages(text, "html", codec)


def html_text(markup: str) -> str:
    """The page's title and main content as text: block elements end lines, table rows are tab-separated.

    libxml2 stops building the tree at 2,048 levels of nesting and drops the rest without failing; a page that
    deep is read by a flat scan of its tags instead (all of its text, no main-content selection), so no text
    is lost however deep the markup goes.
    """
    parser = lxml.html.HTMLParser(huge_tree=True)  # without it libxml2 silently drops text below depth 255
    try:
        root = lxml.html.document_fromstring(_XML_DECLARATION.sub("", markup, count=1), parser=parser)
    except (etree.ParserError, ValueError) as exc:
        if "depth" in str(exc).lower():
            return flat_text(markup)
        raise IngestError(f"unparseable HTML ({exc})") from None
    if any(error.type == _TOO_DEEP for error in parser.error_log):
        return flat_text(markup)
    title = " ".join(root.findtext(".//title", "").split())
    for element in list(root.iter(*_DROP)):
        cast(lxml.html.HtmlElement, element).drop_tree()
    writer = _Writer()
    writer.render(main_content(root))
    body = writer.text()
    return f"{title}\n{body}" if title and title not in body else body


def main_content(root: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """The element holding the page's main content: a known container, else the densest block."""
    sizes = _text_sizes(root)
    for xpath in _MAIN_XPATHS:
        found = [e for e in cast(list[lxml.html.HtmlElement], xpath(root)) if sizes.get(e)]
        if found:
            return max(found, key=sizes.__getitem__)
    element = root.find("body")
    if element is None:
        return root
    while True:
        size = sizes[element]
        children = [c for c in element if isinstance(c.tag, str) and c.tag in _DESCEND_INTO]
        best = max(children, key=sizes.__getitem__, default=None)
        if best is None or size - sizes[best] > size * _MAX_LEFT_OUT:
            return element
        element = best


def _text_sizes(root: lxml.html.HtmlElement) -> dict[lxml.html.HtmlElement, int]:
    """Characters of text outside links for every element, in one walk (linear however deep the page nests):
    navigation is mostly links, content mostly not."""
    sizes: dict[lxml.html.HtmlElement, int] = {}
    for _, element in etree.iterwalk(root, events=("end",)):
        if element.tag == "a":
            sizes[element] = 0
            continue
        own = len(element.text.strip()) if isinstance(element.tag, str) and element.text else 0
        sizes[element] = own + sum(sizes.get(c, 0) + len((c.tail or "").strip()) for c in element)
    return sizes


class _Writer:
    """Builds lines from a tree walk: inline text joins, block boundaries and <br> end the current line."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.current: list[str] = []
        self.preformatted = 0  # depth inside <pre>, where line breaks are content

    def render(self, root: lxml.html.HtmlElement) -> None:
        """Walk without recursion (pages can nest thousands of elements deep); the root's own tail is not its."""
        walk = etree.iterwalk(root, events=("start", "end"))
        for event, element in walk:
            tag = element.tag if isinstance(element.tag, str) else None  # comments, processing instructions
            if event == "start":
                if tag in _BLOCKS or tag == "br":
                    self.end_line()
                if tag == "table":
                    self.table(element)
                    walk.skip_subtree()
                    continue
                self.preformatted += tag == "pre"
                if tag is not None and element.text:
                    self.inline(element.text)
                continue
            self.preformatted -= tag == "pre"
            if tag in _BLOCKS:
                self.end_line()
            if element.tail and element is not root:
                self.inline(element.tail)

    def table(self, table: lxml.html.HtmlElement) -> None:
        for row in table.iter("tr"):
            if next(row.iterancestors("table")) is not table:
                continue  # a nested table's row: it is rendered inside its cell
            cells = [_cell_text(cell) for cell in row if cell.tag in ("td", "th")]
            if any(cells):
                self.lines.append("\t".join(cells))

    def inline(self, text: str) -> None:
        if self.preformatted:
            first, *rest = text.split("\n")
            self.current.append(first)
            for line in rest:
                self.end_line()
                self.current.append(line)
        else:
            self.current.append(_SPACES.sub(" ", text))

    def end_line(self) -> None:
        line = "".join(self.current).strip(" ")
        if line:
            self.lines.append(line)
        self.current.clear()

    def text(self) -> str:
        self.end_line()
        return "\n".join(self.lines)


def flat_text(markup: str) -> str:
    """All text of a page from a flat scan of its tags: blocks end lines, cells are tab-separated.

    Used where a tree cannot be built; it keeps no nesting, so no depth can defeat it.
    """
    writer = _Writer()
    title: list[str] = []
    skip_until: str | None = None
    in_title = False
    for match in _TOKEN.finditer(markup):
        closing, tag = match.group(1), (match.group(2) or "").lower()
        if skip_until is not None:
            skip_until = None if closing and tag == skip_until else skip_until
            continue
        if tag:
            in_title = tag == "title" and not closing
            if not closing and tag in _DROP and tag != "head":
                skip_until = tag
            elif tag in ("td", "th") and not closing and writer.current:
                writer.current.append("\t")
            elif (tag in _BLOCKS and tag not in ("td", "th")) or tag == "br":
                writer.end_line()
        elif not match.group().startswith("<") or match.group() == "<":
            text = html.unescape(match.group())
            (title.append(text) if in_title else writer.inline(text))
    body = writer.text()
    heading = " ".join("".join(title).split())
    return f"{heading}\n{body}" if heading and heading not in body else body


def _cell_text(cell: lxml.html.HtmlElement) -> str:
    """A cell on one line: its own lines (nested tables included) joined by spaces."""
    writer = _Writer()
    writer.render(cell)
    writer.end_line()
    return " ".join(writer.lines).replace("\t", " ")
