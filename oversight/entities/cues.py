"""Roles from running text: the cues around a name that say it buys, or runs the purchase for someone who does.

A name found by its legal form alone has no role (`other`). These readings give it one: a notice's title opens
with the buyer's name; a cover page is signed by its issuer above the date; `AGENT受BUYER委托` names both; an
agency is often called what it is (政府采购中心, 招标代理); in English, a municipality (`Town of X`) or a name
right before `purchased` / `has issued a tender` is the buyer. What the cues are is data (data/cues.yaml).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

import yaml

from oversight.entities.catalog import award_of, vocabulary
from oversight.entities.literals import Literals
from oversight.entities.records import Mention, Role
from oversight.text.chinese import HAN
from oversight.text.fold import fold

_YEAR = re.compile(r"(?:19|20)\d{2}(?:\s*[-—至~]\s*(?:19|20)?\d{2,4})?\s*年")
_DATE_AFTER = re.compile(r"^[\s()（）盖章章]*(?:(?:19|20)\d{2}|二[〇○零O0]\S{2})\s*年")
_LATIN_WORD = r"[A-Z][\w'’.&-]*"
_TOWN_WORD = r"(?:(?:St|Ste|Ft|Mt|Pt)\.|[A-Z][\w'’&-]*)"  # `City of Port St. Lucie`
_TITLE_NAME = re.compile(f"[{HAN}()（）]{{4,30}}")
_KIND = {"buyer": "buyer", "agent": "agent"}
_QUOTED = re.compile(r"[“\"]([^”\"\n]{4,80})[”\"]")


@dataclass(frozen=True, slots=True)
class Cues:
    agent_names: tuple[str, ...]
    platform_names: tuple[str, ...]
    issuer_agent_names: tuple[str, ...]
    title_endings: tuple[str, ...]
    quoted_endings: tuple[str, ...]
    project_labels: tuple[str, ...]
    title_lines: int
    commission: tuple[str, ...]
    buyer_after: tuple[str, ...]
    buyer_verbs: re.Pattern[str]
    municipal: re.Pattern[str]
    supplier_lists: re.Pattern[str]
    supplier_window: int
    english_words: Literals[str]  # the first word of every buyer verb and municipal cue: a page without one has none
    invited_by: re.Pattern[str]
    by_words: Literals[str]  # `by` and `b y`: a page without one has no `invited by` nor `made by`
    made_by: re.Pattern[str]
    public_bodies: tuple[str, ...]
    with_words: Literals[str]  # `with`: a page without one has no `contract with`
    contracted: re.Pattern[str]
    definitions: re.Pattern[str]  # `“采购人”系指` at the end of the text before a name
    defined_roles: dict[str, Role]
    supplier_as: re.Pattern[str]  # `作为…承办商` right after a name
    signs_before: tuple[str, ...]
    signs_after: tuple[str, ...]
    made_here: re.Pattern[str]  # `<name>推出的`: a maker named in Chinese news without a legal form
    not_makers: tuple[str, ...]


@lru_cache(maxsize=1)
def cues() -> Cues:
    data = yaml.safe_load(
        resources.files("oversight.entities").joinpath("data", "cues.yaml").read_text(encoding="utf-8")
    )

    def words(name: str) -> tuple[str, ...]:
        return tuple(sorted((fold(w) for w in data[name]), key=len, reverse=True))

    verbs = "|".join(re.escape(v).replace(r"\ ", " +") for v in sorted(data["buyer_verbs"], key=len, reverse=True))
    joiner = r"(?: +(?:of|for|and|the|de|del|la))?"
    run = rf"{_LATIN_WORD}(?:{joiner} +{_LATIN_WORD}){{0,7}}(?: +\([A-Z]{{2,8}}\))?"
    towns = "|".join(re.escape(m).replace(r"\ ", " +") for m in data["municipal"])
    return Cues(
        agent_names=words("agent_names"),
        platform_names=words("platform_names"),
        issuer_agent_names=words("issuer_agent_names"),
        title_endings=words("title_endings"),
        quoted_endings=words("quoted_endings"),
        project_labels=words("project_labels"),
        title_lines=int(data["title_lines"]),
        commission=words("commission"),
        buyer_after=words("buyer_after"),
        buyer_verbs=re.compile(rf"(?<![\w'’])(?P<name>{run}) +(?:{verbs})\b"),
        municipal=re.compile(rf"\b(?:{towns}) +{_TOWN_WORD}(?: +{_TOWN_WORD}){{0,3}}"),
        supplier_lists=re.compile("|".join(re.escape(w) for w in words("supplier_lists"))),
        supplier_window=int(data["supplier_window"]),
        english_words=Literals((w.split()[0], w) for w in data["buyer_verbs"] + data["municipal"]),
        by_words=Literals([("by", "by"), ("b y", "by")], ignore_case=True),
        made_by=re.compile(rf"(?i:{'|'.join(map(_spaced_letters, data['maker_before']))}) +(?:the +)?(?P<name>{run})"),
        public_bodies=tuple(data["public_bodies"]),
        with_words=Literals([("with", "with")], ignore_case=True),
        contracted=re.compile(
            rf"(?i:{'|'.join(map(_spaced_letters, data['supplier_before']))}) +(?:the +)?"
            rf"(?P<name>{_LATIN_WORD}(?:(?: +(?:of|and|the|&))? +{_LATIN_WORD}){{0,7}})"
        ),
        invited_by=re.compile(
            rf"(?i:{'|'.join(map(_spaced_letters, data['buyer_before']))}) +(?:the +)?(?P<name>{run})"
        ),
        definitions=re.compile(
            rf"(?P<term>{'|'.join(map(re.escape, (t for ts in data['definitions'].values() for t in ts)))})"
            rf"[ \"'”’」』)]*(?:{'|'.join(map(re.escape, data['defined_by']))})[ :]*$"
        ),
        defined_roles={fold(t): role for role, ts in data["definitions"].items() for t in ts},
        supplier_as=re.compile(
            rf"\s*(?:作为|作為)[^，。,;；\n]{{0,20}}?(?:{'|'.join(map(re.escape, words('supplier_as')))})"
        ),
        made_here=re.compile(
            rf"(?:^|(?<=[\s，。、；：,;:!?！？“”\"(（)）]))(?P<name>[{HAN}]{{2,{int(data['maker_name_chars'])}}})"
            rf"(?:{'|'.join(map(re.escape, words('maker_verbs')))})",
            re.MULTILINE,
        ),
        not_makers=words("not_makers"),
        signs_before=tuple(data["signs_with"]["before"]),
        signs_after=tuple(data["signs_with"]["after"]),
    )


def _spaced_letters(phrase: str) -> str:
    """A phrase whose words may be split by stray spaces (`in vi ted  by`), as justified PDF text layers do."""
    return " +".join(" ?".join(map(re.escape, word)) for word in phrase.split())


def is_agency(name: str, issuer: bool = False) -> bool:
    """Whether a name calls itself a procurement agency (`issuer`: also the consultancies that sign tenders)."""
    c = cues()
    folded = fold(name)
    return any(w in folded for w in c.agent_names) or (issuer and any(w in folded for w in c.issuer_agent_names))


def apply_cues(page: int, raw: str, text: str, mentions: list[Mention]) -> list[Mention]:
    """`mentions` with roles the cues give, plus names only a cue finds (a title's buyer, a municipality)."""
    out = [_defined(text, _commissioned(text, m)) for m in mentions]
    out = [_agency(m) for m in out]
    out = _bidders(text, out)
    if page == 1:
        out = _cover(text, out)
        out.extend(_title(page, raw, text, out))
    out.extend(_made_here(page, raw, text, out))
    return _english(page, raw, text, out)


def _made_here(page: int, raw: str, text: str, mentions: list[Mention]) -> list[Mention]:
    """Makers that Chinese news names only by what they launched or developed (`连信数字推出的…系统`)."""
    c = cues()
    found = []
    for m in c.made_here.finditer(text):
        start, end = m.span("name")
        name = m.group("name")
        if any(w in name for w in c.not_makers) or name.endswith(vocabulary().government_suffixes):
            continue
        if any(start < k.end and end > k.start for k in mentions):
            continue
        found.append(Mention(page, "vendor", start, end, raw[start:end], "cue:launched", role="maker"))
    return found


def _set(m: Mention, role: Role, cue: str) -> Mention:
    if m.role != "other" or m.zone != "project" or fold(m.text).endswith(cues().platform_names):
        return m
    return replace(m, role=role, kind=_KIND.get(role, "vendor"), source=f"{m.source};cue:{cue}")


def _commissioned(text: str, m: Mention) -> Mention:
    """`AGENT（以下简称…）受BUYER（的）委托`."""
    after = text[m.end : m.end + 24]
    if re.match(r"^\s*(?:[(（][^()（）]{0,20}[)）])?\s*受", after):
        return _set(m, "agent", "commission")
    before = text[max(0, m.start - 2) : m.start]
    if before.endswith("受") and any(text.startswith(w, m.end + k) for w in cues().commission for k in (0, 1)):
        return _set(m, "agent" if is_agency(m.text, issuer=True) else "buyer", "commission")
    if any(text.startswith(w, m.end) for w in cues().buyer_after):
        return _set(m, "buyer", "carries-out")
    if cues().supplier_as.match(text, m.end) and _registered(m):
        return _set(m, "supplier", "acts-as")
    if (
        text.startswith(cues().signs_before, max(0, m.start - 1))
        and text.startswith(cues().signs_after, m.end)
        and m.text.endswith(vocabulary().government_suffixes)
    ):
        return _set(m, "buyer", "signs-with")
    return m


def _defined(text: str, m: Mention) -> Mention:
    """`“采购人”系指XX局`: a tender's definitions name its buyer and agency."""
    if m.role != "other":
        return m
    found = cues().definitions.search(text, max(0, m.start - 16), m.start)
    return _set(m, cues().defined_roles[found.group("term")], "definition") if found else m


def _agency(m: Mention) -> Mention:
    return _set(m, "agent", "agency-name") if m.role == "other" and is_agency(m.text) else m


def _bidders(text: str, mentions: list[Mention]) -> list[Mention]:
    """Companies listed under a bidders heading are suppliers that bid: candidates for the award when the heading
    says so (中标候选人), bidders only otherwise."""
    c = cues()
    spans = []
    for found in c.supplier_lists.finditer(text):
        end = min(len(text), found.end() + c.supplier_window)
        stop = text.find("。", found.end(), end)
        spans.append((found.end(), stop if stop >= 0 else end, award_of(found.group()) or ""))
    if not spans:
        return mentions
    out = []
    for m in mentions:
        heading = next((award for s, e, award in reversed(spans) if s <= m.start < e), None)  # the nearest
        if heading is not None and m.role == "other" and _registered(m):
            m = _set(m, "supplier", "bidders")
            m = replace(m, source=m.source + heading) if m.role == "supplier" else m
        out.append(m)
    return out


def _registered(m: Mention) -> bool:
    """A known name, or one with a legal form more than a bare 公司 (`XX有限公司`, not `项目公司` / `我公司`)."""
    legal = tuple(s for s in vocabulary().company_suffixes if s != "公司")
    return m.source.startswith("known:") or (m.source.startswith("suffix:") and m.text.endswith(legal))


def _cover(text: str, mentions: list[Mention]) -> list[Mention]:
    """A cover page is signed by its issuer, its name right above the date."""
    out = []
    for m in mentions:
        if m.role == "other" and _DATE_AFTER.match(text[m.end : m.end + 16]):
            m = _set(m, "agent" if is_agency(m.text, issuer=True) else "buyer", "issuer")
        out.append(m)
    return out


def _title(page: int, raw: str, text: str, mentions: list[Mention]) -> list[Mention]:
    """The buyer named at the opening of a notice's title or of a project name."""
    c = cues()
    starts = []
    offset = 0
    above: int | None = None  # where the last non-empty line began
    for number, line in enumerate(text.split("\n")):
        stripped = line.strip()
        if number < c.title_lines and stripped.endswith(c.title_endings):
            head = line.rfind(">") + 1
            start = offset + head + len(line[head:]) - len(line[head:].lstrip())
            # `公开招标文件` alone on its line: the title began on the line above (`2024年XX局…服务`)
            starts.append(above if above is not None and _bare_ending(stripped, c.title_endings) else start)
        if stripped:
            above = offset + len(line) - len(line.lstrip())
        offset += len(line) + 1
    for label in c.project_labels:
        for m in re.finditer(re.escape(label) + r"\s*[:：]?\s*", text):
            starts.append(m.end())
    for m in _QUOTED.finditer(text):  # news quotes a tender by its title: `“2022年中国联通…采购项目招标”正式启动`
        if m.group(1).rstrip().endswith(c.title_endings + c.quoted_endings):
            starts.append(m.start(1))
    found: list[Mention] = []
    for at in starts:
        year = _YEAR.match(text, at)
        at = year.end() if year else at
        named = [m for m in mentions + found if m.start == at and m.role == "other" and m.zone == "project"]
        if named:
            found.append(_set(named[0], "agent" if is_agency(named[0].text) else "buyer", "title"))
            continue
        year = _YEAR.search(text, at, at + 32)
        name = _TITLE_NAME.fullmatch(text, at, year.start()) if year else None
        if name and not any(m.start <= at < m.end for m in mentions + found):
            found.append(Mention(page, "buyer", at, year.start(), raw[at : year.start()], "title", role="buyer"))  # type: ignore[union-attr]
    return found


def _bare_ending(line: str, endings: tuple[str, ...]) -> bool:
    """A line that is a title ending and at most two characters more (`公开招标文件`, `招标公告`)."""
    return any(line.endswith(e) and len(line) - len(e) <= 2 for e in endings)


def _english(page: int, raw: str, text: str, mentions: list[Mention]) -> list[Mention]:
    """Municipalities and names right before a buying verb or after `invited by` are buyers, names after `made by`
    makers; a name already found there takes the role, a name only the cue finds is added."""
    c = cues()
    out = list(mentions)
    patterns: list[tuple[re.Pattern[str], str, Role]] = []
    if c.by_words.found(text):
        patterns += [(c.invited_by, "invited-by", "buyer"), (c.made_by, "made-by", "maker")]
    if c.with_words.found(text):
        patterns.append((c.contracted, "contract-with", "supplier"))
    if c.english_words.found(text):
        patterns += [(c.municipal, "municipal", "buyer"), (c.buyer_verbs, "buyer-verb", "buyer")]
    for pattern, cue, role in patterns:
        for m in pattern.finditer(text):
            start, end = (m.start("name"), m.end("name")) if cue != "municipal" else m.span()
            end -= len(text[start:end]) - len(text[start:end].rstrip("."))
            name = text[start:end]
            if cue != "municipal" and not _organisation(name):
                continue
            if role != "buyer" and _government(name):
                continue
            same = [i for i, k in enumerate(out) if (k.end == end or k.start == start) and start <= k.start < end]
            if same:
                out[same[0]] = _set(out[same[0]], role, cue)
            elif not any(start < k.end and end > k.start for k in out):
                kind = "buyer" if role == "buyer" else "vendor"
                out.append(Mention(page, kind, start, end, raw[start:end], f"cue:{cue}", role=role))
    return out


def _government(name: str) -> bool:
    """A government body or a municipality (`City Council`, `the County of X`): a buyer or partner, never a maker
    or supplier."""
    ends = vocabulary().english_government_suffixes + cues().public_bodies
    return name.endswith(ends) or cues().municipal.match(name) is not None


def _organisation(name: str) -> bool:
    """A capitalised run that names an organisation rather than opening a sentence (`In December`, `The`)."""
    words = name.split()
    return not (len(words) == 1 and (words[0].istitle() and len(words[0]) < 4)) and words[0] not in ("In", "On", "The")
