"""Dev-corpus entities screened directly: vendors, buyers and look-alikes as labelled in labels.json.

Chips (kind=chip) name chip makers that are on no list; resolving them belongs to entity extraction.
"""

from __future__ import annotations

import re

from test_screen_match import screener

from oversight.screen.screener import Screener


def folded(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold())


def names_of(screener: Screener, entity_id: str) -> set[str]:
    index = screener.index
    return {folded(index.names[i].name) for i in index.names_of[index.by_id[entity_id]]} | {
        folded(screener.party(entity_id).name)
    }


def test_labelled_vendors_buyers_and_lookalikes(screener: Screener, labels: list[dict]) -> None:
    cases = [
        (e["kind"], e["text"], e["expect"])
        for doc in labels
        for e in doc["entities"]
        if e["kind"] in ("vendor", "buyer", "lookalike")
    ]
    assert len(cases) >= 30
    true_pos = false_pos = false_neg = lookalike_hits = 0
    wrong = []
    for kind, text, expect in cases:
        matches = screener.screen(text)
        right = [m for m in matches if expect and any(folded(expect) in n for n in names_of(screener, m.entity_id))]
        if expect is None:
            false_pos += bool(matches)
            lookalike_hits += kind == "lookalike" and bool(matches)
            if matches:
                wrong.append((text, matches[0].listed_name))
        elif right:
            true_pos += 1
            false_pos += right[0] is not matches[0]
        else:
            false_neg += 1
            wrong.append((text, expect))
    recall = true_pos / (true_pos + false_neg)
    precision = true_pos / (true_pos + false_pos)
    assert lookalike_hits == 0, wrong
    assert recall >= 0.95 and precision >= 0.98, (recall, precision, wrong)
