"""Tesseract (`chi_sim+eng`, Debian packages tesseract-ocr and tesseract-ocr-chi-sim) as word boxes.

It runs as a child process through pytesseract; OMP_THREAD_LIMIT caps its OpenMP pool, which otherwise takes
every core and slows a pool of workers down.
"""

from __future__ import annotations

import os
import shutil
from functools import cache

import numpy as np

from oversight.errors import IngestError
from oversight.ingest.base import Box
from oversight.ingest.ocr_layout import Word

LANGS = "chi_sim+eng"
CONFIG = "--psm 3"  # automatic page segmentation; rows are rebuilt from geometry afterwards


@cache
def _ready(threads: int) -> None:
    if shutil.which("tesseract") is None:
        raise IngestError("tesseract is not installed (apt install tesseract-ocr tesseract-ocr-chi-sim)")
    os.environ.setdefault("OMP_THREAD_LIMIT", str(threads))


def words(image: np.ndarray, threads: int) -> list[Word]:
    """Words of a grayscale page image, each tagged with the Tesseract line it belongs to."""
    import pytesseract

    _ready(threads)
    data = pytesseract.image_to_data(image, lang=LANGS, config=CONFIG, output_type=pytesseract.Output.DICT)
    lines: dict[tuple[int, int, int], int] = {}
    found = []
    for i, raw in enumerate(data["text"]):
        text, confidence = raw.strip(), float(data["conf"][i])
        if not text or confidence < 0:
            continue
        line = lines.setdefault((data["block_num"][i], data["par_num"][i], data["line_num"][i]), len(lines))
        x, y = float(data["left"][i]), float(data["top"][i])
        box = Box(text, x, y, x + data["width"][i], y + data["height"][i], confidence / 100)
        found.append(Word(box, line, True))
    return found
