"""`oversight verify` on either backend: a damaged original is reported and moved aside, a missing one reported,
and ingesting the same files again restores both."""

from __future__ import annotations

from collections.abc import Callable

from oversight.store.blobs import blob_path
from tests.fixtures import Store, fetch, run_cli


def test_damaged_and_missing_originals_are_found_and_healed(
    scanned_store: Store, store_copy: Callable[[Store], Store]
) -> None:
    copy = store_copy(scanned_store)
    shas = dict(
        fetch(copy.db, "SELECT n.name, d.sha256 FROM documents d JOIN document_names n ON n.document_id = d.id")
    )
    code, out = run_cli("verify", "--db", copy.db)
    assert code == 0
    assert out.strip() == f"{len(set(shas.values()))} originals checked, 0 with problems"

    damaged = blob_path(copy.blobs, shas["spec-sheet.pdf"])
    damaged.chmod(0o644)
    zeros = bytes(damaged.stat().st_size)  # the same size, other bytes: damaged, not cut short
    damaged.write_bytes(zeros)
    blob_path(copy.blobs, shas["inject.pdf"]).unlink()
    code, out = run_cli("verify", "--db", copy.db)
    assert code == 3
    assert out.strip().endswith(", 2 with problems")
    assert (copy.blobs / "damaged" / shas["spec-sheet.pdf"]).read_bytes() == zeros

    code, _ = run_cli("ingest", copy.inputs / "spec-sheet.pdf", copy.inputs / "inject.pdf", "--db", copy.db)
    assert code == 0
    code, out = run_cli("verify", "--db", copy.db)
    assert code == 0 and out.strip().endswith(", 0 with problems")
