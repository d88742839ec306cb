"""The rules that turn evidence into a decision, as ordered tables.

A pair is first checked against :data:`VETOES`: any veto means the two
records are different works and nothing may join them, not even a chain of
other matches. Otherwise the first rule of :data:`RULES` whose test passes
decides the relation; duplicate rules also need :func:`same_record` to hold.
Pairs that no rule accepts but :data:`REVIEW_RULE` flags go to human review.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pubkit.match.features import Features
from pubkit.match.score import Evidence, compare, erratum_cited

__all__ = [
    "BARE_LISTING",
    "RULES",
    "VETOES",
    "Decision",
    "Rule",
    "could_be_one_record",
    "decide",
    "other_works",
    "veto",
]

Test = Callable[[Evidence], bool]

#: Venue similarity (0-100) below which two venues name different places.
VENUE_AGAINST = 60.0
#: Venue similarity at which two venues count as the same place.
VENUE_AGREES = 80.0
#: Least share of a notice's title that the title of the article it concerns
#: must make up.
NOTICE_COVER = 0.75
#: Least title similarity of any two members of one duplicate group, unless
#: one title is the start of the other; the "same DOI" rule asks as much.
GROUP_TITLE_FLOOR = 70.0
#: Least share of authors two members of one duplicate group must share when
#: both lists are known: "Smith, John" and "Smith, Jane" share none, though
#: "Smith, J." matches either.
GROUP_AUTHORS = 0.01


@dataclass(frozen=True, slots=True)
class Rule:
    """One line of the rule table.

    Attributes:
        name: Short name reported as the evidence's ``rule``.
        relation: ``"duplicate"`` or ``"version"``.
        confidence: How sure a match by this rule is, 0-1.
        test: Whether the rule applies to a pair's evidence.
        strict: A duplicate rule that also needs :func:`same_record`; rules
            on a shared identifier only need :func:`same_form`.
    """

    name: str
    relation: str
    confidence: float
    test: Test
    strict: bool = True


@dataclass(frozen=True, slots=True)
class Decision:
    """The outcome for one pair.

    Attributes:
        relation: ``"duplicate"``, ``"version"``, ``"review"``, ``"erratum"``
            (a notice and the article it corrects) or ``"distinct"``.
        rule: The rule or veto that decided.
        confidence: The rule's confidence, 0 when nothing matched.
    """

    relation: str
    rule: str
    confidence: float


def _at_least(value: float | None, floor: float) -> bool:
    return value is not None and value >= floor


def _authors(ev: Evidence, floor: float) -> bool:
    """Authors agree enough, or are unknown on one side."""
    return ev.authors is None or ev.authors >= floor


def _known_authors(ev: Evidence, floor: float) -> bool:
    return ev.authors is not None and ev.authors >= floor


def _details(ev: Evidence) -> bool:
    """Volume or first page agree: the same physical item."""
    return ev.pages is True or ev.volume is True


def same_record(ev: Evidence) -> bool:
    """Nothing says the two records are different forms or records of the work.

    Besides form, pages and volume, two different venue acronyms ("AAAI",
    "UAI"), or links naming two documents of one library, mean two records.
    Records a year apart must share volume or pages; different author lists
    are not held against them then, as a citation giving a journal article's
    year wrong often shortens its author list too.
    """
    if ev.one_preprint or ev.other_form or ev.other_venue:
        return False
    if ev.pages is False or ev.volume is False or ev.links is False:
        return False
    if ev.issue is False and ev.pages is not True:
        return False
    gap = ev.year_gap
    return gap is None or gap == 0 or (gap == 1 and _details(ev))


def same_form(ev: Evidence) -> bool:
    """Neither a preprint beside a publication, nor years far apart."""
    return not ev.one_preprint and (ev.year_gap is None or ev.year_gap <= 1)


def _title_or_prefix(ev: Evidence, floor: float) -> bool:
    return ev.title is None or ev.title >= floor or ev.title_prefix


def _venue_not_against(ev: Evidence) -> bool:
    """The venues do not name two different places (or one is unknown)."""
    return ev.venue is None or ev.venue >= VENUE_AGAINST


def _venue_agrees(ev: Evidence) -> bool:
    """The venues are known and name the same place."""
    return ev.venue is not None and ev.venue >= VENUE_AGREES


#: Most years between a work's first form and a later one (a conference
#: paper and its journal article) that an exact title can bridge.
LATER_FORM_YEARS = 4


def _years_later(ev: Evidence) -> bool:
    """A later form of the work: the very title and authors, a few years on."""
    return (
        ev.year_gap is not None
        and ev.year_gap <= LATER_FORM_YEARS
        and _at_least(ev.title, 98)
        and _known_authors(ev, 0.8)
        and ev.long_title
        and not ev.generic
    )


def _same_title_and_authors(ev: Evidence) -> bool:
    return _at_least(ev.title, 96) and _known_authors(ev, 0.65) and _generic_ok(ev)


def _same_title_authors_unknown(ev: Evidence) -> bool:
    """The very title, no authors to compare, no venue against it."""
    return (
        _at_least(ev.title, 97)
        and ev.authors is None
        and not ev.generic
        and ev.venue in (None, 100.0)
    )


def _generic_ok(ev: Evidence) -> bool:
    """A generic title ("Preface") needs the same link, or year and page."""
    return not ev.generic or ev.links is True or (ev.year_gap == 0 and _details(ev))


def _same_item(ev: Evidence) -> bool:
    """The same page range of the same volume: one physical item.

    Numbers that differ in the titles of one item are a typing slip
    ("p6INK4a" for "p16INK4a"), not two works.
    """
    return ev.same_range and ev.volume is True


def _other_pages_of_one_venue(ev: Evidence) -> bool:
    """Other pages of the same journal or proceedings: another article there.

    A version is the work in another form or place; two titles a letter
    apart ("W boson" and "Z boson") at two places in one venue, or in one
    venue in one year, are two articles, and a person should look.
    """
    return _venue_agrees(ev) and (ev.pages is False or ev.year_gap == 0)


def other_works(a: Features, b: Features) -> bool:
    """Whether two records are works that no version group may hold together.

    They are two articles of one venue (at other pages, or in one year), or
    two author lists with no one in common ("Wang, Li" and "Wang, Lei"):
    a third record like both, such as a preprint or a listing by initials,
    is a version of one at most.
    """
    ev = compare(a, b)
    if ev.authors is not None and ev.authors < GROUP_AUTHORS:
        return True
    return ev.title != 100.0 and _other_pages_of_one_venue(ev)


#: The veto, and the rule of a link, for a notice and its article.
NOTICE_VETO = "notice and the article it concerns"

#: Facts that make two records different works, whatever else agrees.
#: One article registered twice under two DOIs (a journal republishing it in
#: a later volume) is therefore never merged either.
VETOES: tuple[tuple[str, Test], ...] = (
    ("different DOIs", lambda ev: ev.doi is False),
    ("different PubMed ids", lambda ev: ev.pmid is False),
    ("different ISBNs", lambda ev: ev.isbn is False),
    ("different editions", lambda ev: ev.edition is False),
    (
        "different numbers in the titles",
        lambda ev: ev.numbers is False and not _same_item(ev),
    ),
    ("different report numbers", lambda ev: ev.number is False),
    ("different volumes of a book", lambda ev: ev.books and ev.volume is False),
    ("a book and a chapter", lambda ev: ev.book_and_chapter),
    ("one published in the other", lambda ev: ev.part_of),
    ("different versions", lambda ev: ev.version is False),
    ("theses for different degrees", lambda ev: ev.degree is False),
    ("different preprints", lambda ev: ev.arxiv is False),
    ("different parts or sequels", lambda ev: not ev.sequels),
    ("one title denies the other", lambda ev: ev.negated),
    (NOTICE_VETO, lambda ev: ev.notice),
)

#: The rule of a bare listing beside a record that places the work; see
#: :attr:`pubkit.match.features.Features.listing`.
BARE_LISTING = "same title and authors, one record a bare listing"

#: Matching rules, most certain first; the first that passes decides.
RULES: tuple[Rule, ...] = (
    Rule(
        "same DOI",
        "duplicate",
        0.99,
        lambda ev: ev.doi is True and _title_or_prefix(ev, GROUP_TITLE_FLOOR),
        strict=False,
    ),
    Rule(
        "same PubMed id",
        "duplicate",
        0.99,
        lambda ev: ev.pmid is True and _title_or_prefix(ev, GROUP_TITLE_FLOOR),
        strict=False,
    ),
    Rule(
        "same preprint id",
        "duplicate",
        0.98,
        lambda ev: ev.arxiv is True and _at_least(ev.title, 70),
    ),
    Rule(
        "same title, authors and year",
        "duplicate",
        0.97,
        lambda ev: _same_title_and_authors(ev) and ev.year_gap == 0,
    ),
    Rule(
        "same title, authors and venue",
        "duplicate",
        0.95,
        lambda ev: _same_title_and_authors(ev) and _venue_agrees(ev),
    ),
    Rule(
        "same title and authors, neither dated nor placed",
        "duplicate",
        0.9,
        lambda ev: _same_title_and_authors(ev) and ev.bare,
    ),
    Rule(
        BARE_LISTING,
        "duplicate",
        0.85,
        lambda ev: (
            ev.one_bare
            and _at_least(ev.title, 97)
            and _known_authors(ev, 0.8)
            and ev.long_title
            and not ev.generic
        ),
    ),
    Rule(
        "same title, year, volume and pages",
        "duplicate",
        0.95,
        lambda ev: (
            _at_least(ev.title, 95)
            and ev.year_gap == 0
            and ev.volume is True
            and ev.pages is True
            and _authors(ev, 0.3)
            and not (ev.venue is not None and ev.venue < 60)
        ),
    ),
    Rule(
        "close title, same authors, year and volume or pages",
        "duplicate",
        0.93,
        lambda ev: (
            _at_least(ev.title, 88)
            and _known_authors(ev, 0.67)
            and ev.year_gap == 0
            and (_details(ev) or (ev.issue is True and _at_least(ev.venue, 90)))
        ),
    ),
    Rule(
        "same authors, venue, volume, issue and page range",
        "duplicate",
        0.9,
        lambda ev: (
            ev.title is not None
            and _known_authors(ev, 0.8)
            and ev.year_gap == 0
            and ev.volume is True
            and ev.issue is not False
            and ev.same_range
            and _at_least(ev.venue, 90)
        ),
    ),
    Rule(
        "title without its subtitle, same authors, year and pages",
        "duplicate",
        0.9,
        lambda ev: (
            ev.title_prefix
            and _known_authors(ev, 0.67)
            and ev.year_gap == 0
            and ev.pages is True
        ),
    ),
    Rule(
        "same conference paper, proceedings dated a year apart",
        "duplicate",
        0.85,
        lambda ev: (
            ev.conference
            and _at_least(ev.title, 97)
            and _known_authors(ev, 0.8)
            and ev.year_gap == 1
            and ev.pages is not False
            and ev.volume is not False
            and ev.links is not False
            and ev.author_lists is not False
            and (ev.venue is None or ev.venue >= 90)
        ),
        strict=False,
    ),
    Rule(
        "same title and year, authors unknown",
        "duplicate",
        0.85,
        lambda ev: _same_title_authors_unknown(ev) and ev.year_gap == 0,
    ),
    Rule(
        "same title, authors and year unknown",
        "duplicate",
        0.85,
        lambda ev: _same_title_authors_unknown(ev) and ev.year_gap is None,
    ),
    Rule(
        "preprint and its publication",
        "version",
        0.9,
        lambda ev: (
            ev.one_preprint
            and _at_least(ev.title, 90)
            and _authors(ev, 0.5)
            and (ev.year_gap is None or ev.year_gap <= 2 or _years_later(ev))
        ),
    ),
    Rule(
        "same abstract under another title",
        "version",
        0.9,
        lambda ev: (
            _at_least(ev.abstract, 95)
            and _known_authors(ev, 0.5)
            and ev.pages is not False
        ),
    ),
    Rule(
        "same title and authors in another form",
        "version",
        0.8,
        lambda ev: (
            _at_least(ev.title, 95)
            and _known_authors(ev, 0.67)
            and (ev.year_gap is None or ev.year_gap <= 2 or _years_later(ev))
            and not ev.generic
            and not _other_pages_of_one_venue(ev)
        ),
    ),
)

#: Pairs no rule accepts but that deserve a person's look.
REVIEW_RULE = Rule(
    "similar title, nothing conclusive",
    "review",
    0.5,
    lambda ev: (
        _at_least(ev.title, 85)
        and _authors(ev, 0.5)
        and (ev.year_gap is None or ev.year_gap <= 1)
        and _generic_ok(ev)
    ),
)


#: Records under two DOIs whose title and authors agree: never one record,
#: yet a journal printing an article twice, a DOI registered twice, or a
#: conference paper and its journal article a few years on, is worth a
#: person's look. Short titles are left out, as a column such as
#: "Editorial Notes" recurs under one editor in every issue.
TWO_DOIS_RULE = Rule(
    "same title and authors under two DOIs",
    "review",
    0.5,
    lambda ev: (
        ev.doi is False
        and _at_least(ev.title, 97)
        and _known_authors(ev, 0.8)
        and not ev.generic
        and not ev.notice
        and ev.sequels
        and ev.long_title
        and (
            ev.year_gap is None
            or ev.year_gap <= 1
            or (ev.year_gap <= LATER_FORM_YEARS and (ev.other_form or ev.other_venue))
        )
    ),
)


def veto(ev: Evidence) -> str:
    """The name of the first veto that applies, or ``""``."""
    for name, test in VETOES:
        if test(ev):
            return name
    return ""


def _is_notice_of(a: Features, b: Features) -> bool:
    """Whether one record is the erratum or retraction notice of the other.

    The notice's title must hold the article's title and consist mostly of
    it, so "Erratum: Atypical hemolytic uremic syndrome in adults" is not
    linked to every article titled "Atypical hemolytic uremic syndrome".
    """
    if erratum_cited(a, b):
        return True
    # Beside an article marked "retracted", the other record is the notice;
    # two notices (an erratum and a retraction) are not linked to each other.
    notice, article = (a, b) if a.notice and b.notice in ("", "retracted") else (b, a)
    if article.notice not in ("", "retracted"):
        return False
    if len(article.title) < 20 or article.title not in notice.title:
        return False
    return len(article.title) >= NOTICE_COVER * len(notice.title)


def could_be_one_record(a: Features, b: Features) -> bool:
    """Whether two records may sit in one duplicate group.

    They may when their titles are alike and nothing says they are
    different forms of the work (nor different venues), or when a duplicate
    rule accepts them directly (a shared DOI outweighs a page typo).
    """
    ev = compare(a, b)
    if veto(ev):
        return False
    # Two titles that differ outright, or two author lists with no one in
    # common, are two works, whatever record links them (a book's DOI given
    # to each chapter, a name cut to its initial), unless a rule finds them
    # one record all the same (a title and its translation with the same
    # pages of the same issue).
    alike = _title_or_prefix(ev, GROUP_TITLE_FLOOR) and _authors(ev, GROUP_AUTHORS)
    if alike and same_record(ev) and _venue_not_against(ev):
        return True
    return decide(a, b, ev).relation == "duplicate"


def decide(a: Features, b: Features, ev: Evidence) -> Decision:
    """Decide the relation of two records from their evidence.

    Args:
        a: One record's features.
        b: The other's.
        ev: Their evidence from :func:`pubkit.match.score.compare`.

    Returns:
        The :class:`Decision`.
    """
    vetoed = veto(ev)
    if vetoed:
        if ev.notice and _is_notice_of(a, b):
            return Decision("erratum", NOTICE_VETO, 0.9)
        if TWO_DOIS_RULE.test(ev):
            return Decision("review", TWO_DOIS_RULE.name, TWO_DOIS_RULE.confidence)
        return Decision("distinct", vetoed, 0.0)

    notices = bool(a.notice or b.notice)
    for rule in RULES:
        # Two notices of one article are one record, or two notices.
        if notices and rule.relation == "version":
            continue
        if rule.relation == "duplicate":
            consistent = same_record(ev) if rule.strict else same_form(ev)
            if not consistent:
                continue
        if rule.test(ev):
            return Decision(rule.relation, rule.name, rule.confidence)

    if REVIEW_RULE.test(ev):
        return Decision("review", REVIEW_RULE.name, REVIEW_RULE.confidence)
    return Decision("distinct", "", 0.0)
