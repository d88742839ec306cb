"""One resolved BibTeX/BibLaTeX entry → one :class:`pubkit.Publication`.

The tables in :mod:`pubkit.formats.bibtex.mapping` say where most fields go;
the handlers here cover the fields whose meaning depends on the entry (a
``number`` is an issue in an article and a report number elsewhere) or that
need parsing (names, dates, keywords, identifiers). Text fields are decoded
from LaTeX; verbatim fields (URL, DOI, eprint, file...) are kept as written.
Fields with no CSL meaning are kept verbatim in ``source_fields``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pubkit.formats.bibtex.mapping import (
    DATE_VARIABLES,
    ENTRY_TYPE_KEY,
    MACRO_KEY,
    MONTH_MACRO_TEXT,
    NAME_FIELDS,
    PROTECTED_KEY,
    PUBLICATION_ATTRIBUTES,
    RAW_KEY,
    SIMPLE_FIELDS,
    THESIS_GENRES,
    TITLE_FIELDS,
    VERBATIM_FIELDS,
    keeps_entry_type,
    nearest_csl_type,
)
from pubkit.model import Date, Person, Provenance, Publication
from pubkit.text.latex import (
    has_markup,
    is_typesettable,
    latex_to_unicode,
    protected_words,
)
from pubkit.text.names import bibtex_name_to_person, split_names

if TYPE_CHECKING:
    from pubkit.formats.bibtex.reader import RawEntry

__all__ = ["entry_to_publication", "month_number", "normalize_doi"]

_ISSUE_TYPES = frozenset(
    {"article-journal", "article-magazine", "article-newspaper", "periodical"}
)
_PUBLISHER_TYPES = frozenset({"thesis", "report"})
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_ARXIV_ID = re.compile(r"^(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?$")
_PAGE_DASH = re.compile(r"\s*[-‐‑–—]+\s*")
_KEYWORD_SPLIT = re.compile(r"\s*[,;]\s*")
_YEAR = re.compile(r"^-?\d{1,4}$")

# Month names and abbreviations → number, for months written as text.
_MONTH_WORDS = {
    **{
        name.lower(): number for number, name in enumerate(MONTH_MACRO_TEXT.values(), 1)
    },
    **{abbr: number for number, abbr in enumerate(MONTH_MACRO_TEXT, 1)},
    "sept": 9,
}


@dataclass
class _Draft:
    """The publication being built, as plain mutable parts."""

    csl_type: str
    entry_type: str
    attrs: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    source_fields: dict[str, str] = field(default_factory=dict)
    contributors: dict[str, tuple[Person, ...]] = field(default_factory=dict)

    def put(self, attr: str, value: Any, raw_name: str, raw: str) -> None:
        """Set ``attr`` unless already set; else keep the field verbatim."""
        if attr in self.attrs:
            self.source_fields.setdefault(raw_name, raw)
        else:
            self.attrs[attr] = value

    def put_csl(self, variable: str, value: Any, raw_name: str, raw: str) -> None:
        """Set a CSL variable: an attribute where the model has one."""
        attr = PUBLICATION_ATTRIBUTES.get(variable)
        if attr is not None:
            self.put(attr, value, raw_name, raw)
        elif variable in self.extra:
            self.source_fields.setdefault(raw_name, raw)
        else:
            self.extra[variable] = value


def normalize_doi(text: str) -> str:
    """A DOI without resolver prefix or ``doi:`` label, whitespace removed."""
    return _DOI_PREFIX.sub("", "".join(text.split()))


def month_number(text: str) -> int | None:
    """The month a BibTeX month value names (``4``, ``apr``, ``April.``), or None."""
    word = text.strip().rstrip(".").lower()
    if word.isdigit():
        number = int(word)
        return number if 1 <= number <= 12 else None
    return _MONTH_WORDS.get(word)


def entry_to_publication(
    entry: RawEntry, fields: dict[str, str], source: str, format: str
) -> Publication:
    """Map one entry's resolved fields to a publication.

    Args:
        entry: The entry as read (key, type, line, position).
        fields: Its resolved fields, crossref inheritance applied.
        source: The input's name, for provenance.
        format: The format name, for provenance.

    Returns:
        The publication.

    Raises:
        ValueError: The fields cannot form a valid publication.
    """
    csl_type = nearest_csl_type(entry.entry_type)
    draft = _Draft(csl_type, entry.entry_type)
    if keeps_entry_type(format, entry.entry_type):
        # A type the writer would not choose itself is kept to be written again.
        draft.source_fields[ENTRY_TYPE_KEY.format(format)] = entry.entry_type
    for name, value in fields.items():
        _HANDLERS.get(name, _simple)(draft, name, value)
    for name, expression in entry.expressions.items():
        draft.source_fields[MACRO_KEY.format(name)] = expression

    _finish_title(draft, fields)
    _keep_protection(draft, fields)
    _keep_raw(draft, fields)
    _finish_date(draft, fields)
    _finish_arxiv(draft, fields)
    genre = THESIS_GENRES.get(entry.entry_type)
    if genre:
        draft.extra.setdefault("genre", genre)
    provenance = Provenance(source, format, entry.line, entry.index, entry.key)
    return Publication(
        type=csl_type,
        id=entry.key,
        extra=draft.extra,
        source_fields=draft.source_fields,
        contributors=draft.contributors,
        provenance=(provenance,),
        **draft.attrs,
    )


def _text(name: str, value: str) -> str:
    return value if name in VERBATIM_FIELDS else latex_to_unicode(value)


def _simple(draft: _Draft, name: str, value: str) -> None:
    variable = SIMPLE_FIELDS.get(name)
    if variable is None:
        draft.source_fields.setdefault(name, value)
    elif variable in DATE_VARIABLES:
        draft.put_csl(variable, Date.parse(value), name, value)
    elif variable == "genre":
        text = _text(name, value)
        draft.put_csl(variable, THESIS_GENRES.get(text.lower(), text), name, value)
    else:
        draft.put_csl(variable, _text(name, value), name, value)


def _names(draft: _Draft, name: str, value: str) -> None:
    """A name list; ``and others`` marks an author or editor list incomplete.

    The model has no such mark for the other name lists (``translator``...),
    so there ``and others`` is not kept.
    """
    raw_names, et_al = split_names(value)
    people = tuple(map(bibtex_name_to_person, raw_names))
    variable = NAME_FIELDS[name]
    if variable in ("author", "editor"):
        draft.put(variable, people, name, value)
        if et_al:
            draft.attrs[f"{variable}s_incomplete"] = True
    else:
        draft.contributors.setdefault(variable, people)


def _container(draft: _Draft, name: str, value: str) -> None:
    draft.put("container_title", latex_to_unicode(value), name, value)


def _number(draft: _Draft, name: str, value: str) -> None:
    text = latex_to_unicode(value)
    if draft.csl_type in _ISSUE_TYPES:
        draft.put("issue", text, name, value)
    else:
        draft.put_csl("number", text, name, value)


def _issue(draft: _Draft, name: str, value: str) -> None:
    draft.put("issue", latex_to_unicode(value), name, value)


def _institution(draft: _Draft, name: str, value: str) -> None:
    if name == "organization" and draft.csl_type not in _PUBLISHER_TYPES:
        draft.source_fields.setdefault(name, value)
    else:
        draft.put("publisher", latex_to_unicode(value), name, value)


def _pages(draft: _Draft, name: str, value: str) -> None:
    draft.put("page", _PAGE_DASH.sub("-", latex_to_unicode(value)), name, value)


def _keywords(draft: _Draft, name: str, value: str) -> None:
    words = [latex_to_unicode(w) for w in _KEYWORD_SPLIT.split(value)]
    draft.put("keywords", tuple(w for w in words if w), name, value)


def _doi(draft: _Draft, name: str, value: str) -> None:
    draft.put("doi", normalize_doi(value), name, value)


def _later(draft: _Draft, name: str, value: str) -> None:
    """Fields read by a finishing step after all others."""


_HANDLERS: dict[str, Callable[[_Draft, str, str], None]] = {
    **dict.fromkeys(NAME_FIELDS, _names),
    "journal": _container,
    "journaltitle": _container,
    "booktitle": _container,
    "number": _number,
    "issue": _issue,
    "school": _institution,
    "institution": _institution,
    "organization": _institution,
    "pages": _pages,
    "keywords": _keywords,
    "doi": _doi,
    **dict.fromkeys(("title", "subtitle", "titleaddon"), _later),
    **dict.fromkeys(("year", "month", "date"), _later),
    **dict.fromkeys(("eprint", "eprinttype", "archiveprefix"), _later),
}


def _finish_title(draft: _Draft, fields: dict[str, str]) -> None:
    """Title with BibLaTeX's subtitle and title addition joined on."""
    parts = [latex_to_unicode(fields[n]) for n in ("title", "subtitle") if n in fields]
    title = ": ".join(p for p in parts if p)
    addon = latex_to_unicode(fields["titleaddon"]) if "titleaddon" in fields else ""
    if title or addon:
        draft.attrs["title"] = (
            f"{title}. {addon}" if title and addon else title or addon
        )


def _keep_protection(draft: _Draft, fields: dict[str, str]) -> None:
    """Keep the words each title field protects with braces, for the writer."""
    for name in TITLE_FIELDS.intersection(fields):
        if "{" in fields[name]:
            words = protected_words(fields[name])
            if words:
                draft.source_fields[PROTECTED_KEY.format(name)] = " ".join(words)


#: Fields whose raw text is not kept under ``RAW_KEY``: names are split,
#: dates, pages and identifiers parsed, and verbatim fields never decoded.
_NOT_KEPT_RAW = frozenset(
    {*NAME_FIELDS, *VERBATIM_FIELDS, "year", "month", "date", "urldate"}
    | {"origdate", "eventdate", "pages", "keywords", "doi", "eprint"}
    | {"eprinttype", "archiveprefix", "crossref", "xref"}
)


def _keep_raw(draft: _Draft, fields: dict[str, str]) -> None:
    r"""Keep the LaTeX of each decoded field that decoding changed.

    A value LaTeX would reject as it is (a bare "&" beside math) is not kept,
    and is written from its decoded text, where math that has no Unicode
    form is plain text: ``$x^2$`` comes out as ``x{\textasciicircum}2``.
    """
    for name, value in fields.items():
        if name in _NOT_KEPT_RAW or name in draft.source_fields:
            continue
        # Raw text LaTeX would reject is not worth writing again.
        changed = has_markup(value) and latex_to_unicode(value) != value
        if changed and is_typesettable(value):
            draft.source_fields[RAW_KEY.format(name)] = value


def _finish_date(draft: _Draft, fields: dict[str, str]) -> None:
    """Issued date from BibLaTeX ``date``, else from ``year`` and ``month``.

    When ``date`` is given, ``year`` and ``month`` that agree with it are
    redundant; ones that disagree are kept verbatim in ``source_fields``.
    """
    year = fields.get("year", "")
    month = fields.get("month", "")
    from_year = _year_month_date(draft, year, month)
    if "date" not in fields:
        if from_year is not None:
            draft.attrs["issued"] = from_year
        return

    issued = Date.parse(fields["date"])
    draft.attrs["issued"] = issued
    if from_year is None:
        return
    agrees = issued.parts[: len(from_year.parts)] == from_year.parts
    if not agrees:
        for name, value in (("year", year), ("month", month)):
            if value:
                draft.source_fields.setdefault(name, value)


def _year_month_date(draft: _Draft, year: str, month: str) -> Date | None:
    """The date ``year`` and ``month`` give; a month that is no month is kept."""
    number = month_number(month) if month else None
    if month and (number is None or not year):
        draft.source_fields.setdefault("month", month)
    if not year:
        return None
    if _YEAR.match(year):
        return Date((int(year), number) if number else (int(year),))
    return Date.parse(latex_to_unicode(year))


_ARXIV_VENUE = re.compile(
    r"(?i)\s*arxiv(?:\s+preprint)?\s*(?:arxiv)?\s*:?\s*(\d{4}\.\d{4,5}(?:v\d+)?)\s*$"
)


def _finish_arxiv(draft: _Draft, fields: dict[str, str]) -> None:
    """The arXiv identifier from ``eprint``, when its type says so or it looks so."""
    eprint = fields.get("eprint", "").strip()
    kind = (fields.get("eprinttype") or fields.get("archiveprefix") or "").lower()
    identifier = re.sub(r"(?i)^arxiv:\s*", "", eprint)
    if eprint and (kind == "arxiv" or (not kind and _ARXIV_ID.match(identifier))):
        draft.attrs["arxiv"] = identifier
        return
    # Google Scholar names a preprint only in its venue: "arXiv preprint
    # arXiv:2410.14817"; the venue is kept as written.
    venue = _ARXIV_VENUE.match(
        fields.get("journal", "") or fields.get("journaltitle", "")
    )
    if venue and not eprint:
        draft.attrs["arxiv"] = venue.group(1)
    for name in ("eprint", "eprinttype", "archiveprefix"):
        if name in fields:
            draft.source_fields.setdefault(name, fields[name])
