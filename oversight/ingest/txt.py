"""Plain text in UTF-8, GB18030/GBK or Big5, with the encoding worked out from the bytes.

Statistical detectors confuse GBK and Big5 on short texts (both are two-byte schemes over the same byte ranges),
so decoding tries strict UTF-8 first, then both Chinese codecs, and keeps the one whose characters are the
common ones of its own character set. Other encodings go to charset-normalizer.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from charset_normalizer import from_bytes
from opencc import OpenCC

from oversight.errors import IngestError
from oversight.ingest.base import Ingestor, Options, Page
from oversight.ingest.paging import MAX_PAGE_CHARS, cut, flowing_pages

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control characters other than tab, line breaks and the DOS end-of-file mark, and private-use code points.
_ODD = re.compile(r"[\x00-\x08\x0e-\x19\x1b-\x1f\x7f-\x9f\ue000-\uf8ff\U000f0000-\U0010ffff]")
_RATIO_SAMPLE = 50_000  # characters looked at when judging a Chinese decoding
_MAX_ODD_SHARE = 0.01  # control or private-use characters allowed in decoded text before it counts as binary
_MIN_COMMON_SHARE = 0.5  # share of common characters that makes a Chinese decoding believable on its own
_SNIFF_BYTES = 1024
_WHOLE_BYTES = 8 * 1024 * 1024  # larger text files are decoded and paged in chunks
_SAMPLE_BYTES = 1024 * 1024
_STRONG_COMMON_SHARE = 0.9  # common-character share at which Chinese beats a declared single-byte charset


def _gb_common(char: str) -> bool:
    """In GB2312's punctuation rows or its hanzi rows: what (simplified) Chinese text is made of."""
    try:
        lead = char.encode("gb2312")[0]
    except UnicodeEncodeError:
        return False
    return lead in (0xA1, 0xA3) or 0xB0 <= lead <= 0xF7


def _big5_common(char: str) -> bool:
    """In Big5's symbol rows or its frequently-used hanzi block (A440-C67E)."""
    try:
        lead = char.encode("cp950")[0]
    except UnicodeEncodeError:
        return False
    return 0xA1 <= lead <= 0xC6


# Each Chinese codec with its test for common characters; traditional text in GB18030 is judged by its
# simplified form, since GB2312 only holds simplified characters.
_CHINESE: tuple[tuple[str, Callable[[str], bool], Callable[[str], str]], ...] = (
    ("gb18030", _gb_common, OpenCC("t2s").convert),
    ("cp950", _big5_common, str),
)
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "big5": "cp950", "utf8": "utf-8"}


def decode_text(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Text and the codec that decoded it; `declared` (e.g. an HTML meta charset) is tried first.

    Raises IngestError when no encoding gives believable text (binary data, mixed encodings).
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _strict(data, codec, "byte-order mark")
    # Valid UTF-8 with multi-byte characters beats any other declared charset: legacy text is almost never
    # valid UTF-8 by chance, while pages that declare koi8-r or cp1251 over UTF-8 bytes are common.
    for codec in dict.fromkeys(filter(None, ("utf-8", _codec(declared)))):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _plausible(text):
            return _checked(data, text, codec)
    mixed = _mixed(data)
    if mixed:
        return mixed
    guess = _chinese_guess(data)
    if guess and guess[0] >= _MIN_COMMON_SHARE:
        return guess[1], guess[2]
    match = from_bytes(data).best()
    if match is not None and _plausible(str(match)):
        return str(match), match.encoding
    if guess:
        return guess[1], guess[2]
    raise IngestError("cannot decode text: not UTF-8, GB18030 or Big5, and no other encoding fits (binary data?)")


def _codec(name: str | None) -> str | None:
    """A Python text codec for a declared charset, or None when it is unknown, not a text encoding (rot13,
    base64) or cannot be what it claims (UTF-16/32 declared inside ASCII markup)."""
    if not name:
        return None
    name = _ALIASES.get(name.strip().lower(), name.strip().lower())
    try:
        info = codecs.lookup(name)
        if not info._is_text_encoding or "<meta".encode(info.name) != b"<meta":
            return None
    except (LookupError, UnicodeError):
        return None
    return info.name


def _checked(data: bytes, text: str, codec: str) -> tuple[str, str]:
    """A declared single-byte charset (koi8-r, cp1251, mac-roman, cp437) decodes any bytes at all, so it is
    checked against them: bytes that read as common Chinese text in GB18030 or Big5 are that instead."""
    if codec == "utf-8" or not _single_byte(codec):
        return text, codec
    guess = _chinese_guess(data)
    if guess and guess[0] >= _STRONG_COMMON_SHARE and not data.isascii():
        return guess[1], guess[2]
    return text, codec


def _single_byte(codec: str) -> bool:
    return not "维".encode(codec, errors="ignore")


def _mixed(data: bytes) -> tuple[str, str] | None:
    """Text whose lines are partly UTF-8 and partly a Chinese legacy encoding (files pasted together): each
    line decoded by the encoding that fits it. None when no line is UTF-8 with non-ASCII characters."""
    lines = data.split(b"\n")
    legacy = [line for line in lines if not _is_utf8(line)]
    if not legacy or not any(not line.isascii() and _is_utf8(line) for line in lines):
        return None
    guess = _chinese_guess(b"\n".join(legacy))
    if guess is None or guess[0] < _MIN_COMMON_SHARE:
        raise IngestError("mixed encodings: some lines are UTF-8 and the others are neither UTF-8, GB18030 nor Big5")
    codec = guess[2]
    text = "\n".join(line.decode("utf-8") if _is_utf8(line) else line.decode(codec) for line in lines)
    return text, f"utf-8+{codec}"


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _strict(data: bytes, codec: str, why: str) -> tuple[str, str]:
    try:
        return data.decode(codec), codec
    except UnicodeDecodeError as exc:
        raise IngestError(f"text has a {why} for {codec} but invalid bytes at offset {exc.start}") from None


def _chinese_guess(data: bytes) -> tuple[float, str, str] | None:
    """(share of common characters, text, codec) of the best-fitting Chinese codec, if any decodes cleanly."""
    best: tuple[float, str, str] | None = None
    for codec, common, fold in _CHINESE:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if not _plausible(text):
            continue
        wide = [c for c in fold(text[:_RATIO_SAMPLE]) if ord(c) > 0x7F]
        share = sum(map(common, wide)) / len(wide) if wide else 1.0
        if best is None or share > best[0]:
            best = (share, text, codec)
    return best


def _plausible(text: str) -> bool:
    """Text, not binary: hardly any control characters or private-use code points."""
    return len(_ODD.findall(text)) <= len(text) * _MAX_ODD_SHARE


def looks_like_text(head: bytes) -> bool:
    """A cheap sniff for files without a telling extension: no NUL bytes and decodable as text."""
    sample = head[:_SNIFF_BYTES]
    if not sample or b"\x00" in sample:
        return False
    for codec in ("utf-8", "gb18030", "cp950"):
        try:
            return _plausible(sample.decode(codec))
        except UnicodeDecodeError as exc:
            if exc.start >= len(sample) - 4:  # a character cut by the end of the sample
                return _plausible(sample[: exc.start].decode(codec))
    return False


class TxtIngestor(Ingestor):
    """One page of text; the codec used is the page's label so a reader can check the decoding."""

    MEDIA_TYPES = ("text/plain",)
    EXTENSIONS = ("txt", "text")
    FTM_SCHEMA = "PlainText"
    LABEL = "plain text"
    KIND = "text"
    SCORE = 5

    @classmethod
    def score(cls, path: Path, head: bytes) -> int:
        """The extension, else 1 for a file without extension that looks like text (the last resort).

        Files with another extension (.md, .json, ...) are left unsupported rather than read as prose.
        """
        if path.suffix.lower().lstrip(".") in cls.EXTENSIONS:
            return cls.SCORE
        return 1 if not path.suffix and looks_like_text(head) else 0

    def pages(self, path: Path, options: Options) -> Iterator[Page]:
        if path.stat().st_size > _WHOLE_BYTES:
            yield from _streamed(path)
            return
        text, codec = decode_text(path.read_bytes())
        if not text.strip():
            raise IngestError("empty text file")
        yield from flowing_pages(text, "txt", codec)


def _streamed(path: Path) -> Iterator[Page]:
    """A large text file read in chunks: the encoding is judged on its start, then every byte is held to it."""
    with open(path, "rb") as handle:
        sample = handle.read(_SAMPLE_BYTES)
        cut_at = sample.rfind(b"\n") + 1 or len(sample)
        _, codec = decode_text(sample[:cut_at])
        if "+" in codec:
            raise IngestError("mixed encodings in a large text file: split it or convert it to UTF-8")
        handle.seek(0)
        decoder = codecs.getincrementaldecoder(codec)(errors="strict")
        number, buffer, offset = 1, "", 0
        while chunk := handle.read(_SAMPLE_BYTES):
            try:
                buffer += decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                raise IngestError(
                    f"text starts as {codec} but byte {offset + exc.start} is not {codec} (mixed encodings?)"
                ) from None
            offset += len(chunk)
            while len(buffer) > MAX_PAGE_CHARS:
                head, buffer = cut(buffer)
                yield Page(number=number, text=head, method="txt", label=codec)
                number += 1
        buffer += decoder.decode(b"", final=True)
    if buffer or number == 1:
        yield Page(number=number, text=buffer, method="txt", label=codec)
