"""Forms of publication, field slips and chains through incomplete records."""

from __future__ import annotations

import pytest

from pubkit.match import find_duplicates
from pubkit.match.normalize import publication_form
from pubkit.model import Date, Person, Publication

AUTHORS = (Person(family="Kearns", given="M."), Person(family="Li", given="M."))
TITLE = "Learning in the presence of malicious errors"


def _pub(pid: str, **fields: object) -> Publication:
    base: dict[str, object] = {"type": "article", "title": TITLE, "author": AUTHORS}
    base.update(fields)
    return Publication(id=pid, **base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("item_type", "venue", "form"),
    [
        ("article", "in proc 20th annu acm sympos theory comput", "conference"),
        ("article", "siam j comput", "journal"),
        ("article", "technical report ucsc crl 87 26", "report"),
        ("article", "unpublished manuscript", "manuscript"),
        ("article", "masters thesis", "thesis"),
        ("article", "machine learning", ""),
        ("paper-conference", "siam j comput", "conference"),
    ],
)
def test_publication_form(item_type: str, venue: str, form: str) -> None:
    """A specific type decides the form; otherwise words of the venue do."""
    assert publication_form(item_type, venue) == form


def test_conference_paper_and_journal_article_are_versions() -> None:
    """Same title and authors in a proceedings and a journal: versions, not one."""
    conf = _pub(
        "c",
        issued=Date((1993,)),
        container_title="Proceedings of the 20th ACM Symposium on Theory of Computing",
    )
    journal = _pub("j", issued=Date((1993,)), container_title="SIAM J. Comput.")
    report = find_duplicates([conf, journal])
    assert [g.relation for g in report.groups] == ["version"]


def test_bare_record_does_not_chain_two_forms_into_one_record() -> None:
    """A record without year or venue joins at most one form of the work."""
    conf = _pub(
        "c",
        issued=Date((1988,)),
        container_title="Proc. 20th Annu. ACM Sympos. Theory Comput.",
        page="267-280",
    )
    journal = _pub(
        "j",
        issued=Date((1993,)),
        container_title="SIAM Journal on Computing",
        volume="22",
        page="807-837",
    )
    bare = _pub("b")
    report = find_duplicates([conf, bare, journal])
    duplicates = [g.members for g in report.groups if g.relation == "duplicate"]
    assert all(not {0, 2} <= set(members) for members in duplicates)


def test_two_bare_records_with_one_title_are_duplicates() -> None:
    """Two records with only title and authors, both alike, are one record."""
    report = find_duplicates([_pub("a"), _pub("b")])
    assert [(g.relation, g.members) for g in report.groups] == [("duplicate", (0, 1))]


def test_bare_record_against_dated_venue_is_not_a_duplicate() -> None:
    """A bare record is not a duplicate of one whose venue and year it lacks."""
    full = _pub("f", issued=Date((1993,)), container_title="Machine Learning")
    report = find_duplicates([full, _pub("b")])
    assert [g.relation for g in report.groups] == ["version"]


def test_fields_shifted_by_one_still_match() -> None:
    """Volume 26 issue 9 written as issue 26 page 9 is the same record."""
    common = {"type": "article-journal", "issued": Date((2011,))}
    left = _pub("l", issue="26", page="9", container_title="Pediatr Nephrol", **common)
    right = _pub(
        "r",
        volume="26",
        issue="9",
        page="1746",
        container_title="Pediatric Nephrology",
        **common,
    )
    report = find_duplicates([left, right])
    assert [g.relation for g in report.groups] == ["duplicate"]


def test_year_as_volume_and_month_as_issue() -> None:
    """A year given as volume is ignored and "May" agrees with issue 5."""
    common = {"type": "article-journal", "issued": Date((2016,))}
    left = _pub("l", volume="2016", issue="May", container_title="HBR", **common)
    right = _pub(
        "r",
        title="How did it ... " + TITLE,
        volume="94",
        issue="5",
        page="35+",
        container_title="HBR",
        **common,
    )
    report = find_duplicates([left, right])
    assert [g.relation for g in report.groups] == ["duplicate"]
