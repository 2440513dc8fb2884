"""Detect surveillance capabilities described in documents, with page-cited quotes from the raw text.

`scan_pages(pages)` finds the capabilities on a document's (number, raw text) pages; `match_text(raw)` matches
one page of text; storing findings is the pipeline's job. What counts as a capability is data: the taxonomy in
`oversight/detect/taxonomy/`.

The names below load on first use (PEP 562), so a caller that needs only `detect.taxonomy.severities` (search
filters, report colours, CLI help) does not import the matcher and its numpy and Aho-Corasick machinery.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from oversight import lazy

if TYPE_CHECKING:
    from oversight.detect.findings import Finding
    from oversight.detect.matcher import Match, match_text
    from oversight.detect.scan import scan_pages
    from oversight.detect.taxonomy import Taxonomy, TaxonomyError, load

_HOMES = {
    "Finding": "oversight.detect.findings",
    "Match": "oversight.detect.matcher",
    "match_text": "oversight.detect.matcher",
    "scan_pages": "oversight.detect.scan",
    "Taxonomy": "oversight.detect.taxonomy",
    "TaxonomyError": "oversight.detect.taxonomy",
    "load": "oversight.detect.taxonomy",
}
__all__ = ["Finding", "Match", "Taxonomy", "TaxonomyError", "load", "match_text", "scan_pages"]

__getattr__ = lazy.exports(__name__, _HOMES)
