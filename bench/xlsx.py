"""XLSX ingest (calamine) against the openpyxl streaming reader it replaced, in one run on one generated workbook.

Both sides produce the page texts the same way (`rows_text`), and their outputs must be equal,
so the ratio measures the parser alone. The workbook mixes Chinese text, whole and fractional numbers and
dates over several sheets, like a bid price list.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from oversight.ingest.base import Options  # noqa: E402
from oversight.ingest.xlsx import XlsxIngestor, rows_text  # noqa: E402
from tests.synthetic import _BRANDS, _CITIES  # noqa: E402


def write_workbook(path: Path, sheets: int, rows: int, seed: int = 7) -> Path:
    """A price-list workbook: `sheets` sheets of `rows` rows × 7 columns, written in openpyxl's write-only mode."""
    rng = random.Random(seed)
    workbook = Workbook(write_only=True)
    for index in range(sheets):
        sheet = workbook.create_sheet(f"分项报价{index + 1}")
        sheet.append(["序号", "货物名称", "品牌", "规格型号", "数量", "单价（元）", "交货日期"])
        for row in range(1, rows):
            brand, model = rng.choice(_BRANDS)
            sheet.append(
                [
                    row,
                    f"{rng.choice(_CITIES)}网络摄像机",
                    brand,
                    model,
                    float(rng.randint(1, 500)),
                    round(rng.uniform(100, 99999), 2),
                    dt.datetime(2024, rng.randint(1, 12), rng.randint(1, 28)),
                ]
            )
    workbook.save(path)
    return path


def openpyxl_texts(path: Path) -> list[str]:
    """The replaced reader: openpyxl read-only, data-only, dimensions reset, one text per sheet (chart sheets empty)."""
    workbook = load_workbook(path, read_only=True, data_only=True)
    texts = []
    for name in workbook.sheetnames:
        sheet = workbook[name]
        if not isinstance(sheet, ReadOnlyWorksheet):  # a chart sheet
            texts.append("")
            continue
        sheet.reset_dimensions()
        texts.append(rows_text(sheet.iter_rows(values_only=True)))
    workbook.close()
    return texts


def calamine_texts(path: Path) -> list[str]:
    return [page.text for page in XlsxIngestor().pages(path, Options())]


def timed(read: Callable[[Path], list[str]], path: Path) -> tuple[list[str], float]:
    start = time.perf_counter()
    texts = read(path)
    return texts, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sheets", type=int, default=2)
    parser.add_argument("--rows", type=int, default=50_000, help="rows per sheet")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = write_workbook(Path(folder) / "bench.xlsx", args.sheets, args.rows)
        size_mb = path.stat().st_size / 1e6
        new, new_s = timed(calamine_texts, path)
        old, old_s = timed(openpyxl_texts, path)
    if new != old:
        raise SystemExit("calamine and openpyxl page texts differ")
    rows = args.sheets * args.rows
    print(f"workbook: {args.sheets} sheets × {args.rows} rows × 7 cols, {size_mb:.1f} MB")
    print(f"openpyxl: {old_s:.2f} s   calamine (XlsxIngestor): {new_s:.2f} s")
    print(f"rows={rows} size_mb={size_mb:.1f} openpyxl_s={old_s:.2f} calamine_s={new_s:.2f} ratio={old_s / new_s:.1f}")


if __name__ == "__main__":
    main()
