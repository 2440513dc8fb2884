"""Generated procurement-like text PDFs for benchmarks and tests (reportlab with a built-in CJK CID font)."""

from __future__ import annotations

import random
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"

_LINES = [
    "项目编号：{n}　项目名称：{city}公共安全视频监控建设项目（第{k}包）",
    "采购人：{city}公安局　采购代理机构：{city}公共资源交易中心",
    "预算金额：{amount}万元（人民币），最高限价同预算金额。",
    "技术参数：最大分辨率3840×2160，帧率不低于25fps，支持H.265编码，IP67防护。",
    "供应商须具备独立承担民事责任的能力，具有良好的商业信誉和健全的财务会计制度。",
    "The supplier shall deliver, install and commission all equipment within {k} days of contract signature.",
    "序号　货物名称　品牌　规格型号　数量　单价（元）",
    "{k}　网络摄像机　{brand}　{model}　{q}　{price}",
    "投标文件递交截止时间：2024年{m}月{d}日 09点30分（北京时间）。",
    "质保期：自验收合格之日起{k}年，质保期内免费上门维修。",
]
_CITIES = ["芸苒市", "青山区", "北湖县", "东川市", "南岭县", "西岚市"]
_BRANDS = [("联想", "ThinkSystem SR650"), ("山特", "C10KS"), ("华三", "UniServer R4900"), ("浪潮", "NF5280M6")]


def _register_font() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def page_lines(rng: random.Random, count: int = 30) -> list[str]:
    """Lines of plausible procurement text, varied by `rng`."""
    lines = []
    for _ in range(count):
        brand, model = rng.choice(_BRANDS)
        lines.append(
            rng.choice(_LINES).format(
                n=f"ZFCG{rng.randint(2018, 2025)}-{rng.randint(1, 999):03d}",
                city=rng.choice(_CITIES),
                k=rng.randint(1, 9),
                amount=f"{rng.randint(10, 9000)}.00",
                brand=brand,
                model=model,
                q=rng.randint(1, 400),
                price=rng.randint(500, 90000),
                m=rng.randint(1, 12),
                d=rng.randint(1, 28),
            )
        )
    return lines


def write_pdf(path: Path, pages: list[list[str]]) -> Path:
    """One PDF with a text layer; each page a list of lines."""
    _register_font()
    pdf = canvas.Canvas(str(path), pagesize=A4)
    _, height = A4
    for lines in pages:
        pdf.setFont(FONT, 10)
        y = height - 50
        for line in lines:
            pdf.drawString(40, y, line)
            y -= 14
        pdf.showPage()
    pdf.save()
    return path


def text_pdfs(folder: Path, documents: int, pages_per_document: int, seed: int = 7) -> list[Path]:
    """Write (or reuse) `documents` text PDFs of `pages_per_document` pages each under `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for index in range(documents):
        path = folder / f"gen-{seed}-{pages_per_document}-{index:05d}.pdf"
        pages = [page_lines(rng) for _ in range(pages_per_document)]
        if not path.exists():
            write_pdf(path, pages)
        paths.append(path)
    return paths
