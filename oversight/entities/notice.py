"""What a notice states about itself: title, kind, buyer, supplier, project number, dates and amounts.

A reader first wants to know which procurement a quote comes from, and a search wants to filter by the notice's
own date, not the day a file was stored; so this runs once per document at scan time and its result is stored
(`oversight.store.notices`). Buyer and supplier are the labelled party fields the entities stage reads
(`fields.find_fields`: 采购人：, 中标供应商名称：, a table row `采购人<TAB>...`); project numbers, amounts, dates and
the words that tell a notice's kind are in `data/notice.yaml`, so a reviewer extends them without touching code.
Matching runs on the length-preserving fold (traditional to simplified, full-width to half-width), so every value
is cut from the raw text exactly as the document writes it, plus a parsed form (ISO date, amount in yuan).
Dates are read as 2023年5月6日, 2023-05-06, 2023/5/6, 二〇二三年五月六日 and 6 May 2023; amounts in figures with
万元/亿元/¥ and in words (大写: 壹佰贰拾万元整).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any, Literal, cast, get_args

import yaml

from oversight.entities.catalog import key, vocabulary
from oversight.entities.fields import find_fields
from oversight.entities.layout import split_lines
from oversight.entities.notice_version import version as version
from oversight.text.fold import fold

Kind = Literal[
    "correction", "termination", "award", "contract", "intent", "tender", "test-report", "specification", "other"
]
KINDS: tuple[Kind, ...] = get_args(Kind)
_SEPARATOR = r"[ \t]*(?:\([^)\n]{0,24}\))?[ \t]*[:\t][ \t]*"
_VALUE_END = re.compile(r"[\t;,。]|\s{2,}")
_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})(?!\d)\s*日?")
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_MAKER_LABELS = ("brand", "brand_model", "manufacturer", "model")  # vendor fields naming a maker, not the supplier
_MAX_TITLE = 160
_MAX_DATES = 8
_HEAD = 300  # characters of the first page that may tell the kind when the title does not


@dataclass(frozen=True, slots=True)
class Stated:
    """A value as the document states it, with where: the page and the label it followed."""

    label: str | None
    text: str
    page: int
    value: Any = None  # parsed form: ISO date string, amount in yuan

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "text": self.text, "page": self.page, "value": self.value}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Stated | None:
        return None if data is None else cls(data.get("label"), data["text"], data["page"], data.get("value"))


@dataclass(slots=True)
class Metadata:
    title: str | None = None
    kind: Kind = "other"
    buyer: Stated | None = None
    supplier: Stated | None = None
    project_number: Stated | None = None
    dates: list[Stated] = field(default_factory=list)
    amounts: list[Stated] = field(default_factory=list)

    @property
    def is_award(self) -> bool:
        return self.kind == "award"

    @property
    def date(self) -> str | None:
        """The notice's own date: the first labelled date, else the first date it states."""
        labelled = [d for d in self.dates if d.label]
        chosen = labelled or self.dates
        return chosen[0].value if chosen else None

    @property
    def amount(self) -> float | None:
        """The first amount stated in yuan."""
        return next((a.value for a in self.amounts if a.value is not None), None)

    @property
    def region(self) -> str | None:
        """The administrative area in the buyer's name (溪口县公安局 -> 溪口县): public bodies carry their area."""
        if not self.buyer:
            return None
        match = _patterns()["region"].match(fold(self.buyer.text))
        return self.buyer.text[: match.end(1)] if match else None

    def to_dict(self) -> dict[str, Any]:
        def one(stated: Stated | None) -> dict[str, Any] | None:
            return None if stated is None else stated.to_dict()

        return {
            "title": self.title,
            "kind": self.kind,
            "buyer": one(self.buyer),
            "supplier": one(self.supplier),
            "project_number": one(self.project_number),
            "dates": [d.to_dict() for d in self.dates],
            "amounts": [a.to_dict() for a in self.amounts],
            "is_award": self.is_award,
            "date": self.date,
            "region": self.region,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Metadata:
        """The inverse of `to_dict` (derived keys are recomputed, not read)."""
        kind = data.get("kind")
        return cls(
            title=data.get("title"),
            kind=cast(Kind, kind) if kind in KINDS else "other",
            buyer=Stated.from_dict(data.get("buyer")),
            supplier=Stated.from_dict(data.get("supplier")),
            project_number=Stated.from_dict(data.get("project_number")),
            dates=[s for d in data.get("dates") or () if (s := Stated.from_dict(d))],
            amounts=[s for a in data.get("amounts") or () if (s := Stated.from_dict(a))],
        )


@lru_cache(maxsize=1)
def _config() -> dict[str, Any]:
    text = resources.files("oversight.entities").joinpath("data", "notice.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    unknown = set(data["kinds"]) - set(KINDS)
    if unknown:
        raise ValueError(f"notice.yaml: kinds: unknown kind {sorted(unknown)} (one of: {', '.join(KINDS)})")
    return data


def _alternatives(terms: Sequence[str]) -> str:
    """Folded terms as a regex alternation, longest first (项目编号 before 编号)."""
    return "|".join(re.escape(t) for t in sorted({fold(t) for t in terms}, key=len, reverse=True))


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    config = _config()
    label = r"(?:^|(?<=[\s、.)】]))({}){}"
    units = _alternatives(config["units"])
    currencies = _alternatives([c for c in config["currency_markers"] if len(c) > 1])
    words = "".join(sorted({*config["numerals"], *config["places"], *config["sections"]}))
    money = "".join(config["money_units"])
    months = _alternatives(config["months"])
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
        "words": re.compile(rf"[{words}][{words}{money}]*[{money}][{words}{money}{''.join(config['money_close'])}]*"),
        "word_date": re.compile(rf"([{words}]{{4}})\s*年\s*([{words}]{{1,3}})\s*月\s*([{words}]{{1,4}})\s*日"),
        "day_month": re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({months})\.?,?\s+((?:19|20)\d{{2}})\b", re.I),
        "month_day": re.compile(rf"\b({months})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+((?:19|20)\d{{2}})\b", re.I),
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
    meta.kind = kind_of(meta.title or "", fold(pages[0][1][:_HEAD]) if pages else "")
    return meta


def kind_of(title: str, head: str) -> Kind:
    """The first kind whose marker is in the title, else in the first lines; `other` when none is."""
    kinds: dict[str, list[str]] = _config()["kinds"]
    for text in (fold(title).lower(), head.lower()):
        for kind, markers in kinds.items():
            if any(fold(marker).lower() in text for marker in markers):
                return cast(Kind, kind)
    return "other"


def _title(raw: str) -> str | None:
    """The first line that has a word in it (page numbers such as `- 1 -` are skipped)."""
    for line in raw.splitlines():
        line = line.strip()
        if any(ch.isalpha() for ch in line):
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
        elif found.role == "supplier" and meta.supplier is None and columns.get(key(found.label)) not in _MAKER_LABELS:
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
        number, words = _NUMBER.search(rest), _patterns()["words"].search(rest)
        if words and (number is None or words.start() < number.start()):
            value, stop = words_to_yuan(words.group(0)), words.end()
        elif number:
            unit = _patterns()["unit"].match(rest, number.end())
            stop = unit.end() if unit else number.end()
            value = _yuan(number.group(0), match.group(0) + rest[: number.end() + 12])
        else:
            continue
        text_of = raw[match.end() : match.end() + stop].strip()
        found.append(Stated(label=raw[match.start(1) : match.end(1)], text=text_of, page=page, value=value))
    return found


def _yuan(number: str, context: str) -> float | None:
    """The amount in yuan when a unit or currency is written (in the value or the label); else None."""
    config = _config()
    value = float(number.replace(",", ""))
    for unit, factor in config["units"].items():
        if unit in context:
            return float(value * factor)
    if any(fold(marker).lower() in context.lower() for marker in config["currency_markers"]):
        return value
    return None


def words_to_number(words: str) -> int:
    """A number written in Chinese numerals (壹佰贰拾万 -> 1200000, 二十一 -> 21, 二〇二三 as digits -> 2023)."""
    config = _config()
    numerals, places, sections = config["numerals"], config["places"], config["sections"]
    if len(words) > 1 and all(ch in numerals for ch in words):  # digit by digit: 二〇二三
        return int("".join(str(numerals[ch]) for ch in words))
    total = section = digit = 0
    for ch in words:
        if ch in numerals:
            digit = numerals[ch]
        elif ch in places:
            section += (digit or 1) * places[ch]
            digit = 0
        elif ch in sections:
            section += digit
            total = (total + section) * sections[ch] if sections[ch] > 10000 else total + section * sections[ch]
            section = digit = 0
    return total + section + digit


def words_to_yuan(words: str) -> float | None:
    """An amount in words (人民币壹佰贰拾万元整 -> 1200000.0): the number before each money unit, scaled by it."""
    units: dict[str, float] = _config()["money_units"]
    total, start = 0.0, 0
    for position, ch in enumerate(words):
        if ch in units:
            total += words_to_number(words[start:position]) * units[ch]
            start = position + 1
    return round(total, 2) if total else None


def _dates(label_pattern: re.Pattern[str], raw: str, text: str, page: int) -> list[Stated]:
    found = []
    for start, end, value in sorted(_date_spans(text)):
        line_start = text.rfind("\n", 0, start) + 1
        labels = list(label_pattern.finditer(text, max(line_start, start - 24), start))
        label = raw[labels[-1].start() : labels[-1].end()] if labels else None
        found.append(Stated(label=label, text=" ".join(raw[start:end].split()), page=page, value=value))
    return found


def _date_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, ISO date) of every valid date written in figures, in Chinese numerals or in English."""
    patterns, months = _patterns(), _config()["months"]
    spans: list[tuple[re.Match[str], int, int, int]] = []
    for match in _DATE.finditer(text):
        spans.append((match, int(match[1]), int(match[2]), int(match[3])))
    for match in patterns["word_date"].finditer(text):
        spans.append((match, words_to_number(match[1]), words_to_number(match[2]), words_to_number(match[3])))
    for match in patterns["day_month"].finditer(text):
        spans.append((match, int(match[3]), months[match[2].lower()], int(match[1])))
    for match in patterns["month_day"].finditer(text):
        spans.append((match, int(match[3]), months[match[1].lower()], int(match[2])))
    found = []
    for match, year, month, day in spans:
        iso = _iso(year, month, day)
        if iso:
            found.append((match.start(), match.end(), iso))
    return found


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat() if 1900 <= year <= 2099 else None
    except ValueError:
        return None


def stored_form(pages: Sequence[tuple[int, str]]) -> dict[str, Any]:
    """What the store keeps of a document's notice: the flat values search filters on, and the whole Metadata."""
    meta = extract(pages)
    return {
        "title": meta.title,
        "kind": meta.kind,
        "buyer": meta.buyer.text if meta.buyer else None,
        "supplier": meta.supplier.text if meta.supplier else None,
        "project_number": meta.project_number.text if meta.project_number else None,
        "document_date": meta.date,
        "amount": meta.amount,
        "metadata": meta.to_dict(),
    }


def from_stored(data: dict[str, Any]) -> Metadata:
    """The Metadata of a stored form."""
    return Metadata.from_dict(data["metadata"])
