"""Load the capability taxonomy: the YAML files in `oversight/detect/taxonomy/`, reviewed like code.

`taxonomy.yaml` holds the version, the shared vocabularies and the English suffixes; `sources.yaml` the public
reporting every term cites; each other file is one category with its terms and benign contexts. Loading checks
what a reviewer could get wrong (unknown source, duplicate id, a pattern that cannot be prefiltered or that is
unbounded) and fails with one line naming the file and the term.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from re import _parser  # type: ignore[attr-defined]
from typing import Any

import yaml

from oversight.errors import OversightError
from oversight.text.anchors import anchors
from oversight.text.fold import match_fold

FLAGS = re.IGNORECASE | re.VERBOSE
MAX_WIDTH = 120  # longest match a pattern may span, in view characters
_WORD_REF = re.compile(r"\{([a-z][a-z0-9_]*)\}")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SPACED_QUANTIFIER = re.compile(r"\s[?*+]|\s\{\d")


class TaxonomyError(OversightError):
    """The taxonomy data is malformed; the message names the file and the entry."""


@dataclass(frozen=True, slots=True)
class Pattern:
    """One compiled pattern of a term, the anchors that trigger it and the longest span it can match."""

    regex: re.Pattern[str]
    anchors: frozenset[str]
    width: int


@dataclass(frozen=True, slots=True)
class Rule:
    """One term of a category with its patterns."""

    id: str  # "<category>/<term>"
    category: str
    severity: str
    patterns: tuple[Pattern, ...]
    sources: tuple[str, ...]
    examples: tuple[str, ...]
    context: re.Pattern[str] | None = None  # a homonym fires only with one of these in its sentence or row


@dataclass(frozen=True, slots=True)
class Category:
    id: str
    severity: str
    title: str
    description: str
    benign: re.Pattern[str] | None  # union of the benign contexts that suppress this category
    benign_examples: tuple[str, ...]
    subsumes: tuple[str, ...] = ()  # categories that are this one's means: left out of a sentence stating this one
    legend: str = ""  # what a reader of the report must know about this category (shown in its legend)


@dataclass(frozen=True, slots=True, eq=False)
class Taxonomy:
    version: str  # declared version + content digest, stored with every finding
    categories: dict[str, Category]
    rules: tuple[Rule, ...]
    sources: dict[str, dict[str, Any]]
    suffixes: re.Pattern[str]  # English endings accepted after a match that stops inside a word
    benign_window: int
    context_window: int = 60  # view characters searched on each side of a hit for its required context
    denial: re.Pattern[str] | None = None  # ends the text before a hit that denies or forbids it (raw, folded)
    denial_examples: tuple[str, ...] = ()


def default_dir() -> Path:
    return Path(str(resources.files("oversight.detect") / "taxonomy"))


@lru_cache(maxsize=1)
def _meta() -> dict[str, Any]:
    """taxonomy.yaml of the shipped taxonomy, parsed (cheap: no rules are compiled)."""
    return _yaml({"taxonomy.yaml": (default_dir() / "taxonomy.yaml").read_text(encoding="utf-8")}, "taxonomy.yaml")


def severities() -> tuple[str, ...]:
    """Severity levels, most severe first, as taxonomy.yaml declares them: the one home of their names and order."""
    return tuple(_meta().get("severities") or ())


def severity_colours() -> dict[str, str]:
    """Severity -> the colour reports draw it in, as taxonomy.yaml declares it."""
    return {str(k): str(v) for k, v in (_meta().get("severity_colours") or {}).items()}


@lru_cache(maxsize=4)
def load(directory: Path | None = None) -> Taxonomy:
    """Load and validate the taxonomy in `directory` (default: the one shipped in the package)."""
    directory = directory or default_dir()
    files = sorted(directory.glob("*.yaml"))
    texts = {path.name: path.read_text(encoding="utf-8") for path in files}
    if "taxonomy.yaml" not in texts or "sources.yaml" not in texts:
        raise TaxonomyError(f"{directory}: needs taxonomy.yaml and sources.yaml")
    meta = _yaml(texts, "taxonomy.yaml")
    sources = _yaml(texts, "sources.yaml").get("sources") or {}
    digest = hashlib.sha256("".join(f"{name}\0{texts[name]}\0" for name in sorted(texts)).encode()).hexdigest()
    words = _words(meta.get("words") or {}, "taxonomy.yaml")
    severities = list(meta.get("severities") or [])
    colours = meta.get("severity_colours") or {}
    for severity in severities:
        if severity not in colours:
            raise TaxonomyError(f"taxonomy.yaml: severity {severity!r} has no colour in severity_colours")
    categories: dict[str, Category] = {}
    rules: list[Rule] = []
    for name in sorted(texts):
        if name in ("taxonomy.yaml", "sources.yaml"):
            continue
        category, category_rules = _category(_yaml(texts, name), name, words, severities, sources)
        if category.id in categories:
            raise TaxonomyError(f"{name}: duplicate category id {category.id!r}")
        categories[category.id] = category
        rules.extend(category_rules)
    for category in categories.values():
        if unknown := [c for c in category.subsumes if c not in categories or c == category.id]:
            raise TaxonomyError(f"{category.id}: subsumes unknown categories {unknown}")
    suffixes = re.compile("(?:" + "|".join(meta.get("english_suffixes") or ["s"]) + ")")
    version = f"{meta.get('version', '0')}+{digest[:8]}"
    denial, denial_examples = _denial(meta.get("denials") or {})
    return Taxonomy(
        version,
        categories,
        tuple(rules),
        sources,
        suffixes,
        int(meta.get("benign_window", 32)),
        int(meta.get("context_window", 60)),
        denial,
        denial_examples,
    )


def _denial(data: dict[str, Any]) -> tuple[re.Pattern[str] | None, tuple[str, ...]]:
    """One pattern that matches the end of the text before a hit when that text denies, bans or cites it.

    It runs on the raw sentence before the hit (lower-cased, traditional folded to simplified, spaces kept, so
    English words keep their boundaries): a Chinese cue within `zh_gap` characters of the hit, an English cue
    within `en_words` words of it, neither across a comma, or an open 《 title mark (the hit is inside a cited title).
    """
    zh, en = list(data.get("zh") or []), list(data.get("en") or [])
    if not zh and not en:
        return None, ()
    gap, words = int(data.get("zh_gap", 12)), int(data.get("en_words", 5))
    parts = []
    if zh:
        cues = "|".join(_fold_pattern(str(z), "taxonomy.yaml: denials") for z in zh)
        parts.append(f"(?:{cues})[^。；;！？!?，,:：]{{0,{gap}}}$")  # within one clause
    if en:
        cues = "|".join(r"\s+".join(str(e).split()) for e in en)
        gap_en = r"[\s\-'’\"“”()]+"  # words apart, never across a comma
        parts.append(rf"\b(?:{cues})\b(?:{gap_en}[\w'’]+){{0,{words}}}{gap_en[:-1]}*$")
    parts.append(r"《[^》]*$")
    try:
        return re.compile("|".join(f"(?:{p})" for p in parts), re.IGNORECASE), tuple(data.get("examples") or ())
    except re.error as exc:
        raise TaxonomyError(f"taxonomy.yaml: denials: bad pattern ({exc})") from None


def _yaml(texts: dict[str, str], name: str) -> dict[str, Any]:
    try:
        data = yaml.load(texts[name], Loader=_LOADER) or {}
    except yaml.YAMLError as exc:
        raise TaxonomyError(f"{name}: invalid YAML: {str(exc).splitlines()[0]}") from None
    if not isinstance(data, dict):
        raise TaxonomyError(f"{name}: expected a mapping at the top level")
    return data


def _words(raw: dict[str, list[str]], where: str, inherited: dict[str, str] | None = None) -> dict[str, str]:
    """Vocabularies: name -> one non-capturing alternation, usable in patterns as {name}."""
    words = dict(inherited or {})
    for name, alternatives in raw.items():
        if name in words:
            raise TaxonomyError(f"{where}: vocabulary {name!r} is already defined")
        if not isinstance(alternatives, list) or not alternatives:
            raise TaxonomyError(f"{where}: vocabulary {name!r} must be a non-empty list")
        words[name] = "(?:" + "|".join(_expand(str(a), words, where) for a in alternatives) + ")"
    return words


def _expand(pattern: str, words: dict[str, str], where: str) -> str:
    if _SPACED_QUANTIFIER.search(pattern):
        raise TaxonomyError(
            f"{where}: a quantifier after a space quantifies the character before the space "
            f"(spaces are ignored); in {pattern!r}"
        )

    def word(match: re.Match[str]) -> str:
        if match.group(1) not in words:
            raise TaxonomyError(f"{where}: unknown vocabulary {{{match.group(1)}}}")
        return words[match.group(1)]

    return _fold_pattern(_WORD_REF.sub(word, pattern), where)


def _fold_pattern(pattern: str, where: str) -> str:
    """Fold the non-ASCII characters of a pattern the way page text is folded (traditional -> simplified ...)."""
    out = []
    for char in pattern:
        if ord(char) < 0x80:
            out.append(char)
            continue
        folded = match_fold(char)
        if len(folded) == 1 and ord(folded) < 0x80 and not folded.isalnum():
            raise TaxonomyError(f"{where}: write {char!r} as an escaped ASCII {folded!r} (the text is folded to it)")
        out.append(folded or "")
    return "".join(out)


def _compile(pattern: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern, FLAGS)
    except re.error as exc:
        raise TaxonomyError(f"{where}: bad pattern ({exc})") from None


def _category(
    data: dict[str, Any], name: str, shared: dict[str, str], severities: list[str], sources: dict[str, Any]
) -> tuple[Category, list[Rule]]:
    cid = data.get("id")
    severity = data.get("severity")
    if not cid or severity not in severities:
        raise TaxonomyError(f"{name}: needs an id and a severity among {severities}")
    words = _words(data.get("words") or {}, name, shared)
    rules, seen = [], set()
    for term in data.get("terms") or []:
        if not isinstance(term, dict):
            raise TaxonomyError(f"{name}: each term is a mapping with id, patterns, sources")
        tid = term.get("id")
        where = f"{name}: term {tid!r}"
        if not tid or tid in seen:
            raise TaxonomyError(f"{where}: missing or duplicate id")
        seen.add(tid)
        cited = tuple(term.get("sources") or ())
        if not cited or any(s not in sources for s in cited):
            raise TaxonomyError(f"{where}: cite at least one source, all listed in sources.yaml")
        patterns = tuple(_pattern(_expand(str(p), words, where), where) for p in term.get("patterns") or [])
        if not patterns:
            raise TaxonomyError(f"{where}: no patterns")
        needs = [_expand(str(p), words, f"{where} context") for p in term.get("context") or []]
        context = _compile("|".join(f"(?:{p})" for p in needs), f"{where} context") if needs else None
        examples = tuple(term.get("examples") or ())
        rules.append(Rule(f"{cid}/{tid}", cid, severity, patterns, cited, examples, context))
    benign_patterns = [
        _expand(str(p), words, f"{name}: benign") for b in data.get("benign") or [] for p in b.get("patterns") or []
    ]
    benign = _compile("|".join(f"(?:{p})" for p in benign_patterns), f"{name}: benign") if benign_patterns else None
    examples = tuple(e for b in data.get("benign") or [] for e in b.get("examples") or ())
    title, description = str(data.get("title", cid)), str(data.get("description", "")).strip()
    subsumes = tuple(str(c) for c in data.get("subsumes") or ())
    legend = " ".join(str(data.get("legend") or description).split())
    category = Category(cid, severity, title, description, benign, examples, subsumes, legend)
    return category, rules


def _pattern(source: str, where: str) -> Pattern:
    regex = _compile(source, where)
    found = anchors(source, FLAGS)
    if not found or any(len(a) < 2 for a in found):
        raise TaxonomyError(
            f"{where}: every pattern needs a literal of at least two characters; {source[:60]!r}… has none"
        )
    width = _parser.parse(source, FLAGS).getwidth()[1]
    if width > MAX_WIDTH:
        raise TaxonomyError(f"{where}: a pattern may span at most {MAX_WIDTH} characters (bound its gaps)")
    return Pattern(regex, found, width)
