"""Detect surveillance capabilities described in documents, with page-cited quotes from the raw text.

`scan_document(conn, document_id)` scans a stored document and stores its findings; `match_text(raw)` matches
one page of text. What counts as a capability is data: the taxonomy in `oversight/detect/taxonomy/`.
"""

from oversight.detect.findings import Finding
from oversight.detect.matcher import Match, match_text
from oversight.detect.scan import scan_document
from oversight.detect.taxonomy import Taxonomy, TaxonomyError, load

__all__ = ["Finding", "Match", "Taxonomy", "TaxonomyError", "load", "match_text", "scan_document"]
