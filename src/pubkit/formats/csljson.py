"""CSL-JSON, as Zotero, Better CSL JSON, pandoc and Crossref write it.

The reader accepts a list of items or a single item object. Dates may be CSL
date objects (``date-parts``, ``raw``, ``literal``) or EDTF strings as Better
CSL JSON writes them (``"2020-05-17"``, ``"2019/2020"``, ``"2020~"``); numbers
may be strings or integers; names may be split or ``literal``.

Hand-made items get the benefit of the doubt, each with a problem report of
kind ``"nonstandard"``: a name given as text instead of a name object is
read as one name ("Family, Given" is split, text without a comma is kept
whole as a literal, as organisations are written), and ``date-parts`` that
is one flat list of numbers is read as one date. A text holding several
names is read as one name.

Where values go:

- CSL variables that :class:`~pubkit.model.Publication` types (``title``,
  ``author``, ``issued``, ``DOI``...) go to their attributes; other CSL name
  variables go to ``contributors``; every other CSL variable goes to ``extra``
  under its CSL name (date variables as :class:`~pubkit.model.Date`, numbers
  as strings, ``custom`` as a dict).
- pubkit's own facts travel in the CSL 1.0.2 ``custom`` object:
  ``authors-incomplete``, ``implied-authors``, ``arxiv``, what a merge
  records (:data:`MERGE_KEYS`, fields named by their CSL variables), and
  ``source-fields``: what other formats' readers kept with no CSL meaning
  (BibTeX's ``groups``, ``owner`` or ``file``, a field's LaTeX as written,
  RIS tags), so that BibTeX or RIS converted to CSL-JSON and back loses
  nothing. A preprint
  (type ``article``) with an arXiv id and no ``number`` is also written with
  ``number`` ``"arXiv:<id>"``, which is what Zotero writes; on reading, a
  ``number`` of that form sets ``arxiv`` instead of being kept.
- Keys that are not CSL variables (Crossref's ``reference``, ``link``,
  ``score``...) are kept in ``source_fields`` under ``"csljson:<key>"`` as JSON
  text, and written back unchanged; other formats ignore them.
- The item's ``citation-key`` (else its ``id``) becomes the record's ``id``;
  the writer emits it as ``id``.

Reading what this module wrote gives back the same records.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping, Sequence
from typing import Any

from pubkit.errors import Problem
from pubkit.formats import Format, ReadResult, register
from pubkit.formats.bibtex.mapping import RAW_KEY
from pubkit.formats.csljson_vars import (
    ALIASES,
    CROSSREF_TYPES,
    DATE_VARIABLES,
    NAME_VARIABLES,
    STANDARD_VARIABLES,
    TYPED_NAMES,
    TYPED_STRINGS,
    parse_edtf,
)
from pubkit.keys import assign_keys
from pubkit.model import CSL_TYPES, Date, Person, Provenance, Publication
from pubkit.text import rich_text
from pubkit.text.latex import latex_to_unicode
from pubkit.text.names import parse_plain_name

__all__ = ["from_csl_item", "read", "sniff", "to_csl_item", "write_csljson"]

logger = logging.getLogger(__name__)

_SOURCE_PREFIX = "csljson:"
_ARXIV_NUMBER = re.compile(r"^arXiv:\s*(?P<id>\S+)$", re.IGNORECASE)
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)


class _ItemError(ValueError):
    """An item value that cannot be read; becomes a problem."""


def sniff(text: str) -> int:
    """How likely ``text`` is CSL-JSON, from 0 to 100."""
    head = text.lstrip()[:4000]
    if not head.startswith(("[", "{")):
        return 0
    if re.search(r'"type"\s*:', head) and re.search(r'"(?:title|id|author)"\s*:', head):
        return 90
    return 20


def read(text: str, source: str) -> ReadResult:
    """Read CSL-JSON text into publications and problems."""
    try:
        items = _top_level_items(text)
    except json.JSONDecodeError as exc:
        return [], [
            Problem(source, exc.lineno, f"not valid JSON: {exc.msg}", raw=text[:200])
        ]

    records: list[Publication] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for index, (line, item) in enumerate(items):
        if not isinstance(item, dict):
            reason = "a CSL-JSON item must be a JSON object"
            problems.append(Problem(source, line, reason, raw=json.dumps(item)[:200]))
            continue
        pub = from_csl_item(
            item, source=source, line=line, index=index, problems=problems
        )
        if pub.id and pub.id in seen:
            problems.append(
                Problem(
                    source,
                    line,
                    "this id was already used by an earlier item",
                    key=pub.id,
                    kind="duplicate-id",
                )
            )
        seen.add(pub.id)
        records.append(pub)
    return records, problems


def _top_level_items(text: str) -> list[tuple[int, Any]]:
    """The items of a JSON list or single object, each with its 1-based line."""
    decoder = json.JSONDecoder()
    start = len(text) - len(text.lstrip())
    if not text[start:].startswith("["):
        value = json.loads(text)
        # A Crossref REST response wraps its work, or its list of works.
        if isinstance(value, dict) and isinstance(value.get("message"), dict):
            value = value["message"]
        if isinstance(value, dict) and isinstance(value.get("items"), list):
            return [(1, item) for item in value["items"]]
        return [(text.count("\n", 0, start) + 1, value)]

    # Decode the list one element at a time to learn where each item starts.
    items: list[tuple[int, Any]] = []
    position = start + 1
    while True:
        position = _skip(text, position, ",")
        if text.startswith("]", position):
            break
        value, end = decoder.raw_decode(text, position)
        items.append((text.count("\n", 0, position) + 1, value))
        position = end
    json.loads(text)  # rejects trailing garbage exactly as a plain parse would
    return items


def _skip(text: str, position: int, separators: str) -> int:
    """The position of the next character that is not space or a separator."""
    while position < len(text) and (
        text[position].isspace() or text[position] in separators
    ):
        position += 1
    if position >= len(text):
        raise json.JSONDecodeError("unterminated list", text, position)
    return position


def from_csl_item(
    item: Mapping[str, Any],
    *,
    source: str = "<string>",
    line: int | None = None,
    index: int | None = None,
    problems: list[Problem] | None = None,
) -> Publication:
    """Build a publication from one CSL-JSON item.

    Args:
        item: The item, as decoded JSON.
        source: How provenance and problem reports name the input.
        line: 1-based line where the item starts, if known.
        index: 0-based position of the item in its source.
        problems: A list to which problems with the item's values are added.

    Returns:
        The publication; unreadable values are reported and kept verbatim in
        ``source_fields``.
    """
    report = problems if problems is not None else []
    key = str(item.get("citation-key") or item.get("id") or "").strip()
    fields: dict[str, Any] = {"id": key, "type": _item_type(item, source, line, report)}
    extra: dict[str, Any] = {}
    contributors: dict[str, tuple[Person, ...]] = {}
    kept: dict[str, str] = {}
    for name, value in item.items():
        name = ALIASES.get(name, name)
        try:
            note = _take(name, value, fields, extra, contributors, kept)
        except _ItemError as exc:
            raw = json.dumps(value)[:200]
            report.append(Problem(source, line, str(exc), raw=raw, key=key))
            kept[_SOURCE_PREFIX + name] = _dump(value)
            continue
        if note:
            raw = json.dumps(value)[:200]
            report.append(
                Problem(source, line, note, raw=raw, key=key, kind="nonstandard")
            )
    _take_custom(extra, fields, kept)
    _take_arxiv_number(extra, fields)
    _join_subtitle(fields, kept)
    original_id = str(item.get("id") or "") or None
    return Publication(
        **fields,
        extra=extra,
        contributors=contributors,
        source_fields=kept,
        provenance=(Provenance(source, "csljson", line, index, original_id),),
    )


def _item_type(
    item: Mapping[str, Any], source: str, line: int | None, problems: list[Problem]
) -> str:
    """The CSL type of an item, mapping Crossref's names; unknown is reported."""
    raw = str(item.get("type") or "").strip()
    found = raw if raw in CSL_TYPES and raw else CROSSREF_TYPES.get(raw)
    if found:
        return found
    problems.append(
        Problem(
            source,
            line,
            f"unknown item type {raw!r}; read as 'document'",
            raw=raw,
            key=str(item.get("id") or "") or None,
            kind="unknown-type",
        )
    )
    return "document"


def _take(
    name: str,
    value: Any,
    fields: dict[str, Any],
    extra: dict[str, Any],
    contributors: dict[str, tuple[Person, ...]],
    kept: dict[str, str],
) -> str | None:
    """File one item value under the attribute or map where it belongs.

    Returns:
        What was not standard about a value that was read all the same, for a
        problem report; None when the value was in standard form.

    Raises:
        _ItemError: The value cannot be read.
    """
    if name in ("id", "citation-key", "type") or value is None:
        return None
    if name in NAME_VARIABLES or name in DATE_VARIABLES:
        return _take_structured(name, value, fields, extra, contributors)
    _take_plain(name, value, fields, extra, kept)
    return None


def _take_structured(
    name: str,
    value: Any,
    fields: dict[str, Any],
    extra: dict[str, Any],
    contributors: dict[str, tuple[Person, ...]],
) -> str | None:
    """File a name list or a date; return a note if it was not standard."""
    if name in NAME_VARIABLES:
        people, note = _names(name, value)
        if name in TYPED_NAMES:
            fields[TYPED_NAMES[name]] = people
        else:
            contributors[name] = people
        return note
    date, note = _date(name, value)
    if name == "issued":
        fields["issued"] = date
    else:
        extra[name] = date
    return note


def _take_plain(
    name: str,
    value: Any,
    fields: dict[str, Any],
    extra: dict[str, Any],
    kept: dict[str, str],
) -> None:
    """File a text, number or other value that is not a name list or a date."""
    if name == "keyword":
        words = re.split(r"\s*[,;]\s*", _string(name, value))
        fields["keywords"] = tuple(w for w in words if w)
    elif name in TYPED_STRINGS:
        fields[TYPED_STRINGS[name]] = _clean(name, _string(name, value))
    elif name in STANDARD_VARIABLES:
        if text := _string(name, value):
            extra[name] = text
    elif name in ("custom", "categories"):
        extra[name] = value
    else:
        kept[_SOURCE_PREFIX + name] = _dump(value)


def _clean(name: str, text: str) -> str:
    """Normalise identifiers: a DOI loses any resolver prefix."""
    return _DOI_PREFIX.sub("", text) if name == "DOI" else text


def _string(name: str, value: Any) -> str:
    """A CSL string or number variable as text (lists of strings joined)."""
    if isinstance(value, bool):
        raise _ItemError(f"{name} must be text or a number, not {value!r}")
    if isinstance(value, (str, int, float)):
        return str(value).strip()
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ", ".join(v.strip() for v in value if v.strip())
    raise _ItemError(f"{name} must be text or a number")


def _names(name: str, value: Any) -> tuple[tuple[Person, ...], str | None]:
    """A CSL name list as persons, with a note if some names were text.

    Raises:
        _ItemError: The value is neither a list of names nor a name as text.
    """
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(
        isinstance(v, (dict, str)) for v in values
    ):
        raise _ItemError(f"{name} must be a list of name objects")
    people = tuple(
        Person.from_csl(v) if isinstance(v, dict) else _text_name(v) for v in values
    )
    texts = [v.strip() for v in values if isinstance(v, str) and v.strip()]
    note = None
    if texts:
        read_as = ", ".join(json.dumps(t, ensure_ascii=False) for t in texts)
        note = f"{name} should be a list of name objects; read {read_as} as names"
    return tuple(p for p in people if p != Person()), note


def _text_name(text: str) -> Person:
    """A name given as text: "Family, Given" is split, other text kept whole."""
    text = " ".join(text.split())
    return parse_plain_name(text) if "," in text else Person(literal=text)


def _date(name: str, value: Any) -> tuple[Date, str | None]:
    """A CSL date object or EDTF string as a :class:`Date`, with a note if odd.

    Raises:
        _ItemError: The value is no date in any form read.
    """
    if isinstance(value, (str, int)) and str(value).strip():
        return parse_edtf(str(value)), None
    if not isinstance(value, dict):
        raise _ItemError(f"{name} is not a date")
    note = None
    parts = value.get("date-parts")
    if (
        isinstance(parts, list)
        and parts
        and not any(isinstance(p, list) for p in parts)
    ):
        value = {**value, "date-parts": [parts]}
        note = f"{name} date-parts should be a list of lists; read as one date"
    elif isinstance(parts, list) and len(parts) == 2 and _is_blank_part(parts[1]):
        value = {**value, "date-parts": parts[:1]}
    text = value.get("raw") or value.get("edtf")
    if not value.get("date-parts") and isinstance(text, str) and text.strip():
        return parse_edtf(text), note
    try:
        return Date.from_csl(value), note
    except (ValueError, TypeError) as exc:
        raise _ItemError(f"{name} is not a usable date") from exc


def _is_blank_part(part: Any) -> bool:
    """Whether a range end is a placeholder such as ``[0]`` or ``[""]``."""
    return isinstance(part, list) and (not part or str(part[0]).strip() in ("", "0"))


def _take_custom(
    extra: dict[str, Any], fields: dict[str, Any], kept: dict[str, str]
) -> None:
    """Move pubkit's own facts out of the ``custom`` object."""
    custom = extra.get("custom")
    if not isinstance(custom, dict):
        return
    rest = dict(custom)
    fields["authors_incomplete"] = bool(rest.pop("authors-incomplete", False))
    implied = rest.pop("implied-authors", [])
    if isinstance(implied, list):
        fields["implied_authors"] = tuple(
            Person.from_csl(p) for p in implied if isinstance(p, dict)
        )
    arxiv = rest.pop("arxiv", "")
    if arxiv:
        fields["arxiv"] = str(arxiv)
    for key in MERGE_KEYS:
        if key in rest:
            extra[key] = _renamed(rest.pop(key), _ATTRIBUTE)
    carried = rest.pop("source-fields", {})
    if isinstance(carried, dict):
        for name, value in carried.items():
            if isinstance(value, str) and not name.startswith(_SOURCE_PREFIX):
                kept.setdefault(str(name), value)
    if rest:
        extra["custom"] = rest
    else:
        del extra["custom"]


def _join_subtitle(fields: dict[str, Any], kept: dict[str, str]) -> None:
    """Join a ``subtitle`` (Crossref's, not a CSL variable) onto the title.

    The model's title is the whole title, as the BibTeX reader makes it of
    BibLaTeX's ``title`` and ``subtitle``; kept apart, every writer but
    CSL-JSON's would drop the subtitle, and matching would miss the title.
    The subtitle stays in ``source_fields`` too, so the CSL-JSON writer
    gives it back; a title that already ends with it is left as it is, so
    reading that output again does not join it twice.
    """
    raw = kept.get(_SOURCE_PREFIX + "subtitle")
    if raw is None:
        return
    value = json.loads(raw)
    parts = value if isinstance(value, list) else [value]
    subtitle = ": ".join(str(p).strip() for p in parts if str(p).strip())
    title = str(fields.get("title", "")).strip()
    if subtitle and not title.endswith(subtitle):
        fields["title"] = f"{title}: {subtitle}" if title else subtitle


def _take_arxiv_number(extra: dict[str, Any], fields: dict[str, Any]) -> None:
    """Read a ``number`` of the form ``arXiv:<id>`` as the arXiv id."""
    match = _ARXIV_NUMBER.match(str(extra.get("number", "")))
    if match and fields.get("arxiv", match["id"]) == match["id"]:
        fields["arxiv"] = match["id"]
        del extra["number"]


def _dump(value: Any) -> str:
    """JSON text of a value kept verbatim."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def to_csl_item(pub: Publication, *, csl_only: bool = False) -> dict[str, Any]:
    """The CSL-JSON item of a publication, keys in a fixed order.

    ``id`` and ``type`` come first, the other keys follow alphabetically.

    Args:
        pub: The publication.
        csl_only: Leave out the ``custom`` object and the kept non-CSL keys,
            for citation processors that warn about what they do not know.
    """
    item: dict[str, Any] = {}
    for name, attribute in TYPED_STRINGS.items():
        if value := getattr(pub, attribute):
            item[name] = value
    for name, attribute in TYPED_NAMES.items():
        if people := getattr(pub, attribute):
            item[name] = [p.to_csl() for p in people]
    for name, people in pub.contributors.items():
        item[name] = [p.to_csl() for p in people]
    if pub.issued is not None:
        item["issued"] = pub.issued.to_csl()
    if pub.keywords:
        item["keyword"] = ", ".join(pub.keywords)
    for name, value in pub.extra.items():
        item[name] = value.to_csl() if isinstance(value, Date) else value
    if csl_only:
        item.pop("custom", None)
        return {"id": pub.id, "type": pub.type} | dict(sorted(item.items()))

    for name, text in pub.source_fields.items():
        if name.startswith(_SOURCE_PREFIX):
            item.setdefault(name[len(_SOURCE_PREFIX) :], json.loads(text))
    _put_custom(pub, item)
    _put_rich_text(pub, item)

    return {"id": pub.id, "type": pub.type} | dict(sorted(item.items()))


#: BibTeX fields whose LaTeX markup becomes CSL rich text, and their variables.
_RICH_FIELDS = {
    "title": "title",
    "journal": "container-title",
    "journaltitle": "container-title",
    "booktitle": "container-title",
    "series": "collection-title",
}


def _put_rich_text(pub: Publication, item: dict[str, Any]) -> None:
    r"""Give text read from BibTeX its markup as CSL rich text.

    ``\emph{Drosophila}`` is written ``<i>Drosophila</i>`` and a protecting
    group ``{GPS}`` a nocase span, as Zotero reads BibTeX, so that CSL-JSON
    consumers and citations keep italics and case. Only while the value is
    still what the LaTeX decodes to.
    """
    for field, variable in _RICH_FIELDS.items():
        raw = pub.source_fields.get(RAW_KEY.format(field))
        value = item.get(variable)
        if raw is None or not isinstance(value, str):
            continue
        rich = rich_text.from_latex(raw, latex_to_unicode)
        if rich is not None and rich_text.plain(rich) == value:
            item[variable] = rich


#: What a merge records in ``extra`` (see :mod:`pubkit.match.merge`); CSL-JSON
#: carries it in ``custom``, where CSL processors look for no variable.
MERGE_KEYS = ("merged-ids", "alternate-dois", "field-sources", "variants")

# Model attributes by CSL variable, and back, for the keys of field-sources
# and variants, which name fields as the model does.
_CSL_NAME = {attr: name for name, attr in TYPED_STRINGS.items()} | {
    "issued": "issued",
    "source_fields": "source-fields",
}
_ATTRIBUTE = {name: attr for attr, name in _CSL_NAME.items()}


def _renamed(value: Any, names: Mapping[str, str]) -> Any:
    """A mapping with its keys renamed by ``names`` (others unchanged)."""
    if not isinstance(value, Mapping):
        return value
    return {names.get(key, key): item for key, item in value.items()}


def _put_custom(pub: Publication, item: dict[str, Any]) -> None:
    """Write pubkit's own facts into ``custom`` (and ``number`` for arXiv)."""
    custom = dict(item.get("custom") or {})
    for key in MERGE_KEYS:
        if key in item:
            custom[key] = _renamed(item.pop(key), _CSL_NAME)
    if pub.authors_incomplete:
        custom["authors-incomplete"] = True
    if pub.implied_authors:
        custom["implied-authors"] = [p.to_csl() for p in pub.implied_authors]
    if pub.arxiv:
        custom["arxiv"] = pub.arxiv
        if pub.type == "article" and "number" not in item:
            item["number"] = f"arXiv:{pub.arxiv}"
    carried = {
        name: text
        for name, text in sorted(pub.source_fields.items())
        if not name.startswith(_SOURCE_PREFIX)
    }
    if carried:
        custom["source-fields"] = carried
    if custom:
        item["custom"] = {name: custom[name] for name in sorted(custom)}


def write_csljson(pubs: Sequence[Publication], *, indent: int | None = 2) -> str:
    """Write publications as a CSL-JSON list.

    Records without an id get a generated cite key (see
    :func:`pubkit.keys.assign_keys`); every other id is written as it was read.

    Args:
        pubs: The publications, in output order.
        indent: Spaces per indentation level; None writes one line.

    Returns:
        The JSON text, ending with a newline.
    """
    if any(not pub.id for pub in pubs):
        keyed = assign_keys(pubs, keep_existing=True)
        pubs = [pub if pub.id else new for pub, new in zip(pubs, keyed, strict=True)]
    items = [to_csl_item(pub) for pub in pubs]
    return json.dumps(items, ensure_ascii=False, indent=indent) + "\n"


register(
    Format(
        name="csljson",
        suffixes=(".json", ".csl.json", ".csljson"),
        read=read,
        write=write_csljson,
        sniff=sniff,
        description="CSL-JSON (Zotero, Better CSL JSON, pandoc, Crossref)",
    )
)
