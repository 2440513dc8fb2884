"""What extraction finds (a Mention) and what screening makes of it (an EntityRecord)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Role = Literal["buyer", "agent", "supplier", "maker", "other"]
Evidence = Literal["labelled-field", "item-table", "running-text", "model-number", "chip"]
Zone = Literal["project", "clause"]
Award = Literal["winning", "candidate"]
PARTY_ROLES: tuple[Role, ...] = ("buyer", "agent", "supplier", "maker")


@dataclass(frozen=True, slots=True)
class Mention:
    """A name, brand, model or chip found on a page; offsets index `pages.raw_text` (the quotable text).

    `source` says how it was found: `field:<label>`, `column:<role>`, `model:<family>`, `chip:<family>` or
    `suffix:<legal form>`, `known:<list name>`, `title`, `cue:<cue>`, with `;award:winning|candidate[-rank]` after
    a supplier label or bidder heading that says how far the award went (kept in `source`, so a stored record keeps
    it too). `names` are further names to screen under (the
    maker a model number or chip resolved to). `role` is what the party is to this purchase (`other`: named, but not
    as a party: banks, regulators, authors); `zone` is `clause` when the mention stands in a standard clause or
    template, which names no party of the purchase and is never screened.
    """

    page: int
    kind: str  # vendor | buyer | chip | other (agencies, banks, account holders)
    start: int
    end: int
    text: str
    source: str
    model: str | None = None
    maker: str | None = None
    origin: str | None = None  # chips: ISO 3166-1 alpha-2 country of the maker
    names: tuple[str, ...] = ()
    role: Role = "other"
    evidence: Evidence = "running-text"
    zone: Zone = "project"

    @property
    def award(self) -> Award | None:
        """For a supplier: `winning` (中标/成交) or `candidate` (中标候选人), when its label or heading says so."""
        if self.role != "supplier" or ";award:" not in self.source:
            return None
        award = self.source.split(";award:", 1)[1].split(";", 1)[0].split("-", 1)[0]
        return "winning" if award == "winning" else "candidate"

    @property
    def rank(self) -> int | None:
        """A candidate's rank, when its label states it (第一中标候选人 -> 1)."""
        if self.award != "candidate":
            return None
        tail = self.source.split(";award:", 1)[1].split(";", 1)[0]
        return int(tail.split("-", 1)[1]) if "-" in tail else None


@dataclass(slots=True)
class EntityRecord:
    """A screened mention: `name` is the listed party when `listed`, else the resolved maker or the text itself."""

    document_id: int
    mention: Mention
    name: str
    listed: bool = False
    lists: list[str] = field(default_factory=list)
    score: float | None = None
    via: str | None = None
    explanation: str | None = None

    @property
    def kind(self) -> str:
        return self.mention.kind

    @property
    def page(self) -> int:
        return self.mention.page

    @property
    def text(self) -> str:
        return self.mention.text

    def as_line(self, file: str) -> dict[str, Any]:
        """The `scan --format jsonl` line for this record."""
        m = self.mention
        return {
            "type": "entity",
            "file": file,
            "page": m.page,
            "kind": m.kind,
            "text": m.text,
            "name": self.name,
            "listed": self.listed,
            "lists": self.lists,
            "score": self.score,
            "via": self.via,
            "model": m.model,
            "maker": m.maker,
            "origin": m.origin,
            "start": m.start,
            "end": m.end,
            "source": m.source,
            "role": m.role,
            "evidence": m.evidence,
            "zone": m.zone,
            "award": m.award,
            "rank": m.rank,
        }
