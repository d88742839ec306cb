"""RIS, the tagged format of EndNote, Zotero, PubMed, Scopus and Embase.

Parsing and formatting lines is rispy's work; this module splits a file into
records (so that one broken record costs only itself and every record knows
its line), and maps tags to the model through the tables in
:mod:`pubkit.formats.ris_tags`.

Names written "Family, Given" are split; a name without a comma is kept whole
as a literal, since RIS writers use that form for organisations. Tags with no
place in the model are kept verbatim in ``source_fields`` under
``"ris:<TAG>"`` and written back by :func:`write_ris`.

RIS has no way to say that a name list is partial, nor that some authors
(a profile page's owner) have no known position. The writer lists implied
authors after the listed ones, as the BibTeX writer does, and states the
fact in an N1 note of its own, such as ``pubkit: author list incomplete;
listed last, position unknown: Lajoie, Guillaume``; other tools show it as a
note, and the reader takes it back as ``authors_incomplete`` and
``implied_authors``. A list with implied authors always reads back as
incomplete.

RIS has no type for a CSL ``article`` (a preprint); it is written as GEN,
which reads back as ``document``. RIS values are single lines, so paragraph
breaks inside an abstract or note are written as spaces.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any, ClassVar

import rispy

from pubkit.errors import Problem
from pubkit.formats import Format, ReadResult, register
from pubkit.formats.ris_tags import (
    CONTAINER_TAGS,
    CSL_TYPE_FOR_RIS,
    EXTRA_TAGS,
    NAME_TAGS,
    RIS_TYPE_FOR_CSL,
    STRING_TAGS,
)
from pubkit.model import Date, Person, Provenance, Publication
from pubkit.text.names import parse_plain_name

__all__ = ["read", "sniff", "write_ris"]

logger = logging.getLogger(__name__)

_TAG_LINE = re.compile(r"^(?P<tag>[A-Z][A-Z0-9])  -(?: (?P<value>.*)|\s*)$")
_COUNTER = re.compile(r"^\s*\d+\.\s*$")
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_ISSN = re.compile(r"^\d{4}-?\d{3}[\dXx]\b")
_SOURCE_PREFIX = "ris:"
_ONE_PER_LINE = frozenset({"KW", "N1"})
# The note in which the writer records what RIS names cannot say.
_LIST_MARK = "pubkit: {} list incomplete"
_IMPLIED_LEAD = "; listed last, position unknown: "
_IMPLIED_SEPARATOR = "; "
_MARK_LINE = re.compile(
    r"^pubkit: (?P<role>author|editor) list incomplete"
    r"(?:; listed last, position unknown: (?P<names>.+))?$"
)

# The tag written for each CSL variable of EXTRA_TAGS: the first one listed.
_TAG_FOR_EXTRA = {v: t for t, v in reversed(list(EXTRA_TAGS.items()))}


def sniff(text: str) -> int:
    """How likely ``text`` is RIS, from 0 to 100."""
    head = text[:5000]
    if re.search(r"(?m)^TY  - ", head) and re.search(r"(?m)^ER  -", text):
        return 95
    return 40 if re.search(r"(?m)^TY  - ", head) else 0


def read(text: str, source: str) -> ReadResult:
    """Read RIS text into publications and problems."""
    records: list[Publication] = []
    problems: list[Problem] = []
    for line, chunk in _records(text.split("\n"), source, problems):
        try:
            entries = rispy.loads(chunk, **_parser_options(chunk))
        except Exception as exc:  # rispy raises assorted errors on bad input
            reason = f"RIS record could not be parsed: {exc}"
            problems.append(Problem(source, line, reason, raw=chunk))
            continue
        for entry in entries:
            values = {tag.upper(): _values(tag.upper(), v) for tag, v in entry.items()}
            index = len(records)
            records.append(_publication(values, source, line, index, problems))
    logger.debug("ris %s: %d records", source, len(records))
    return records, problems


def _records(
    lines: Sequence[str], source: str, problems: list[Problem]
) -> Iterator[tuple[int, str]]:
    """Each record's first line number and text, from TY to ER."""
    start: int | None = None
    body: list[str] = []
    for number, line in enumerate(lines, start=1):
        match = _TAG_LINE.match(line)
        tag = match["tag"] if match else None
        if tag == "TY":
            if start is not None:
                _unterminated(source, start, body, problems)
                yield start, "\n".join([*body, "ER  - "])
            start, body = number, [line]
        elif start is not None:
            body.append(line)
            if tag == "ER":
                yield start, "\n".join(body)
                start, body = None, []
        elif line.strip() and not _COUNTER.match(line):
            reason = "text outside any RIS record (no TY line before it)"
            problems.append(Problem(source, number, reason, raw=line))
    if start is not None:
        _unterminated(source, start, body, problems)
        yield start, "\n".join([*body, "ER  - "])


def _unterminated(
    source: str, start: int, body: list[str], problems: list[Problem]
) -> None:
    reason = "record has no ER line; read up to the next record"
    problems.append(
        Problem(source, start, reason, raw="\n".join(body), kind="unterminated")
    )


def _parser_options(chunk: str) -> dict[str, Any]:
    """Options for rispy that keep every tag, by its own name, as a list."""
    tags = {m["tag"] for m in map(_TAG_LINE.match, chunk.split("\n")) if m}
    tags |= {"TY", "ER"}
    mapping = {tag: tag.lower() for tag in tags}
    return {
        "mapping": mapping,
        "list_tags": sorted(tags - {"TY", "ER"}),
        "skip_unknown_tags": True,
    }


def _values(tag: str, value: Any) -> list[str]:
    """A rispy value as a list of non-empty strings, whitespace collapsed.

    Continuation lines are one value wrapped over lines, so their line breaks
    become spaces, except in KW and N1 where each line is a keyword or note.
    """
    values = value if isinstance(value, list) else [value]
    if tag in _ONE_PER_LINE:
        values = [line for v in values for line in str(v).split("\n")]
    texts = (" ".join(str(v).split()) for v in values)
    return [text for text in texts if text]


def _publication(
    values: dict[str, list[str]],
    source: str,
    line: int,
    index: int,
    problems: list[Problem],
) -> Publication:
    """Build one publication from a record's tag values."""
    fields: dict[str, Any] = {"type": _csl_type(values, source, line, problems)}
    extra: dict[str, Any] = {}
    _take_list_marks(values, fields)
    for tag, variable in NAME_TAGS.items():
        people = tuple(_person(v) for v in values.pop(tag, []))
        _add_names(fields, extra, variable, people)
    for tag, attribute in STRING_TAGS.items():
        _take_first(values, tag, fields, attribute)
    for tag in CONTAINER_TAGS:
        _take_first(values, tag, fields, "container_title")
    for tag, variable in EXTRA_TAGS.items():
        _take_first(values, tag, extra, variable)

    _take_dates(values, fields, extra)
    _take_pages(values, fields)
    _take_numbers(values, fields)
    fields["keywords"] = tuple(values.pop("KW", []))
    fields["note"] = "\n".join(values.pop("N1", []))
    fields["doi"] = _DOI_PREFIX.sub("", fields.get("doi", ""))
    return Publication(
        **fields,
        extra=extra,
        source_fields={_SOURCE_PREFIX + t: "\n".join(v) for t, v in values.items()},
        provenance=(Provenance(source, "ris", line, index, fields.get("id") or None),),
    )


def _csl_type(
    values: dict[str, list[str]], source: str, line: int, problems: list[Problem]
) -> str:
    """The CSL type of a record's TY; an unknown TY is reported and kept."""
    ris_type = (values.get("TY") or [""])[0].upper()
    if ris_type in CSL_TYPE_FOR_RIS:
        del values["TY"]
        return CSL_TYPE_FOR_RIS[ris_type]
    reason = f"unknown RIS type {ris_type!r}; read as 'document'"
    problems.append(Problem(source, line, reason, raw=ris_type, kind="unknown-type"))
    return "document"


def _person(text: str) -> Person:
    """A RIS name: "Family, Given" is split, anything else kept whole."""
    return parse_plain_name(text) if "," in text else Person(literal=text)


def _add_names(
    fields: dict[str, Any],
    extra: dict[str, Any],
    variable: str,
    people: tuple[Person, ...],
) -> None:
    """Append people to the name variable they belong to."""
    if not people:
        return
    if variable in ("author", "editor"):
        fields[variable] = fields.get(variable, ()) + people
    else:
        contributors = fields.setdefault("contributors", {})
        contributors[variable] = contributors.get(variable, ()) + people


def _take_list_marks(values: dict[str, list[str]], fields: dict[str, Any]) -> None:
    """Read the writer's incomplete-list notes back into the fields they state.

    The implied authors the note names are taken off the end of the AU lines,
    where the writer put them. A name that itself contains "; " is split
    there into two names.
    """
    notes: list[str] = []
    for text in values.pop("N1", []):
        match = _MARK_LINE.match(text)
        if match is None:
            notes.append(text)
            continue
        fields[f"{match['role']}s_incomplete"] = True
        if match["role"] == "author" and match["names"]:
            implied = match["names"].split(_IMPLIED_SEPARATOR)
            fields["implied_authors"] = tuple(_person(name) for name in implied)
            if "AU" in values:
                values["AU"] = _without_implied(values["AU"], implied)
    if notes:
        values["N1"] = notes


def _without_implied(listed: list[str], implied: list[str]) -> list[str]:
    """The AU names without the implied authors the writer appended to them.

    The writer appends each implied author not already listed, so the longest
    tail that is exactly those is taken off. An implied author who is also
    listed last cannot be told from one appended there, and is taken off too.
    """
    for size in range(min(len(implied), len(listed)), 0, -1):
        head = listed[:-size]
        taken = {name.casefold() for name in head}
        appended = [name for name in implied if name.casefold() not in taken]
        if listed[-size:] == appended:
            return head
    return listed


def _take_first(
    values: dict[str, list[str]], tag: str, target: dict[str, Any], name: str
) -> None:
    """Fill ``target[name]`` from ``tag`` unless already filled.

    A value that differs from what is already there stays in ``values`` (and so
    in ``source_fields``); its first value is taken otherwise, the rest kept.
    """
    found = values.get(tag)
    if not found:
        values.pop(tag, None)
        return
    if target.get(name) and target[name] != found[0]:
        return
    target[name] = found[0]
    rest = found[1:]
    if rest:
        values[tag] = rest
    else:
        del values[tag]


def _ris_date(text: str) -> Date | None:
    """A RIS date (``2020``, ``2019//``, ``2014/05/12/Spring``), or None.

    The specification asks for four digits, but a work of antiquity has a
    shorter year (``150``), which is read as such.
    """
    match = re.match(
        r"^(\d{1,4})(?=$|[/-])(?:[/-](\d{1,2})?(?:[/-](\d{1,2})?)?)?", text.strip()
    )
    if not match:
        return None
    parts = tuple(int(g) for g in match.groups() if g)
    try:
        return Date(parts)
    except ValueError:
        return Date((parts[0],))


def _first_date(
    values: dict[str, list[str]], tags: tuple[str, ...]
) -> tuple[str, Date] | None:
    """The first tag among ``tags`` whose first value is a date, with the date."""
    for tag in tags:
        date = _ris_date(values[tag][0]) if values.get(tag) else None
        if date is not None:
            return tag, date
    return None


def _consume(values: dict[str, list[str]], tag: str) -> None:
    """Remove the first value of ``tag``, and the tag once it has none left."""
    values[tag] = values[tag][1:]
    if not values[tag]:
        del values[tag]


def _take_dates(
    values: dict[str, list[str]], fields: dict[str, Any], extra: dict[str, Any]
) -> None:
    """Issued from PY/Y1, refined by DA of the same year; Y2 is the access date.

    A DA of another year than PY is not the publication date and is kept.
    """
    year = _first_date(values, ("PY", "Y1"))
    full = _first_date(values, ("DA",))
    chosen = year
    if full and (year is None or full[1].year == year[1].year):
        _consume(values, "DA")
        if year is None or len(full[1].parts) >= len(year[1].parts):
            chosen = full
    if year is not None:
        _consume(values, year[0])
    if chosen is not None:
        fields["issued"] = chosen[1]

    accessed = _first_date(values, ("Y2",))
    if accessed is not None:
        extra["accessed"] = accessed[1]
        _consume(values, "Y2")


def _take_pages(values: dict[str, list[str]], fields: dict[str, Any]) -> None:
    """Join SP and EP into a CSL page range."""
    start = next(iter(values.pop("SP", [])), "")
    end = next(iter(values.pop("EP", [])), "")
    page = f"{start}-{end}" if start and end else start or end
    first, dash, last = page.partition("-")
    fields["page"] = first if dash and first == last else page


def _take_numbers(values: dict[str, list[str]], fields: dict[str, Any]) -> None:
    """Sort SN values into ISSNs and ISBNs, dropping repeats."""
    issn: list[str] = []
    isbn: list[str] = []
    for value in values.pop("SN", []):
        target = issn if _ISSN.match(value) else isbn
        if value not in target:
            target.append(value)
    fields["issn"] = ", ".join(issn)
    fields["isbn"] = ", ".join(isbn)


class _Writer(rispy.RisWriter):  # type: ignore[misc]
    """rispy's writer, without record counters, keyed by tag."""

    REFERENCE_TYPE_KEY: ClassVar[str] = "ty"

    def set_header(self, count: int) -> str:
        return ""


def _entry(pub: Publication) -> dict[str, Any]:
    """The RIS tags of a publication, in a fixed order, as rispy entries."""
    tags: dict[str, list[str]] = {}

    def put(tag: str, *texts: str) -> None:
        lines = [" ".join(t.split()) for t in texts if t and t.strip()]
        if lines:
            tags.setdefault(tag, []).extend(lines)

    # Identity and people.
    put("ID", pub.id)
    put("TI", pub.title)
    put("AU", *(_name(p) for p in pub.all_authors))
    put("A2", *(_name(p) for p in pub.editor))
    for tag, variable in NAME_TAGS.items():
        if variable in pub.contributors and tag in ("A3", "A4"):
            put(tag, *(_name(p) for p in pub.contributors[variable]))

    # Where and when it appeared.
    put("T2", pub.container_title)
    for variable, tag in _TAG_FOR_EXTRA.items():
        if isinstance(pub.extra.get(variable), str):
            put(tag, pub.extra[variable])
    _put_dates(pub, put)
    put("VL", pub.volume)
    put("IS", pub.issue)
    start, _, end = pub.page.replace("–", "-").partition("-")
    put("SP", start)
    put("EP", end)
    put("PB", pub.publisher)
    put("CY", pub.publisher_place)

    # Identifiers and text.
    put("SN", *pub.issn.split(", "), *pub.isbn.split(", "))
    put("DO", pub.doi)
    put("UR", pub.url)
    put("AB", pub.abstract)
    put("KW", *pub.keywords)
    put("N1", *pub.note.split("\n"), *_list_marks(pub))
    put("LA", pub.language)

    # Tags kept verbatim from a RIS source.
    for name in sorted(pub.source_fields):
        tag = name[len(_SOURCE_PREFIX) :]
        if name.startswith(_SOURCE_PREFIX) and tag != "TY":
            put(tag, *pub.source_fields[name].split("\n"))

    # A type RIS readers did not know is written back as it was read.
    ris_type = pub.source_fields.get(_SOURCE_PREFIX + "TY")
    entry: dict[str, Any] = {"ty": ris_type or RIS_TYPE_FOR_CSL.get(pub.type, "GEN")}
    entry.update((tag.lower(), value) for tag, value in tags.items())
    return entry


def _list_marks(pub: Publication) -> list[str]:
    """The notes that say a name list is partial and who is listed last for it.

    Implied authors make the author list incomplete: their place in it is
    not known, so the order written is not the real one.
    """
    marks: list[str] = []
    if pub.authors_incomplete or pub.implied_authors:
        mark = _LIST_MARK.format("author")
        if pub.implied_authors:
            names = _IMPLIED_SEPARATOR.join(_name(p) for p in pub.implied_authors)
            mark += _IMPLIED_LEAD + names
        marks.append(mark)
    if pub.editors_incomplete:
        marks.append(_LIST_MARK.format("editor"))
    return marks


def _put_dates(pub: Publication, put: Callable[..., None]) -> None:
    """Write the year as PY, a fuller date as DA, and the access date as Y2."""
    if pub.issued is not None and pub.issued.year is not None:
        put("PY", str(pub.issued.year))
        if len(pub.issued.parts) > 1:
            put("DA", _ris_date_text(pub.issued))
    accessed = pub.extra.get("accessed")
    if isinstance(accessed, Date) and accessed.parts:
        put("Y2", _ris_date_text(accessed))


def _ris_date_text(date: Date) -> str:
    """``2014/05/12/`` style text of a date."""
    fields = [f"{date.parts[0]:04d}"] + [f"{p:02d}" for p in date.parts[1:]]
    return "/".join(fields + [""] * (3 - len(fields))) + "/"


def _name(person: Person) -> str:
    """A person as RIS writes names: "Family, Given[, Suffix]"."""
    return person.literal or person.sort_name()


def write_ris(pubs: Sequence[Publication]) -> str:
    """Write publications as RIS text, one record per publication.

    Args:
        pubs: The publications, in output order.

    Returns:
        The RIS text, records separated by a blank line.
    """
    entries = [_entry(pub) for pub in pubs]
    tags = sorted({key.upper() for entry in entries for key in entry} | {"TY", "ER"})
    writer = _Writer(
        mapping={tag: tag.lower() for tag in tags},
        list_tags=[tag for tag in tags if tag not in ("TY", "ER")],
    )
    text: str = writer.formats(entries)
    return text


register(
    Format(
        name="ris",
        suffixes=(".ris",),
        read=read,
        write=write_ris,
        sniff=sniff,
        description="RIS (EndNote, Zotero, PubMed, Scopus, Embase)",
    )
)
