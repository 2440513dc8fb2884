"""Images (PNG, JPEG, TIFF): every frame is a page, read by OCR; a multi-page TIFF gives one page per frame.

The OCR module (OpenCV, engines) loads on first use, so choosing an ingestor stays cheap.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from oversight.errors import IngestError
from oversight.ingest.base import Ingestor, Options, Page


class ImageIngestor(Ingestor):
    MEDIA_TYPES = ("image/png", "image/jpeg", "image/tiff")
    EXTENSIONS = ("png", "jpg", "jpeg", "tif", "tiff")
    PAGED = True
    FTM_SCHEMA = "Pages"
    LABEL = "an image"
    KIND = "scan"
    MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")
    SCORE = 10

    def __init__(self) -> None:
        self._media_type: str | None = None

    @property
    def media_type(self) -> str:
        """The type Pillow recognised once the file is open (one class reads three formats)."""
        return self._media_type or self.MEDIA_TYPES[0]

    def pages(self, path: Path, options: Options) -> Iterator[Page]:
        from oversight.ingest.ocr import engine_name, ocr_image

        engine_name(options.ocr_engine)  # a bad engine name fails before any decoding work
        try:
            image = Image.open(path)
        except (UnidentifiedImageError, Image.DecompressionBombError, OSError) as exc:
            raise IngestError(f"unreadable image ({_reason(exc)})") from None
        with image:
            self._media_type = Image.MIME.get(image.format or "", self._media_type)
            for index, frame in enumerate(ImageSequence.Iterator(image)):
                _check_pixels(frame, index + 1, options.max_pixels)
                try:
                    gray, dpi = frame_image(frame, options.ocr_dpi)
                except (OSError, ValueError, Image.DecompressionBombError) as exc:
                    raise IngestError(f"cannot decode image frame {index + 1} ({_reason(exc)})") from None
                yield ocr_image(gray, index + 1, dpi, options.ocr_engine)


def frame_image(frame: Image.Image, max_dpi: int) -> tuple[np.ndarray, float | None]:
    """An 8-bit grayscale page image upright as displayed, on white, downsampled to `max_dpi` when finer."""
    upright = ImageOps.exif_transpose(frame)
    if upright.mode in ("RGBA", "LA", "PA", "P") or "transparency" in upright.info:
        rgba = upright.convert("RGBA")
        backdrop = Image.new("RGBA", rgba.size, "white")
        upright = Image.alpha_composite(backdrop, rgba)
    if upright.mode.startswith(("I", "F")):  # 16-bit and float scans: Pillow's "L" conversion would clip them white
        values = np.asarray(upright, dtype=np.float64)
        gray = Image.fromarray((values * (255 / max(float(values.max()), 1.0))).astype(np.uint8))
    else:
        gray = upright.convert("L")
    dpi = _dpi(frame)
    if dpi and dpi > max_dpi:
        size = (round(gray.width * max_dpi / dpi), round(gray.height * max_dpi / dpi))
        gray = gray.resize(size, Image.Resampling.BOX)
        dpi = float(max_dpi)
    return np.asarray(gray), dpi


def _check_pixels(frame: Image.Image, number: int, max_pixels: int) -> None:
    """Refuse a frame before decoding it when its pixels would blow the memory budget (a decompression bomb:
    a few kilobytes of PNG can declare 170 million pixels, just under Pillow's own limit)."""
    width, height = frame.size
    if width * height > max_pixels:
        raise IngestError(
            f"image frame {number} is {width} x {height} pixels, over the limit of {max_pixels // 1_000_000}"
            " million pixels per page image (a decompression bomb? raise it with --max-megapixels)"
        )


def _dpi(frame: Image.Image) -> float | None:
    """The resolution the file declares, ignoring junk values (0 or 1 from some writers)."""
    declared = frame.info.get("dpi")
    if not declared:
        return None
    value = float(max(declared))
    return value if value >= 50 else None


def _reason(exc: BaseException) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
