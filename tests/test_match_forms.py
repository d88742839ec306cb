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


@pytest.mark.parametrize(
    ("venue", "note", "form"),
    [
        ("", "unpublished manuscript available at http www att com", "manuscript"),
        ("", "to appear journal of computer and system sciences", "journal"),
        ("", "to appear in proc 28th acm stoc", "conference"),
        ("machine learning", "submitted", "manuscript"),
        ("", "technical report tr 14 88", "report"),
        ("", "in press", ""),
        ("", "see the appendix for proofs", ""),
        ("siam j comput", "unpublished manuscript", "journal"),
    ],
)
def test_status_note_tells_the_form(venue: str, note: str, form: str) -> None:
    """Without a telling type or venue, a note that opens with a status does."""
    assert publication_form("article", venue, note) == form


def test_unpublished_manuscript_and_the_article_are_versions() -> None:
    """Cora's "unpublished manuscript" and the journal article: two forms."""
    manuscript = _pub("m", issued=Date((1996,)), note="Unpublished manuscript.")
    article = _pub(
        "a",
        issued=Date((1996,)),
        container_title="Journal of Computer and System Sciences",
    )
    report = find_duplicates([manuscript, article])
    assert [g.relation for g in report.groups] == ["version"]


def test_extended_abstract_and_the_paper_are_versions() -> None:
    """A title marked "(Extended Abstract)" is another form of the paper."""
    common = {"type": "paper-conference", "issued": Date((2017,))}
    short = _pub(
        "s", title=TITLE + " (Extended Abstract)", container_title="IJCAI", **common
    )
    full = _pub("f", container_title="IJCAI", **common)
    again = _pub("r", title=TITLE + ": extended abstract", **common)
    report = find_duplicates([short, full, again])
    relations = sorted((g.relation, sorted(g.members)) for g in report.groups)
    assert relations == [("duplicate", [0, 2]), ("version", [0, 1, 2])]


def test_record_naming_where_its_abstract_appeared_is_not_that_record() -> None:
    """A record saying "an extended abstract appeared in STOC" is the full version."""
    stoc = "Proceedings of the 25th ACM Symposium on Theory of Computing"
    full = _pub(
        "full",
        issued=Date((1993,)),
        note=f"An extended abstract appeared in {stoc}.",
    )
    abstract = _pub("stoc", issued=Date((1993,)), container_title=stoc)
    other_full = _pub(
        "copy",
        title=TITLE + ". A preliminary version appeared in STOC 1993",
        issued=Date((1993,)),
    )
    report = find_duplicates([full, abstract, other_full])
    relations = sorted((g.relation, sorted(g.members)) for g in report.groups)
    assert relations == [("duplicate", [0, 2]), ("version", [0, 1, 2])]


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
