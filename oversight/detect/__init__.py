"""Detect surveillance capabilities described in documents, with page-cited quotes from the raw text.

`scan_pages(pages)` finds the capabilities on a document's (number, raw text) pages; `match_text(raw)` matches
one page of text; storing findings is the pipeline's job. What counts as a capability is data: the taxonomy in
`oversight/detect/taxonomy/`.
"""

from oversight.detect.findings import Finding
from oversight.detect.matcher import Match, match_text
from oversight.detect.scan import scan_pages
from oversight.detect.taxonomy import Taxonomy, TaxonomyError, load

__all__ = ["Finding", "Match", "Taxonomy", "TaxonomyError", "load", "match_text", "scan_pages"]
