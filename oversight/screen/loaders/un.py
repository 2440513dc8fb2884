"""UN Security Council consolidated list (XML, root CONSOLIDATED_LIST with INDIVIDUALS and ENTITIES)."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from oversight.screen.loaders.base import Entry, Listing, Name, ParsedList, WatchlistError, itself

FORMAT = "un-sc-xml"
unit = itself  # what one load reads and hashes: the file
_ALIAS_KIND = {"good": "alias", "a.k.a.": "alias", "low": "weak", "f.k.a.": "former"}


def detect(path: Path) -> bool:
    if not path.is_file() or path.suffix.lower() != ".xml":
        return False
    with path.open("rb") as handle:
        return b"<CONSOLIDATED_LIST" in handle.read(4096)


def parse(path: Path) -> ParsedList:
    try:
        root = etree.parse(
            str(path), etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
        ).getroot()
    except etree.XMLSyntaxError as exc:
        raise WatchlistError(f"{path}: not well-formed XML ({exc})") from None
    if root.tag != "CONSOLIDATED_LIST":
        raise WatchlistError(f"{path}: root element is {root.tag}, not CONSOLIDATED_LIST")
    entries = [_entry(node, path, "Person") for node in root.iterfind("INDIVIDUALS/INDIVIDUAL")]
    entries += [_entry(node, path, "Organization") for node in root.iterfind("ENTITIES/ENTITY")]
    if not entries:
        raise WatchlistError(f"{path}: no INDIVIDUAL or ENTITY records")
    published = (root.get("dateGenerated") or "")[:10] or None
    return ParsedList(name="un-sc", format=FORMAT, entries=entries, published=published)


def _text(node: etree._Element, tag: str) -> str | None:
    value = node.findtext(tag)
    return value.strip() if value and value.strip() else None


def _entry(node: etree._Element, path: Path, schema: str) -> Entry:
    key = _text(node, "DATAID")
    if key is None:
        raise WatchlistError(f"{path}:{node.sourceline}: record without DATAID")
    parts = [_text(node, tag) for tag in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")]
    full = " ".join(p for p in parts if p)
    if not full:
        raise WatchlistError(f"{path}:{node.sourceline}: record {key} has no name")
    # Entity names sometimes join two names with ' ; '.
    primary, *others = [n.strip() for n in full.split(" ; ")] if schema != "Person" else [full]
    names = [Name(primary, "primary")] + [Name(n, "alias") for n in others if n]
    original = _text(node, "NAME_ORIGINAL_SCRIPT")
    if original:
        names.append(Name(original, "original"))
    for alias in node.iterfind("INDIVIDUAL_ALIAS") if schema == "Person" else node.iterfind("ENTITY_ALIAS"):
        alias_name = _text(alias, "ALIAS_NAME")
        if alias_name:
            names.append(Name(alias_name, _ALIAS_KIND.get((_text(alias, "QUALITY") or "").lower(), "alias")))
    country = (
        node.findtext("NATIONALITY/VALUE")
        or node.findtext("ENTITY_ADDRESS/COUNTRY")
        or node.findtext("INDIVIDUAL_ADDRESS/COUNTRY")
    )
    data = {
        k: v for k, v in (("reference", _text(node, "REFERENCE_NUMBER")), ("comments", _text(node, "COMMENTS1"))) if v
    }
    listing = Listing(
        list="UN Security Council",
        program=_text(node, "UN_LIST_TYPE"),
        listed_on=_text(node, "LISTED_ON"),
        citation=_text(node, "REFERENCE_NUMBER"),
    )
    return Entry(
        key=key,
        schema=schema,
        name=primary,
        names=names,
        listings=[listing],
        country=country.strip() if country and country.strip() else None,
        data=data,
    )
