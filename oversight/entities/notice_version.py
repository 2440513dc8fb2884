"""The fingerprint of notice extraction (its data files and layout), apart from the extractor itself.

Search checks on every query that stored notices are current; this module lets it do so without importing the
extractor and its tables (~85 ms), which it needs only when a notice must be extracted again.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import resources

LAYOUT = "notice/2"  # bump when extraction changes in a way the data files do not show
DATA_FILES = ("notice.yaml", "labels.yaml")


@lru_cache(maxsize=1)
def version() -> str:
    """A stored notice of another version is extracted again."""
    digest = hashlib.sha256(LAYOUT.encode())
    for name in DATA_FILES:
        digest.update(resources.files("oversight.entities").joinpath("data", name).read_bytes())
    return digest.hexdigest()[:12]
