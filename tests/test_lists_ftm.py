"""OpenSanctions-shaped FollowTheMoney exports load without a traceback, whatever schemas they carry."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from followthemoney import model

from oversight.screen.loaders import ftm
from oversight.screen.screener import Screener


def _entity(entity_id: str, schema: str, **properties: list[str]) -> dict:
    """An entity as OpenSanctions' targets.nested.json writes it (caption, datasets, target, first_seen ...)."""
    return {
        "id": entity_id,
        "schema": schema,
        "caption": (properties.get("name") or [entity_id])[0],
        "datasets": ["us_ofac_sdn"],
        "referents": [],
        "target": schema in ("Person", "Company", "Vessel", "Airplane"),
        "first_seen": "2021-01-01T00:00:00",
        "last_seen": "2026-11-30T00:00:00",
        "properties": properties,
    }


def _real_shaped(path: Path) -> None:
    lines = [
        _entity(
            "ofac-p-1",
            "Person",
            name=["Ivan Petrovich Sidorov"],
            firstName=["Ivan"],
            lastName=["Sidorov"],
            alias=["Иван Петрович Сидоров"],
            birthDate=["1961-04-02"],
            nationality=["ru"],
            topics=["sanction"],
        ),
        _entity("ofac-v-1", "Vessel", name=["OCEAN GLORY"], imoNumber=["IMO9123456"], flag=["kp"], topics=["sanction"]),
        _entity("ofac-a-1", "Airplane", name=["EP-ABC"], registrationNumber=["EP-ABC"], topics=["sanction"]),
        _entity("ofac-c-1", "Company", name=["Ocean Glory Shipping LLC"], jurisdiction=["ae"], topics=["sanction"]),
        _entity("ofac-s-1", "Security", name=["Sidorov Bond 2030"], isin=["RU000A0JX0J2"]),
        _entity("ofac-addr-1", "Address", full=["1 Harbour Road, Dubai"], country=["ae"]),
        _entity("ofac-id-1", "Identification", holder=["ofac-p-1"], number=["1234"], country=["ru"]),
        _entity("ofac-sanction-1", "Sanction", entity=["ofac-v-1"], authority=["OFAC"], program=["DPRK3"]),
        _entity("ofac-own-1", "Ownership", owner=["ofac-c-1"], asset=["ofac-v-1"], percentage=["100"]),
        _entity("ofac-dir-1", "Directorship", director=["ofac-p-1"], organization=["ofac-c-1"], role=["Director"]),
    ]
    path.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n", encoding="utf-8")


def test_vessels_aircraft_and_people_load_and_screen(tmp_path: Path) -> None:
    path = tmp_path / "targets.nested.json"
    _real_shaped(path)
    parsed = ftm.parse(path)
    schemas = {entry.schema for entry in parsed.entries}
    assert schemas == {"Person", "Vessel", "Airplane", "Company"}
    screener = Screener([parsed])
    assert screener.screen("Ocean Glory")[0].entity_id == "ftm:targets.nested:ofac-v-1"
    assert screener.screen("Иван Сидоров")[0].entity_id == "ftm:targets.nested:ofac-p-1"
    assert screener.screen("Sidorov, Ivan")[0].entity_id == "ftm:targets.nested:ofac-p-1"


def test_every_ftm_schema_loads_without_a_traceback(tmp_path: Path) -> None:
    """One entity of every schema the installed FtM knows, each with the properties a name-bearing schema has."""
    lines = []
    for number, schema in enumerate(sorted(model.schemata.values(), key=lambda s: s.name)):
        properties: dict[str, list[str]] = {}
        for prop in ("name", "alias", "parent", "owner", "asset", "entity", "holder", "country"):
            if prop in schema.properties:
                value = "xx" if prop == "country" else f"Entity {number} {schema.name}"
                properties[prop] = [value if prop in ("name", "alias", "country") else "e-0"]
        lines.append({"id": f"e-{number}", "schema": schema.name, "properties": properties})
    path = tmp_path / "all.ftm.json"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    parsed = ftm.parse(path)
    assert len(parsed.entries) >= 5
    Screener([parsed]).screen("Entity 3")


def test_cli_loads_real_shaped_export(tmp_path: Path, new_store: str) -> None:
    path = tmp_path / "targets.nested.json"
    _real_shaped(path)
    run = subprocess.run(
        [sys.executable, "-m", "oversight", "lists", "load", str(path), "--db", new_store],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
