"""Forms of publication, field slips and chains through incomplete records."""

from __future__ import annotations

import dataclasses

import pytest

from pubkit.match import DuplicateReport, find_duplicates
from pubkit.match.normalize import publication_form, web_copy
from pubkit.model import Date, Person, Publication

AUTHORS = (Person(family="Kearns", given="M."), Person(family="Li", given="M."))
TITLE = "Learning in the presence of malicious errors"


def _relations(report: DuplicateReport) -> list[tuple[str, list[int]]]:
    """Each group's relation and members, sorted."""
    return sorted((g.relation, sorted(g.members)) for g in report.groups)


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
        ("", "available at http www research att com yoav", "manuscript"),
        ("", "from the web site http www cs edu", "manuscript"),
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


@pytest.mark.parametrize(
    ("folded", "expected"),
    [
        (
            "learning to rank at web site http www research att com people",
            ("learning to rank", True),
        ),
        (
            "learning to rank available from ftp ftp cs edu pub",
            ("learning to rank", True),
        ),
        ("voting on the internet", ("voting on the internet", False)),
        ("trust at web sites", ("trust at web sites", False)),
        ("www and the semantic web", ("www and the semantic web", False)),
    ],
)
def test_web_copy_needs_an_address(folded: str, expected: tuple[str, bool]) -> None:
    """A title's tail naming a web address is cut off; words about the web stay."""
    assert web_copy(folded) == expected


def test_copy_at_a_web_site_and_the_forthcoming_article_are_versions() -> None:
    """Cora cites one paper as a web-site copy and as "to appear" in a journal.

    Both say where the extended abstract appeared and give that paper's pages,
    but one is the author's copy and the other the journal's article.
    """
    common = {"issued": Date((1995,)), "page": "23-37", "publisher": "Springer"}
    web = _pub(
        "web",
        title=TITLE + "', at web site: http://www.research.att.com/yoav. An extended"
        " abstract appears in the Proceedings of the Second European Conference",
        **common,
    )
    journal = _pub(
        "jcss",
        container_title="Journal of Computer and System Sciences",
        note="To appear. An extended abstract appeared in EuroCOLT '95",
        **common,
    )
    manuscript = _pub(
        "ms",
        issued=Date((1995,)),
        note="Unpublished manuscript (available at http://x.org)",
    )
    report = find_duplicates([web, journal, manuscript])
    assert _relations(report) == [("duplicate", [0, 2]), ("version", [0, 1, 2])]


def test_extended_abstract_and_the_paper_are_versions() -> None:
    """A title marked "(Extended Abstract)" is another form of the paper."""
    common = {"type": "paper-conference", "issued": Date((2017,))}
    short = _pub(
        "s", title=TITLE + " (Extended Abstract)", container_title="IJCAI", **common
    )
    full = _pub("f", container_title="IJCAI", **common)
    again = _pub("r", title=TITLE + ": extended abstract", **common)
    report = find_duplicates([short, full, again])
    assert _relations(report) == [("duplicate", [0, 2]), ("version", [0, 1, 2])]


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
    assert _relations(report) == [("duplicate", [0, 2]), ("version", [0, 1, 2])]


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


def test_bare_listing_is_a_duplicate_of_the_one_form_it_could_be() -> None:
    """A record of title and authors alone is the dated, placed record's duplicate.

    Beside two forms of the work it could be either: all three are versions,
    whatever order they come in.
    """
    full = _pub("f", issued=Date((1993,)), container_title="Machine Learning")
    report = find_duplicates([full, _pub("b")])
    assert [(g.relation, g.members) for g in report.groups] == [("duplicate", (0, 1))]

    conference = _pub(
        "c", issued=Date((1991,)), container_title="Proc. 8th Machine Learning Conf."
    )
    for order in ([full, _pub("b"), conference], [conference, _pub("b"), full]):
        report = find_duplicates(order)
        assert _relations(report) == [("version", [0, 1, 2])]
        assert {p.rule for p in report.groups[0].pairs} >= {
            "same title and authors, one record a bare listing, "
            "which matches several forms"
        }


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


def _entry(kind: str, key: str, **fields: object) -> str:
    """One BibTeX entry; a value is braced unless it is a number."""
    body = ", ".join(
        f"{name} = {value}" if isinstance(value, int) else f"{name} = {{{value}}}"
        for name, value in fields.items()
    )
    return f"@{kind}{{{key}, {body}}}\n"


def _groups(*entries: str) -> list[tuple[str, list[str]]]:
    """The groups (relation, sorted member ids) found in BibTeX entries."""
    import pubkit

    lib = pubkit.loads("".join(entries), format="bibtex")
    report = lib.find_duplicates()
    return sorted(
        (g.relation, sorted(lib[m].id for m in g.members)) for g in report.groups
    )


DENG = {"author": "Deng, Xinyan", "year": 2006, "journal": "TRO"}


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Flapping flight (Part 1)", "Flapping flight (Part 2)"),
        ("Dynamics of tidal inlets (I)", "Dynamics of tidal inlets (II)"),
        ("Tidal power cells (fourth report)", "Tidal power cells (fifth report)"),
        ("Copper(I) oxide in estuaries", "Copper(II) oxide in estuaries"),
        ("2nd Workshop on Tidal Software", "3rd Workshop on Tidal Software"),
        ("Second Workshop on Tidal Software", "Third Workshop on Tidal Software"),
        ("Key coastal issues 2011-2012", "Key coastal issues 2012-2013"),
    ],
)
def test_titles_with_different_numbers_are_different_works(
    first: str, second: str
) -> None:
    """Whatever else agrees, two different numbers in the titles mean two works."""
    a = _entry("article", "a", title=first, **DENG)
    assert _groups(a, _entry("article", "b", title=second, **DENG)) == []


def test_numbers_that_differ_by_a_typing_slip_on_one_item_still_match() -> None:
    """Same volume and page range: "p6INK4a" is a slip for "p16INK4a"."""
    common = {"author": "Quill, Rosa", "year": 2010, "volume": 21, "pages": "30--36"}
    a = _entry("article", "a", title="p16(INK4a) expression in CIN 2", **common)
    b = _entry("article", "b", title="p6INK4a expression in CIN 2", **common)
    assert _groups(a, b) == [("duplicate", ["a", "b"])]


def test_a_number_lost_to_truncation_is_not_held_against_a_record() -> None:
    """A title cut before its last number is not a different work."""
    common = {"author": "Syrjanen, K", "year": 2011, "volume": 32, "pages": "17--33"}
    title = "Persistent HPV infections as surrogate endpoints in trials of HPV 16/18"
    a = _entry("article", "a", title=f"{title} vaccines", **common)
    b = _entry("article", "b", title=title[:-3], **common)
    assert _groups(a, b) == [("duplicate", ["a", "b"])]


def test_report_numbers_and_software_versions_tell_records_apart() -> None:
    """Two reports numbered 4 and 5, two releases of one program: four works."""
    report = {"title": "Tidal power cells", "author": "Trivich, D.", "year": 1976}
    agda = {"title": "Agda", "author": "{Agda Team}", "year": 2020}
    assert (
        _groups(
            _entry("techreport", "r4", number="TR-4", **report),
            _entry("techreport", "r5", number="TR-5", **report),
            _entry("software", "a1", version="2.6.1.3", **agda),
            _entry("software", "a2", version="2.6.2.1", **agda),
        )
        == []
    )


def test_chapters_sharing_their_book_s_blurb_are_not_versions() -> None:
    """Same abstract, different chapters and authors, and the book itself."""
    blurb = (
        "This volume gathers studies of guano, sugar and cotton in the world "
        "economy, tracing how ecological exchange shaped empires over centuries."
    )
    book = {"booktitle": "Ecology and Power", "year": 2012, "abstract": blurb}
    assert (
        _groups(
            _entry(
                "incollection",
                "c1",
                title="Guano",
                author="Clark, B.",
                pages="1--20",
                **book,
            ),
            _entry(
                "incollection",
                "c2",
                title="Sugar",
                author="Hornborg, A.",
                pages="21--40",
                **book,
            ),
            _entry(
                "book",
                "b",
                title="Ecology and Power",
                editor="Hornborg, A. and Clark, B.",
                year=2012,
                abstract=blurb,
            ),
        )
        == []
    )


def test_a_crossref_child_is_not_a_duplicate_of_its_parent() -> None:
    """An entry inheriting all from its parent shares its fields, not its identity."""
    parent = _entry("software", "agda", title="Agda", author="{Agda Team}", year=2020)
    assert _groups(parent, _entry("software", "agda2", crossref="agda")) == []


def test_shared_given_names_are_no_shared_author() -> None:
    """Peter Draper and Peter Eston are different authors of one template title."""
    common = {"title": "The title of the work", "year": 1993, "volume": 4}
    assert (
        _groups(
            _entry("inproceedings", "c", author="Draper, Peter", pages="213", **common),
            _entry("inbook", "i", author="Eston, Peter", pages="201--213", **common),
        )
        == []
    )


def test_journal_version_a_few_years_after_the_conference_is_a_version() -> None:
    """COLT 2011 and JMLR 2014 under one exact title and author: a version."""
    common = {
        "title": "Contextual bandits with similarity information",
        "author": "Slivkins, Aleksandrs",
    }
    assert _groups(
        _entry("inproceedings", "c", booktitle="COLT", year=2011, **common),
        _entry("article", "j", journal="JMLR", volume=15, year=2014, **common),
    ) == [("version", ["c", "j"])]


def test_a_title_cut_to_two_words_matches_nothing() -> None:
    """A title cut to "Sediment transport in…" could begin any title."""
    common = {"author": "Quill, Rosa", "journal": "Coastal Review", "year": 2019}
    cut = _entry("article", "t", title="Sediment transport in…", **common)
    whole = _entry("article", "u", title="Sediment transport in estuaries", **common)
    assert all(relation != "duplicate" for relation, _ in _groups(cut, whole))


def test_generic_titles_with_one_link_are_one_record() -> None:
    """Two "Preface" records naming the same PDF are one record."""
    common = {
        "title": "Preface",
        "author": "Quill, Rosa",
        "booktitle": "AAAI",
        "year": 1986,
        "pdflink": "https://aaai.org/Papers/AAAI/1986/AAAI86-001.pdf",
    }
    one = _entry("inproceedings", "p1", **common)
    assert _groups(one, _entry("inproceedings", "p2", **common)) == [
        ("duplicate", ["p1", "p2"])
    ]


def test_volumes_of_a_book_are_different_works() -> None:
    """Volume 1 and volume 2 of one title are two books, not versions."""
    common = {"title": "A history of tides", "author": "Quill, Rosa"}
    assert (
        _groups(
            _entry("book", "v1", volume=1, year=2001, **common),
            _entry("book", "v2", volume=2, year=2002, **common),
        )
        == []
    )


def test_editorial_columns_of_two_years_are_not_versions() -> None:
    """An editorial column recurs each year; one issue's copies match."""
    common = {"title": "Editorial: A new year for the journal", "author": "Quill, Rosa"}
    assert _groups(
        _entry("article", "e1", year=2019, volume=4, pages="1", **common),
        _entry("article", "e2", year=2020, volume=5, pages="1", **common),
        _entry("article", "e3", year=2020, volume=5, pages="1--2", **common),
    ) == [("duplicate", ["e2", "e3"])]


def test_title_run_into_its_venue_is_the_title() -> None:
    """A parser that missed the stop after a title ran the venue into it."""
    authors = (Person(family="Rivest", given="R. L."), Person(family="Schapire"))
    title = "Inference of finite automata using homing sequences"
    article = Publication(
        id="ic",
        type="article",
        title=title,
        author=authors,
        issued=Date((1993,)),
        container_title="Information and Computation",
        volume="103",
        page="299-347",
    )
    run_on = Publication(
        id="run-on",
        type="article",
        title=title + ". Information and Computation",
        author=authors,
        issued=Date((1993,)),
    )
    other_venue = Publication(
        id="other",
        type="article",
        title=title + ". Machine Learning",
        author=authors,
        issued=Date((1993,)),
    )
    report = find_duplicates([article, run_on, other_venue])
    duplicates = [g.members for g in report.groups if g.relation == "duplicate"]
    assert duplicates == [(0, 1)]


def test_two_articles_of_one_volume_are_not_versions() -> None:
    """Titles a letter apart at two places in one journal volume: review only."""
    team = (Person(family="Kim", given="A."), Person(family="Lopez", given="B."))
    common = {
        "type": "article-journal",
        "author": team,
        "issued": Date((2022,)),
        "container_title": "Phys. Rev. D",
        "volume": "105",
    }
    w = Publication(
        id="w",
        title="Precision measurement of the W boson mass with the upgraded tracker",
        page="012001",
        **common,  # type: ignore[arg-type]
    )
    z = Publication(
        id="z",
        title="Precision measurement of the Z boson mass with the upgraded tracker",
        page="012002",
        **common,  # type: ignore[arg-type]
    )
    report = find_duplicates([w, z])
    assert report.groups == ()
    assert [(p.a, p.b) for p in report.review] == [(0, 1)]


@pytest.mark.parametrize("mark", [" II", " (II)", " 2", ": 2"])
def test_a_title_and_its_numbered_sequel_are_two_works(mark: str) -> None:
    """A title and the same title numbered II are a series' first paper and the next."""
    first = _pub(
        "first",
        title="Point defects and transport in oxides",
        issued=Date((1995,)),
        container_title="Journal of Solid Chemistry",
    )
    sequel = dataclasses.replace(
        first, id="next", title=first.title + mark, issued=Date((1996,))
    )
    report = find_duplicates([first, sequel])
    assert report.groups == ()


def test_scholar_arxiv_venue_and_an_eprint_record_are_one_preprint() -> None:
    """Google Scholar's "arXiv preprint arXiv:…" journal and @misc with eprint."""
    import pubkit

    records = pubkit.loads(
        """
        @article{gs, title={Learning tidal operators with graph networks},
          author={Doe, Jane and Roe, Rick},
          journal={arXiv preprint arXiv:2101.01234}, year={2021}}
        @misc{ax, title={Learning Tidal Operators with Graph Networks},
          author={Jane Doe and Rick Roe}, eprint={2101.01234v1},
          archivePrefix={arXiv}, primaryClass={cs.LG}, year={2021}}
        """,
        format="bibtex",
    )
    report = find_duplicates(records)
    assert [(g.relation, g.members) for g in report.groups] == [("duplicate", (0, 1))]


def test_a_title_that_denies_the_other_is_another_work() -> None:
    """A title saying "X is not all you need" answers "X is all you need"."""
    team = (Person(family="Vaswani", given="A."), Person(family="Smith", given="B."))
    paper = Publication(
        id="v",
        type="article",
        title="Attention is all you need",
        author=team,
        arxiv="1706.03762",
        issued=Date((2017,)),
    )
    reply = dataclasses.replace(
        paper, id="n", title="Attention is not all you need", arxiv=""
    )
    report = find_duplicates([paper, reply])
    assert (report.groups, report.review) == ((), ())


def test_a_preprint_like_two_articles_of_one_volume_is_a_version_of_one() -> None:
    """Two articles of one volume never become one work through a preprint."""
    team = (Person(family="Chen", given="Li"), Person(family="Gupta", given="Ravi"))
    common = {"type": "article-journal", "author": team, "issued": Date((2021,))}
    lancet = {"container_title": "The Lancet", "volume": "397", **common}
    preprint = Publication(
        id="r1",
        title="Vitamin D supplementation reduces fracture risk in older adults",
        container_title="medRxiv",
        doi="10.1101/2020.05.05.20092254",
        **common,  # type: ignore[arg-type]
    )
    adults = Publication(
        id="r2",
        title="Vitamin D supplementation reduces fracture risk in adults",
        page="100-108",
        **lancet,  # type: ignore[arg-type]
    )
    women = Publication(
        id="r3",
        title="Vitamin D supplementation reduces fracture risk in older women",
        page="200-208",
        **lancet,  # type: ignore[arg-type]
    )
    report = find_duplicates([preprint, adults, women])
    assert all(not {1, 2} <= set(g.members) for g in report.groups)
    assert any((p.a, p.b) == (1, 2) for p in report.review)


def test_titles_a_word_apart_in_one_journal_and_year_are_for_review() -> None:
    """'Wave-driven setup' and 'setdown' in one journal and year: two articles."""
    first = _pub(
        "f1",
        type="article-journal",
        title="Wave-driven setup on coral reefs with steep fore-reef slopes",
        container_title="Coastal Engineering",
        issued=Date((2016,)),
    )
    second = dataclasses.replace(
        first,
        id="f2",
        title="Wave-driven setdown on coral reefs with steep fore-reef slopes",
    )
    report = find_duplicates([first, second])
    assert report.groups == ()
    assert [(p.a, p.b) for p in report.review] == [(0, 1)]


def test_first_names_written_out_tell_two_people_apart() -> None:
    """John Smith and Jane Smith share an initial, not a name."""
    title = "Machine learning for materials discovery"
    john = _pub("c", title=title, author=(Person(family="Smith", given="John"),))
    jane = dataclasses.replace(
        john, id="d", author=(Person(family="Smith", given="Jane"),)
    )
    initial = dataclasses.replace(
        john, id="e", author=(Person(family="Smith", given="J."),)
    )
    report = find_duplicates([john, jane, initial])
    duplicates = [set(g.members) for g in report.groups if g.relation == "duplicate"]
    assert {0, 1} not in duplicates and not any({0, 1} <= g for g in duplicates)
    assert any({0, 2} <= g for g in duplicates)


def test_an_article_cited_by_its_arxiv_link_is_the_preprint() -> None:
    """An @article with an arXiv URL and no journal is the eprint record's duplicate."""
    import pubkit

    records = pubkit.loads(
        """
        @article{x1, author={Ng, Andrew and Jordan, Michael},
          title={On discriminative vs. generative classifiers},
          journal={arXiv}, eprint={2101.00001v1}, archivePrefix={arXiv}, year=2021}
        @article{x3, author={Ng, Andrew and Jordan, Michael},
          title={On discriminative vs. generative classifiers},
          url={https://arxiv.org/abs/2101.00001}, year=2021}
        @misc{r1, title={Results}}
        @misc{r2, title={Results}}
        """,
        format="bibtex",
    )
    report = find_duplicates(records)
    assert [(g.relation, g.members) for g in report.groups] == [("duplicate", (0, 1))]


def test_a_listing_by_initials_does_not_join_two_authors_papers() -> None:
    """'Wang, L.' is like both 'Wang, Li' and 'Wang, Lei'; their papers stay apart."""
    import pubkit

    records = pubkit.loads(
        """
        @article{s1, author={Wang, Li}, title={A survey on graph neural networks},
          journal={IEEE Access}, year=2020}
        @article{s2, author={Wang, Lei}, title={A survey on graph neural networks},
          journal={Neurocomputing}, year=2021}
        @article{s3, author={Wang, L.}, title={A Survey on Graph Neural Networks},
          year=2020}
        """,
        format="bibtex",
    )
    report = find_duplicates(records)
    assert all(not {0, 1} <= set(g.members) for g in report.groups)


def test_releases_named_in_titles_or_fields_tell_datasets_apart() -> None:
    """A release named in a title, and another in a version field, are two."""
    import pubkit

    records = pubkit.loads(
        """
        @dataset{d1, author={Ortiz, Ana}, title={Ocean temperature profiles
          (Version 2)}, publisher={Zenodo}, year=2021}
        @dataset{d2, author={Ortiz, Ana}, title={Ocean temperature profiles},
          publisher={Zenodo}, year=2021, version={3}}
        @dataset{d3, author={Ortiz, Ana}, title={Ocean temperature profiles},
          publisher={Zenodo}, year=2021, version={v2}}
        @article{d4, author={Ortiz, Ana}, title={Ocean temperature profiles},
          journal={Scientific Data}, year=2021, volume=8, pages={50}}
        """,
        format="bibtex",
    )
    report = find_duplicates(records)
    duplicates = [set(g.members) for g in report.groups if g.relation == "duplicate"]
    assert duplicates == [{0, 2}]
    assert all(3 not in members for members in duplicates)


def test_a_chapter_is_not_its_whole_book() -> None:
    """An @inbook with the book's own title is a chapter of it, never the book."""
    import pubkit

    records = pubkit.loads(
        """
        @book{sb, author={Sutton, Richard S. and Barto, Andrew G.},
          title={Reinforcement Learning: An Introduction}, edition={2},
          publisher={MIT Press}, year=2018}
        @inbook{ch, author={Sutton, Richard S. and Barto, Andrew G.},
          title={Reinforcement Learning: An Introduction}, chapter={6},
          pages={119--138}, publisher={MIT Press}, year=2018}
        """,
        format="bibtex",
    )
    report = find_duplicates(records)
    assert report.groups == ()


def test_theses_for_two_degrees_are_two_works() -> None:
    """A master's thesis and a PhD thesis of one title: two theses."""
    import pubkit

    records = pubkit.loads(
        """
        @phdthesis{phd, author={Kaur, Simran}, title={Tidal energy conversion},
          school={MIT}, year=2015}
        @mastersthesis{msc, author={Kaur, Simran}, title={Tidal energy conversion},
          school={MIT}, year=2015}
        @phdthesis{again, author={Kaur, S.}, title={Tidal Energy Conversion},
          school={Massachusetts Institute of Technology}, year=2015}
        """,
        format="bibtex",
    )
    report = find_duplicates(records)
    assert [(g.relation, g.members) for g in report.groups] == [("duplicate", (0, 2))]
