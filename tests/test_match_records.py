"""Evidence that two records with one title are two records: venues, links, authors."""

from __future__ import annotations

import pytest

import pubkit
from pubkit.match import deduplicate, find_duplicates
from pubkit.match.normalize import link_key, links_conflict

ACL_2014 = (
    "@inproceedings{acl14, title={Scalable Large-Margin Structured Learning:"
    " Theory and Algorithms}, author={Liang Huang and Kai Zhao and Lemao Liu},"
    " year={2014}, booktitle={ACL},"
    " pdflink={http://aclweb.org/anthology/P14-6002}}\n"
)
ACL_2015 = (
    "@inproceedings{acl15, title={Scalable Large-Margin Structured Learning:"
    " Theory and Algorithms}, author={Liang Huang and Kai Zhao}, year={2015},"
    " booktitle={ACL}, pdflink={http://www.aclweb.org/anthology/P15-5006}}\n"
)
AAAI = (
    "@inproceedings{aaai, title={The Automated Mapping of Plans for Plan"
    " Recognition}, author={Marcus J. Huber and Edmund H. Durfee and Michael P."
    " Wellman}, year={1994}, booktitle={AAAI},"
    " pdflink={https://aaai.org/Papers/AAAI/1994/AAAI94-254.pdf}}\n"
)
UAI = (
    "@inproceedings{uai, title={The Automated Mapping of Plans for Plan"
    " Recognition}, author={Marcus Huber and Edmund Durfee and Michael Wellman},"
    " year={1994}, booktitle={UAI},"
    " pdflink={https://dslpitt.org/papers/94/p344-huber.pdf}}\n"
)


def _relations(text: str) -> list[str]:
    report = find_duplicates(pubkit.loads(text, format="bibtex"))
    return [g.relation for g in report.groups]


def test_tutorial_given_in_two_years_is_not_one_record() -> None:
    """Same title a year apart, other author list and anthology id: no duplicate."""
    assert _relations(ACL_2014 + ACL_2015) == ["version"]
    merged, _ = deduplicate(pubkit.loads(ACL_2014 + ACL_2015, format="bibtex"))
    assert [p.id for p in merged] == ["acl14", "acl15"]


def test_same_authors_a_year_apart_with_other_anthology_ids() -> None:
    """With the same authors, two anthology ids still keep two records apart."""
    other = ACL_2015.replace("Kai Zhao}", "Kai Zhao and Lemao Liu}")
    assert _relations(ACL_2014 + other) == ["version"]


def test_two_venue_acronyms_keep_one_title_apart() -> None:
    """The AAAI and UAI papers of one year and title are versions; both survive."""
    assert _relations(AAAI + UAI) == ["version"]
    merged, _ = deduplicate(pubkit.loads(AAAI + UAI, format="bibtex"))
    assert [(p.id, p.container_title) for p in merged] == [
        ("aaai", "AAAI"),
        ("uai", "UAI"),
    ]
    assert merged[1].source_fields["pdflink"] == (
        "https://dslpitt.org/papers/94/p344-huber.pdf"
    )


def test_acronym_inside_another_is_another_venue() -> None:
    """ACL and NAACL share letters, not a venue: the records are not duplicates."""
    naacl = AAAI.replace("{AAAI}", "{NAACL}").replace("aaai,", "naacl,")
    acl = AAAI.replace("{AAAI}", "{ACL}").replace("aaai,", "acl,")
    strip = "pdflink={https://aaai.org/Papers/AAAI/1994/AAAI94-254.pdf}"
    assert _relations((naacl + acl).replace(strip, "note={x}")) == ["version"]


def test_two_library_ids_keep_undated_records_apart() -> None:
    """Undated records with two digital-library ids are versions at most."""
    text = "".join(
        f"@inproceedings{{k{i}, author={{Shan Lu and Weihang Jiang}}, title={{A"
        " study of interleaving coverage criteria}, pdflink={https://dl.acm.org/"
        f"ft_gateway.cfm?id={doc}&ftid={460000 + i}&dwn=1}}}}\n"
        for i, doc in enumerate((1287703, 1295034))
    )
    assert _relations(text) == ["version"]


def test_landing_page_and_pdf_of_one_paper_are_duplicates() -> None:
    """A link to the landing page and one to its PDF name one document."""
    pdf = ACL_2014.replace("acl14,", "copy,").replace("P14-6002", "P14-6002.pdf")
    assert _relations(ACL_2014 + pdf) == ["duplicate"]


@pytest.mark.parametrize(
    ("left", "right", "conflict"),
    [
        (
            "http://aclweb.org/anthology/P14-6002",
            "http://www.aclweb.org/anthology/P15-5006",
            True,
        ),
        (
            "http://aclweb.org/anthology/P14-6002",
            "https://www.aclweb.org/anthology/P14-6002.pdf",
            False,
        ),
        (
            "https://dl.acm.org/ft_gateway.cfm?id=1287703&ftid=460502",
            "https://dl.acm.org/ft_gateway.cfm?id=1295034&ftid=473151",
            True,
        ),
        (
            "https://openreview.net/pdf?id=HJ5",
            "https://openreview.net/forum?id=HJ5",
            False,
        ),
        (
            "https://aaai.org/Papers/AAAI94-254.pdf",
            "https://dslpitt.org/p344.pdf",
            False,
        ),
    ],
)
def test_links_conflict(left: str, right: str, conflict: bool) -> None:
    """Links on one host conflict when a query id or a numbered name differs."""
    a, b = link_key(left), link_key(right)
    assert a is not None and b is not None
    assert links_conflict(a, b) is conflict


def test_link_key_reads_host_name_and_query() -> None:
    """A link's key drops www. and the extension; an arXiv link has none."""
    assert link_key("http://www.aclweb.org/anthology/P15-5006.pdf") == (
        "aclweb.org",
        "p15-5006",
        (),
    )
    assert link_key("https://arxiv.org/abs/1611.00042v2") is None
    assert link_key("not a link") is None
