"""Notices: errata, retractions and expressions of concern, as titled.

Publishers and databases title them in many forms; each is linked to its
article and never merged with it.
"""

from __future__ import annotations

import pytest

from pubkit.match import find_duplicates
from pubkit.match.normalize import fold, notice_kind, notice_subject
from pubkit.model import Date, Person, Publication

TITLE = "Seasonal drift of estuarine sediment plumes in tidal inlets"
AUTHORS = (Person(family="Quill", given="Rosa"), Person(family="Marsh", given="Ed M."))


def _pub(pid: str, title: str, **fields: object) -> Publication:
    base: dict[str, object] = {
        "id": pid,
        "type": "article-journal",
        "title": title,
        "author": AUTHORS,
        "issued": Date((2014,)),
        "container_title": "Coastal Dynamics Review",
        "volume": "12",
        "page": "100-110",
    }
    base.update(fields)
    return Publication(**base)  # type: ignore[arg-type]


ARTICLE = _pub("article", TITLE)

# Each title as a publisher or database gives it, with the kind it announces.
NOTICES = [
    (f"Erratum: {TITLE}", "erratum"),
    (f"Erratum to: {TITLE}", "erratum"),
    (f"Correction to: {TITLE}", "erratum"),
    (f"Publisher Correction: {TITLE}", "erratum"),
    (f"Author Correction: {TITLE}", "erratum"),
    (f"Addendum: {TITLE}", "erratum"),
    (f"{TITLE} - Erratum", "erratum"),
    (f"Corrigendum to “{TITLE}” [Coastal Dyn. Rev. 12 (2014) 100–110]", "erratum"),
    (f"{TITLE} (vol 12, pg 100, 2014)", "erratum"),
    (f"Retraction Note: {TITLE}", "retraction"),
    (f"Notice of Retraction: {TITLE}", "retraction"),
    (
        f"Retraction notice to “{TITLE}” [Coastal Dyn. Rev. 12 (2014) 100–110]",
        "retraction",
    ),
    (f"{TITLE} (Retraction of vol 12, pg 100, 2014)", "retraction"),
    (f"Expression of Concern: {TITLE}", "concern"),
    (f"Retracted: {TITLE}", "retracted"),
    (f"WITHDRAWN: {TITLE}", "retracted"),
]


@pytest.mark.parametrize(("title", "kind"), NOTICES)
def test_notice_kind(title: str, kind: str) -> None:
    """Every form is read as the notice it is."""
    assert notice_kind(title) == kind


@pytest.mark.parametrize(("title", "kind"), NOTICES)
def test_notice_is_linked_to_its_article_not_merged(title: str, kind: str) -> None:
    """A notice of a later issue is linked to the article, in no group."""
    notice = _pub("notice", title, issued=Date((2015,)), volume="13", page="5")
    report = find_duplicates([ARTICLE, notice])
    assert report.groups == ()
    assert [(p.a, p.b, p.relation) for p in report.links] == [(0, 1, "erratum")]


def test_notice_subject_drops_the_announcing_words() -> None:
    """The words that announce a notice are not part of the article's title."""
    folded = fold(TITLE)
    assert notice_subject(fold(f"Retraction note to: {TITLE}")) == folded
    assert notice_subject(fold(f"Notice of retraction {TITLE}")) == folded
    assert notice_subject(fold(f"{TITLE} - corrigendum")) == folded
    assert notice_subject("erratum") == "erratum"


@pytest.mark.parametrize("mark", ["RETRACTED: ", "RETRACTED ARTICLE: ", "Withdrawn: "])
def test_article_marked_retracted_is_the_article(mark: str) -> None:
    """With the article's DOI, volume and pages, a "RETRACTED:" title is the article."""
    marked = _pub("marked", mark + TITLE)
    report = find_duplicates([ARTICLE, marked])
    assert [(g.relation, g.members) for g in report.groups] == [("duplicate", (0, 1))]
    assert report.links == ()


def test_database_notes_mark_the_article_itself() -> None:
    """MEDLINE's "[Retraction in: ...]" notes mark the article, not a notice."""
    for note in (
        "[Retraction in: Coast Dyn Rev. 2015;13:5]",
        "[Expression of Concern in: X]",
    ):
        assert notice_kind(f"{TITLE}. {note}") == ""
        noted = _pub("noted", f"{TITLE}. {note}")
        report = find_duplicates([ARTICLE, noted])
        assert [g.relation for g in report.groups] == ["duplicate"]


def test_a_note_saying_erratum_makes_a_notice() -> None:
    """``note = {Erratum}`` on a record titled like its article is its erratum."""
    noted = _pub(
        "noted", TITLE, issued=Date((2015,)), volume="13", page="7", note="Erratum"
    )
    report = find_duplicates([ARTICLE, noted])
    assert report.groups == ()
    assert [(p.a, p.b, p.rule) for p in report.links] == [
        (0, 1, "notice and the article it concerns")
    ]


def test_two_notices_of_one_article_are_neither_linked_nor_versions() -> None:
    """An erratum and a retraction of one article are each linked to it alone."""
    erratum = _pub("e", f"Correction to: {TITLE}", issued=Date((2015,)), page="3")
    retraction = _pub("r", f"Retraction Note: {TITLE}", issued=Date((2016,)), page="2")
    report = find_duplicates([ARTICLE, erratum, retraction])
    assert report.groups == ()
    assert sorted((p.a, p.b) for p in report.links) == [(0, 1), (0, 2)]


def test_a_book_review_is_linked_to_the_book_not_merged() -> None:
    """A review titled or noted as one concerns the book; it is not its version.

    The same review recorded both ways is one record.
    """
    book = _pub("book", TITLE, type="book", container_title="", volume="", page="")
    noted = _pub("noted", TITLE, issued=Date((2015,)), note="Book review")
    titled = _pub("titled", f"Book review: {TITLE}", issued=Date((2015,)))
    report = find_duplicates([book, noted, titled])
    assert [(g.relation, g.members) for g in report.groups] == [("duplicate", (1, 2))]
    assert sorted((p.a, p.b) for p in report.links) == [(0, 1), (0, 2)]
