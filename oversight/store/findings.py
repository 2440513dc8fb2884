"""Findings in the store, with the version of the stage that made them.

The findings table is shared by stages: detection stores its taxonomy's categories, the entities stage its
export-control findings, so every replace and read is limited to the categories the caller owns.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from oversight.store.db import Connection
from oversight.store.rows import FindingRow

_COLUMNS = (  # FindingRow's order
    'page, category, severity, rule, quote, "start", "end", context, taxonomy_version, quote_kind, quotes'
)


def _among(categories: Iterable[str]) -> tuple[str, list[str]]:
    names = sorted(categories)
    return f"category IN ({', '.join('?' * len(names))})" if names else "1 = 0", names


def replace(conn: Connection, document_id: int, rows: list[FindingRow], categories: Iterable[str]) -> list[int]:
    """Make `rows` the document's findings in `categories` (inside the caller's transaction); returns their ids."""
    among, names = _among(categories)
    conn.execute(f"DELETE FROM findings WHERE document_id = ? AND {among}", (document_id, *names))
    conn.executemany(
        f"INSERT INTO findings(document_id, {_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        [(document_id, *row) for row in rows],
    )
    # Ids grow in insertion order on both backends, so one query returns them in the order of `rows`.
    found = conn.execute(
        f"SELECT id FROM findings WHERE document_id = ? AND {among} ORDER BY id", (document_id, *names)
    )
    ids = [int(r[0]) for r in found]
    assert len(ids) == len(rows)
    return ids


def link(conn: Connection, links: Iterable[tuple[int, int, str]]) -> None:
    """(finding id, entity id, role): what a finding rests on."""
    conn.executemany(
        "INSERT INTO finding_entities(finding_id, entity_id, role) VALUES (?, ?, ?)"
        " ON CONFLICT (finding_id, entity_id) DO NOTHING",
        list(links),
    )


def stored(conn: Connection, document_id: int, categories: Iterable[str]) -> list[FindingRow]:
    """The document's stored findings in `categories`, in page order."""
    among, names = _among(categories)
    rows = conn.execute(
        f'SELECT {_COLUMNS} FROM findings WHERE document_id = ? AND {among} ORDER BY page, "start", id',
        (document_id, *names),
    )
    return [FindingRow(*row) for row in rows]


def with_basis(conn: Connection, document_id: int) -> list[dict[str, Any]]:
    """Every finding of a document as a column dict, with `basis`: the entities it rests on (for reports)."""
    basis: dict[int, list[dict[str, Any]]] = {}
    for row in conn.execute(
        "SELECT fe.finding_id, fe.role, e.text, e.name, e.page, e.listed FROM finding_entities fe"
        ' JOIN entities e ON e.id = fe.entity_id WHERE e.document_id = ? ORDER BY e.page, e."start"',
        (document_id,),
    ):
        basis.setdefault(row["finding_id"], []).append(
            {
                "role": row["role"],
                "text": row["text"],
                "name": row["name"],
                "page": row["page"],
                "listed": bool(row["listed"]),
            }
        )
    out = []
    for row in conn.execute('SELECT * FROM findings WHERE document_id = ? ORDER BY page, "start", id', (document_id,)):
        data = dict(row)
        out.append({**data, "basis": basis.get(data["id"], [])})
    return out


def categories_on(
    conn: Connection, keys: Sequence[tuple[int, int]], batch: int = 200
) -> dict[tuple[int, int], tuple[str, ...]]:
    """The finding categories on each (document, page), sorted; pages without findings are left out."""
    found: dict[tuple[int, int], set[str]] = {}
    for start in range(0, len(keys), batch):
        chunk = keys[start : start + batch]
        where = " OR ".join(["(document_id = ? AND page = ?)"] * len(chunk))
        rows = conn.execute(
            f"SELECT document_id, page, category FROM findings WHERE {where}", [v for key in chunk for v in key]
        )
        for document_id, page, category in rows:
            found.setdefault((document_id, page), set()).add(category)
    return {key: tuple(sorted(values)) for key, values in found.items()}
