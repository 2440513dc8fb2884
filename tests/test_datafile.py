"""Every shipped data file loads through the one typed loader, and a malformed entry fails with one line naming
the file, the entry and what is wrong."""

from __future__ import annotations

from typing import NotRequired, TypedDict

import pytest

from oversight.datafile import DataFileError, entry, read_csv, read_yaml
from oversight.export.ftm import topic
from oversight.model_families import model_families
from oversight.screen.lexicon import lexicon


class Spec(TypedDict):
    id: str
    pattern: str
    names: NotRequired[list[str]]
    reviewed: NotRequired[bool]


def test_shipped_files_load() -> None:
    assert model_families()
    assert lexicon().places
    assert topic("OFAC SDN") == "sanction"


def test_a_good_entry_passes_unchanged() -> None:
    record = {"id": "x", "pattern": "A-[0-9]+", "reviewed": True}
    assert entry(record, Spec, "models.yaml: x") is record


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"pattern": "A"}, "models.yaml: makers[2]: missing 'id'"),
        ({"id": "x", "pattern": 7}, "models.yaml: makers[2]: 'pattern' must be str, not 7"),
        ({"id": "x", "pattern": "A", "reviewed": "yes"}, "models.yaml: makers[2]: 'reviewed' must be bool, not 'yes'"),
        ({"id": "x", "pattern": "A", "names": "Hik"}, "models.yaml: makers[2]: 'names' must be a list, not 'Hik'"),
        (["id"], "models.yaml: makers[2]: expected a mapping, found list"),
    ],
)
def test_a_bad_entry_is_named(record: object, message: str) -> None:
    with pytest.raises(DataFileError) as caught:
        entry(record, Spec, "models.yaml: makers[2]")
    assert str(caught.value) == message


def test_a_missing_column_is_named() -> None:
    with pytest.raises(DataFileError, match=r"^data/terms.csv: missing column 'nonsense'$"):
        read_csv("oversight.screen", "data/terms.csv", ("concept", "nonsense"))


def test_a_data_file_must_be_a_mapping() -> None:
    with pytest.raises(DataFileError, match=r"^data/places.csv: expected a mapping at the top level$"):
        read_yaml("oversight.screen", "data/places.csv")
