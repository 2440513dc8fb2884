"""Watchlist loaders and the store: real OFAC/UN files, CSL and FtM files written in their documented layouts."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from oversight.screen.loaders import csl, detect_loader
from oversight.screen.loaders.base import WatchlistError
from oversight.screen.screener import Screener
from oversight.screen.store import ensure_curated, load_path, read_lists, sources
from oversight.store.db import connect, open_store

CSL_ROWS = [
    {
        "_id": "el-1",
        "source": "Entity List (EL) - Bureau of Industry and Security",
        "entity_number": "",
        "type": "Entity",
        "programs": "",
        "name": "Shenzhen Example Vision Technology Co., Ltd.",
        "addresses": "No. 1 Keji Road, Nanshan District, Shenzhen, Guangdong, CN",
        "federal_register_notice": "88 FR 12345",
        "start_date": "2023-03-28",
        "license_requirement": "For all items subject to the EAR.",
        "license_policy": "Presumption of denial.",
        "source_list_url": "https://www.bis.doc.gov/index.php/policy-guidance/lists-of-parties-of-concern/entity-list",
        "alt_names": "Example Vision; 示例视觉科技有限公司",
    },
    {
        "_id": "sdn-1",
        "source": "Specially Designated Nationals (SDN) - Treasury Department",
        "entity_number": "99001",
        "type": "Individual",
        "programs": "GLOMAG",
        "name": "EXAMPLE, Person",
        "start_date": "2021-03-22",
        "alt_names": "",
    },
    {
        "_id": "meu-1",
        "source": "Military End User (MEU) List - Bureau of Industry and Security",
        "type": "Entity",
        "name": "Example Aero Engine Institute",
        "start_date": "2020-12-23",
        "alt_names": "",
    },
]


def write_csl(path: Path, rows: list[dict], header: list[str] | None = None) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header or csl.COLUMNS, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({column: row.get(column, "") for column in (header or csl.COLUMNS)})
    return path


@pytest.fixture()
def conn(store_target: str):
    connection = open_store(store_target)
    yield connection
    connection.close()


def counts(conn) -> tuple[int, int, int, int]:
    return tuple(
        conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in ("watchlist_sources", "watchlist_entries", "watchlist_names", "watchlist_listings")
    )


def test_csl_loader_reads_the_documented_layout(tmp_path: Path, conn) -> None:
    assert len(csl.COLUMNS) == 29
    path = write_csl(tmp_path / "consolidated.csv", CSL_ROWS)
    assert detect_loader(path) is csl
    result = load_path(conn, path)
    assert (result.source, result.status, result.entries) == ("us-csl", "new", 3)
    (parsed,) = [p for p in read_lists(conn) if p.name == "us-csl"]
    entry = next(e for e in parsed.entries if e.key == "el-1")
    assert [n.name for n in entry.names] == [
        "Shenzhen Example Vision Technology Co., Ltd.",
        "Example Vision",
        "示例视觉科技有限公司",
    ]
    (listing,) = entry.listings
    assert (listing.list, listing.listed_on, listing.citation) == ("BIS Entity List", "2023-03-28", "88 FR 12345")
    assert entry.data["license_policy"] == "Presumption of denial."
    person = next(e for e in parsed.entries if e.key == "sdn-1")
    assert (
        person.schema == "Person" and person.listings[0].list == "OFAC SDN" and person.listings[0].program == "GLOMAG"
    )
    screener = Screener(read_lists(conn))
    (match,) = screener.screen("示例视觉科技")
    assert match.entity_id == "us-csl:el-1" and match.lists == ("BIS Entity List",)


def test_malformed_csl_is_refused_whole(tmp_path: Path, conn) -> None:
    good = write_csl(tmp_path / "good.csv", CSL_ROWS)
    load_path(conn, good)
    before = counts(conn)
    broken = tmp_path / "broken.csv"
    broken.write_text(
        good.read_text(encoding="utf-8") + '"x1","Entity List (EL) - Bureau of Industry and Security","only three"\n',
        encoding="utf-8",
    )
    with pytest.raises(WatchlistError, match=r"broken\.csv:5: expected 29 fields, found 3"):
        load_path(conn, broken)
    assert counts(conn) == before


def test_csl_header_must_be_the_documented_one(tmp_path: Path) -> None:
    header = list(csl.COLUMNS)
    header[5] = "entity_name"
    path = write_csl(tmp_path / "other.csv", CSL_ROWS, header)
    with pytest.raises(WatchlistError, match="header is not the 29-column"):
        csl.parse(path)


def test_a_new_version_replaces_the_old_one(tmp_path: Path, conn) -> None:
    load_path(conn, write_csl(tmp_path / "v1.csv", CSL_ROWS))
    result = load_path(conn, write_csl(tmp_path / "v2.csv", CSL_ROWS[:2]))
    assert (result.status, result.entries) == ("replaced", 2)
    assert conn.execute("SELECT count(*) FROM watchlist_entries").fetchone()[0] == 2


def test_ofac_sdn_folder_loads_once(watchlists: Path, conn) -> None:
    folder = watchlists / "ofac-sdn-2021"
    first = load_path(conn, folder)
    assert (first.source, first.status, first.entries) == ("ofac-sdn", "new", 8976)
    stored = counts(conn)
    again = load_path(conn, folder)
    assert again.status == "seen" and counts(conn) == stored
    assert load_path(conn, folder / "sdn.csv").status == "seen"  # the file names the same folder
    entry = conn.execute("SELECT id, schema, country FROM watchlist_entries WHERE entry_key = '29159'").fetchone()
    names = {
        r[0]: r[1] for r in conn.execute("SELECT name, kind FROM watchlist_names WHERE entry_id = ?", (entry["id"],))
    }
    assert names["XINJIANG PUBLIC SECURITY BUREAU"] == "primary"
    assert names["PUBLIC SECURITY DEPARTMENT OF XUAR"] == "alias"
    assert entry["country"] == "China"
    program = conn.execute("SELECT list, program FROM watchlist_listings WHERE entry_id = ?", (entry["id"],)).fetchone()
    assert tuple(program) == ("OFAC SDN", "GLOMAG")
    weak = conn.execute(
        "SELECT kind FROM watchlist_names n JOIN watchlist_entries e ON e.id = n.entry_id"
        " WHERE e.entry_key = '11353' AND n.name = 'ABUDUHAKE'"
    ).fetchone()
    assert weak["kind"] == "weak"  # a.k.a. found only in the remarks


def test_broken_sdn_copy_stores_nothing(watchlists: Path, tmp_path: Path, conn) -> None:
    folder = tmp_path / "sdn-broken"
    shutil.copytree(watchlists / "ofac-sdn-2021", folder)
    alt = folder / "alt.csv"
    alt.write_text(alt.read_text(encoding="utf-8").replace("36,12,", "999999999,12,", 1), encoding="utf-8")
    with pytest.raises(WatchlistError, match=r"alt\.csv:\d+: refers to entry '999999999'"):
        load_path(conn, folder)
    assert counts(conn) == (0, 0, 0, 0)


def test_un_consolidated_list(watchlists: Path, conn) -> None:
    result = load_path(conn, watchlists / "un-2026" / "consolidated.xml")
    assert (result.source, result.published, result.entries) == ("un-sc", "2026-02-27", 1003)
    row = conn.execute(
        "SELECT l.listed_on, l.program FROM watchlist_listings l JOIN watchlist_entries e ON e.id = l.entry_id"
        " WHERE e.entry_key = '6908402'"
    ).fetchone()
    assert tuple(row) == ("2014-06-30", "DRC")
    aliases = {
        r[0]
        for r in conn.execute(
            "SELECT n.name FROM watchlist_names n JOIN watchlist_entries e ON e.id = n.entry_id"
            " WHERE e.entry_key = '6908402'"
        )
    }
    assert {"ADF", "Allied Democratic Forces", "NALU"} <= aliases


def test_malformed_xml_is_refused(tmp_path: Path, conn) -> None:
    path = tmp_path / "consolidated.xml"
    path.write_text("<CONSOLIDATED_LIST><ENTITIES><ENTITY><DATAID>1</DATAID>", encoding="utf-8")
    with pytest.raises(WatchlistError, match="not well-formed XML"):
        load_path(conn, path)
    assert counts(conn) == (0, 0, 0, 0)


def ftm_lines(*entities: dict) -> str:
    return "\n".join(json.dumps(e, ensure_ascii=False) for e in entities) + "\n"


def test_opensanctions_ftm_with_ownership(tmp_path: Path, conn) -> None:
    path = tmp_path / "example.ftm.json"
    path.write_text(
        ftm_lines(
            {
                "id": "co-parent",
                "schema": "Company",
                "properties": {
                    "name": ["Example Surveillance Holdings Ltd"],
                    "alias": ["示例监控控股"],
                    "country": ["cn"],
                    "topics": ["sanction"],
                },
            },
            {
                "id": "sanction-1",
                "schema": "Sanction",
                "properties": {
                    "entity": ["co-parent"],
                    "authority": ["US Department of Commerce"],
                    "program": ["Entity List"],
                    "listingDate": ["2022-02-02"],
                },
            },
            {
                "id": "co-child",
                "schema": "Company",
                "properties": {"name": ["Example Vision Camera Works Ltd"], "country": ["cn"]},
            },
            {
                "id": "own-1",
                "schema": "Ownership",
                "properties": {
                    "owner": ["co-parent"],
                    "asset": ["co-child"],
                    "percentage": ["60%"],
                    "startDate": ["2019"],
                },
            },
        ),
        encoding="utf-8",
    )
    result = load_path(conn, path)
    assert (result.source, result.entries) == ("ftm:example", 2)
    link = conn.execute(
        "SELECT child_key, parent_key, relation, percentage, start_date FROM watchlist_links"
    ).fetchone()
    assert tuple(link) == ("co-child", "co-parent", "ownership", 60.0, "2019")
    screener = Screener(read_lists(conn))
    (match,) = screener.screen("Example Vision Camera Works")
    assert match.entity_id == "ftm:example:co-parent" and match.via == "ownership"
    assert match.lists == ("US Department of Commerce",)
    assert any("60%" in step for step in match.path)


def test_ftm_unknown_schema_and_property_are_skipped_with_a_note(tmp_path: Path, conn) -> None:
    path = tmp_path / "newer.jsonl"
    path.write_text(
        ftm_lines(
            {"id": "a", "schema": "Company", "properties": {"name": ["A Co"], "futureProp": ["x"]}},
            {"id": "b", "schema": "Spaceship", "properties": {"name": ["B"]}},
            {"id": "c", "schema": "Company", "properties": {"nmae": ["C Co"]}},
        ),
        encoding="utf-8",
    )
    result = load_path(conn, path)
    assert result.entries == 1
    assert "skipped 1 entities of unknown schema 'Spaceship'" in result.notes
    assert "skipped 1 values of unknown property Company.futureProp" in result.notes
    assert "skipped 1 Company entities without a name" in result.notes


def test_ftm_not_json_names_the_line(tmp_path: Path, conn) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "a", "schema": "Company", "properties": {"name": ["A"]}}\n{not json\n', encoding="utf-8")
    with pytest.raises(WatchlistError, match=r"bad\.jsonl:2: not JSON"):
        load_path(conn, path)
    assert counts(conn) == (0, 0, 0, 0)


def test_unknown_format_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("just words\n", encoding="utf-8")
    with pytest.raises(WatchlistError) as error:
        detect_loader(path)
    assert "\n" not in str(error.value) and "not a list format" in str(error.value)


def test_curated_list_loads_itself(conn) -> None:
    ensure_curated(conn)
    ensure_curated(conn)
    (row,) = [r for r in sources(conn) if r["name"] == "curated"]
    assert row["entry_count"] >= 60 and row["links"] > 10
    screener = Screener.from_store(conn)
    assert screener.party("curated:hikvision").listed
