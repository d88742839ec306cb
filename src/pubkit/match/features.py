"""The normalised view of one publication that blocking and scoring use."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pubkit.match.names import person_facts
from pubkit.match.normalize import (
    NEGATIONS,
    LinkKey,
    arxiv_id,
    content_tokens,
    erratum_location,
    extended_abstract,
    fold,
    is_column,
    is_preprint_doi,
    link_key,
    normalize_doi,
    normalize_isbn,
    note_notice,
    notice_kind,
    notice_subject,
    number_text,
    original_title,
    page_range,
    publication_form,
    sequel_marks,
    title_numbers,
    title_text,
    unmarked_title,
    version_elsewhere,
    web_copy,
)
from pubkit.model import Publication

__all__ = ["Features", "features", "is_preprint"]

# Venues and publishers whose records are preprints whatever their type says.
_PREPRINT_VENUES = ("arxiv", "biorxiv", "medrxiv", "ssrn", "corr", "research square")
_PREPRINT_TYPES = frozenset(
    {"article", "manuscript", "report", "post", "document", "webpage", ""}
)

#: Characters of an abstract compared; longer abstracts add cost, not evidence.
ABSTRACT_CHARS = 600
#: Least words of an abstract worth comparing: fewer are a database's stand-in
#: ("[Abstract not available]") or a fragment any two papers could share.
ABSTRACT_WORDS = 12
# Stand-ins databases put where there is no abstract, on folded text.
_NO_ABSTRACT = re.compile(
    r"^(?:no abstract|abstract not available|abstract unavailable|not available"
    r"|there is no abstract|this article has no abstract|unknown|n a)\b"
)


@dataclass(frozen=True, slots=True)
class Features:
    """Normalised fields of one record.

    Attributes:
        index: Position of the record in the input.
        title: Folded title (subtitle appended; trailing notes, a
            "retracted" mark, the words announcing a notice and a statement
            that another version appeared elsewhere dropped).
        truncated: The title was cut short with an ellipsis.
        column: The title opens with a column heading ("Editorial: ...").
        tokens: Title words that are not stop-words.
        parts: Part designators in the title ("part ii" gives 2).
        numbers: Every number the title carries, however written (see
            :func:`pubkit.match.normalize.title_numbers`).
        sequel: A trailing sequel number of the title.
        original: The original-language title a database gave in brackets.
        notice: The kind of notice the title announces (see
            :func:`pubkit.match.normalize.notice_kind`), ``""`` for none.
        erratum_at: Volume and first page of the erratum a database note in
            the title cites, ``("", "")`` without one.
        abstract: Folded start of the abstract.
        extended: The record is marked as an extended abstract.
        elsewhere: The folded place where, by the record's own title or
            note, another form of the work appeared ("stoc 93"), ``""``
            without such a statement.
        authors: (surname, initials, given names) per listed or implied
            author; groups and organisations are left out.
        authors_partial: The author list is known to be incomplete.
        name_words: Every name word of the authors, longer than an initial.
        year: Year of publication.
        venue: Folded container title.
        volume: Folded volume.
        issue: Folded issue.
        pages: First and last page, digits only.
        doi: Normalised DOI that is not a preprint DOI.
        preprint_doi: Normalised preprint DOI.
        arxiv: arXiv id without version.
        pmid: PubMed id digits.
        isbn: ISBN-13 digits.
        edition: Folded edition.
        number: Folded number of a report, standard or patent (CSL
            ``number``), ``""`` for other types.
        version: Folded version of software or a dataset.
        type: CSL item type.
        preprint: The record describes a preprint.
        form: Form of publication (``"conference"``, ``"journal"``,
            ``"report"``...) told by the type, venue or a status note,
            ``""`` when unknown.
        key: The record's id, case folded.
        crossref: The id of the record it inherits from (BibTeX's
            ``crossref``), case folded; ``""`` without one.
        links: What the record's web links (its URL, and links in fields
            pubkit does not map, such as ``pdflink``) name; see
            :func:`pubkit.match.normalize.link_key`.
        negations: How many words of the title deny ("not", "no", "never").
        degree: For a thesis, the degree it was written for (``"doctoral"``,
            ``"masters"``, ``"bachelors"``), ``""`` when unknown.
        listing: The record gives nothing that could place it: no year,
            venue, pages, volume, DOI or arXiv id. Such a listing (a profile
            page's, a citation cut to title and authors) may be any form of
            its work.
    """

    index: int
    title: str
    truncated: bool
    column: bool
    tokens: tuple[str, ...]
    parts: tuple[int, ...]
    numbers: frozenset[int]
    sequel: int | None
    original: str
    notice: str
    erratum_at: tuple[str, str]
    abstract: str
    extended: bool
    elsewhere: str
    authors: tuple[tuple[str, str, str], ...]
    authors_partial: bool
    name_words: frozenset[str]
    year: int | None
    venue: str
    volume: str
    issue: str
    pages: tuple[str, str]
    doi: str
    preprint_doi: str
    arxiv: str
    pmid: str
    isbn: str
    edition: str
    number: str
    version: str
    type: str
    preprint: bool
    form: str
    key: str
    crossref: str
    links: tuple[LinkKey, ...]
    negations: int
    degree: str
    listing: bool


def _abstract(text: str) -> str:
    """The folded start of an abstract, ``""`` for a stand-in or a fragment."""
    # Folding never lengthens text much, so a little more than is compared
    # is enough to fold.
    head = text[: ABSTRACT_CHARS + ABSTRACT_CHARS // 4]
    if len(head) == len(text) and text.endswith(("…", "...")):
        head = title_text(text)[0]
    folded = fold(head)[:ABSTRACT_CHARS]
    if folded.count(" ") < ABSTRACT_WORDS - 1 or _NO_ABSTRACT.match(folded):
        return ""
    return folded


_MONTHS = (
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
)


def _volume(text: str, year: int | None) -> str:
    """The volume number; a year given as volume says nothing and is dropped."""
    volume = number_text(text)
    return "" if year is not None and volume == str(year) else volume


def _issue(text: str) -> str:
    """The issue number; a month name ("May") gives the month's number."""
    issue = number_text(text)
    if issue or not text:
        return issue
    head = fold(text)[:3]
    return str(_MONTHS.index(head) + 1) if head in _MONTHS else ""


def _is_preprint(pub: Publication, preprint_doi: str, arxiv: str, venue: str) -> bool:
    """A preprint: on a preprint server, or with a preprint id and no venue.

    A record in a journal or proceedings that merely carries a preprint DOI
    (a link some databases add) is not a preprint.
    """
    if str(pub.extra.get("genre", "")).lower() == "preprint":
        return True
    publisher = fold(pub.publisher)
    if any(v in venue or v == publisher for v in _PREPRINT_VENUES):
        return True
    if not (arxiv or preprint_doi) or venue:
        return False
    # A journal article's type with an arXiv link and no journal is a
    # preprint cited by its link.
    return pub.type in _PREPRINT_TYPES or (
        pub.type == "article-journal" and bool(arxiv)
    )


#: Types whose CSL ``number`` names one document of a series.
_NUMBERED = frozenset({"report", "standard", "patent", "legislation", "bill"})


# A release named in a title: "Ocean temperature profiles (Version 2)".
_TITLE_VERSION = re.compile(r"\(\s*(?:version|ver\.?|v)\s*(\d+(?:\.\d+)*)\s*\)", re.I)
# "v1.2.0", "Version 3": the words before a release number.
_VERSION_WORD = re.compile(r"^(?:version|ver|v)\s*(?=\d)")


def _version(pub: Publication) -> str:
    """The release of software or a dataset, from its field or its title.

    "v1.2.0" and "1.2.0" are one release.
    """
    given = str(pub.extra.get("version", "")).strip()
    # Only a release's title names its version; an article's "(v2)" is the
    # preprint server's revision, not another work.
    if not given and pub.type in ("software", "dataset") and "(" in pub.title:
        found = _TITLE_VERSION.search(pub.title)
        given = found.group(1) if found else ""
    return fold(_VERSION_WORD.sub("", given.casefold()))


_DEGREES = (
    ("doctoral", re.compile(r"\b(?:phd|ph d|doctoral|doctorate|dphil|dissertation)\b")),
    ("masters", re.compile(r"\b(?:masters?|msc|m sc|ma|mphil|diplom\w*)\b")),
    ("bachelors", re.compile(r"\b(?:bachelors?|bsc|b sc|ba|honours|undergraduate)\b")),
)


def _degree(pub: Publication) -> str:
    """The degree a thesis was written for, from its genre ("PhD thesis")."""
    if pub.type != "thesis":
        return ""
    genre = fold(str(pub.extra.get("genre", "")))
    return next((name for name, words in _DEGREES if words.search(genre)), "")


def _full_title(pub: Publication) -> str:
    subtitle = str(pub.extra.get("subtitle", ""))
    return f"{pub.title}: {subtitle}" if subtitle else pub.title


def _links(pub: Publication) -> tuple[LinkKey, ...]:
    """Keys of the record's URL and of unmapped fields holding just a URL."""
    texts = [pub.url] if pub.url else []
    texts += [v for v in pub.source_fields.values() if v.startswith(("http", "HTTP"))]
    return tuple(key for text in texts if (key := link_key(text)) is not None)


def is_preprint(pub: Publication) -> bool:
    """Whether a record describes a preprint, as :class:`Features` reads it.

    Args:
        pub: The record.

    Returns:
        True for a record on a preprint server, or with a preprint id and no
        venue.
    """
    doi = normalize_doi(pub.doi)
    preprint_doi = doi if doi and is_preprint_doi(doi) else ""
    arxiv = arxiv_id(pub.arxiv, preprint_doi, pub.url)
    return _is_preprint(pub, preprint_doi, arxiv, fold(pub.container_title))


def features(pub: Publication, index: int) -> Features:
    """Normalise one publication for comparison.

    Args:
        pub: The record.
        index: Its position in the input.

    Returns:
        The record's :class:`Features`.
    """
    title, truncated = title_text(pub.title, str(pub.extra.get("subtitle", "")))
    title, elsewhere = version_elsewhere(title)
    # A web address standing for the venue makes the record the author's copy.
    title, online = web_copy(title)
    notice = notice_kind(pub.title) or note_notice(pub.note)
    if notice == "retracted":
        title = unmarked_title(title)
    elif notice:
        title = notice_subject(title)
    note = fold(pub.note) if pub.note else ""
    if not elsewhere and note:
        elsewhere = version_elsewhere(note)[1]
    doi = normalize_doi(pub.doi)
    preprint_doi = doi if doi and is_preprint_doi(doi) else ""
    arxiv = arxiv_id(pub.arxiv, preprint_doi, pub.url)
    venue = fold(pub.container_title)
    form = publication_form(pub.type, venue, note) or ("manuscript" if online else "")
    volume = _volume(pub.volume, pub.year)
    pages = page_range(pub.page) if pub.page else ("", "")
    published_doi = "" if preprint_doi else doi
    parts, sequel = sequel_marks(title)
    listed = pub.author + pub.implied_authors if pub.implied_authors else pub.author
    facts = [f for f in map(person_facts, listed or pub.editor) if not f[0]]

    return Features(
        index=index,
        title=title,
        truncated=truncated,
        column=is_column(pub.title),
        tokens=tuple(content_tokens(title)),
        parts=parts,
        numbers=title_numbers(_full_title(pub)),
        sequel=sequel,
        original=original_title(pub.title),
        notice=notice,
        erratum_at=erratum_location(pub.title),
        abstract=_abstract(pub.abstract) if pub.abstract else "",
        extended=extended_abstract(pub.title, pub.note),
        elsewhere=elsewhere,
        authors=tuple(f[1] for f in facts if f[1][0]),
        authors_partial=pub.authors_incomplete or not pub.author,
        name_words=frozenset(w for f in facts for w in f[2]),
        year=pub.year,
        venue=venue,
        volume=volume,
        issue=_issue(pub.issue),
        pages=pages,
        doi=published_doi,
        preprint_doi=preprint_doi,
        arxiv=arxiv,
        pmid="".join(c for c in pub.pmid if c.isdigit()),
        isbn=normalize_isbn(pub.isbn) if pub.isbn else "",
        edition=fold(str(pub.extra.get("edition", ""))),
        number=fold(str(pub.extra.get("number", ""))) if pub.type in _NUMBERED else "",
        version=_version(pub),
        type=pub.type,
        preprint=_is_preprint(pub, preprint_doi, arxiv, venue),
        form=form,
        key=pub.id.casefold(),
        crossref=pub.source_fields.get("crossref", "").strip().casefold(),
        links=_links(pub),
        negations=sum(word in NEGATIONS for word in title.split()),
        degree=_degree(pub),
        listing=not (pub.year or venue or pages[0] or volume or published_doi or arxiv),
    )
