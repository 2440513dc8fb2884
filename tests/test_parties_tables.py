"""Item tables as tenders lay them out, in real files made here: cells that wrap over several lines, company names
wrapped at the edge of their column, brand and model in one cell.

A PDF (reportlab, a CJK font, a ruled table whose narrow brand column wraps) and a DOCX (python-docx, cells of
several paragraphs) go through the real ingestors, then through extraction; every row must give its whole maker
name, never the half after the wrap, and its model number.
"""

from __future__ import annotations

import random
from pathlib import Path

import docx
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from oversight.entities import extract_document
from oversight.entities.layout import compact
from oversight.entities.records import Mention
from oversight.ingest.base import Options
from oversight.ingest.registry import choose

_SYLLABLES = "江城宏泰华信远景安恒瑞德鑫源博通智达兴盛天启明辉"
_FORMS = ("科技股份有限公司", "电子技术有限公司", "信息系统有限公司")
HEADER = ["序号", "产品名称", "品牌", "规格型号", "数量"]


def _makers(rng: random.Random, n: int) -> list[str]:
    """Generated company names long enough to wrap in a narrow column (7 to 9 characters before the form)."""
    return ["".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(7, 9))) + rng.choice(_FORMS) for _ in range(n)]


def _models(rng: random.Random, n: int) -> list[str]:
    return [f"QX-{rng.randint(1000, 9999)}{rng.choice('ABC')}-{rng.randint(10, 99)}" for _ in range(n)]


def _pages(path: Path) -> list[tuple[int, str]]:
    ingestor = choose(path, path.read_bytes()[:4096])
    return [(page.number, page.text) for page in ingestor.pages(path, Options())]


def _makers_found(mentions: list[Mention]) -> dict[str, str | None]:
    """Maker name (line breaks removed) -> model, of the item-table mentions."""
    return {compact(m.text): m.model and compact(m.model) for m in mentions if m.evidence == "item-table"}


@pytest.fixture(scope="module")
def rows() -> list[list[str]]:
    rng = random.Random(8)
    makers, models = _makers(rng, 5), _models(rng, 5)
    items = ["网络交换机", "服务器", "存储设备", "显示终端", "机柜"]
    return [[str(i + 1), items[i], makers[i], models[i], str(rng.randint(1, 20))] for i in range(5)]


def _pdf(path: Path, rows: list[list[str]]) -> Path:
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("cell", fontName="STSong-Light", fontSize=9, leading=11, wordWrap="CJK")
    data = [[Paragraph(text, style) for text in row] for row in [HEADER, *rows]]
    table = Table(data, colWidths=[30, 70, 70, 120, 40])  # the brand column holds 6 characters a line
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    SimpleDocTemplate(str(path), pagesize=A4).build([Paragraph("货物需求一览表", style), table])
    return path


def test_pdf_table_with_names_wrapped_in_their_column(tmp_path: Path, rows: list[list[str]]) -> None:
    pages = _pages(_pdf(tmp_path / "items.pdf", rows))
    text = pages[0][1]
    assert all(row[2] not in text for row in rows), "every name must wrap in its column"
    found = _makers_found(extract_document(pages))
    for row in rows:
        assert found.get(row[2]) == row[3], (row, found)
    halves = [name for name in found if not any(name == row[2] for row in rows)]
    assert halves == []


def test_docx_cells_of_several_paragraphs_and_brand_with_model(tmp_path: Path, rows: list[list[str]]) -> None:
    document = docx.Document()
    document.add_paragraph("货物需求一览表")
    table = document.add_table(rows=0, cols=len(HEADER))
    for values in [HEADER, *rows]:
        for cell, value in zip(table.add_row().cells, values):
            cell.text = value
    for row, cells in zip(rows[:2], table.rows[1:3]):  # a name typed over two paragraphs of its cell
        cells.cells[2].text = row[2][:6] + "\n" + row[2][6:]
    brand, model = "QX", "QX-8800B-20"  # brand and model in the brand cell, the model cell empty
    last = table.add_row().cells
    for cell, value in zip(last, ["6", "网络交换机", f"{brand} {model}", "", "2"]):
        cell.text = value
    path = tmp_path / "items.docx"
    document.save(str(path))
    found = _makers_found(extract_document(_pages(path)))
    for row in rows:
        assert row[2] in {"".join(name.split()) for name in found}, (row, found)
    assert found.get(brand) == model


def test_running_text_name_wrapped_inside_its_legal_form() -> None:
    rng = random.Random(3)
    name = "".join(rng.choice(_SYLLABLES) for _ in range(6))
    page = f"本项目由{name}有\n限公司负责供货和安装。\n二、供应商信息\n{name}有限公司"
    texts = [compact(m.text) for m in extract_document([(2, page)])]
    assert f"{name}有限公司" in texts  # wrapped at 有|限公司, read whole
    assert not any(t.startswith("供应商信息") for t in texts)  # a heading above a name is no part of it


def test_header_and_rows_flattened_into_one_line(tmp_path: Path) -> None:
    rng = random.Random(5)
    brands = ["".join(rng.choice(_SYLLABLES) for _ in range(2)) for _ in range(2)]
    models = _models(rng, 2)
    line = (
        "五、中标信息 供应商名称：芸苒科技有限公司 六、主要标的信息 名称 品牌（如有） 规格型号 数量 单价（元） "
        f"壁挂式空调 {brands[0]} {models[0]} 12 3400 立式空调 {brands[1]} {models[1]} 3 8800 "
        "七、评审专家名单 品牌 型号 数量 详见附件"
    )
    path = tmp_path / "notice.txt"
    path.write_text(line, encoding="utf-8")
    found = _makers_found(extract_document(_pages(path)))
    assert found == {brands[0]: models[0], brands[1]: models[1]}
