"""OCR engines and preprocessing side by side on the scanned dev documents.

For each variant: seconds per page, the share of labelled phrases (labels.json `findings[].text`) found exactly
in the stored text of their page, the mean character accuracy of those phrases (1 - edit distance to the best
matching stretch of the page / phrase length), and the same exact share for entity names and models. "Exactly"
compares as the store matches: NFKC, whitespace ignored. Ends with one key=value line; `measure()` returns the
figures for the default engine and its baseline so bench/ingest.py can report them too.

    python3 bench/ocr.py [--corpus DIR] [--all]   # --all adds the preprocessing variants (slow)
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from oversight.ingest.ocr import PREP, ocr_image, pdf_page_image  # noqa: E402
from oversight.ingest.ocr_engines import AUTO_ENGINE  # noqa: E402
from oversight.ingest.ocr_prep import Prep  # noqa: E402

CORPUS = ROOT.parent / "shared" / "data" / "corpus-dev"
BASELINE = "tesseract"


@dataclass(frozen=True, slots=True)
class Variant:
    label: str
    engine: str
    prep: Prep


DEFAULTS = [Variant(f"{name} (default)", name, PREP[name]) for name in (AUTO_ENGINE, BASELINE)]
EXTRA = [
    Variant("rapidocr as scanned", "rapidocr", Prep()),
    Variant("rapidocr 200dpi", "rapidocr", Prep(dpi=200)),
    Variant("rapidocr deskew no-rules", "rapidocr", Prep(deskew=True, remove_lines=True)),
    Variant("rapidocr binarise", "rapidocr", Prep(binarize=True)),
    Variant("tesseract as scanned", "tesseract", Prep()),
    Variant("tesseract deskew", "tesseract", Prep(deskew=True)),
    Variant("tesseract 300dpi deskew", "tesseract", Prep(dpi=300, deskew=True)),
    Variant("tesseract deskew no-rules binarise", "tesseract", Prep(deskew=True, remove_lines=True, binarize=True)),
]


def squash(text: str) -> str:
    """Text as the store matches it: NFKC, with whitespace dropped."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def char_accuracy(phrase: str, text: str) -> float:
    """1 - (edit distance of `phrase` to its best-matching substring of `text`) / len(phrase), floored at 0."""
    if not phrase:
        return 1.0
    previous = [0] * (len(text) + 1)  # a match may start anywhere in the text
    for i, p in enumerate(phrase, 1):
        current = [i] + [0] * len(text)
        for j, t in enumerate(text, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (p != t))
        previous = current
    return max(0.0, 1 - min(previous) / len(phrase))


Sample = tuple[dict, int, np.ndarray, float]  # label record, page number, grayscale page image, its dpi


def scanned_pages(corpus: Path, dpi: int) -> list[Sample]:
    """(label record, page number, grayscale image, dpi) for every page of the scanned dev documents."""
    records = json.loads((corpus / "labels.json").read_text(encoding="utf-8"))
    pages = []
    for record in records:
        if record["format"] != "scanned-pdf":
            continue
        document = pdfium.PdfDocument(str(corpus / record["file"]))
        for index in range(len(document)):
            gray, page_dpi = pdf_page_image(document[index], dpi)
            pages.append((record, index + 1, gray, page_dpi))
        document.close()
    return pages


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (Tesseract runs as one): steadier than wall time on a
    shared machine."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def run_variant(variant: Variant, pages: list[Sample]) -> dict:
    seconds = cpu = 0.0
    phrases: list[tuple[bool, float]] = []
    entities: list[bool] = []
    missed: list[str] = []
    for record, number, gray, dpi in pages:
        start, start_cpu = time.perf_counter(), cpu_seconds()
        page = ocr_image(gray, number, dpi, variant.engine, variant.prep)
        seconds += time.perf_counter() - start
        cpu += cpu_seconds() - start_cpu
        text = squash(page.text)
        for finding in record["findings"]:
            if finding["page"] == number:
                phrase = squash(finding["text"])
                phrases.append((phrase in text, char_accuracy(phrase, text)))
                if phrase not in text:
                    missed.append(finding["text"])
        for entity in record["entities"]:
            if entity["page"] == number:
                for name in filter(None, (entity["text"], entity["model"])):
                    entities.append(squash(name) in text)
                    if not entities[-1]:
                        missed.append(name)
    return {
        "label": variant.label,
        "engine": variant.engine,
        "pages": len(pages),
        "seconds_per_page": seconds / len(pages),
        "cpu_seconds_per_page": cpu / len(pages),
        "phrases": len(phrases),
        "phrases_exact": sum(ok for ok, _ in phrases) / len(phrases),
        "phrase_char_accuracy": sum(acc for _, acc in phrases) / len(phrases),
        "entities_exact": sum(entities) / len(entities),
        "missed": missed,
    }


def spaced_phrases(corpus: Path, engines: tuple[str, ...]) -> dict[str, float]:
    """Per engine: share of the English text PDFs' labelled phrases found with their spaces (NFKC, whitespace
    runs folded, not dropped) after rendering their pages at a scan's 110 dpi. Shows whether Latin word spaces
    survive OCR: the store matches on spaced text."""
    records = json.loads((corpus / "labels.json").read_text(encoding="utf-8"))
    samples = []
    for record in records:
        if record["format"] != "pdf" or record["language"] != "en" or not record["findings"]:
            continue
        document = pdfium.PdfDocument(str(corpus / record["file"]))
        for number in sorted({f["page"] for f in record["findings"]}):
            image = document[number - 1].render(scale=110 / 72, grayscale=True).to_pil().convert("L")
            phrases = [f["text"] for f in record["findings"] if f["page"] == number]
            samples.append((np.asarray(image), phrases))
        document.close()

    def fold(text: str) -> str:
        return " ".join(unicodedata.normalize("NFKC", text).split())

    shares = {}
    for engine in engines:
        found = total = 0
        for image, phrases in samples:
            text = fold(ocr_image(image, 1, 110, engine).text)
            found += sum(fold(phrase) in text for phrase in phrases)
            total += len(phrases)
        shares[engine] = found / total
    return shares


def measure(corpus: Path = CORPUS, variants: list[Variant] | None = None, dpi: int = 300) -> dict:
    """Figures of the default engine plus `rows` for every variant run (default: the engine and its baseline)."""
    pages = scanned_pages(corpus, dpi)
    rows = [run_variant(variant, pages) for variant in variants or DEFAULTS]
    summary = dict(rows[0])
    summary["rows"] = rows
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--all", action="store_true", help="also run the preprocessing variants")
    args = parser.parse_args()
    result = measure(args.corpus, DEFAULTS + (EXTRA if args.all else []))
    rows = result["rows"]
    print(f"{'variant':36} {'s/page':>7} {'cpu/page':>8} {'phrases':>8} {'char acc':>9} {'entities':>9}  missed")
    for row in rows:
        print(
            f"{row['label']:36} {row['seconds_per_page']:7.2f} {row['cpu_seconds_per_page']:8.2f} "
            f"{row['phrases_exact']:8.0%} {row['phrase_char_accuracy']:9.3f} {row['entities_exact']:9.0%}  "
            f"{', '.join(row['missed'])}"
        )
    auto, baseline = rows[0], rows[1]
    if args.all:
        spaced = spaced_phrases(args.corpus, (auto["engine"], baseline["engine"]))
        print(
            "English phrases with their spaces, text PDFs rendered at 110 dpi: "
            + ", ".join(f"{engine} {share:.0%}" for engine, share in spaced.items())
        )
    print(
        f"engine={auto['engine']} pages={auto['pages']} phrases={auto['phrases']} "
        f"phrases_exact={auto['phrases_exact']:.3f} char_acc={auto['phrase_char_accuracy']:.3f} "
        f"entities_exact={auto['entities_exact']:.3f} s_page={auto['seconds_per_page']:.2f} "
        f"cpu_page={auto['cpu_seconds_per_page']:.2f} baseline={baseline['engine']} "
        f"baseline_phrases_exact={baseline['phrases_exact']:.3f} baseline_s_page={baseline['seconds_per_page']:.2f} "
        f"baseline_cpu_page={baseline['cpu_seconds_per_page']:.2f} "
        f"ratio={auto['cpu_seconds_per_page'] / baseline['cpu_seconds_per_page']:.2f}"
    )


if __name__ == "__main__":
    main()
