"""The BibTeX/BibLaTeX ↔ CSL mapping: tables both directions share.

The reader maps entry types and fields to CSL with these tables and the writer
inverts them, so a BibTeX → CSL → BibTeX round trip is stable. Rules that a
plain table cannot express (a ``number`` that is an issue in an article but a
report number in a report, a thesis genre) live in the reader and writer, next
to the table they refine.
"""

from __future__ import annotations

from types import MappingProxyType

__all__ = [
    "BIBLATEX_TYPE_FOR_CSL",
    "BIBTEX_TYPE_FOR_CSL",
    "CROSSREF_NEVER_INHERITED",
    "CROSSREF_RENAMES",
    "CSL_TYPE_FOR_ENTRY",
    "DATE_VARIABLES",
    "DIALECT_TYPES",
    "ENTRY_TYPE_KEY",
    "MONTH_MACROS",
    "MONTH_MACRO_TEXT",
    "NAME_FIELDS",
    "PROTECTED_KEY",
    "PUBLICATION_ATTRIBUTES",
    "RAW_KEY",
    "SIMPLE_FIELDS",
    "THESIS_GENRES",
    "TITLE_FIELDS",
    "VERBATIM_FIELDS",
    "keeps_entry_type",
    "nearest_csl_type",
]

#: BibTeX and BibLaTeX entry types (lowercase) → CSL item type.
CSL_TYPE_FOR_ENTRY = MappingProxyType(
    {
        "article": "article-journal",
        "book": "book",
        "mvbook": "book",
        "bookinbook": "chapter",
        "booklet": "pamphlet",
        "collection": "book",
        "mvcollection": "book",
        "conference": "paper-conference",
        "inbook": "chapter",
        "incollection": "chapter",
        "inproceedings": "paper-conference",
        "inreference": "entry-encyclopedia",
        "manual": "report",
        "mastersthesis": "thesis",
        "phdthesis": "thesis",
        "thesis": "thesis",
        "misc": "document",
        "online": "webpage",
        "electronic": "webpage",
        "www": "webpage",
        "patent": "patent",
        "periodical": "periodical",
        "proceedings": "book",
        "mvproceedings": "book",
        "reference": "book",
        "mvreference": "book",
        "report": "report",
        "techreport": "report",
        "software": "software",
        "dataset": "dataset",
        "data": "dataset",
        "unpublished": "manuscript",
        "suppbook": "chapter",
        "suppcollection": "chapter",
        "suppperiodical": "article-journal",
        "standard": "standard",
        "video": "motion_picture",
        "movie": "motion_picture",
        "audio": "song",
        "music": "musical_score",
        "image": "graphic",
        "artwork": "graphic",
        "letter": "personal_communication",
        "legislation": "legislation",
        "jurisdiction": "legal_case",
        "review": "review",
        "preprint": "article",
        "webpage": "webpage",
        "softwareversion": "software",
        "softwaremodule": "software",
        "codefragment": "software",
    }
)

#: Words in an entry type no table knows → the CSL type they point to, tried
#: in this order (``@phdthesisfr`` is a thesis, ``@inproc`` a paper).
_TYPE_HINTS = (
    ("thesis", "thesis"),
    ("proc", "paper-conference"),
    ("conf", "paper-conference"),
    ("report", "report"),
    ("soft", "software"),
    ("data", "dataset"),
    ("web", "webpage"),
    ("online", "webpage"),
    ("article", "article-journal"),
    ("book", "book"),
)


def nearest_csl_type(entry_type: str) -> str:
    """The CSL type for a BibTeX/BibLaTeX entry type, known or not.

    Known types come from :data:`CSL_TYPE_FOR_ENTRY`; an unknown one goes by
    the first word of ``_TYPE_HINTS`` it contains, else to ``document``.

    >>> nearest_csl_type("software"), nearest_csl_type("foo")
    ('software', 'document')
    """
    name = entry_type.lower()
    known = CSL_TYPE_FOR_ENTRY.get(name)
    if known is not None:
        return known
    return next((csl for hint, csl in _TYPE_HINTS if hint in name), "document")


#: CSL item type → classic BibTeX entry type (the types plain.bst knows).
BIBTEX_TYPE_FOR_CSL = MappingProxyType(
    {
        "article-journal": "article",
        "article-magazine": "article",
        "article-newspaper": "article",
        "review": "article",
        "review-book": "article",
        "periodical": "misc",
        "book": "book",
        "classic": "book",
        "collection": "book",
        "chapter": "incollection",
        "entry-dictionary": "incollection",
        "entry-encyclopedia": "incollection",
        "paper-conference": "inproceedings",
        "pamphlet": "booklet",
        "thesis": "phdthesis",
        "report": "techreport",
        "manuscript": "unpublished",
        "article": "misc",
    }
)

#: CSL item type → BibLaTeX entry type.
BIBLATEX_TYPE_FOR_CSL = MappingProxyType(
    {
        "article-journal": "article",
        "article-magazine": "article",
        "article-newspaper": "article",
        "review": "review",
        "review-book": "review",
        "periodical": "periodical",
        "book": "book",
        "classic": "book",
        "collection": "collection",
        "chapter": "incollection",
        "entry-dictionary": "inreference",
        "entry-encyclopedia": "inreference",
        "paper-conference": "inproceedings",
        "pamphlet": "booklet",
        "thesis": "thesis",
        "report": "report",
        "manuscript": "unpublished",
        "article": "online",
        "webpage": "online",
        "post": "online",
        "post-weblog": "online",
        "software": "software",
        "dataset": "dataset",
        "patent": "patent",
        "standard": "standard",
        "legislation": "legislation",
        "legal_case": "jurisdiction",
        "personal_communication": "letter",
        "motion_picture": "video",
        "song": "audio",
        "musical_score": "music",
        "graphic": "image",
    }
)

_TYPE_FOR_CSL = {"bibtex": BIBTEX_TYPE_FOR_CSL, "biblatex": BIBLATEX_TYPE_FOR_CSL}


def keeps_entry_type(dialect: str, entry_type: str) -> bool:
    """Whether an entry type read in ``dialect`` is kept to be written again.

    It is kept, in ``source_fields`` under ``ENTRY_TYPE_KEY.format(dialect)``,
    when the dialect's writer would not choose it for the CSL type it reads
    as: ``@software`` or ``@manual`` in BibTeX, ``@collection`` (read as a
    book) in BibLaTeX, ``@foo`` in either. A thesis kind is not kept: its
    genre says which it is.

    >>> keeps_entry_type("biblatex", "collection")
    True
    >>> keeps_entry_type("bibtex", "article")
    False
    """
    table = _TYPE_FOR_CSL.get(dialect)
    if table is None or entry_type in THESIS_GENRES:
        return False
    return table.get(nearest_csl_type(entry_type), "misc") != entry_type


#: Every entry type each dialect defines: classic BibTeX's standard styles,
#: and the BibLaTeX manual's types with their aliases. A type kept from the
#: other dialect is written when this one defines it too (BibTeX's
#: ``@proceedings`` and ``@manual`` stay so in BibLaTeX).
DIALECT_TYPES = MappingProxyType(
    {
        "bibtex": frozenset(
            """article book booklet conference inbook incollection inproceedings
            manual mastersthesis misc phdthesis proceedings techreport
            unpublished""".split()  # noqa: SIM905 - a table reads best as words
        ),
        "biblatex": frozenset(
            """article book mvbook inbook bookinbook suppbook booklet collection
            mvcollection incollection suppcollection dataset manual misc online
            patent periodical suppperiodical proceedings mvproceedings
            inproceedings reference mvreference inreference report set software
            thesis unpublished xdata conference electronic mastersthesis
            phdthesis techreport www artwork audio bibnote commentary image
            jurisdiction legislation legal letter movie music performance
            review standard video""".split()  # noqa: SIM905 - as above
        ),
    }
)

#: The ``source_fields`` key of a kept entry type; ``{}`` is the dialect.
ENTRY_TYPE_KEY = "{}:@type"

#: Fields whose capitals the writer protects with braces (see
#: ``tex_escape.title_to_latex``).
TITLE_FIELDS = frozenset(
    {"title", "shorttitle", "booktitle", "maintitle", "series", "eventtitle"}
)

#: The ``source_fields`` key under which the reader keeps the words of a
#: title field that the source protected with braces (``{B}altic``),
#: space-separated; ``{}`` is the field name. Decoding drops the braces, and
#: the writer protects these words again.
PROTECTED_KEY = "bibtex:protected:{}"

#: The ``source_fields`` key under which the reader keeps a decoded field's
#: value as written, LaTeX markup and all, when decoding changed it; ``{}``
#: is the field name. While the record's value still decodes from it, the
#: writer writes it again, so math (``Cu$_2$O``), protection and commands
#: that have no Unicode form come back as the source had them.
RAW_KEY = "bibtex:raw:{}"

#: The ``source_fields`` key under which the reader keeps a field's value
#: expression as written when it names a macro no file defines
#: (``journal = jacm``, defined in a strings file read elsewhere); ``{}`` is
#: the field name. While the record's value is still that expression's
#: text, the writer writes the expression bare again.
MACRO_KEY = "bibtex:macro:{}"

#: BibTeX/BibLaTeX fields that carry one CSL variable whatever the entry type.
#: (``journal``, ``booktitle``, ``number``, ``school``, ``institution`` and the
#: date and name fields depend on the entry, and are handled by the reader.)
SIMPLE_FIELDS = MappingProxyType(
    {
        "title": "title",
        "volume": "volume",
        "pages": "page",
        "publisher": "publisher",
        "address": "publisher-place",
        "location": "publisher-place",
        "doi": "DOI",
        "url": "URL",
        "isbn": "ISBN",
        "issn": "ISSN",
        "pmid": "PMID",
        "pmcid": "PMCID",
        "abstract": "abstract",
        "note": "note",
        "language": "language",
        "langid": "language",
        "edition": "edition",
        "series": "collection-title",
        "chapter": "chapter-number",
        "eventtitle": "event-title",
        "venue": "event-place",
        "pagetotal": "number-of-pages",
        "volumes": "number-of-volumes",
        "type": "genre",
        "version": "version",
        "annote": "annote",
        "annotation": "annote",
        "urldate": "accessed",
        "origdate": "original-date",
        "eventdate": "event-date",
        "issuetitle": "volume-title",
        "maintitle": "volume-title",
        "shorttitle": "title-short",
        "shortjournal": "container-title-short",
        "medium": "medium",
        "howpublished": "medium",
    }
)

#: BibTeX's predefined month macros → month number.
MONTH_MACROS = MappingProxyType(
    {
        "jan": 1,
        "feb": 2,
        "mar": 3,
        "apr": 4,
        "may": 5,
        "jun": 6,
        "jul": 7,
        "aug": 8,
        "sep": 9,
        "oct": 10,
        "nov": 11,
        "dec": 12,
    }
)

#: The text plain.bst gives each month macro.
MONTH_MACRO_TEXT = MappingProxyType(
    {
        "jan": "January",
        "feb": "February",
        "mar": "March",
        "apr": "April",
        "may": "May",
        "jun": "June",
        "jul": "July",
        "aug": "August",
        "sep": "September",
        "oct": "October",
        "nov": "November",
        "dec": "December",
    }
)

#: Fields whose values are kept byte for byte: never LaTeX-decoded on reading
#: and never escaped on writing.
VERBATIM_FIELDS = frozenset(
    {
        "doi",
        "eprint",
        "file",
        "pdf",
        "pdflink",
        "url",
        "urlraw",
        "verba",
        "verbb",
        "verbc",
        "crossref",
        "xdata",
        "ids",
        "archiveprefix",
        "eprinttype",
        "eprintclass",
        "primaryclass",
        "month",
    }
)

#: BibTeX/BibLaTeX name fields → CSL name variable.
NAME_FIELDS = MappingProxyType(
    {
        "author": "author",
        "editor": "editor",
        "translator": "translator",
        "bookauthor": "container-author",
        "director": "director",
        "organizer": "organizer",
    }
)

#: Fields of SIMPLE_FIELDS whose CSL variable is a date.
DATE_VARIABLES = frozenset({"accessed", "original-date", "event-date"})

#: CSL variables that :class:`pubkit.Publication` holds as attributes.
PUBLICATION_ATTRIBUTES = MappingProxyType(
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

#: Thesis genre implied by a classic BibTeX entry type or a BibLaTeX ``type``
#: key (BibLaTeX localises these keys when it prints them).
THESIS_GENRES = MappingProxyType(
    {
        "phdthesis": "PhD thesis",
        "mastersthesis": "Master's thesis",
        "mathesis": "Master's thesis",
    }
)

#: BibLaTeX's default crossref inheritance for parent → child entry types
#: whose fields change name: parent field → child field. Other pairs inherit
#: every missing field under its own name.
CROSSREF_RENAMES = MappingProxyType(
    {
        ("book", "inbook"): {"title": "booktitle", "author": "bookauthor"},
        ("book", "bookinbook"): {"title": "booktitle", "author": "bookauthor"},
        ("book", "suppbook"): {"title": "booktitle", "author": "bookauthor"},
        ("mvbook", "book"): {"title": "maintitle", "author": "bookauthor"},
        ("mvbook", "inbook"): {"title": "maintitle", "author": "bookauthor"},
        ("collection", "incollection"): {"title": "booktitle"},
        ("collection", "suppcollection"): {"title": "booktitle"},
        ("mvcollection", "collection"): {"title": "maintitle"},
        ("mvcollection", "incollection"): {"title": "maintitle"},
        ("reference", "inreference"): {"title": "booktitle"},
        ("proceedings", "inproceedings"): {"title": "booktitle"},
        ("mvproceedings", "proceedings"): {"title": "maintitle"},
        ("mvproceedings", "inproceedings"): {"title": "maintitle"},
        ("periodical", "article"): {"title": "journaltitle"},
        ("periodical", "suppperiodical"): {"title": "journaltitle"},
    }
)

#: Fields a child entry never inherits from its crossref parent.
CROSSREF_NEVER_INHERITED = frozenset(
    {
        "crossref",
        "xref",
        "ids",
        "entryset",
        "entrysubtype",
        "execute",
        "label",
        "options",
        "presort",
        "related",
        "relatedoptions",
        "relatedstring",
        "relatedtype",
        "shorthand",
        "shorthandintro",
        "sortkey",
    }
)
