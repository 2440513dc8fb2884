"""Strings from documents reach a terminal only with control and bidirectional characters made visible."""

from __future__ import annotations

from oversight.text.terminal import printable


def test_escape_sequences_are_shown_not_sent() -> None:
    assert printable("a\x1b]0;title\x07b") == "a\\x1b]0;title\\x07b"


def test_a_newline_cannot_start_a_forged_line() -> None:
    assert printable("name\nerror: forged") == "name\\x0aerror: forged"


def test_bidirectional_overrides_are_visible() -> None:
    assert printable("invoice\u202etxt.exe") == "invoice\\u202etxt.exe"


def test_page_text_keeps_its_lines_and_tabs() -> None:
    assert printable("row\tcell\nnext\r", keep_lines=True) == "row\tcell\nnext\\x0d"


def test_chinese_text_is_untouched() -> None:
    assert printable("新疆维吾尔自治区 公安厅") == "新疆维吾尔自治区 公安厅"
