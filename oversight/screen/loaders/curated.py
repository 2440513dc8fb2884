"""Curated reference lists in oversight's YAML layout (the shipped one is data/reference.yaml).

Layout: `parties:` each with id, name, schema, sectors, names (name, kind, source, verified), lists (list, program,
listed_on, covers, citation, url, verified) and owners (id, relation, percentage, share, as_of, end, source, verified).
Every fact keeps its source and verified flag, so a match can say which of its steps rest on unverified facts.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from oversight.screen.loaders.base import Entry, Link, Listing, Name, ParsedList, WatchlistError, itself, read_text

FORMAT = "curated-yaml"
unit = itself  # what one load reads and hashes: the file
NAME_KINDS = frozenset({"primary", "alias", "weak", "former", "legal", "short", "brand", "original"})
RELATIONS = frozenset({"ownership", "subsidiary", "subordinate"})


def builtin_path() -> Path:
    return Path(str(resources.files("oversight.screen").joinpath("data", "reference.yaml")))


def detect(path: Path) -> bool:
    if not path.is_file() or path.suffix.lower() not in (".yaml", ".yml"):
        return False
    with path.open("rb") as handle:
        return b"\nparties:" in b"\n" + handle.read(65536)


def parse(path: Path) -> ParsedList:
    try:
        doc = yaml.safe_load(read_text(path))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        raise WatchlistError(f"{path}{where}: not valid YAML") from None
    parties = doc.get("parties") if isinstance(doc, dict) else None
    if not isinstance(parties, list) or not parties:
        raise WatchlistError(f"{path}: no 'parties' list")
    entries, links = [], []
    for number, party in enumerate(parties, start=1):
        entry, party_links = _party(party, f"{path}: party {number}")
        entries.append(entry)
        links.extend(party_links)
    name = "curated" if path.resolve() == builtin_path().resolve() else f"curated:{path.stem}"
    return ParsedList(name=name, format=FORMAT, entries=entries, links=links)


def _need(record: Any, field: str, where: str) -> Any:
    if not isinstance(record, dict) or record.get(field) in (None, ""):
        raise WatchlistError(f"{where}: missing '{field}'")
    return record[field]


def _party(party: Any, where: str) -> tuple[Entry, list[Link]]:
    key = str(_need(party, "id", where))
    where = f"{where.rsplit(':', 1)[0]}: party {key}"
    name = str(_need(party, "name", where))
    names = []
    for item in party.get("names") or [{"name": name, "kind": "primary"}]:
        kind = item.get("kind", "alias") if isinstance(item, dict) else None
        if kind not in NAME_KINDS:
            raise WatchlistError(f"{where}: name kind {kind!r} is not one of {', '.join(sorted(NAME_KINDS))}")
        names.append(Name(str(_need(item, "name", where)), kind, item.get("source"), bool(item.get("verified", True))))
    listings = [
        Listing(
            list=str(_need(item, "list", where)),
            program=item.get("program"),
            listed_on=_date(item.get("listed_on")),
            ended_on=_date(item.get("ended_on")),
            covers=item.get("covers"),
            citation=item.get("citation"),
            url=item.get("url"),
            verified=bool(item.get("verified", True)),
        )
        for item in party.get("lists") or []
    ]
    links = []
    for item in party.get("owners") or []:
        relation = _need(item, "relation", where)
        if relation not in RELATIONS:
            raise WatchlistError(f"{where}: owner relation {relation!r} is not one of {', '.join(sorted(RELATIONS))}")
        percentage = item.get("percentage")
        links.append(
            Link(
                child=key,
                parent=str(_need(item, "id", where)),
                relation=relation,
                percentage=float(percentage) if percentage is not None else None,
                share=item.get("share"),
                start=_date(item.get("as_of")),
                end=_date(item.get("end")),
                source=item.get("source"),
                verified=bool(item.get("verified", True)),
            )
        )
    data = {k: party[k] for k in ("note",) if party.get(k)}
    entry = Entry(
        key=key,
        schema=party.get("schema") or "LegalEntity",
        name=name,
        names=names,
        listings=listings,
        country=party.get("country"),
        sectors=list(party.get("sectors") or []),
        verified=bool(party.get("verified", True)),
        data=data,
    )
    return entry, links


def _date(value: Any) -> str | None:
    return None if value in (None, "") else str(value)
