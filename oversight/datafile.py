"""One loader for every reviewed data file shipped in the package (YAML and CSV), with errors that name the place.

Data experts edit these files, not code, so a typo must end in one line that says which file, which entry and what
is wrong (as the taxonomy loader does, and as FtM's schema loader does with a `TypedDict` per shape), never in a
`KeyError` traceback from whichever stage first touches the entry. Each file's shape is declared once as a
`TypedDict`; `entry` checks a record against it.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from importlib import resources
from typing import Any, NotRequired, TypeVar, get_args, get_origin, get_type_hints

import yaml

from oversight.errors import OversightError

S = TypeVar("S")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class DataFileError(OversightError):
    """A shipped data file is malformed; the message names the file, the entry and what is wrong."""


def _text(package: str, name: str) -> str:
    return resources.files(package).joinpath(*name.split("/")).read_text(encoding="utf-8")


def read_yaml(package: str, name: str) -> dict[str, Any]:
    """The mapping at the top of `name` (a path inside `package`, e.g. "data/models.yaml")."""
    try:
        data = yaml.load(_text(package, name), Loader=_LOADER) or {}
    except yaml.YAMLError as exc:
        raise DataFileError(f"{name}: invalid YAML: {str(exc).splitlines()[0]}") from None
    if not isinstance(data, dict):
        raise DataFileError(f"{name}: expected a mapping at the top level")
    return data


def read_csv(package: str, name: str, columns: Sequence[str]) -> list[dict[str, str]]:
    """The rows of `name`, which must have at least `columns` in its header; a short row names its line."""
    reader = csv.DictReader(_text(package, name).splitlines())
    missing = [c for c in columns if c not in (reader.fieldnames or ())]
    if missing:
        raise DataFileError(f"{name}: missing column {', '.join(repr(c) for c in missing)}")
    rows = []
    for row in reader:
        if None in row.values() or None in row:
            raise DataFileError(f"{name}:{reader.line_num}: expected {len(reader.fieldnames or ())} fields")
        rows.append(row)
    return rows


def entry(record: object, shape: type[S], where: str) -> S:
    """`record` checked against the TypedDict `shape`: required keys present, values of the declared kind."""
    if not isinstance(record, Mapping):
        raise DataFileError(f"{where}: expected a mapping, found {type(record).__name__}")
    # Read from the annotations themselves: with postponed annotations `__required_keys__` misses NotRequired.
    hints = get_type_hints(shape, include_extras=True)
    optional = {key for key, kind in hints.items() if get_origin(kind) is NotRequired}
    missing = [key for key in hints if key not in optional and key not in record]
    if missing:
        raise DataFileError(f"{where}: missing {', '.join(repr(key) for key in missing)}")
    for key, hint in hints.items():
        kind = get_args(hint)[0] if key in optional else hint
        if key in record and not _is(record[key], kind):
            raise DataFileError(f"{where}: {key!r} must be {_name(kind)}, not {record[key]!r}")
    return record  # type: ignore[return-value]  # checked above against the TypedDict


def _is(value: object, kind: Any) -> bool:
    origin = get_origin(kind)
    if origin is None:
        return kind is Any or isinstance(value, kind)
    if origin in (list, tuple, dict):
        return isinstance(value, origin)
    args = get_args(kind)  # a union, e.g. str | None
    return any(_is(value, arg) for arg in args)


def _name(kind: Any) -> str:
    origin = get_origin(kind)
    if origin is None:
        return getattr(kind, "__name__", str(kind))
    if origin in (list, tuple, dict):
        return f"a {origin.__name__}"
    return " or ".join(_name(arg) for arg in get_args(kind))
