"""US Consolidated Screening List (trade.gov) CSV: 29 named columns, one row per listed party, all US lists in one.

`source` names the list (Entity List, SDN, MEU, ...), `programs` and `alt_names` are ';'-separated, `start_date` is
the listing date and `federal_register_notice` the citation.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from oversight.screen.loaders.base import Entry, Listing, Name, ParsedList, WatchlistError, blank, itself, read_text

FORMAT = "us-csl-csv"
unit = itself  # what one load reads and hashes: the file
COLUMNS = [
    "_id",
    "source",
    "entity_number",
    "type",
    "programs",
    "name",
    "title",
    "addresses",
    "federal_register_notice",
    "start_date",
    "end_date",
    "standard_order",
    "license_requirement",
    "license_policy",
    "call_sign",
    "vessel_type",
    "gross_tonnage",
    "gross_registered_tonnage",
    "vessel_flag",
    "vessel_owner",
    "remarks",
    "source_list_url",
    "alt_names",
    "citizenships",
    "dates_of_birth",
    "nationalities",
    "places_of_birth",
    "source_information_url",
    "ids",
]
_LIST_LABELS = {
    "Entity List (EL)": "BIS Entity List",
    "Specially Designated Nationals (SDN)": "OFAC SDN",
    "Military End User (MEU) List": "BIS Military End User List",
    "Unverified List (UVL)": "BIS Unverified List",
    "Denied Persons List (DPL)": "BIS Denied Persons List",
    "Non-SDN Chinese Military-Industrial Complex Companies List (CMIC)": "Treasury NS-CMIC",
    "Sectoral Sanctions Identifications List (SSI)": "OFAC SSI",
    "Nonproliferation Sanctions (ISN)": "State ISN",
    "ITAR Debarred (DTC)": "State ITAR Debarred",
    "Foreign Sanctions Evaders (FSE)": "OFAC FSE",
}
_SCHEMA = {"individual": "Person", "entity": "Organization", "vessel": "Vessel", "aircraft": "Airplane"}
_KEEP = (
    "title",
    "addresses",
    "license_requirement",
    "license_policy",
    "remarks",
    "citizenships",
    "dates_of_birth",
    "nationalities",
    "places_of_birth",
    "ids",
    "source_information_url",
    "entity_number",
    "standard_order",
)


def detect(path: Path) -> bool:
    if not path.is_file() or path.suffix.lower() not in (".csv", ".tsv", ".txt"):
        return False
    with path.open("rb") as handle:
        head = handle.readline().decode("utf-8-sig", errors="replace").strip()
    return head.replace('"', "").split(",")[:3] == COLUMNS[:3]


def list_label(source: str) -> str:
    for prefix, label in _LIST_LABELS.items():
        if source.startswith(prefix):
            return label
    return source.split(" - ")[0].strip()


def parse(path: Path) -> ParsedList:
    reader = csv.reader(io.StringIO(read_text(path)))
    header = next(reader, None)
    if header is None or [h.strip() for h in header] != COLUMNS:
        raise WatchlistError(f"{path}:1: header is not the {len(COLUMNS)}-column Consolidated Screening List layout")
    entries: list[Entry] = []
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(COLUMNS):
            raise WatchlistError(f"{path}:{reader.line_num}: expected {len(COLUMNS)} fields, found {len(row)}")
        record = dict(zip(COLUMNS, (cell.strip() for cell in row)))
        key, name = blank(record["_id"]), blank(record["name"])
        if key is None or name is None:
            raise WatchlistError(f"{path}:{reader.line_num}: row without _id or name")
        label = list_label(record["source"])
        programs: list[str | None] = [p.strip() for p in record["programs"].split(";") if p.strip()] or [None]
        listings = [
            Listing(
                list=label,
                program=program,
                listed_on=blank(record["start_date"]),
                ended_on=blank(record["end_date"]),
                citation=blank(record["federal_register_notice"]),
                url=blank(record["source_list_url"]),
            )
            for program in programs
        ]
        names = [Name(name, "primary", source=record["source"])]
        names += [
            Name(alias.strip(), "alias", source=record["source"])
            for alias in record["alt_names"].split(";")
            if alias.strip()
        ]
        country = (blank(record["addresses"]) or "").split(",")[-1].strip() or blank(record["nationalities"])
        entries.append(
            Entry(
                key=key,
                schema=_SCHEMA.get(record["type"].lower(), "Organization"),
                name=name,
                names=names,
                listings=listings,
                country=country,
                data={k: record[k] for k in _KEEP if blank(record[k])},
            )
        )
    if not entries:
        raise WatchlistError(f"{path}: no entries")
    return ParsedList(name="us-csl", format=FORMAT, entries=entries)
