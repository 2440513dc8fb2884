"""Labelled fields: `供应商名称：XX有限公司`, `purchaser (采购人): 青山区教育局`, or a row `采购人<TAB>东湖县公安局`.

The label says the role (vendor, buyer, other, or a model number to resolve). A generic label (`名称：`) takes its
role from the heading just above it (`1．采购人信息` / `2．采购代理机构信息`). The value ends at the end of the
line, a tab, a wide gap or a clause mark; a trailing `（盖章）` or address in brackets is left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from oversight.entities.catalog import key, vocabulary
from oversight.entities.layout import Line, line_at
from oversight.entities.tables import Header, headers
from oversight.text.chinese import HAN, HAN_CHAR

_BOUNDARY = r"""(?<![^\s|,;:.、()\[\]/"'“”《》「」0-9])"""
_AFTER_LABEL = r"[ ]*(?:\([^()\n]{0,24}\)[ ]*)?(?:/[ ]*[A-Za-z][A-Za-z ]{0,30}?[ ]*)?:[ ]*"
_CJK_STOP = re.compile(r"[\s,;。、!?]")
_LATIN_STOP = re.compile(r"\s{2,}|[;!?]| \(")
_BRACKETS = re.compile(r"\([^()]*\)?")
_LETTER = re.compile(f"[A-Za-z{HAN}]")


@dataclass(frozen=True, slots=True)
class Field:
    """A labelled value: its role, the label as written, and the value's span on the page."""

    role: str  # supplier | maker | buyer | agent | other | model
    label: str
    start: int
    end: int


@lru_cache(maxsize=1)
def _label_pattern() -> re.Pattern[str]:
    labels = sorted(set(vocabulary().field_roles) | vocabulary().generic_fields, key=len, reverse=True)
    alternation = "|".join(_spaced(label) for label in labels)
    return re.compile(rf"{_BOUNDARY}(?P<label>{alternation}){_AFTER_LABEL}(?P<value>[^\n\t|]*)", re.IGNORECASE)


def _spaced(label: str) -> str:
    """A Han label may be set with spaces between its characters (`采 购 人`), as cover pages do."""
    if all(HAN_CHAR.match(c) for c in label):
        return "[ ]{0,4}".join(re.escape(c) for c in label)
    return re.escape(label)


def find_fields(text: str, lines: list[Line], heads: dict[int, Header] | None = None) -> list[Field]:
    """Every labelled value on a folded page, in order; `heads`: the page's table headers, if known."""
    heads = headers(text, lines) if heads is None else heads
    found = [f for f in (_inline(m, text, lines) for m in _label_pattern().finditer(text)) if f]
    for line in lines if "\t" in text or "|" in text else ():
        if line.separated and line.number not in heads:
            found.extend(_cell_pairs(line, text, lines))
    return sorted(found, key=lambda f: f.start)


def _inline(match: re.Match[str], text: str, lines: list[Line]) -> Field | None:
    span = value_span(text, match.start("value"), match.end("value"))
    if span is None:
        return None
    label = "".join(match.group("label").split()) if HAN_CHAR.match(match.group("label")) else match.group("label")
    role = _role(label, lines, line_at(lines, match.start()))
    return Field(role, label, *span) if role else None


def _cell_pairs(line: Line, text: str, lines: list[Line]) -> list[Field]:
    found = []
    for label, value in zip(line.cells, line.cells[1:]):
        name = label.text.rstrip(":").strip()
        if key(name) not in vocabulary().field_roles and key(name) not in vocabulary().generic_fields:
            continue
        span = value_span(text, value.start, value.end)
        role = _role(name, lines, line.number)
        if span and role:
            found.append(Field(role, name, *span))
    return found


def _role(label: str, lines: list[Line], line_index: int) -> str | None:
    folded = key(label)
    if folded in vocabulary().field_roles:
        return vocabulary().field_roles[folded]
    for line in reversed(lines[max(0, line_index - vocabulary().heading_window) : line_index]):
        for term, role in vocabulary().headings:
            if term in line.text:
                return role
    return None


def value_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The name inside a field value at text[start:end), or None when the value names nobody."""
    value = text[start:end]
    lead = len(value) - len(value.lstrip())
    value = value.strip()
    start += lead
    if not value:
        return None
    han = HAN_CHAR.search(value.split(maxsplit=1)[0])  # `**市**学校 地址:…`: a Han name, whatever opens it
    stop = (_CJK_STOP if han else _LATIN_STOP).search(value)
    if stop:
        value = value[: stop.start()]
    value = _drop_bracket_tail(value)
    value = _cut_after_terminal(value)
    value = _trim_punctuation(value)
    if not _is_name(value):
        return None
    return start, start + len(value)


def _drop_bracket_tail(value: str) -> str:
    """`XX有限公司（盖章）` -> `XX有限公司`; `XX（香港）有限公司` keeps its inner bracket; `（盖章）` names no one."""
    open_at = value.find("(")
    if open_at < 0:
        return value
    if open_at == 0:
        return ""
    close_at = value.find(")", open_at)
    head = value[:open_at]
    ends_named = head.endswith(_suffixes())
    if close_at < 0 or ends_named or close_at == len(value) - 1 or close_at - open_at > 8:
        return head.rstrip()
    return value


def _cut_after_terminal(value: str) -> str:
    """`Acme Co., Ltd. distributor sheet` -> `Acme Co., Ltd.`: nothing after a closing legal form is the name."""
    for match in _terminal_pattern().finditer(value):
        if match.start() > 0:  # a legal form closes a name only after the name itself
            return value[: match.end()] if value[match.end() :].strip() else value
    return value


@lru_cache(maxsize=1)
def _terminal_pattern() -> re.Pattern[str]:
    words = "|".join(re.escape(t) for t in vocabulary().english_terminal)
    return re.compile(rf"\b(?:{words})(?=\s|$)")


def _trim_punctuation(value: str) -> str:
    if value.endswith(vocabulary().english_company_suffixes):
        return value
    return value.rstrip(".,:;-_ ")


def _is_name(value: str) -> bool:
    vocab = vocabulary()
    han = bool(HAN_CHAR.search(value))
    if len(value) < 2 or len(value) > (vocab.max_name_chars if han else vocab.max_latin_name_chars):
        return False
    if not _LETTER.search(value) or value.startswith("_"):
        return False
    folded = key(value)
    bare = _BRACKETS.sub("", folded).strip()  # `乙方（盖章）` is the next label, not a name
    if {folded, bare} & (vocab.placeholders | set(vocab.columns) | set(vocab.field_roles) | vocab.non_parties):
        return False
    if any(w in folded for w in vocab.placeholder_words) or bare.endswith(vocab.form_words):
        return False
    if folded.startswith(vocab.placeholder_starts) or any(m in value.lower() for m in vocab.person_markers):
        return False
    # A long Han value names someone when a legal form or an organisation word stands in it (`…股份有限公司一矿`).
    organisation = _suffixes() + vocab.field_organisation_words
    return not han or len(value) <= vocab.max_bare_name_chars or any(s in value for s in organisation)


@lru_cache(maxsize=1)
def _suffixes() -> tuple[str, ...]:
    vocab = vocabulary()
    return vocab.company_suffixes + vocab.government_suffixes
