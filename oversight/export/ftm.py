"""FollowTheMoney entities for Aleph, OpenSanctions and nomenklatura: documents, pages, findings, parties, awards.

A stored document becomes a Document-family entity (Pages with one Page per page for paged formats), each finding
a Note on its page (or document) carrying the quote, its context, the rule and the review state, so an Aleph user
sees the evidence and not only the file; each party it names a Company or PublicBody (merged across documents),
each mention a Mention plus a Documentation link that says on which page, and an award notice a Contract with its
ContractAward. Every entity is validated against the FtM model before it is written, so a consumer never receives
one it would reject.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any, TextIO, TypedDict
from urllib.parse import urlsplit

from followthemoney import EntityProxy, model

from oversight.datafile import entry, read_yaml
from oversight.export.formats import ExportContext, Style
from oversight.export.review import ReviewFilter, summary
from oversight.ingest.registry import format_of
from oversight.report.gather import DocumentRecord, EntityRecord, FindingRecord
from oversight.report.quotes import quote_view

PREFIX = "oversight"
AGENT = "oversight"
_PARTY_SCHEMA = {"vendor": "Company", "chip": "Company", "buyer": "PublicBody"}


class TopicRuleSpec(TypedDict):
    match: str
    topic: str


class TopicsSpec(TypedDict):
    rules: list[TopicRuleSpec]
    default: str


@lru_cache(maxsize=1)
def _topic_rules() -> tuple[list[tuple[str, str]], str]:
    name = "topics.yaml"
    data = entry(read_yaml("oversight.export", name), TopicsSpec, name)
    rules = [entry(rule, TopicRuleSpec, f"{name}: rules[{i}]") for i, rule in enumerate(data["rules"])]
    return [(rule["match"].lower(), rule["topic"]) for rule in rules], data["default"]


def topic(list_name: str) -> str:
    """The FtM topic for a list a party is on (sanction, export.control, ...)."""
    rules, default = _topic_rules()
    lowered = list_name.lower()
    return next((t for match, t in rules if match in lowered), default)


def _entity(schema: str, *key: object) -> EntityProxy:
    proxy = model.make_entity(schema)
    proxy.make_id(PREFIX, schema, *key)
    return proxy


def document_schema(media_type: str) -> str:
    """The FtM schema the format's ingestor declares (Document for a type no ingestor reads)."""
    return format_of(media_type).FTM_SCHEMA


def sha1_of(path: Path) -> str | None:
    """Aleph identifies files by SHA-1 (`contentHash`); computed from the stored original when it is there."""
    if not path.exists():
        return None
    digest = hashlib.sha1()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


class FtmExporter:
    """Turns document records into validated FtM entities; parties are merged and written by `finish`."""

    def __init__(self, reviews: ReviewFilter | None = None) -> None:
        self.parties: dict[str, EntityProxy] = {}
        self.reviews = reviews or ReviewFilter()

    def document(self, doc: DocumentRecord, blob: Path | None = None) -> Iterator[EntityProxy]:
        schema = document_schema(doc.media_type)
        document = _entity(schema, "document", doc.sha256)
        meta = doc.meta
        document.add("title", meta.title)
        document.add("fileName", [n["name"] for n in doc.names])
        document.add("fileSize", doc.size)
        document.add("mimeType", doc.media_type)
        document.add("contentHash", sha1_of(blob) if blob else None)
        document.add("publishedAt", meta.date)
        document.add("processingAgent", AGENT)
        document.add("processedAt", doc.first_seen[:19])
        document.add("keywords", sorted({f.category for f in doc.findings}))
        document.add("notes", f"SHA-256 {doc.sha256}")
        if doc.source_url and urlsplit(doc.source_url).scheme in ("http", "https"):
            document.add("sourceUrl", doc.source_url)
        if schema != "Pages":
            document.add("bodyText", "\n\n".join(p.raw_text for p in doc.pages))
        yield document
        pages: dict[int, EntityProxy] = {}
        if schema == "Pages":
            for page in doc.pages:
                entity = pages[page.number] = _entity("Page", doc.sha256, page.number)
                entity.add("document", document.id)
                entity.add("index", page.number)
                entity.add("bodyText", page.raw_text)
                yield entity
        for finding in doc.findings:
            note = self._finding(doc, document, pages.get(finding.page, document), finding)
            if note is not None:
                yield note
        by_text: dict[str, EntityProxy] = {}
        documented: set[str] = set()
        for record in doc.entities:
            decision = self.reviews.party(record.name)
            if decision is None:
                continue
            party = self._party(record.kind, record.name, record)
            party.add("notes", summary(decision))
            by_text[record.text] = party
            yield self._mention(document, party, record, doc.sha256)
            link = self._documentation(document, party, record.page, record.text, doc.sha256)
            if str(link.id) not in documented:  # one link per party and page, however often it is named there
                documented.add(str(link.id))
                yield link
        if meta.is_award:
            yield from self._award(document, doc, by_text)

    def _party(self, kind: str, name: str, record: EntityRecord | None = None) -> EntityProxy:
        proxy = _entity(_PARTY_SCHEMA.get(kind, "Organization"), name)
        proxy.add("name", name)
        if record is not None:
            if record.text != name:
                proxy.add("alias", record.text)
            if record.listed:
                proxy.add("topics", [topic(listed) for listed in record.lists] or [topic("")])
                proxy.add("program", record.lists)
                proxy.add("notes", record.explanation)
        known = self.parties.setdefault(str(proxy.id), proxy)
        if known is not proxy:
            known.merge(proxy)
        return known

    def _finding(
        self, doc: DocumentRecord, document: EntityProxy, about: EntityProxy, finding: FindingRecord
    ) -> EntityProxy | None:
        """A Note on the page (or document) the finding quotes: the quote, its context, the rule and the review
        (None when the review leaves the finding out)."""
        decision = self.reviews.finding(doc, finding)
        if decision is None:
            return None
        view = quote_view(doc.page(finding.page), finding)
        note = _entity("Note", doc.sha256, finding.page, finding.rule, finding.start, finding.quote)
        note.add("entity", about.id)
        note.add("proof", document.id)
        note.add("name", f"{finding.category} ({finding.severity}), page {finding.page}")
        note.add("summary", finding.quote)
        note.add("description", f"{view.before}«{view.quote}»{view.after}".strip())
        note.add("keywords", [finding.category, finding.severity, finding.rule, f"review:{decision.state}"])
        note.add("notes", summary(decision))
        note.add("publisher", AGENT)
        return note

    def _mention(self, document: EntityProxy, party: EntityProxy, record: EntityRecord, sha256: str) -> EntityProxy:
        mention = _entity("Mention", sha256, record.page, record.start, record.text)
        mention.add("document", document.id)
        mention.add("name", record.text)
        mention.add("resolved", party.id)
        mention.add("detectedSchema", party.schema.name)
        return mention

    def _documentation(
        self, document: EntityProxy, party: EntityProxy, page: int | None, text: str, sha256: str
    ) -> EntityProxy:
        """The Documentation link that says on which page a document names a party (Mention has no page)."""
        link = _entity("Documentation", sha256, party.id, page)
        link.add("document", document.id)
        link.add("entity", party.id)
        link.add("role", f"named on page {page}" if page is not None else "named")
        link.add("summary", text)
        return link

    def _award(
        self, document: EntityProxy, doc: DocumentRecord, by_text: dict[str, EntityProxy]
    ) -> Iterator[EntityProxy]:
        meta = doc.meta
        contract = _entity("Contract", doc.sha256)
        contract.add("title", meta.title)
        contract.add("name", meta.title)
        if meta.buyer:
            buyer = by_text.get(meta.buyer.text) or self._party("buyer", meta.buyer.text)
            contract.add("authority", buyer.id)
        number = meta.project_number.text if meta.project_number else None
        contract.add("procedureNumber", number)
        contract.add("contractDate", meta.date)
        contract.add("proof", document.id)
        yield contract
        if not meta.supplier:
            return
        supplier = by_text.get(meta.supplier.text) or self._party("vendor", meta.supplier.text)
        award = _entity("ContractAward", doc.sha256, supplier.id)
        award.add("contract", contract.id)
        award.add("supplier", supplier.id)
        amount = next((a.value for a in meta.amounts if a.value is not None), None)
        if amount is not None:
            award.add("amount", f"{amount:.2f}")
            award.add("currency", "CNY")
        award.add("date", meta.date)
        award.add("documentNumber", number)
        award.add("proof", document.id)
        yield award

    def finish(self) -> Iterator[EntityProxy]:
        yield from self.parties.values()


def validated(entity: EntityProxy) -> dict[str, Any]:
    """The entity as FtM JSON, after the model's own validation (raises InvalidData on a bad entity)."""
    data = entity.to_dict()
    entity.schema.validate(data)  # type: ignore[arg-type]
    return data


def write(exporter: FtmExporter, docs: Iterable[tuple[DocumentRecord, Path | None]], out: TextIO) -> int:
    """Write every entity as one JSON line; returns how many."""
    count = 0
    for doc, blob in docs:
        for entity in exporter.document(doc, blob):
            out.write(json.dumps(validated(entity), ensure_ascii=False) + "\n")
            count += 1
    for entity in exporter.finish():
        out.write(json.dumps(validated(entity), ensure_ascii=False) + "\n")
        count += 1
    return count


class _FtmFormat:
    """The FollowTheMoney export as a registered format (JSON lines only)."""

    styles: tuple[Style, ...] = ("jsonl",)
    unit = "entities"

    def write(self, docs: Iterable[DocumentRecord], context: ExportContext, out: TextIO, style: Style) -> int:
        return write(FtmExporter(context.reviews), ((doc, context.original(doc.sha256)) for doc in docs), out)


FTM = _FtmFormat()
