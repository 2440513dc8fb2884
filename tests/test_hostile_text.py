"""Strings from documents reach a terminal only with control and bidirectional characters made visible."""

from __future__ import annotations

import pytest

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


def test_markdown_reports_turn_no_document_text_into_links() -> None:
    pytest.importorskip("linkify_it")
    from markdown_it import MarkdownIt

    from oversight.report.markdown import esc

    raw = "see http://evil.example/x and www.evil.example or me@evil.example"
    assert "<a " in MarkdownIt("gfm-like").render(raw)  # the renderer does link bare URLs
    assert "<a " not in MarkdownIt("gfm-like").render(esc(raw))
