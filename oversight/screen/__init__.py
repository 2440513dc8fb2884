"""Screening names against sanctions and export-control lists, in Chinese and Latin script.

Library API (what extraction and reports call)::

    from oversight.screen import Screener, Match

    screener = Screener.from_store(conn)        # every list loaded in the store + the curated reference list
    matches: list[Match] = screener.screen("海康")
    # Match(listed_name="Hangzhou Hikvision Digital Technology Co., Ltd.", entity_id="curated:hikvision",
    #       score=0.95, lists=("BIS Entity List", "NDAA §889", ...), via="brand", matched_name="海康",
    #       path=("'海康' matched brand name '海康' of ... (source: ...)", "listed: BIS Entity List — ...", ...),
    #       verified=False, listed=True)
    screener.screen_model("DS-2CD2143G0-I")      # product model numbers -> maker (via="model-prefix")
    screener.compare("萤石", "curated:hikvision")  # one name against one party: identity or a covering chain

`screen(name, threshold=0.8, limit=10, include_unlisted=False)` returns the listed parties a name is, belongs to
(≥ 50 % ownership, or a list's own subsidiary/affiliate clause such as NDAA §889) or is a subordinate body of,
best first. `via` says how: name, alias, brand (brands and short stock names), pinyin, translation (a Chinese name
meeting an English-only entry through shared concepts and the gazetteer), subordinate, ownership, model-prefix.
`path` is the explanation, one step per line: which listed name matched and how, each ownership or subordination
link with its share, date and source, and the listings with their citations. `verified` is False when any step rests
on a fact marked unverified in its source. A screener is cached per store while the loaded lists are unchanged;
`Screener(parsed_lists)` builds one without a store.

Modules: `loaders/` (one per list format: OFAC SDN CSV, UN XML, US Consolidated Screening List CSV, FtM JSON lines,
curated YAML), `fetch` (`oversight lists update`: conditional downloads, every version kept), `store` (tables of
migration 0003), `fold` (invisible characters, look-alike letters, ICU transliteration), `parts` + `align` (people,
companies, vessels and public bodies word by word on rigour's name analysis, with the precision guards), `config`
(the documented matching knobs), `lexicon` + `names` + `pinyin` + `match` (the Chinese layer: legal forms, places,
brands, pinyin, agencies), `index` (candidate generation that reaches every pair hit), `graph` (ownership and
subordination), `screener` (the API above).

The names load on first use (`oversight.lazy`), so importing one light module of the package does not load them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from oversight import lazy, native

native.install()  # compiled copies of the hot modules, when a build matches these sources (oversight/native.py)
if TYPE_CHECKING:
    from oversight.screen.screener import Match, Screener

_HOMES = {
    "Match": "oversight.screen.screener",
    "Screener": "oversight.screen.screener",
}
__all__ = ["Match", "Screener"]

__getattr__ = lazy.exports(__name__, _HOMES)
