"""Field-by-field comparison of two records into evidence."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from pubkit.match.features import Features
from pubkit.match.normalize import GENERIC_TITLES, links_conflict

__all__ = ["Evidence", "compare", "erratum_cited", "title_score"]

Person_ = tuple[str, str, str]

#: Minimum surname similarity (0-100) for transliterated spellings to agree.
SURNAME_SIMILARITY = 85.0


@dataclass(frozen=True, slots=True)
class Evidence:
    """What two records share and where they disagree.

    Scores are 0-100 for texts and 0-1 for author overlap; ``None`` means
    the field is missing on one side and so is unknown, not a disagreement.
    Tri-state fields are True (agree), False (conflict) or None (unknown).

    Attributes:
        title: Title similarity, 0-100.
        abstract: Abstract similarity, 0-100.
        authors: Share of the shorter author list found in the other.
        author_lists: Both complete author lists name the same people, as
            many on each side (unknown when either list is partial).
        first_author: Whether the first authors agree (complete lists only).
        year_gap: Absolute difference of the years.
        venue: Container-title similarity, 0-100 (abbreviations allowed).
        volume: Volumes agree.
        issue: Issues agree.
        pages: First (or last) pages agree.
        same_range: Both give the same page range of more than one page.
        doi: Non-preprint DOIs agree.
        arxiv: arXiv ids (or preprint DOIs) agree.
        pmid: PubMed ids agree.
        isbn: ISBNs agree.
        edition: Editions agree.
        numbers: The titles carry the same numbers (None unless both carry
            some).
        part_of: One record is published in the other: it names the other
            as its crossref parent, or its container title is the other's
            title (a chapter and its book, a paper and its proceedings).
        number: Report (or standard, patent) numbers agree.
        version: Software or dataset versions agree.
        degree: The degrees two theses were written for agree.
        sequels: Part designators and trailing sequel numbers agree.
        negated: One title denies what the other says: they differ in how
            many words of denial they hold ("not", "no"...).
        title_prefix: One title is the other without its subtitle.
        notice: One record is an erratum or retraction notice and the other
            is not, or one record's title cites the other's volume and page
            as its erratum.
        one_preprint: Exactly one of the two is a preprint, and the other
            is known to be published: a bare listing may be either.
        other_form: The two are different known forms of the work: a
            conference paper and a journal article or a report, an
            extended abstract and the paper, or a record and the version
            it says appeared elsewhere.
        same_type: The CSL types are equal.
        conference: Both records are conference papers.
        books: Both records are books (whose volumes are separate works).
        book_and_chapter: One record is a book and the other a chapter,
            which is part of a book, never the whole of one.
        generic: The title is one many works share ("Preface"), or opens
            with a column heading ("Editorial: A new year").
        long_title: Both titles have at least :data:`LONG_TITLE_WORDS`
            words that are not stop-words.
        bare: Neither record gives a year or a venue, so neither can be a
            different form than the other.
        one_bare: Just one record gives neither a year, a venue, pages nor
            an identifier: a bare listing, such as a profile page's.
        other_venue: The venues are two different acronyms ("aaai", "uai").
        links: False when the records' web links on one host name different
            documents (two anthology ids, two library ids), True when they
            are the same link.
    """

    title: float | None
    abstract: float | None
    authors: float | None
    author_lists: bool | None
    first_author: bool | None
    year_gap: int | None
    venue: float | None
    volume: bool | None
    issue: bool | None
    pages: bool | None
    same_range: bool
    doi: bool | None
    arxiv: bool | None
    pmid: bool | None
    isbn: bool | None
    edition: bool | None
    numbers: bool | None
    part_of: bool
    number: bool | None
    version: bool | None
    degree: bool | None
    sequels: bool
    negated: bool
    title_prefix: bool
    notice: bool
    one_preprint: bool
    other_form: bool
    same_type: bool
    conference: bool
    books: bool
    book_and_chapter: bool
    generic: bool
    long_title: bool
    bare: bool
    one_bare: bool
    other_venue: bool
    links: bool | None

    def as_dict(self) -> dict[str, Any]:
        """The known fields as a JSON-ready dict (unknown ones left out).

        Besides the fields, ``agreed`` and ``disagreed`` name the record
        fields found to agree and to conflict (see :meth:`agreed`).
        """
        out: dict[str, Any] = {}
        for name in self.__slots__:
            value = getattr(self, name)
            if value is not None:
                out[name] = round(value, 2) if isinstance(value, float) else value
        out["agreed"] = self.agreed()
        out["disagreed"] = self.disagreed()
        return out

    def agreed(self) -> list[str]:
        """Names of the record fields that agree, in a fixed order.

        A text agrees at :data:`AGREES` (0-100), a title at
        :data:`TITLE_AGREES`, authors when :data:`AUTHORS_AGREE` of the
        shorter list is found in the other. A title between the two neither
        agrees nor differs: it is like the other, not the same.
        """
        scores = {
            "title": self.title_prefix or _reaches(self.title, TITLE_AGREES),
            "abstract": _reaches(self.abstract, AGREES),
            "authors": _reaches(self.authors, AUTHORS_AGREE),
            "year": self.year_gap == 0,
            "venue": _reaches(self.venue, AGREES),
        }
        return [name for name, ok in scores.items() if ok] + [
            name for name in _EXACT_FIELDS if getattr(self, name) is True
        ]

    def disagreed(self) -> list[str]:
        """Names of the record fields that conflict; unknown ones never do."""
        scores = {
            "title": not self.title_prefix and _below(self.title, AGREES),
            "abstract": _below(self.abstract, AGREES),
            "authors": _below(self.authors, AUTHORS_AGREE),
            "year": bool(self.year_gap),
            "venue": _below(self.venue, AGREES),
        }
        return [name for name, ok in scores.items() if ok] + [
            name for name in _EXACT_FIELDS if getattr(self, name) is False
        ]


#: Text similarity (0-100) at which an abstract or venue agrees, and below
#: which a title differs.
AGREES = 80.0
#: Title similarity at which two titles are reported as agreeing.
TITLE_AGREES = 90.0
#: Share of the shorter author list found in the other at which authors agree.
AUTHORS_AGREE = 0.67
# Fields compared for equality, reported under their own names.
_EXACT_FIELDS = (
    "first_author",
    "volume",
    "issue",
    "pages",
    "doi",
    "arxiv",
    "pmid",
    "isbn",
    "edition",
    "links",
)


def _reaches(value: float | None, floor: float) -> bool:
    return value is not None and value >= floor


def _below(value: float | None, floor: float) -> bool:
    return value is not None and value < floor


def _agree(left: str | int | None, right: str | int | None) -> bool | None:
    if not left or not right:
        return None
    return left == right


def _pages_agree(left: tuple[str, str], right: tuple[str, str]) -> bool | None:
    """Whether two page ranges describe the same pages.

    They agree when first or last pages are equal (a typo rarely hits both)
    or when one range lies inside the other ("488" in "487-488"). A letter
    locator ("e12724") is not comparable with a numeric page.
    """
    if not left[0] or not right[0]:
        return None
    if left[0].isdigit() != right[0].isdigit():
        return None
    if left[0] == right[0] or (left[1] and left[1] == right[1]):
        return True
    return _inside(left, right) or _inside(right, left)


def _inside(inner: tuple[str, str], outer: tuple[str, str]) -> bool:
    if not (inner[0] + inner[1] + outer[0] + outer[1]).isdigit() or not outer[1]:
        return False
    low, high = int(outer[0]), int(outer[1])
    return low <= int(inner[0]) <= high and low <= int(inner[1] or inner[0]) <= high


def _shifted(a: Features, b: Features) -> bool:
    """``a`` gives ``b``'s volume as issue and ``b``'s issue as its page.

    Some databases shift the fields of a record without a volume by one:
    volume 26, issue 9 is written as issue 26, page 9.
    """
    return (
        not a.volume
        and bool(a.issue)
        and a.issue == b.volume
        and not a.pages[1]
        and a.pages[0] == b.issue
    )


def _part_of(part: Features, whole: Features) -> bool:
    """Whether ``part`` is published in ``whole``.

    It is when it inherits from it by crossref, or when its container title
    is the other's title.
    """
    if part.crossref and part.crossref == whole.key:
        return True
    return bool(part.venue) and part.venue == whole.title


def _numbers_agree(a: Features, b: Features) -> bool | None:
    """Whether both titles carry the same numbers; None unless both carry some.

    A title cut short may have lost some of its numbers, and databases cut
    long titles without a mark, so numbers one title lacks but the other's
    include are not held against them: only two different numbers are.
    """
    if not a.numbers or not b.numbers or a.truncated or b.truncated:
        return None
    if a.numbers == b.numbers:
        return True
    return None if a.numbers <= b.numbers or b.numbers <= a.numbers else False


def _sequels_agree(a: Features, b: Features) -> bool:
    """Part designators are equal, and so are trailing sequel numbers.

    A title without a trailing number beside the same title numbered two or
    more ("... oxides" and "... oxides II") is the first of a series and its
    sequel. A trailing 1 may be a footnote mark, so it says nothing.
    """
    if a.truncated or b.truncated:
        return True
    if a.parts != b.parts:
        return False
    if a.sequel is None and b.sequel is None:
        return True
    if a.sequel is None or b.sequel is None:
        numbered, other = (a, b) if b.sequel is None else (b, a)
        first = numbered.title.rsplit(" ", 1)[0] == other.title
        return not (first and (numbered.sequel or 0) >= 2)
    return a.sequel == b.sequel


def _title_prefix(a: Features, b: Features) -> bool:
    """One title is the start of the other, at least three words long."""
    short, long_ = sorted((a.title, b.title), key=len)
    if len(short) == len(long_) or short.count(" ") < 2:
        return False
    return long_.startswith(short + " ")


#: Least venue similarity at which the words after a title are its venue.
VENUE_AFTER_TITLE = 90.0


def _venue_after_title(a: Features, b: Features) -> bool:
    """One title is the other's followed by the other's venue.

    A reference parser that misses the stop after a title runs the venue
    into it: "Inference of finite automata using homing sequences.
    Information and Computation" beside the same title in Information and
    Computation.
    """
    short, long_ = (a, b) if len(a.title) < len(b.title) else (b, a)
    if len(short.venue) < 8 or short.title.count(" ") < 2:
        return False
    if not long_.title.startswith(short.title + " "):
        return False
    tail = long_.title[len(short.title) + 1 :]
    head = tail[: len(short.venue)]
    return fuzz.ratio(head, short.venue) >= VENUE_AFTER_TITLE


def title_score(a: Features, b: Features) -> float | None:
    """Title similarity 0-100; a truncated title is compared with a prefix.

    A title that runs on into the other record's venue is the same title.
    """
    if not a.title or not b.title:
        return None
    score = fuzz.ratio(a.title, b.title)
    if score < 100 and _venue_after_title(a, b):
        return 100.0
    for left, right in ((a.original, b.title), (a.title, b.original)):
        if left and right:
            score = max(score, fuzz.ratio(left, right))
    for short, other in ((a, b), (b, a)):
        # A title cut to a word or two ("Sediment transport in...") could
        # begin any number of titles, so it is only compared whole.
        if (
            short.truncated
            and len(short.tokens) >= TRUNCATED_WORDS
            and len(short.title) < len(other.title)
        ):
            prefix = other.title[: len(short.title)]
            score = max(score, fuzz.ratio(short.title, prefix))
    return float(score)


def _surnames_agree(left: str, right: str) -> bool:
    if left == right:
        return True
    return Indel.normalized_similarity(left, right) * 100 >= SURNAME_SIMILARITY


def _initials_agree(left: str, right: str) -> bool:
    """First initials agree, or one's first initial is among the other's."""
    return not left or not right or left[0] in right or right[0] in left


def _first_names_agree(left: Person_, right: Person_) -> bool:
    """Given names written out in both agree, one being short for the other.

    "John" and "Jane" share an initial but name two people; "Alex" and
    "Alexander" may name one. Only a first given name that is written out
    on both sides (not "J. Robert") is compared.
    """
    left_names, right_names = left[2].split(), right[2].split()
    if not left_names or not right_names or not left[1] or not right[1]:
        return True
    first, other = left_names[0], right_names[0]
    if first[0] != left[1][0] or other[0] != right[1][0]:
        return True
    return first.startswith(other) or other.startswith(first)


def _person_agrees(left: Person_, right: Person_) -> bool:
    """Same surname, initials and first name, or a surname among given names.

    The second form catches family and given names swapped by a database.
    """
    if _surnames_agree(left[0], right[0]):
        return _initials_agree(left[1], right[1]) and _first_names_agree(left, right)
    return left[0] in right[2].split() or right[0] in left[2].split()


def author_overlap(
    a: Features, b: Features
) -> tuple[float | None, bool | None, bool | None]:
    """Share of the shorter author list found in the longer; same lists; first authors.

    The second tells whether the lists name the same people, as many on each
    side. Each is None when unknown: a list is missing, or (for the lists
    and the first author) known to be partial.
    """
    if not a.authors or not b.authors:
        return None, None, None
    short, long_ = (a, b) if len(a.authors) <= len(b.authors) else (b, a)
    remaining = list(long_.authors)
    found = 0
    for person in short.authors:
        for i, other in enumerate(remaining):
            if _person_agrees(person, other):
                found += 1
                del remaining[i]
                break
    first = lists = None
    if not a.authors_partial and not b.authors_partial:
        first = _person_agrees(a.authors[0], b.authors[0])
        lists = found == len(short.authors) == len(long_.authors)
    return max(found / len(short.authors), _word_overlap(a, b)), lists, first


def _word_overlap(a: Features, b: Features) -> float:
    """Share of one side's name words found in the other's (at least two).

    Shared given names alone ("Peter Draper", "Peter Eston") say nothing,
    nor does a surname alone ("John Smith", "Jane Smith"): the words in
    common must be two or more and include a surname.
    """
    small, large = sorted((a.name_words, b.name_words), key=len)
    if len(small) < 2:
        return 0.0
    shared = small & large
    if len(shared) < 2:
        return 0.0
    surnames = {person[0] for person in a.authors + b.authors}
    if not any(word in surnames for word in shared):
        return 0.0
    return len(shared) / len(small)


_VENUE_STOP = frozenset({"of", "the", "and", "on", "in", "for"})
# Words an abbreviated venue leaves out, in the languages journals are named
# in: "Z. Phys." is "Zeitschrift für Physik".
_VENUE_FUNCTION_WORDS = _VENUE_STOP | {"fur", "der", "des", "die", "das", "und"}
_VENUE_FUNCTION_WORDS |= {"de", "du", "la", "le", "les", "l", "d", "et"}
_VENUE_FUNCTION_WORDS |= {"di", "del", "della", "y"}


def _acronym(venue: str) -> str:
    """Initials of a venue's words, or ``"-"`` for fewer than three words.

    "international conference on information systems" gives "icis".
    """
    words = [w for w in venue.split() if w not in _VENUE_STOP and not w.isdigit()]
    return "".join(w[0] for w in words) if len(words) >= 3 else "-"


#: Longest single word read as a venue's acronym ("acl", "naacl", "uai").
ACRONYM_CHARS = 6


def other_acronym(left: str, right: str) -> bool:
    """Two one-word venues, one acronym-short, neither the start of the other.

    Letters shared by "acl" and "naacl", or "aaai" and "uai", say nothing:
    two acronyms are one venue only when equal, or one abbreviates the
    other ("cytopathol", "cytopathology"). Longer venue names vary too much
    between databases ("BMJ (Online)", "BMJ (Clinical research ed.)") for
    a low similarity to tell two venues apart, so only acronyms do. An
    acronym beside a spelled-out name is not judged either way: "STOC" is
    "ACM Symposium on Theory of Computing", yet "IJCAI" beside "Machine
    Learning" (a journal paper's extended abstract) is let through too.
    """
    if not left or not right or " " in left or " " in right:
        return False
    if min(len(left), len(right)) > ACRONYM_CHARS:
        return False
    return not (left.startswith(right) or right.startswith(left))


def venue_score(left: str, right: str) -> float | None:
    """Venue similarity, letting "j coastal sens" match "journal of coastal sensing"."""
    if not left or not right:
        return None
    score = fuzz.token_set_ratio(left, right)
    if _acronym(left) in right.split() or _acronym(right) in left.split():
        return 100.0
    short, long_ = sorted((left.split(), right.split()), key=len)
    words = [w for w in long_ if w not in _VENUE_FUNCTION_WORDS]
    if short and len(short) <= len(words):
        hits = sum(any(w.startswith(s) for w in words) for s in short)
        score = max(score, 100.0 * hits / max(len(short), len(words)))
    return float(score)


def _links_agree(a: Features, b: Features) -> bool | None:
    """Whether the records' links name one document; None when none share a host.

    Links on a host only one record uses, or naming nothing a digit marks
    as a document, say nothing. The links conflict when every pair of links
    on a shared host names different documents.
    """
    if not a.links or not b.links:
        return None
    if set(a.links) & set(b.links):
        return True
    on_one_host = [(x, y) for x in a.links for y in b.links if x[0] == y[0]]
    if on_one_host and all(links_conflict(x, y) for x, y in on_one_host):
        return False
    return None


def erratum_cited(a: Features, b: Features) -> bool:
    """Either record's title cites the other's volume and first page as its erratum.

    Databases append "[Erratum appears in ... 9(9):2205]" to an article's
    title; the erratum itself often repeats the title word for word.
    """
    return any(
        x.erratum_at[1] != "" and x.erratum_at == (y.volume, y.pages[0])
        for x, y in ((a, b), (b, a))
    )


def _one_is_notice(
    a: Features, b: Features, doi: bool | None, pages: bool | None, volume: bool | None
) -> bool:
    """Whether one record is a notice (erratum, retraction...) about the other.

    A title marked "retracted" beside the unmarked title is the article
    itself when DOI or volume and pages agree, and its notice otherwise.
    """
    if a.notice == b.notice:
        return erratum_cited(a, b)
    if {a.notice, b.notice} == {"retracted", ""}:
        return not (doi is True or (pages is True and volume is not False))
    return True


#: Least count of content words a title cut short must keep to be compared
#: with the start of a longer title.
TRUNCATED_WORDS = 3

#: Least count of content words of a title too long to recur by chance.
LONG_TITLE_WORDS = 4

#: Venue similarity at which a place a record names ("an extended abstract
#: appeared in stoc 93") is the other record's venue.
ELSEWHERE_VENUE = 80.0


def _other_form(a: Features, b: Features) -> bool:
    """Whether the two records are of different known forms of the work.

    Besides two different forms of publication, an extended abstract beside
    a record not marked as one, or a record that says another form of it
    appeared where the other record was published, are two forms.
    """
    if a.form and b.form and a.form != b.form:
        return True
    if a.extended != b.extended:
        return True
    return any(
        x.elsewhere
        and y.venue
        and (venue_score(x.elsewhere, y.venue) or 0.0) >= ELSEWHERE_VENUE
        for x, y in ((a, b), (b, a))
    )


def compare(a: Features, b: Features) -> Evidence:
    """Compare two records field by field.

    Args:
        a: One record's features.
        b: The other's.

    Returns:
        The :class:`Evidence` for the pair.
    """
    authors, lists, first = author_overlap(a, b)
    abstract = None
    if a.abstract and b.abstract:
        abstract = float(fuzz.ratio(a.abstract, b.abstract))
    year_gap = None if a.year is None or b.year is None else abs(a.year - b.year)
    volume, issue = _agree(a.volume, b.volume), _agree(a.issue, b.issue)
    pages = _pages_agree(a.pages, b.pages)
    if _shifted(a, b) or _shifted(b, a):
        volume, issue, pages = True, True, None
    arxiv = _agree(a.arxiv or a.preprint_doi, b.arxiv or b.preprint_doi)
    doi = _agree(a.doi, b.doi)

    return Evidence(
        title=title_score(a, b),
        abstract=abstract,
        authors=authors,
        author_lists=lists,
        first_author=first,
        year_gap=year_gap,
        venue=venue_score(a.venue, b.venue),
        volume=volume,
        issue=issue,
        pages=pages,
        same_range=bool(a.pages[1]) and a.pages == b.pages and a.pages[0] != a.pages[1],
        doi=doi,
        arxiv=arxiv,
        pmid=_agree(a.pmid, b.pmid),
        isbn=_agree(a.isbn, b.isbn),
        edition=_agree(a.edition, b.edition),
        numbers=_numbers_agree(a, b),
        part_of=_part_of(a, b) or _part_of(b, a),
        number=_agree(a.number, b.number),
        version=_agree(a.version, b.version),
        degree=_agree(a.degree, b.degree),
        sequels=_sequels_agree(a, b),
        negated=a.negations != b.negations and not (a.truncated or b.truncated),
        title_prefix=_title_prefix(a, b),
        notice=_one_is_notice(a, b, doi, pages, volume),
        one_preprint=a.preprint != b.preprint and not (b if a.preprint else a).listing,
        other_form=_other_form(a, b),
        same_type=a.type == b.type,
        conference=a.type == b.type == "paper-conference",
        books=a.type == b.type == "book",
        book_and_chapter={a.type, b.type} == {"book", "chapter"},
        generic=a.title in GENERIC_TITLES
        or b.title in GENERIC_TITLES
        or a.column
        or b.column,
        long_title=min(len(a.tokens), len(b.tokens)) >= LONG_TITLE_WORDS,
        bare=not (a.year or b.year or a.venue or b.venue),
        one_bare=a.listing != b.listing,
        other_venue=other_acronym(a.venue, b.venue),
        links=_links_agree(a, b),
    )
