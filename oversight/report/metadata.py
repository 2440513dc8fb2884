"""What a notice states about itself: title, buyer, supplier, project number, dates and amounts.

A reader of a report first wants to know which procurement a quote comes from. Buyer and supplier are the
labelled party fields the entities stage reads (`oversight.entities.fields`: 采购人：, 中标供应商名称：, a table
row `采购人<TAB>...`); project numbers, amounts and dates sit behind labels listed in `fields.yaml`, so a reviewer
extends them without touching code. Matching runs on the entities stage's length-preserving fold (traditional to
simplified, full-width to half-width), so every value is cut from the raw text exactly as the document writes it,
plus a parsed form (ISO date, amount in yuan) for sorting and charts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from oversight.entities.catalog import key, vocabulary
from oversight.entities.fields import find_fields
from oversight.entities.layout import split_lines
from oversight.text.fold import fold

_SEPARATOR = r"[ \t]*(?:\([^)\n]{0,24}\))?[ \t]*[:\t][ \t]*"
_VALUE_END = re.compile(r"[\t;,。]|\s{2,}")
_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})(?!\d)\s*日?")
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_MAKER_LABELS = ("brand", "brand_model", "manufacturer", "model")  # vendor fields naming a maker, not the supplier
_MAX_TITLE = 160
_MAX_DATES = 8


@dataclass(frozen=True, slots=True)
class Stated:
    """A value as the document states it, with where: the page and the label it followed."""

    label: str | None
    text: str
    page: int
    value: Any = None  # parsed form: ISO date string, amount in yuan


@dataclass(slots=True)
class Metadata:
    title: str | None = None
    buyer: Stated | None = None
    supplier: Stated | None = None
    project_number: Stated | None = None
    dates: list[Stated] = field(default_factory=list)
    amounts: list[Stated] = field(default_factory=list)
    is_award: bool = False

    @property
    def date(self) -> str | None:
        """The notice's own date: the first labelled date, else the first date it states."""
        labelled = [d for d in self.dates if d.label]
        chosen = labelled or self.dates
        return chosen[0].value if chosen else None

    @property
    def region(self) -> str | None:
        """The administrative area in the buyer's name (溪口县公安局 -> 溪口县): public bodies carry their area."""
        if not self.buyer:
            return None
        match = _patterns()["region"].match(fold(self.buyer.text))
        return self.buyer.text[: match.end(1)] if match else None

    def to_dict(self) -> dict[str, Any]:
        def one(stated: Stated | None) -> dict[str, Any] | None:
            return (
                None
                if stated is None
                else {"label": stated.label, "text": stated.text, "page": stated.page, "value": stated.value}
            )

        return {
            "title": self.title,
            "buyer": one(self.buyer),
            "supplier": one(self.supplier),
            "project_number": one(self.project_number),
            "dates": [one(d) for d in self.dates],
            "amounts": [one(a) for a in self.amounts],
            "is_award": self.is_award,
            "date": self.date,
            "region": self.region,
        }


@lru_cache(maxsize=1)
def _config() -> dict[str, Any]:
    return yaml.safe_load(resources.files("oversight.report").joinpath("fields.yaml").read_text(encoding="utf-8"))


def _alternatives(terms: Sequence[str]) -> str:
    """Folded terms as a regex alternation, longest first (项目编号 before 编号)."""
    return "|".join(re.escape(t) for t in sorted({fold(t) for t in terms}, key=len, reverse=True))


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    config = _config()
    label = r"(?:^|(?<=[\s、.)】]))({}){}"
    units = _alternatives(config["units"])
    currencies = _alternatives([c for c in config["currency_markers"] if len(c) > 1])
    return {
        "project_number": re.compile(
            label.format(_alternatives(config["project_number_labels"]), _SEPARATOR), re.IGNORECASE | re.MULTILINE
        ),
        "amount": re.compile(
            label.format(_alternatives(config["amount_labels"]), _SEPARATOR), re.IGNORECASE | re.MULTILINE
        ),
        "date": re.compile(_alternatives(config["date_labels"]), re.IGNORECASE),
        "unit": re.compile(rf"\s*(?:\(?\s*(?:{units})\s*\)?)?(?:\(?(?:{currencies})\)?)?", re.IGNORECASE),
        "region": re.compile(rf"^(.{{2,12}}?(?:{_alternatives(config['region_suffixes'])}))"),
    }


def extract(pages: Sequence[tuple[int, str]]) -> Metadata:
    """Metadata of a document from its (page number, raw text) pairs."""
    meta = Metadata()
    patterns = _patterns()
    for number, raw in pages:
        text = fold(raw)
        if meta.title is None:
            meta.title = _title(raw)
        if meta.buyer is None or meta.supplier is None:
            _parties(meta, raw, text, number)
        if meta.project_number is None:
            meta.project_number = _first_value(patterns["project_number"], raw, text, number)
        meta.amounts.extend(_amounts(patterns["amount"], raw, text, number))
        seen = {d.value for d in meta.dates}
        for stated in _dates(patterns["date"], raw, text, number):
            if stated.value not in seen and len(meta.dates) < _MAX_DATES:
                seen.add(stated.value)
                meta.dates.append(stated)
    title = fold(meta.title or "").lower()
    meta.is_award = any(fold(marker).lower() in title for marker in _config()["award_markers"])
    return meta


def _title(raw: str) -> str | None:
    for line in raw.splitlines():
        line = line.strip()
        if line:
            return line if len(line) <= _MAX_TITLE else line[: _MAX_TITLE - 1] + "…"
    return None


def _parties(meta: Metadata, raw: str, text: str, page: int) -> None:
    """The first buyer field, and the first vendor field that names the supplier (not a brand or maker)."""
    columns = vocabulary().columns
    for found in find_fields(text, split_lines(text)):
        at = text.rfind(found.label, 0, found.start)
        label = raw[at : at + len(found.label)] if at >= 0 else found.label
        stated = Stated(label=label, text=raw[found.start : found.end], page=page)
        if found.role == "buyer" and meta.buyer is None:
            meta.buyer = stated
        elif found.role == "vendor" and meta.supplier is None and columns.get(key(found.label)) not in _MAKER_LABELS:
            meta.supplier = stated


def _line_end(text: str, start: int) -> int:
    end = text.find("\n", start)
    return len(text) if end < 0 else end


def _first_value(pattern: re.Pattern[str], raw: str, text: str, page: int) -> Stated | None:
    for match in pattern.finditer(text):
        line_end = _line_end(text, match.end())
        stop = _VALUE_END.search(text, match.end(), line_end)
        value = raw[match.end() : stop.start() if stop else line_end].strip()
        if value:
            return Stated(label=raw[match.start(1) : match.end(1)], text=value, page=page)
    return None


def _amounts(pattern: re.Pattern[str], raw: str, text: str, page: int) -> list[Stated]:
    found = []
    for match in pattern.finditer(text):
        rest = text[match.end() : _line_end(text, match.end())]
        number = _NUMBER.search(rest)
        if not number:
            continue
        unit = _patterns()["unit"].match(rest, number.end())
        stop = match.end() + (unit.end() if unit else number.end())
        context = match.group(0) + rest[: number.end() + 12]
        found.append(
            Stated(
                label=raw[match.start(1) : match.end(1)],
                text=raw[match.end() : stop].strip(),
                page=page,
                value=_yuan(number.group(0), context),
            )
        )
    return found


def _yuan(number: str, context: str) -> float | None:
    """The amount in yuan when a unit or currency is written (in the value or the label); else None."""
    config = _config()
    value = float(number.replace(",", ""))
    for unit, factor in config["units"].items():
        if unit in context:
            return value * factor
    if any(fold(marker).lower() in context.lower() for marker in config["currency_markers"]):
        return value
    return None


def _dates(label_pattern: re.Pattern[str], raw: str, text: str, page: int) -> list[Stated]:
    found = []
    for match in _DATE.finditer(text):
        year, month, day = (int(g) for g in match.groups())
        if not (1 <= month <= 12 and 1 <= day <= 31):
            continue
        line_start = text.rfind("\n", 0, match.start()) + 1
        labels = list(label_pattern.finditer(text, max(line_start, match.start() - 24), match.start()))
        label = raw[labels[-1].start() : labels[-1].end()] if labels else None
        found.append(
            Stated(
                label=label,
                text=" ".join(raw[match.start() : match.end()].split()),
                page=page,
                value=f"{year:04d}-{month:02d}-{day:02d}",
            )
        )
    return found
