"""Writing publications as BibTeX or BibLaTeX.

Both writers share one path: each record gets a unique cite key
(:func:`pubkit.keys.assign_keys`), an entry type and its fields from the tables
in :mod:`pubkit.formats.bibtex.mapping`, and the fields are written in a fixed
order so the same records always give the same bytes:

* the fields of :data:`FIELD_ORDER`, in that order, then any other field the
  model maps to, alphabetically;
* then the record's ``source_fields`` (fields of the source file with no CSL
  meaning), alphabetically and verbatim.

Fields are written ``  name = {value}`` (a month as a bare macro, ``jan``),
with one blank line between entries and a final newline. Output is UTF-8, or
pure ASCII with LaTeX escapes when ``ascii=True``. URLs, DOIs and the other
``mapping.VERBATIM_FIELDS`` are written as they are; other values have LaTeX
specials escaped, and titles their acronyms and proper nouns braced.

Given a :class:`pubkit.Library` read from BibTeX, the writers open with its
``@preamble`` blocks, which define commands the values may use. An entry type
kept from a source of the same dialect is written again (see
``mapping.keeps_entry_type``).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pubkit import formats
from pubkit.formats.bibtex.mapping import (
    BIBLATEX_TYPE_FOR_CSL,
    BIBTEX_TYPE_FOR_CSL,
    DIALECT_TYPES,
    ENTRY_TYPE_KEY,
    MACRO_KEY,
    MONTH_MACRO_TEXT,
    PROTECTED_KEY,
    PUBLICATION_ATTRIBUTES,
    RAW_KEY,
    SIMPLE_FIELDS,
    THESIS_GENRES,
    TITLE_FIELDS,
    nearest_csl_type,
)
from pubkit.formats.bibtex.rendering import name_fields, render_value, source_value
from pubkit.formats.bibtex.values import ValueSyntaxError, resolve_value
from pubkit.keys import DEFAULT_PATTERN, assign_keys
from pubkit.model import Date, Publication
from pubkit.text import rich_text
from pubkit.text.latex import latex_to_unicode
from pubkit.text.tex_escape import braces_nest, encode_non_ascii

__all__ = ["FIELD_ORDER", "TITLE_FIELDS", "write_biblatex", "write_bibtex"]

logger = logging.getLogger(__name__)

#: Fields in the order they are written; fields not listed follow, sorted.
FIELD_ORDER = (
    *("author", "editor", "translator", "bookauthor", "title", "shorttitle"),
    *("booktitle", "maintitle", "journal", "journaltitle", "shortjournal"),
    *("eventtitle", "series", "edition", "volume", "number", "issue", "pages"),
    *("chapter", "type", "school", "institution", "publisher", "address"),
    *("location", "howpublished", "year", "month", "date", "eprint"),
    *("archiveprefix", "eprinttype", "doi", "isbn", "issn", "pmid", "url"),
    *("urldate", "keywords", "language", "abstract", "note"),
)

_MASTERS = re.compile(r"(?i)master|\bm\.?\s?(?:a|sc|s|phil|eng)\b|diplom|magist")


@dataclass(frozen=True)
class _Dialect:
    """What differs between BibTeX and BibLaTeX output."""

    name: str
    types: Mapping[str, str]
    journal: str
    fields: Mapping[str, str]
    arxiv_field: tuple[str, str]
    degree: str


def _csl_to_field(preferred: Mapping[str, str]) -> dict[str, str]:
    """CSL variable → field, the inverse of SIMPLE_FIELDS, first name winning."""
    inverse: dict[str, str] = {}
    for name, variable in SIMPLE_FIELDS.items():
        inverse.setdefault(variable, name)
    return {**inverse, **preferred, "number": "number"}


_BIBTEX = _Dialect(
    name="bibtex",
    types=BIBTEX_TYPE_FOR_CSL,
    journal="journal",
    fields=_csl_to_field({"volume-title": "maintitle", "medium": "howpublished"}),
    arxiv_field=("archiveprefix", "arXiv"),
    degree="school",
)
_BIBLATEX = _Dialect(
    name="biblatex",
    types=BIBLATEX_TYPE_FOR_CSL,
    journal="journaltitle",
    fields=_csl_to_field(
        {"publisher-place": "location", "annote": "annotation"}
        | {"volume-title": "maintitle", "medium": "howpublished"}
    ),
    arxiv_field=("eprinttype", "arxiv"),
    degree="institution",
)

#: Entry types whose publisher is named by another field ("" = the dialect's).
_DEGREE_PUBLISHER = {
    **dict.fromkeys(("phdthesis", "mastersthesis", "thesis"), ""),
    **dict.fromkeys(("techreport", "report"), "institution"),
    "manual": "organization",
}

#: CSL types whose BibTeX ``number`` is their issue.
_ISSUE_TYPES = frozenset(
    {"article-journal", "article-magazine", "article-newspaper", "periodical"}
)

#: CSL types whose container is a journal, a website or another serial.
_SERIAL_TYPES = frozenset(
    {"periodical", "webpage", "post", "post-weblog", "article", "review"}
)


def _entry_type(pub: Publication, dialect: _Dialect) -> str:
    """The entry type for ``pub``: the mapped one, a thesis kind, or misc.

    A type kept from a source of the same dialect (see
    ``mapping.keeps_entry_type``), or of the other one when this dialect defines
    it too (``mapping.DIALECT_TYPES``), is written again while it still reads
    as the record's CSL type.
    """
    for name in (dialect.name, *(d for d in DIALECT_TYPES if d != dialect.name)):
        kept = pub.source_fields.get(ENTRY_TYPE_KEY.format(name), "")
        known = name == dialect.name or kept.lower() in DIALECT_TYPES[dialect.name]
        if kept and known and nearest_csl_type(kept) == pub.type:
            return kept
    entry = dialect.types.get(pub.type, "misc")
    if entry == "phdthesis" and _MASTERS.search(str(pub.extra.get("genre", ""))):
        return "mastersthesis"
    return entry


def _thesis_genre(genre: str) -> str:
    """BibLaTeX's ``type`` for a thesis: its localisation key where known."""
    return _THESIS_KEYS.get(genre, genre)


#: Thesis genres → BibLaTeX's localisation keys (``mathesis``, ``phdthesis``).
_THESIS_KEYS = {"PhD thesis": "phdthesis", "Master's thesis": "mathesis"}


def _plain(value: Any) -> str:
    """A model value as text: dates in ISO form, lists joined."""
    if isinstance(value, Date):
        return value.iso()
    if isinstance(value, Mapping):
        try:
            return Date.from_csl(value).iso()
        except ValueError:
            return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(_plain(v) for v in value)
    return "" if value is None else str(value)


def _date_fields(date: Date | None, biblatex: bool) -> dict[str, str]:
    """``year``/``month`` (and ``date`` when more is known), or ``date``."""
    if date is None:
        return {}
    if not date.parts:
        return {"year": date.literal}
    if biblatex:
        return {"date": date.iso()}
    fields = {"year": str(date.parts[0])}
    if date.month:
        fields["month"] = list(MONTH_MACRO_TEXT)[date.month - 1]
    if date.day or date.end or date.circa:
        fields["date"] = date.iso()
    return fields


def _container_field(pub: Publication, entry: str, dialect: _Dialect) -> str:
    """Where the container title goes: journal, else booktitle.

    Only these fields read back as a container title, so a web page, a
    ``misc`` entry or a periodical issue keeps its container in the journal
    field and anything else in ``booktitle``, even where a style does not
    print it there. When the source fields hold that field already (the
    source gave both), the other one is used.
    """
    serial = entry in ("article", "misc", "online") or pub.type in _SERIAL_TYPES
    first, other = (dialect.journal, "booktitle")[:: 1 if serial else -1]
    # A source that gave both keeps its second one among the source fields.
    return other if first in pub.source_fields else first


def _extra_fields(pub: Publication, dialect: _Dialect) -> dict[str, str]:
    """Fields for the CSL variables kept in ``extra``."""
    fields: dict[str, str] = {}
    for variable, value in pub.extra.items():
        name = dialect.fields.get(variable)
        text = _plain(value)
        if name is None:
            logger.debug("%s: no BibTeX field for CSL %r; left out", pub.id, variable)
        elif text:
            fields[name] = text
    return fields


def _typed_fields(pub: Publication, dialect: _Dialect) -> dict[str, str]:
    """Fields for the model's own attributes, before entry-dependent rules."""
    fields = {
        dialect.fields[variable]: getattr(pub, attribute)
        for variable, attribute in PUBLICATION_ATTRIBUTES.items()
        if variable in dialect.fields and getattr(pub, attribute)
    }
    if pub.keywords:
        fields["keywords"] = ", ".join(pub.keywords)
    return fields


def _number_fields(pub: Publication, fields: dict[str, str]) -> None:
    """``number`` is the issue of a periodical, else the item's own number."""
    number = fields.get("number")
    if not pub.issue:
        return
    if number is None or pub.type in _ISSUE_TYPES:
        fields["number"] = pub.issue
        if number not in (None, pub.issue):
            logger.warning(
                "%s: number %r left out for issue %r", pub.id, number, pub.issue
            )
    else:
        fields["issue"] = pub.issue


def _entry_fields(pub: Publication, entry: str, dialect: _Dialect) -> dict[str, str]:
    """Every plain-text field of the entry, keyed by field name."""
    fields = _extra_fields(pub, dialect)
    fields.update(_typed_fields(pub, dialect))
    _number_fields(pub, fields)

    # Degree-granting and report-issuing bodies have fields of their own.
    if entry in _DEGREE_PUBLISHER and "publisher" in fields:
        fields[_DEGREE_PUBLISHER[entry] or dialect.degree] = fields.pop("publisher")
    if entry == "thesis" and "type" in fields:
        fields["type"] = _thesis_genre(fields["type"])
    elif entry in THESIS_GENRES and fields.get("type") == THESIS_GENRES[entry]:
        del fields["type"]

    if pub.container_title:
        fields[_container_field(pub, entry, dialect)] = pub.container_title
    if pub.arxiv:
        fields["eprint"] = pub.arxiv
        fields.setdefault(*dialect.arxiv_field)
    fields.update(_date_fields(pub.issued, dialect is _BIBLATEX))
    return fields


def _source_fields(
    pub: Publication, taken: Mapping[str, str], keys: Mapping[str, str], ascii: bool
) -> list[tuple[str, str]]:
    """The record's source fields not shadowed by mapped ones, sorted.

    Fields a reader kept under its format's prefix are not BibTeX fields and
    are left out.

    A ``crossref`` or ``xref`` follows its target's new key; one whose target
    is not written is left out, since reading already copied the target's
    fields into the record.
    """
    out: list[tuple[str, str]] = []
    own_formats = set(formats.names())
    for name, raw in pub.source_fields.items():
        name = name.lower()
        if name in taken or not str(raw).strip():
            continue
        if name.partition(":")[0] in own_formats:
            # Kept by a reader for its own writer ("ris:AD", "bibtex:@type").
            continue
        if name in ("crossref", "xref"):
            target = keys.get(raw.strip("{} ").casefold())
            if target is None:
                logger.info("%s: %s target %r is not written", pub.id, name, raw)
                continue
            raw = target
        out.append((name, source_value(name, raw, ascii)))
    return sorted(out)


_RANK = {name: rank for rank, name in enumerate(FIELD_ORDER)}


#: Fields of the other dialect that hold the same value, so that a source
#: value is written again under the name this dialect gives it.
_SAME_VALUE_FIELDS = {
    "journal": ("journaltitle",),
    "journaltitle": ("journal",),
    "address": ("location",),
    "location": ("address",),
    "annote": ("annotation",),
    "annotation": ("annote",),
}

#: The fields that name a container: a macro read in one (an
#: @inproceedings with ``journal = ijcai``) is written in the one chosen.
_CONTAINER_FIELDS = ("journal", "journaltitle", "booktitle")
_CONTAINERS = {
    name: tuple(f for f in _CONTAINER_FIELDS if f != name) for name in _CONTAINER_FIELDS
}

#: Formats whose values are LaTeX, so that raw commands in them are meant.
_LATEX_FORMATS = frozenset({"bibtex", "biblatex"})


def _expression_gives(expression: str, value: str) -> bool:
    """Whether a value expression naming undefined macros still reads as ``value``."""
    try:
        text, _ = resolve_value(expression, {})
    except ValueSyntaxError:
        return False
    return _decodes_to(text, value)


def _decodes_to(raw: str, value: str) -> bool:
    """Whether LaTeX as read still gives ``value`` (its rich text aside)."""
    decoded = latex_to_unicode(raw)
    return decoded == value or ("<" in value and decoded == rich_text.plain(value))


def _field_value(
    pub: Publication, name: str, value: str, ascii: bool, from_latex: bool
) -> str:
    """One mapped field's value: as the source wrote it, or rendered anew.

    The source's LaTeX (kept under ``RAW_KEY``) is written again while the
    record's value still decodes from it, so math, braces and commands come
    back as they were; the case protection of ``title_to_latex`` is then not
    added, since the source's own braces already say what to protect.
    """
    for source in (name, *_SAME_VALUE_FIELDS.get(name, ()), *_CONTAINERS.get(name, ())):
        expression = pub.source_fields.get(MACRO_KEY.format(source))
        if expression is not None and _expression_gives(expression, value):
            return expression
    for source in (name, *_SAME_VALUE_FIELDS.get(name, ())):
        raw = pub.source_fields.get(RAW_KEY.format(source))
        if raw is not None and braces_nest(raw) and _decodes_to(raw, value):
            return "{" + (encode_non_ascii(raw) if ascii else raw) + "}"
    protect = pub.source_fields.get(PROTECTED_KEY.format(name), "").split()
    return render_value(name, value, ascii, protect, keep_commands=from_latex)


def _entry(
    pub: Publication, dialect: _Dialect, ascii: bool, keys: Mapping[str, str]
) -> str:
    """One whole entry, ending with a newline."""
    entry = _entry_type(pub, dialect)
    from_latex = any(p.format in _LATEX_FORMATS for p in pub.provenance)
    rendered = name_fields(pub, ascii, dialect is _BIBLATEX, from_latex)
    for name, value in _entry_fields(pub, entry, dialect).items():
        if value.strip():
            rendered[name] = _field_value(pub, name, value, ascii, from_latex)
    # FIELD_ORDER first, then the rest alphabetically.
    mapped = sorted(rendered.items(), key=lambda f: (_RANK.get(f[0], 99), f[0]))
    extra = _source_fields(pub, rendered, keys, ascii)
    lines = [f"  {name} = {value}" for name, value in mapped + extra]
    # An entry with no fields is written without a blank line inside.
    body = ",\n".join(lines) + "\n" if lines else ""
    return f"@{entry}{{{pub.id},\n{body}}}\n"


def _blocks(pubs: Sequence[Publication], kind: str, ascii: bool) -> list[str]:
    r"""The ``@preamble`` or ``@comment`` blocks read with ``pubs``, to write again.

    The reader keeps them as problems of that kind. Preambles define commands
    that field values may use (``\bibcyr``, ``\noopsort``) and open the file;
    comments hold what tools keep outside entries (JabRef's groups, BibDesk's
    settings) and close it. Each text goes out once, in the order read.
    """
    texts: dict[str, None] = {}
    for problem in getattr(pubs, "problems", ()):
        text = problem.raw.strip() if problem.kind == kind else ""
        if text and braces_nest(text):
            texts[encode_non_ascii(text) if ascii else text] = None
        elif text:
            logger.warning("@%s with unbalanced braces left out: %r", kind, text)
    if kind == "preamble":
        return [f"@preamble{{{{{text}}}}}\n" for text in texts]
    return [f"@{kind}{{{text}}}\n" for text in texts]


def _write(pubs: Sequence[Publication], dialect: _Dialect, **options: Any) -> str:
    """Write ``pubs`` in ``dialect``: preambles, then one entry per record."""
    preambles = _blocks(pubs, "preamble", options["ascii"])
    comments = _blocks(pubs, "comment", options["ascii"])
    pubs = list(pubs)
    keyed = assign_keys(
        pubs, pattern=options["key_pattern"], keep_existing=options["keep_keys"]
    )
    keys: dict[str, str] = {}
    for old, new in zip(pubs, keyed, strict=True):
        keys.setdefault(old.id.casefold(), new.id)
    entries = [_entry(pub, dialect, options["ascii"], keys) for pub in keyed]
    return "\n".join(preambles + entries + comments)


def write_bibtex(
    pubs: Sequence[Publication],
    *,
    ascii: bool = False,
    key_pattern: str = DEFAULT_PATTERN,
    keep_keys: bool = True,
) -> str:
    """Write publications as classic BibTeX, for ``bibtex`` and its ``.bst`` styles.

    Dates are written as ``year`` and ``month`` (a day, range or "circa" is
    kept in an extra ``date`` field, which BibTeX ignores); a thesis is a
    ``phdthesis`` or, when its genre says so, a ``mastersthesis``; an arXiv id
    is an ``eprint`` with ``archiveprefix = {arXiv}``.

    Args:
        pubs: The publications, in output order.
        ascii: Write pure ASCII, with LaTeX commands for accented letters.
        key_pattern: How to build keys for records without a usable id (see
            :mod:`pubkit.keys`).
        keep_keys: Keep each record's id as its key when it is valid and
            unique; when False every key is built from ``key_pattern``.

    Returns:
        The BibTeX text; empty for no publications.
    """
    return _write(
        pubs, _BIBTEX, ascii=ascii, key_pattern=key_pattern, keep_keys=keep_keys
    )


def write_biblatex(
    pubs: Sequence[Publication],
    *,
    ascii: bool = False,
    key_pattern: str = DEFAULT_PATTERN,
    keep_keys: bool = True,
) -> str:
    """Write publications as BibLaTeX, for ``biber``.

    Differs from :func:`write_bibtex` in the BibLaTeX way: ``date`` holds the
    full ISO/EDTF date (``2019/2020``, ``2024~``), journals are
    ``journaltitle``, places ``location``, a thesis is ``@thesis`` with its
    kind in ``type`` (``phdthesis``, ``mathesis``), and an arXiv id is an
    ``eprint`` with ``eprinttype = {arxiv}``.

    Args:
        pubs: The publications, in output order.
        ascii: As for :func:`write_bibtex`.
        key_pattern: As for :func:`write_bibtex`.
        keep_keys: As for :func:`write_bibtex`.

    Returns:
        The BibLaTeX text; empty for no publications.
    """
    return _write(
        pubs, _BIBLATEX, ascii=ascii, key_pattern=key_pattern, keep_keys=keep_keys
    )
