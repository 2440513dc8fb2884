"""Ownership and affiliation: which listed parties reach a party through its owners and superiors.

A party counts as listed through a link when
- a listed owner holds 50 % or more (OFAC's 50 % rule; BIS's 2025 affiliates rule): every list of the owner applies;
- it is a subordinate body of a listed government body: every list of the superior applies;
- it is a subsidiary or affiliate by any other share: only lists whose own text reaches affiliates apply
  (NDAA FY2019 §889: "or any subsidiary or affiliate of such entities").
Chains climb up to MAX_DEPTH links; once a link is affiliate-only, only affiliate-covering lists go on applying.
Links whose end date has passed (a stake sold) do not count.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Final

from oversight.screen.index import Party
from oversight.screen.loaders.base import Link, Listing, ParsedList

MAX_DEPTH: Final = 4
MAJORITY: Final = 50.0
FACTOR: Final = {"ownership": 0.95, "subordinate": 0.9, "affiliate": 0.9}


@dataclass(frozen=True, slots=True)
class Edge:
    child: int
    parent: int
    link: Link


@dataclass(frozen=True, slots=True)
class Coverage:
    target: int  # the listed party reached
    hops: tuple[Edge, ...]
    listings: tuple[Listing, ...]  # the target's listings that reach the start party
    factor: float  # score multiplier for the chain
    via: str  # ownership | subordinate


class Graph:
    def __init__(self, parties: list[Party], by_id: dict[str, int], lists: Iterable[ParsedList]) -> None:
        self.parties = parties
        self.up: dict[int, list[Edge]] = defaultdict(list)
        self.down: dict[int, list[Edge]] = defaultdict(list)
        today = date.today().isoformat()
        for parsed in lists:
            for link in parsed.links:
                child = by_id.get(f"{parsed.name}:{link.child}")
                parent = by_id.get(f"{parsed.name}:{link.parent}")
                if child is None or parent is None or (link.end and link.end <= today[: len(link.end)]):
                    continue
                edge = Edge(child, parent, link)
                self.up[child].append(edge)
                self.down[parent].append(edge)
        self._cache: dict[int, list[Coverage]] = {}
        self._below: dict[int, frozenset[int]] = {}

    def covering(self, party: int) -> list[Coverage]:
        """Every listed party that reaches `party` through owners or superiors, with the lists that apply."""
        if party not in self._cache:
            found: list[Coverage] = []
            self._climb(party, (), "all", 1.0, found)
            self._cache[party] = found
        return self._cache[party]

    def descendants(self, party: int) -> frozenset[int]:
        """Parties below `party` (owned, controlled, subordinate), any depth up to MAX_DEPTH."""
        if party not in self._below:
            seen: set[int] = set()
            frontier = [party]
            for _ in range(MAX_DEPTH):
                frontier = [
                    e.child for p in frontier for e in self.down.get(p, ()) if e.child not in seen and e.child != party
                ]
                seen.update(frontier)
            self._below[party] = frozenset(seen)
        return self._below[party]

    def _climb(self, party: int, hops: tuple[Edge, ...], reach: str, factor: float, found: list[Coverage]) -> None:
        if len(hops) >= MAX_DEPTH:
            return
        visited = {hops[0].child, *(h.parent for h in hops)} if hops else {party}
        for edge in self.up.get(party, ()):
            if edge.parent in visited:
                continue
            kind = _kind(edge.link)
            next_reach = "affiliates" if reach == "affiliates" or kind == "affiliate" else "all"
            next_factor = factor * FACTOR[kind]
            chain = hops + (edge,)
            parent = self.parties[edge.parent]
            listings = tuple(l for l in parent.listings if next_reach == "all" or l.covers == "affiliates")
            if listings:
                via = "subordinate" if all(h.link.relation == "subordinate" for h in chain) else "ownership"
                found.append(Coverage(edge.parent, chain, listings, next_factor, via))
            self._climb(edge.parent, chain, next_reach, next_factor, found)


def _kind(link: Link) -> str:
    if link.relation == "subordinate":
        return "subordinate"
    if link.percentage is not None and link.percentage >= MAJORITY:
        return "ownership"
    return "affiliate"


def describe(edge: Edge, parties: list[Party]) -> str:
    """One explanation line for a link: who owns or supervises whom, by how much, since when, says whom."""
    link, child, parent = edge.link, parties[edge.child], parties[edge.parent]
    relation = {
        "ownership": "is owned by",
        "subsidiary": "is a subsidiary of",
        "subordinate": "is a subordinate body of",
    }[link.relation]
    share = f" ({link.share or f'{link.percentage:g}%'})" if (link.share or link.percentage is not None) else ""
    since = f", as of {link.start}" if link.start else ""
    verified = "" if link.verified else ", unverified"
    return f"{child.name} [{child.id}] {relation} {parent.name} [{parent.id}]{share}{since} (source: {link.source or 'not given'}{verified})"
