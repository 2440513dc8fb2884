"""The OCR engines by name, declared without importing them, so `--ocr` is checked when the command line is read.

An engine is a function from an 8-bit grayscale page image (and a thread count) to recognised words; adding one
means adding its module and one line here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from oversight.registry import Registry

if TYPE_CHECKING:
    import numpy as np

    from oversight.ingest.ocr_layout import Word

AUTO = "auto"
AUTO_ENGINE = "rapidocr"  # what "auto" selects: bench/ocr.py has the figures that chose it


class OcrEngine(Protocol):
    def __call__(self, image: np.ndarray, threads: int, /) -> list[Word]: ...


OCR_ENGINES: Registry[OcrEngine] = Registry(
    "OCR engine",
    {
        "rapidocr": "oversight.ingest.ocr_rapid:words",
        "tesseract": "oversight.ingest.ocr_tesseract:words",
    },
    group="oversight.ocr_engines",
)


def choices() -> tuple[str, ...]:
    """What `--ocr` accepts: auto, then every engine."""
    return (AUTO, *OCR_ENGINES.names())
