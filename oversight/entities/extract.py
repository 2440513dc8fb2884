"""Extract vendor, buyer, chip and other-party mentions from one page.

Evidence comes in a fixed order of strength: item-table rows first (a brand cell with its model beside it), then
labelled fields, then model numbers and chips in running text, then names found only by their legal form. A span
explained by a stronger reading is not read again by a weaker one, so each place on the page yields one mention.
All matching runs on the folded page (same length as the raw text), and every span is quoted from the raw text.
"""

from __future__ import annotations

import re
from dataclasses import replace

from oversight.entities.catalog import Family, award_of
from oversight.entities.cues import apply_cues, is_agency
from oversight.entities.fields import Field, find_fields
from oversight.entities.known import Dictionary, dictionary
from oversight.entities.layout import Cell, compact, split_lines
from oversight.entities.names import find_names
from oversight.entities.products import alias_before, chip_hits, maker_chip_word, maker_in, model_hits
from oversight.entities.qualifiers import brand_cell, same_maker
from oversight.entities.records import Evidence, Mention, Role
from oversight.entities.tables import Row, headers, read_rows
from oversight.entities.zones import clause_spans, in_spans
from oversight.text.fold import fold

_MODEL_AFTER_SPACE = re.compile(r" (?=[A-Za-z0-9][\w./+-]*\d)")  # a space before a model-like word
KIND_OF_ROLE: dict[str, str] = {"buyer": "buyer", "agent": "agent", "supplier": "vendor", "maker": "vendor"}


def extract_page(page: int, raw: str, known: Dictionary | None = None) -> list[Mention]:
    """Every mention on a page, in page order; `known` is the dictionary of known names (default: the brands)."""
    text = fold(raw)
    lines = split_lines(text)
    heads = headers(text, lines)
    found = _Found(page, raw)
    for index, header in heads.items():
        for row in read_rows(lines, index, header, heads):
            found.add_row(row)
    for field in find_fields(text, lines, heads):
        found.add_field(field, text)
    for hit in model_hits(text):
        found.add(found.model(hit.start, hit.end, hit.family, "model"))
    for hit in chip_hits(text):
        found.add(
            found.chip(
                alias_before(text, hit.start, hit.family),
                hit.end,
                hit.family.maker,
                hit.family.origin,
                f"chip:{hit.family.id}",
                raw[hit.start : hit.end],
            )
        )
    for maker, start, end in maker_chip_word(text):
        found.add(found.chip(start, end, maker.name, maker.origin, f"chip:{maker.id}", None))
    for named in (known or dictionary()).find(text):
        entry = named.name
        mention = found.mention(entry.role, "running-text", named.start, named.end, f"known:{entry.source}")
        found.add(replace(mention, names=(entry.maker,)) if entry.maker else mention)
    for name in sorted(find_names(text), key=lambda n: n.start - n.end):  # longest first among overlaps
        # A legal form alone says an organisation is named, not that it is a party: its role comes from a
        # labelled occurrence, a cue around it, or nowhere (other).
        found.add(found.mention("other", "running-text", name.start, name.end, f"suffix:{name.suffix}"))
    clauses = clause_spans(text)
    mentions = [
        _as_context(m) if m.evidence != "item-table" and in_spans(m.start, m.end, clauses) else m
        for m in found.mentions
    ]
    return sorted(apply_cues(page, raw, text, mentions), key=lambda m: (m.start, m.end))


def _as_context(m: Mention) -> Mention:
    """A mention inside a standard clause names no party of this purchase."""
    return replace(m, zone="clause", role="other", kind="chip" if m.kind == "chip" else "other")


class _Found:
    """Mentions collected so far on one page, and the spans they explain."""

    def __init__(self, page: int, raw: str) -> None:
        self.page = page
        self.raw = raw
        self.mentions: list[Mention] = []
        self.taken: list[tuple[int, int]] = []

    def mention(self, role: Role, evidence: Evidence, start: int, end: int, source: str) -> Mention:
        kind = KIND_OF_ROLE.get(role, "other")
        return Mention(self.page, kind, start, end, self.raw[start:end], source, role=role, evidence=evidence)

    def model(self, start: int, end: int, family: Family, how: str) -> Mention:
        """A maker known by its model number alone."""
        evidence: Evidence = "labelled-field" if how == "field" else "model-number"
        return replace(
            self.mention("maker", evidence, start, end, f"{how}:{family.id}"),
            model=self.raw[start:end],
            maker=family.maker,
            names=family.names,
        )

    def chip(self, start: int, end: int, maker: str, origin: str | None, source: str, model: str | None) -> Mention:
        """A chip: its maker is a maker of what is bought (kind `chip`, evidence `chip`)."""
        return replace(
            self.mention("maker", "chip", start, end, source),
            kind="chip",
            model=model,
            maker=maker,
            origin=origin,
            names=(maker,),
        )

    def free(self, start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in self.taken)

    def add(self, mention: Mention, *also: tuple[int, int]) -> None:
        """Keep `mention` unless a stronger reading already explains its span; `also` marks more spans taken."""
        if not self.free(mention.start, mention.end):
            return
        self.mentions.append(mention)
        self.taken.append((mention.start, mention.end))
        self.taken.extend(also)

    def add_row(self, row: Row) -> None:
        """A brand or manufacturer cell is a vendor, or a chip when it names a chip maker; an empty brand cell
        leaves the model number to name its maker."""
        cells = dict(row.cells)
        if "brand_model" in cells:
            cells.update(_split_brand_model(cells.pop("brand_model")))
        elif "brand" in cells and not cells.get("model"):  # `华为 S5735S-L24T4S-A` under 品牌: brand and model
            cells.update(_split_brand_model(cells["brand"]))
        model = cells.get("model")
        model_text = self.raw[model.start : model.end] if model else None
        chip = chip_hits(model.text, row.text) if model else []
        family = model_hits(model.text) if model else []
        model_span = [(model.start, model.end)] if model else []
        chip_named = False
        for role in ("brand", "manufacturer"):
            cell = brand_cell(cells.get(role))
            if cell is None:
                continue
            name = compact(cell.text)
            maker = maker_in(name)
            if maker and ((chip and chip[0].family.maker == maker.name) or (maker.chips_only and not family)):
                self.add(
                    self.chip(cell.start, cell.end, maker.name, maker.origin, f"column:{role}", model_text), *model_span
                )
                chip_named = True
                continue
            mention = self.mention("maker", "item-table", cell.start, cell.end, f"column:{role}")
            if family and same_maker(name, family[0].family):
                mention = replace(mention, maker=family[0].family.maker, names=family[0].family.names)
            elif family:  # an explicit brand wins over a model family; the disagreement is reported, not resolved
                mention = replace(mention, source=f"{mention.source};conflict:{family[0].family.id}")
            self.add(replace(mention, model=model_text), *([] if chip else model_span))
        if model and chip and not chip_named:
            hit = chip[0]
            self.add(
                self.chip(
                    model.start + hit.start,
                    model.start + hit.end,
                    hit.family.maker,
                    hit.family.origin,
                    f"chip:{hit.family.id}",
                    model_text,
                )
            )
        elif model and family and not any(brand_cell(cells.get(r)) for r in ("brand", "manufacturer")):
            hit = family[0]
            found = self.model(model.start + hit.start, model.start + hit.end, hit.family, "model")
            self.add(replace(found, evidence="item-table"))
        if "vendor" in cells:
            cell = cells["vendor"]
            self.add(
                replace(self.mention("supplier", "item-table", cell.start, cell.end, "column:vendor"), model=model_text)
            )

    def add_field(self, field: Field, text: str) -> None:
        """A labelled value: a party in its labelled role, or a model number resolved to its maker."""
        value = text[field.start : field.end]
        source = f"field:{field.label}"
        if field.role == "model":
            chip = chip_hits(value)
            if chip:
                hit = chip[0]
                self.add(
                    self.chip(
                        field.start,
                        field.end,
                        hit.family.maker,
                        hit.family.origin,
                        source,
                        self.raw[field.start : field.end],
                    )
                )
                return
            family = model_hits(value)
            if family:
                self.add(self.model(field.start, field.end, family[0].family, "field"))
            return
        maker = maker_in(value) if field.role in ("supplier", "maker") else None
        if maker and maker.chips_only:
            self.add(self.chip(field.start, field.end, maker.name, maker.origin, source, None))
            return
        if field.role == "respondent":
            field = replace(field, role="agent" if is_agency(value, issuer=True) else "buyer")
        role: Role = field.role if field.role in KIND_OF_ROLE else "other"  # type: ignore[assignment]
        if role == "supplier":
            source += award_of(field.label) or ""
        self.add(self.mention(role, "labelled-field", field.start, field.end, source))


def _split_brand_model(cell: Cell) -> dict[str, Cell]:
    """`海康威视 DS-2CD...` or `海康威视/DS-2CD...` in one cell: the brand before the model number. Without a known
    model family, a cell splits at a space only before a word with a digit (`华为 S5735S`), never inside a name
    wrapped in its cell (`浙江大华技术 股份有限公司`)."""
    hits = model_hits(cell.text) + chip_hits(cell.text, cell.text)
    if hits:
        at = min(h.start for h in hits)
    elif (space := _MODEL_AFTER_SPACE.search(cell.text)) is not None:
        at = space.start() + 1
    else:
        return {"brand": cell}
    brand = cell.text[:at].rstrip(" /")
    parts = {"model": Cell(cell.start + at, cell.end, cell.text[at:])}
    if brand:
        parts["brand"] = Cell(cell.start, cell.start + len(brand), brand)
    return parts
