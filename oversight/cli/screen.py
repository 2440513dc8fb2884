"""`oversight screen`: screen company, agency or person names against every loaded watchlist."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from oversight.cli.app import app
from oversight.cli.common import DbOption, Format, FormatOption, emit, open_store
from oversight.screen.config import DEFAULT


@app.command()
def screen(
    names: Annotated[
        list[str], typer.Argument(help="Names to screen, in Chinese or Latin script (or product model numbers).")
    ],
    db: DbOption = None,
    fmt: FormatOption = Format.table,
    threshold: Annotated[
        float, typer.Option(min=0.0, max=1.0, help="Lowest score (0..1) to report.")
    ] = DEFAULT.threshold,
    limit: Annotated[int, typer.Option(min=1, help="Most matches per name.")] = 10,
    unlisted: Annotated[
        bool, typer.Option("--unlisted", help="Also report known parties that are on no list (brand owners).")
    ] = False,
) -> None:
    """Screen names against every loaded list and the curated reference list.

    Per name: the listed parties it is, belongs to (≥ 50 % ownership, or a list's own subsidiary/affiliate clause) or
    is a subordinate body of, each with a 0..1 score, the lists, `via` (name, alias, brand, pinyin, translation,
    subordinate, ownership, model-prefix) and the explanation path. A name without matches gets an empty list.
    Legal forms, leading place names, traditional characters and typos are handled; look-alikes in another industry
    (大华银行, a bank, is not Dahua Technology) are rejected.
    """
    from oversight.screen.screener import Screener

    screener = Screener.from_store(open_store(db))
    results: list[dict[str, Any]] = [
        {
            "query": name,
            "matches": [
                m.as_dict() for m in screener.screen(name, threshold=threshold, limit=limit, include_unlisted=unlisted)
            ],
        }
        for name in names
    ]
    if fmt is Format.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
    elif fmt is Format.jsonl:
        for result in results:
            print(json.dumps(result, ensure_ascii=False))
    else:
        rows = []
        for result in results:
            if not result["matches"]:
                rows.append({"query": result["query"], "listed party": "no match"})
            for m in result["matches"]:
                # The table shows the match step only (listing citations are long); --format json has the whole path.
                # Table cells are plain text (cli.common.print_table), so [source:key] prints as it is.
                rows.append(
                    {
                        "query": result["query"],
                        "score": f"{m['score']:.2f}",
                        "listed party": f"{m['listed_name']}\n{m['entity_id']}",
                        "lists": "\n".join(m["lists"]),
                        "via": m["via"] + ("" if m["verified"] else "\n(unverified)"),
                        "why": m["path"][0] if m["path"] else "",
                    }
                )
        emit(rows, fmt, ["query", "score", "listed party", "lists", "via", "why"], "Screening")
