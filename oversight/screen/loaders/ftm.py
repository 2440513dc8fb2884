"""OpenSanctions / FollowTheMoney entities as JSON lines, with Sanction and Ownership entities.

Each line is one entity ({"id", "schema", "properties"}), read with the followthemoney model. Real exports carry every
schema (Vessel, Airplane, Security, Address, Identification, Sanction, Ownership ...) and, from newer FtM versions,
schemas or properties this FtM does not know: those entities or properties are skipped and counted in the list's
notes, never a traceback; only a line that is not a JSON object refuses the file. Nested entities (OpenSanctions'
targets.nested.json) are flattened.
Parties are LegalEntity-like or Vessel/Airplane entities; Sanction entities become their listings, `topics` such as
sanction / export.control mark listed parties without one, Ownership entities and `parent` become ownership links.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from oversight.screen.loaders.base import Entry, Link, Listing, Name, ParsedList, WatchlistError, itself, read_text

FORMAT = "ftm-jsonl"
unit = itself  # what one load reads and hashes: the file
_SUFFIXES = (".json", ".jsonl", ".ijson", ".ftm")
_NAME_KINDS = (
    ("name", "primary"),
    ("alias", "alias"),
    ("abbreviation", "short"),
    ("previousName", "former"),
    ("weakAlias", "weak"),
)
_LISTED_TOPICS = ("sanction", "export.control", "debarment")
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)")

if TYPE_CHECKING:
    from followthemoney.proxy import EntityProxy


def detect(path: Path) -> bool:
    if not path.is_file() or not path.name.lower().endswith(_SUFFIXES):
        return False
    with path.open("rb") as handle:
        head = handle.readline(65536).decode("utf-8-sig", errors="replace").strip()
    return head.startswith("{") and '"schema"' in head


def dataset_name(path: Path) -> str:
    stem = path.name
    for suffix in (".json", ".jsonl", ".ijson", ".ftm"):
        stem = stem.removesuffix(suffix)
    return "ftm:" + stem


def parse(path: Path) -> ParsedList:
    proxies: dict[str, EntityProxy] = {}
    extras: dict[str, dict[str, Any]] = {}
    skipped: Counter[str] = Counter()
    for line_no, raw in enumerate(read_text(path).splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise WatchlistError(f"{path}:{line_no}: not JSON ({exc.msg})") from None
        if not isinstance(data, dict):
            raise WatchlistError(f"{path}:{line_no}: not a JSON object")
        for entity in _flatten(data):
            proxy = _proxy(entity, skipped)
            if proxy is not None:
                proxies[proxy.id] = proxy  # type: ignore[index]
                extras[proxy.id] = entity  # type: ignore[index]
    entries: dict[str, Entry] = {}
    links: list[Link] = []
    for proxy in proxies.values():
        if proxy.schema.is_a("LegalEntity") or proxy.schema.name in ("Vessel", "Airplane"):
            entry = _entry(proxy, extras[proxy.id])  # type: ignore[index]
            if entry is None:
                skipped[f"{proxy.schema.name} entities without a name"] += 1
            else:
                entries[proxy.id] = entry  # type: ignore[index]
    for proxy in proxies.values():
        if proxy.schema.is_a("Sanction"):
            for target in proxy.get("entity"):
                if target in entries:
                    entries[target].listings.append(_listing(proxy))
        elif proxy.schema.is_a("Ownership"):
            links.extend(_ownership(proxy))
        elif proxy.id in entries:
            links.extend(
                Link(child=proxy.id, parent=parent, relation="subsidiary", source="FtM parent property")
                for parent in proxy.get("parent", quiet=True)
            )
    for entry in entries.values():
        topics = entry.data.get("topics", [])
        if not entry.listings and (entry.data.get("target") or any(t.startswith(_LISTED_TOPICS) for t in topics)):
            entry.listings.append(Listing(list=dataset_name(path)[4:], program=", ".join(topics) or None))
    if not entries:
        raise WatchlistError(f"{path}: no party entities (LegalEntity, Vessel or Airplane)")
    notes = [f"skipped {count} {what}" for what, count in sorted(skipped.items())]
    return ParsedList(name=dataset_name(path), format=FORMAT, entries=list(entries.values()), links=links, notes=notes)


def _flatten(data: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Yield the entity and every entity nested in its properties, nested ones replaced by their ids."""
    properties = data.get("properties")
    if isinstance(properties, dict):
        flat: dict[str, list[Any]] = {}
        for prop, values in properties.items():
            out = []
            for value in values if isinstance(values, list) else [values]:
                if isinstance(value, dict) and "schema" in value:
                    yield from _flatten(value)
                    out.append(value.get("id"))
                else:
                    out.append(value)
            flat[prop] = out
        data = {**data, "properties": flat}
    yield data


def _proxy(data: dict[str, Any], skipped: Counter[str]) -> EntityProxy | None:
    """The entity as an FtM proxy; None (counted in `skipped`) without an id or with a schema FtM does not know.
    Properties FtM does not know for the schema are dropped and counted."""
    # followthemoney takes a second to import: only lists in its format pay for it.
    from followthemoney import model
    from followthemoney.exc import InvalidData

    schema = model.get(data.get("schema") or "")
    if not data.get("id") or schema is None:
        skipped[f"entities of unknown schema {data.get('schema')!r}" if data.get("id") else "entities without id"] += 1
        return None
    properties = data.get("properties") or {}
    if not isinstance(properties, dict):
        properties = {}
    unknown = [p for p in properties if p not in schema.properties]
    for prop in unknown:
        skipped[f"values of unknown property {schema.name}.{prop}"] += 1
    clean = {p: v for p, v in properties.items() if p in schema.properties}
    try:
        return model.get_proxy({**data, "properties": clean}, cleaned=False)
    except InvalidData:
        skipped[f"invalid {schema.name} entities"] += 1
        return None


def _entry(proxy: EntityProxy, extra: dict[str, Any]) -> Entry | None:
    names = [
        Name(value, kind) for prop, kind in _NAME_KINDS if prop in proxy.schema.properties for value in proxy.get(prop)
    ]
    caption = proxy.caption
    if not names:
        if not caption or caption in (proxy.id, proxy.schema.label):
            return None
        names = [Name(caption, "primary")]
    country = next(
        iter(
            proxy.get("country", quiet=True)
            + proxy.get("jurisdiction", quiet=True)
            + proxy.get("nationality", quiet=True)
        ),
        None,
    )
    data: dict[str, Any] = {"topics": proxy.get("topics", quiet=True)}
    if extra.get("target"):
        data["target"] = True
    for prop in ("address", "registrationNumber", "innCode", "leiCode", "sector", "notes", "sourceUrl"):
        if proxy.get(prop, quiet=True):
            data[prop] = proxy.get(prop, quiet=True)
    return Entry(key=proxy.id, schema=proxy.schema.name, name=caption, names=names, country=country, data=data)  # type: ignore[arg-type]


def _listing(sanction: EntityProxy) -> Listing:
    def first(*props: str) -> str | None:
        for prop in props:
            value = sanction.first(prop, quiet=True)
            if value:
                return value
        return None

    return Listing(
        list=first("authority", "publisher") or "sanction",
        program=first("program", "programId"),
        listed_on=first("listingDate", "startDate", "date"),
        ended_on=first("endDate"),
        citation=first("authorityId", "unscId", "provisions", "reason"),
        url=first("sourceUrl", "programUrl"),
    )


def _ownership(proxy: EntityProxy) -> list[Link]:
    share = proxy.first("percentage", quiet=True)
    number = _PERCENT.search(share or "")
    return [
        Link(
            child=asset,
            parent=owner,
            relation="ownership",
            percentage=float(number.group(1)) if number else None,
            share=share,
            start=proxy.first("startDate", quiet=True),
            end=proxy.first("endDate", quiet=True),
            source=proxy.first("sourceUrl", quiet=True) or proxy.first("publisher", quiet=True),
        )
        for owner in proxy.get("owner")
        for asset in proxy.get("asset")
    ]
