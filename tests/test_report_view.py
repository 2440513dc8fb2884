"""The view model's decisions on hand-built records: fold look-alikes, best first, credit only suppliers, and a
decision that holds only for the quote it was made on."""

from __future__ import annotations

import json

from oversight.report.gather import DocumentRecord, EntityRecord, FindingRecord, PageRecord
from oversight.report.metadata import Metadata
from oversight.report.view import Reviews, TriageRow, document_view
from oversight.store.review import Decision, finding_key

SHA = "ab" * 32
PAGE_1 = "Item list\nCamera with face recognition and ethnicity attribute, brand Acme\nUPS power supply, brand Volta\n"
PAGE_2 = "Appendix\nTraining centre perimeter alarm\n"


def _finding(page: int, text: str, raw: str, category: str, severity: str, rule: str, **extra: object) -> FindingRecord:
    start = raw.index(text)
    line = raw[raw.rfind("\n", 0, start) + 1 : raw.find("\n", start)]
    return FindingRecord(page, category, severity, rule, text, start, start + len(text), line, dict(extra))


def _entity(text: str, raw: str, kind: str = "vendor") -> EntityRecord:
    start = raw.index(text)
    return EntityRecord(text, kind, 1, start, start + len(text), text)


def _doc() -> DocumentRecord:
    pages = [PageRecord(n, None, raw, "txt", None, [], None, None, None) for n, raw in ((1, PAGE_1), (2, PAGE_2))]
    findings = [
        _finding(1, "face recognition", PAGE_1, "face-recognition", "high", "face-recognition/face"),
        _finding(1, "recognition", PAGE_1, "face-recognition", "high", "face-recognition/recognition"),
        _finding(
            1,
            "ethnicity attribute",
            PAGE_1,
            "ethnicity",
            "critical",
            "ethnicity/attribute",
            quotes=json.dumps([{"quote": "ethnicity attribute"}, {"quote": "ethnic attribute list"}]),
        ),
        _finding(2, "Training centre", PAGE_2, "detention", "critical", "detention/centre"),
    ]
    entities = [_entity("Acme", PAGE_1), _entity("Volta", PAGE_1)]
    entities[1].text = "Volta"
    return DocumentRecord(
        1,
        SHA,
        1,
        "text/plain",
        2,
        "2024-01-01",
        "2024-01-01",
        None,
        [],
        pages,
        Metadata(),
        findings,
        entities,
        True,
        True,
    )


def test_cards_fold_same_line_lookalikes_and_put_the_most_severe_first() -> None:
    view = document_view(_doc())
    assert [c.finding.severity for c in view.cards] == ["critical", "critical", "high"]
    [face] = [c for c in view.cards if c.finding.category == "face-recognition"]
    assert [q.finding.rule for q in face.also] == ["face-recognition/recognition"]
    [ethnicity] = [c for c in view.cards if c.finding.category == "ethnicity"]
    assert ethnicity.more_quotes == ["ethnic attribute list"]


def test_only_the_party_in_a_flagged_row_is_credited() -> None:
    view = document_view(_doc())
    assert [p.name for p in view.role("supplied")] == ["Acme"]
    assert [p.name for p in view.role("named")] == ["Volta"]


def test_a_rejection_holds_until_the_quote_changes() -> None:
    doc = _doc()
    key = finding_key(SHA, 2, "detention/centre")
    rejected = Decision("finding", key, "rejected", "benign", "Training centre", 1, "ana", "2024-02-01")
    view = document_view(doc, Reviews(findings={key: rejected}))
    assert view.cards[-1].state == "rejected" and view.cards[0].finding.rule == "ethnicity/attribute"
    assert TriageRow.of(view, "x").top_severity == "critical"
    moved = Decision("finding", key, "rejected", "benign", "Training centre perimeter", 1, "ana", "2024-02-01")
    view = document_view(doc, Reviews(findings={key: moved}))
    [card] = [c for c in view.cards if c.key == key]
    assert card.stale and card.state == "unreviewed"
