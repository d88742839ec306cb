"""CSL 1.0.2 variables, their pubkit attributes, and EDTF dates.

The tables say where each CSL-JSON key goes when read and comes from when
written; :func:`parse_edtf` reads the date strings Better CSL JSON writes.
"""

from __future__ import annotations

import re
from types import MappingProxyType

from pubkit.model import Date

__all__ = [
    "ALIASES",
    "CROSSREF_TYPES",
    "DATE_VARIABLES",
    "NAME_VARIABLES",
    "STANDARD_VARIABLES",
    "TYPED_NAMES",
    "TYPED_STRINGS",
    "parse_edtf",
]

#: CSL string and number variables that are Publication attributes.
TYPED_STRINGS = MappingProxyType(
    {
        "title": "title",
        "container-title": "container_title",
        "volume": "volume",
        "issue": "issue",
        "page": "page",
        "publisher": "publisher",
        "publisher-place": "publisher_place",
        "DOI": "doi",
        "URL": "url",
        "ISBN": "isbn",
        "ISSN": "issn",
        "PMID": "pmid",
        "abstract": "abstract",
        "note": "note",
        "language": "language",
    }
)

#: CSL name variables that are Publication attributes.
TYPED_NAMES = MappingProxyType({"author": "author", "editor": "editor"})

#: Every CSL 1.0.2 name variable.
NAME_VARIABLES = frozenset(
    """
    author chair collection-editor compiler composer container-author
    contributor curator director editor editorial-director editor-translator
    executive-producer guest host illustrator interviewer narrator organizer
    original-author performer producer recipient reviewed-author
    script-writer series-creator translator
    """.split()  # noqa: SIM905 - a table of words reads best as words
)

#: Every CSL 1.0.2 date variable.
DATE_VARIABLES = frozenset(
    "accessed available-date event-date issued original-date submitted".split()  # noqa: SIM905
)

#: Every CSL 1.0.2 string and number variable.
STANDARD_VARIABLES = frozenset(
    """
    abstract annote archive archive_collection archive_location archive-place
    authority call-number chapter-number citation-label citation-number
    collection-number collection-title container-title container-title-short
    dimensions division DOI edition event event-title event-place
    first-reference-note-number genre ISBN ISSN issue jurisdiction keyword
    language license locator medium note number number-of-pages
    number-of-volumes original-publisher original-publisher-place
    original-title page page-first part-number part-title PMCID PMID
    printing-number publisher publisher-place references reviewed-genre
    reviewed-title scale section source status supplement-number title
    title-short URL version volume volume-title volume-title-short year-suffix
    """.split()  # noqa: SIM905 - a table of words reads best as words
)

#: Keys older or looser writers use for CSL variables.
ALIASES = MappingProxyType(
    {
        "shortTitle": "title-short",
        "journalAbbreviation": "container-title-short",
        "doi": "DOI",
        "url": "URL",
        "isbn": "ISBN",
        "issn": "ISSN",
        "pmid": "PMID",
        "pmcid": "PMCID",
    }
)

#: Crossref's work types (in its citeproc-json output) → CSL item types.
CROSSREF_TYPES = MappingProxyType(
    {
        "journal-article": "article-journal",
        "proceedings-article": "paper-conference",
        "book-chapter": "chapter",
        "book-section": "chapter",
        "book-part": "chapter",
        "monograph": "book",
        "edited-book": "book",
        "reference-book": "book",
        "book-set": "book",
        "book-series": "book",
        "posted-content": "article",
        "dissertation": "thesis",
        "reference-entry": "entry",
        "report-series": "report",
        "peer-review": "review",
        "component": "document",
        "journal": "periodical",
        "journal-issue": "periodical",
        "proceedings": "book",
        "other": "document",
    }
)

_EDTF_HALF = re.compile(r"^(-?\d{1,4})(?:-(\d{2}|XX))?(?:-(\d{2}|XX))?$")


def parse_edtf(text: str) -> Date:
    """Read an EDTF date or range as Better CSL JSON writes it.

    ``"2020-05-17"``, ``"2019/2020"``, ``"2020~"`` (circa), ``"2011-05~/2012"``,
    ``"2017-24"`` (winter, EDTF seasons 21-24) and open ranges ``"2019/.."``
    are understood; anything else is parsed by :meth:`Date.parse`, which keeps
    text that is no date as a literal.

    >>> parse_edtf("2011-05-25~/2012-06-26~").iso()
    '2011-05-25/2012-06-26~'
    """
    raw = text.strip()
    circa = any(mark in raw for mark in "~?%")
    halves = [h for h in re.sub(r"[~?%]", "", raw).split("/") if h not in ("", "..")]
    parsed = [_edtf_half(h) for h in halves]
    if not 1 <= len(parsed) <= 2 or any(p is None for p in parsed):
        return Date.parse(raw)
    (start, season), *rest = [p for p in parsed if p is not None]
    end = rest[0][0] if rest else ()
    return Date(start, end if end != start else (), circa, season)


def _edtf_half(text: str) -> tuple[tuple[int, ...], int | None] | None:
    """The parts and season of one side of an EDTF range, or None."""
    match = _EDTF_HALF.match(text.strip())
    if not match:
        return None
    year, month, day = match.groups()
    parts = [int(year)]
    season = None
    if month and month != "XX":
        number = int(month)
        if 21 <= number <= 24:
            return (int(year),), number - 20
        if not 1 <= number <= 12:
            return None
        parts.append(number)
        if day and day != "XX":
            if not 1 <= int(day) <= 31:
                return None
            parts.append(int(day))
    return tuple(parts), season
