"""One document through every stage, as a library call, and the runners that drive many.

`process_file(path, options, analysers)` takes a file through ingest → text → detect → extract → screen and
returns a `DocumentResult` without touching the store; `oversight.store.results.write_document` stores it in one
transaction. `Analysers.from_store(conn)` builds what analysis shares across documents (taxonomy, screener).
Runners: `runner.ingest_paths` (local, worker processes, one writer) and `scan.scan_paths` / `scan.rescan`.

The names load on first use (`oversight.lazy`), so importing one light module of the package does not load them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from oversight import lazy

if TYPE_CHECKING:
    from oversight.pipeline.analyse import Analysers, Analysis, analyse
    from oversight.pipeline.document import DocumentResult, process_file, process_stored

_HOMES = {
    "Analysers": "oversight.pipeline.analyse",
    "Analysis": "oversight.pipeline.analyse",
    "DocumentResult": "oversight.pipeline.document",
    "analyse": "oversight.pipeline.analyse",
    "process_file": "oversight.pipeline.document",
    "process_stored": "oversight.pipeline.document",
}
__all__ = ["Analysers", "Analysis", "DocumentResult", "analyse", "process_file", "process_stored"]

__getattr__ = lazy.exports(__name__, _HOMES)
