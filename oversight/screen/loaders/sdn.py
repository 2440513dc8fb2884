"""OFAC SDN list in its legacy CSV form: a folder (or its sdn.csv) with sdn.csv, add.csv, alt.csv, sdn_comments.csv.

Files are positional without a header; `-0- ` means empty; `ent_num` joins them. Weak aliases appear only inside the
remarks as a.k.a. 'NAME'; they are kept as weak names.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from oversight.screen.loaders.base import Entry, Listing, Name, ParsedList, WatchlistError, blank, read_text

FORMAT = "ofac-sdn-csv"
_COLUMNS = {"sdn.csv": 12, "add.csv": 6, "alt.csv": 5, "sdn_comments.csv": 2}
_SCHEMA = {"individual": "Person", "vessel": "Vessel", "aircraft": "Airplane"}
_ALT_KIND = {"aka": "alias", "fka": "former", "nka": "alias"}


def folder(path: Path) -> Path | None:
    if path.is_dir() and (path / "sdn.csv").is_file():
        return path
    if path.is_file() and path.name.lower() == "sdn.csv":
        return path.parent
    return None


def detect(path: Path) -> bool:
    return folder(path) is not None


def unit(path: Path) -> Path:
    """What one load reads and hashes: the whole folder, even when sdn.csv is named."""
    return folder(path) or path


def parse(path: Path) -> ParsedList:
    root = folder(path)
    assert root is not None
    entries: dict[str, Entry] = {}
    for row, line in _rows(root / "sdn.csv"):
        key = row[0].strip()
        if not key.isdigit():
            raise WatchlistError(f"{root / 'sdn.csv'}:{line}: entry number {key!r} is not a number")
        name = blank(row[1])
        if name is None:
            raise WatchlistError(f"{root / 'sdn.csv'}:{line}: entry {key} has no name")
        kind = (blank(row[2]) or "").lower()
        programs: list[str | None] = [p.strip(" []") for p in (blank(row[3]) or "").split("] [") if p.strip(" []")]
        data = {
            k: v
            for k, v in zip(
                ("title", "call_sign", "vessel_type", "tonnage", "grt", "vessel_flag", "vessel_owner"), row[4:11]
            )
            if blank(v)
        }
        entry = Entry(
            key=key,
            schema=_SCHEMA.get(kind, "Organization"),
            name=name,
            names=[Name(name, "primary")],
            data=data,
            listings=[Listing(list="OFAC SDN", program=p, citation=f"SDN entry {key}") for p in programs or [None]],
        )
        remarks = blank(row[11])
        if remarks:
            data["remarks"] = remarks
        entries[key] = entry
    for row, line in _rows(root / "alt.csv"):
        entry = _entry(entries, row[0], root / "alt.csv", line)
        alias = blank(row[3])
        if alias:
            entry.names.append(Name(alias, _ALT_KIND.get((blank(row[2]) or "aka").lower(), "alias")))
    for row, line in _rows(root / "add.csv"):
        entry = _entry(entries, row[0], root / "add.csv", line)
        parts = [blank(v) for v in row[2:5]]
        if any(parts):
            entry.data.setdefault("addresses", []).append(", ".join(p for p in parts if p))
            entry.country = entry.country or parts[2]
    for row, line in _rows(root / "sdn_comments.csv"):
        entry = _entry(entries, row[0], root / "sdn_comments.csv", line)
        entry.data["remarks"] = entry.data.get("remarks", "") + (blank(row[1]) or "")
    for entry in entries.values():
        _remark_names(entry)
    if not entries:
        raise WatchlistError(f"{root / 'sdn.csv'}: no entries")
    return ParsedList(name="ofac-sdn", format=FORMAT, entries=list(entries.values()))


def _rows(path: Path) -> Iterator[tuple[list[str], int]]:
    """(fields, line number) of each record; a missing optional file yields nothing."""
    if not path.is_file():
        if path.name == "sdn.csv":
            raise WatchlistError(f"{path}: missing")
        return
    width = _COLUMNS[path.name]
    # The files end with a DOS end-of-file mark (0x1A); nothing after it is data.
    reader = csv.reader(io.StringIO(read_text(path).split("\x1a", 1)[0]))
    for row in reader:
        if not row:
            continue
        if len(row) != width:
            raise WatchlistError(f"{path}:{reader.line_num}: expected {width} fields, found {len(row)}")
        yield row, reader.line_num


def _entry(entries: dict[str, Entry], key: str, path: Path, line: int) -> Entry:
    entry = entries.get(key.strip())
    if entry is None:
        raise WatchlistError(f"{path}:{line}: refers to entry {key.strip()!r}, which sdn.csv does not have")
    return entry


def _remark_names(entry: Entry) -> None:
    known = {n.name.lower() for n in entry.names}
    for part in entry.data.get("remarks", "").split(";"):
        part = part.strip().rstrip(".")
        for marker, kind in (("a.k.a. '", "weak"), ("f.k.a. '", "former")):
            if part.startswith(marker) and part.endswith("'"):
                alias = part[len(marker) : -1].strip()
                if alias and alias.lower() not in known:
                    entry.names.append(Name(alias, kind))
                    known.add(alias.lower())
        if part.startswith("Linked To: "):
            entry.data.setdefault("linked_to", []).append(part[len("Linked To: ") :])
