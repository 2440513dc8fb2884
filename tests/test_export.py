"""`oversight export`: findings and entities as CSV and JSON lines; FollowTheMoney entities that load and validate."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from followthemoney import model

from oversight.export.ftm import topic
from oversight.export.tabular import write_csv
from tests.fixtures import Store, fetch, run_cli


def test_findings_csv_and_jsonl_match_the_store(scanned_store: Store, tmp_path: Path) -> None:
    stored = fetch(
        scanned_store.db,
        "SELECT d.sha256, f.page, f.rule, f.quote FROM findings f JOIN documents d ON d.id = f.document_id",
    )
    code, _ = run_cli("export", "findings", "--all", "-f", "csv", "-o", tmp_path / "f.csv", "--db", scanned_store.db)
    assert code == 0
    data = (tmp_path / "f.csv").read_bytes()
    assert data.startswith("\ufeff".encode())  # spreadsheets need the BOM to read UTF-8
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert sorted((r["sha256"], int(r["page"]), r["rule"], r["quote"]) for r in rows) == sorted(map(tuple, stored))
    code, out = run_cli("export", "findings", "--all", "--db", scanned_store.db)
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(lines) == len(stored)
    award = [r for r in lines if r["file"] == "award-xikou.html"]
    assert award and all(r["buyer"] == "溪口县公安局" and r["project_number"] == "XKZFCG-2025-021" for r in award)


def test_entities_export_follows_the_entities_table(scanned_store: Store) -> None:
    [(stored,)] = fetch(scanned_store.db, "SELECT COUNT(*) FROM entities")
    code, out = run_cli("export", "entities", "--all", "--db", scanned_store.db)
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(rows) == stored
    for row in rows:
        assert {"sha256", "file", "page", "kind", "text", "name", "listed", "lists"} <= set(row)


def test_csv_cells_never_become_formulas() -> None:
    out = io.StringIO()
    write_csv(
        [{"quote": '=HYPERLINK("http://x","y")', "n": 5, "l": ["a", "b"]}, {"quote": "-30℃", "n": None}],
        ["quote", "n", "l"],
        out,
        bom=False,
    )
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[1] == ['\'=HYPERLINK("http://x","y")', "5", "a; b"] and rows[2] == ["'-30℃", "", ""]


def _ftm(scanned_store: Store, *docs: str) -> list[dict]:
    code, out = run_cli("export", "ftm", *(docs or ("--all",)), "--db", scanned_store.db)
    assert code == 0
    return [json.loads(line) for line in out.splitlines()]


def test_ftm_entities_load_and_validate(scanned_store: Store) -> None:
    entities = _ftm(scanned_store)
    ids = {e["id"] for e in entities}
    assert len(ids) == len(entities)
    for data in entities:
        proxy = model.get_proxy(data)
        proxy.schema.validate(data)  # raises on an invalid entity
        assert proxy.to_dict()["properties"] == data["properties"]  # nothing dropped by cleaning
        for prop, values in proxy.properties.items():
            if proxy.schema.properties[prop].type.name == "entity":
                assert set(values) <= ids, (data["schema"], prop)  # every reference resolves inside the export
    schemata = {e["schema"] for e in entities}
    assert {"Pages", "Page", "PlainText", "HyperText", "Contract", "ContractAward"} <= schemata
    [(stored,)] = fetch(scanned_store.db, "SELECT COUNT(*) FROM documents")
    documents = [e for e in entities if model.get(e["schema"]).is_a("Document")]
    assert len(documents) == stored
    pdf = next(e for e in documents if "spec-sheet.pdf" in e["properties"]["fileName"])
    pages = [e for e in entities if e["schema"] == "Page" and e["properties"]["document"] == [pdf["id"]]]
    assert sorted(int(p["properties"]["index"][0]) for p in pages) == [1, 2]
    assert len(pdf["properties"]["contentHash"][0]) == 40


def test_ftm_award_notice_becomes_a_contract_award(scanned_store: Store) -> None:
    entities = {e["id"]: e for e in _ftm(scanned_store, "award-xikou.html")}
    [award] = [e for e in entities.values() if e["schema"] == "ContractAward"]
    props = award["properties"]
    supplier = entities[props["supplier"][0]]
    assert supplier["schema"] == "Company" and "杭州海康威视数字技术股份有限公司" in (
        supplier["properties"]["name"] + supplier["properties"].get("alias", [])
    )
    assert float(props["amount"][0]) == 12_856_000 and props["currency"] == ["CNY"]
    contract = entities[props["contract"][0]]
    buyer = entities[contract["properties"]["authority"][0]]
    assert buyer["schema"] == "PublicBody" and "溪口县公安局" in buyer["properties"]["name"]
    document = entities[props["proof"][0]]
    assert document["schema"] == "HyperText" and document["properties"]["fileName"] == ["award-xikou.html"]


def test_ftm_mentions_name_their_page(scanned_store: Store) -> None:
    stored = fetch(scanned_store.db, "SELECT page, text FROM entities")
    entities = _ftm(scanned_store)
    mentions = [e for e in entities if e["schema"] == "Mention"]
    links = [e for e in entities if e["schema"] == "Documentation"]
    assert len(mentions) == len(stored)
    assert sorted(m["properties"]["name"][0] for m in mentions) == sorted(r["text"] for r in stored)
    assert {link["properties"]["role"][0] for link in links} <= {f"named on page {r['page']}" for r in stored}


def test_listed_parties_get_the_topic_of_their_list() -> None:
    assert topic("BIS Entity List (15 CFR 744 Supp. No. 4)") == "export.control"
    assert topic("OFAC SDN (GLOMAG)") == "sanction"
    assert topic("NDAA §889") == "debarment"
    assert topic("some other list") == "sanction"
