"""Reading order from word geometry: rows across skewed tables, spaces only where the script has them."""

from __future__ import annotations

from oversight.ingest.base import Box
from oversight.ingest.ocr_layout import Word, assemble, skew_slope


def word(
    text: str, x0: float, y0: float, segment: int, spaced: bool = False, width: float | None = None, height: float = 20
) -> Word:
    return Word(Box(text, x0, y0, x0 + (width or 20 * len(text)), y0 + height, 0.9), segment, spaced)


def cell(text: str, x: float, y: float, segment: int, slope: float) -> list[Word]:
    """A table cell as RapidOCR returns it: one word per character, following the page tilt."""
    return [word(char, x + 20 * i, y + slope * (x + 20 * i), segment) for i, char in enumerate(text)]


def test_skewed_table_row_reads_as_one_line() -> None:
    # A 1.7 degree tilt: the last cell sits 24 px lower than the first, most of the 30 px row pitch.
    slope = 0.03
    cells = ["人脸识别服务器", "海康威视", "华为", "英伟达"]
    xs = [100, 330, 570, 800]
    words = []
    for row, y in enumerate((400, 430)):
        for column, (text, x) in enumerate(zip(cells, xs)):
            words += cell(text, x, y, row * 10 + column, slope)
    words += cell("合计", 100, 460, 99, slope)
    assert abs(skew_slope(words) - slope) < 0.002
    text, boxes = assemble(words)
    assert text.split("\n") == ["人脸识别服务器 海康威视 华为 英伟达"] * 2 + ["合计"]
    assert "".join(b.text for b in boxes[:7]) == "人脸识别服务器"


def test_line_split_in_two_segments_stays_one_line_on_a_tilted_page() -> None:
    slope = 0.03  # the right half of each line sits 13 px lower than its left half: most of a line height
    words = []
    for line, (y, char) in enumerate(zip((100, 130, 160), "甲乙丙")):
        words += cell(char * 20, 50, y, 2 * line, slope)
        words += cell(char * 20, 500, y, 2 * line + 1, slope)
    text, _ = assemble(words)
    assert text.split("\n") == [f"{c * 20} {c * 20}" for c in "甲乙丙"]


def test_cjk_neighbours_join_latin_words_keep_spaces() -> None:
    words = [
        word("中标人", 0, 0, 0, width=60),
        word("须", 64, 0, 0, spaced=True, width=20),  # Tesseract's split inside Chinese: no real gap
        word("WiFi", 86, 0, 0, spaced=True, width=40),
        word("Jetson", 300, 0, 1, width=60),
        word("AGX", 370, 0, 1, spaced=True, width=30),
        word("Xavier", 410, 0, 1, spaced=False, width=60),
    ]
    text, boxes = assemble(words)
    assert text == "中标人须WiFi Jetson AGXXavier"
    assert [b.text for b in boxes] == ["中标人", "须", "WiFi", "Jetson", "AGX", "Xavier"]


def test_wide_gap_between_chinese_cells_stays_a_space() -> None:
    text, _ = assemble([word("人脸识别", 0, 0, 0), word("商汤科技", 200, 0, 1)])
    assert text == "人脸识别 商汤科技"


def test_no_words_no_text() -> None:
    assert assemble([]) == ("", [])
