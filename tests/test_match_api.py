"""find_duplicates, deduplicate, the report and its JSON: behaviour on small inputs."""

from __future__ import annotations

import json

import pytest

from pubkit import Date, Library, Person, Provenance, Publication
from pubkit.match import (
    ALTERNATE_DOIS,
    FIELD_SOURCES,
    MERGED_IDS,
    VARIANTS,
    deduplicate,
    find_duplicates,
    report_summary,
    report_to_dict,
    report_to_json,
)

QUILL = Person(family="Quill", given="Rosa")
MARSH = Person(family="Marsh", given="Ed M.")


def _article(record_id: str, **fields: object) -> Publication:
    base: dict[str, object] = {
        "type": "article-journal",
        "id": record_id,
        "title": "Seasonal drift of estuarine sediment plumes",
        "author": (QUILL, MARSH),
        "issued": Date((2014,)),
        "container_title": "Coastal Dynamics Review",
        "provenance": (Provenance(f"{record_id}.bib", "bibtex", key=record_id),),
    }
    base.update(fields)
    return Publication(**base)  # type: ignore[arg-type]


def test_report_json_has_exactly_the_agreed_shape() -> None:
    """The JSON report has groups, review and links, pairs with evidence, input ids."""
    pubs = [
        _article("a", volume="42", page="1234--1256"),
        _article("b", title="Seasonal Drift of Estuarine Sediment Plumes."),
    ]
    data = json.loads(report_to_json(find_duplicates(pubs)))
    assert set(data) == {"groups", "review", "links"}
    assert data["review"] == data["links"] == []
    (group,) = data["groups"]
    assert set(group) == {"relation", "members", "kept", "pairs"}
    assert group["relation"] == "duplicate"
    assert group["kept"] == "a"
    assert sorted(group["members"]) == ["a", "b"]
    (pair,) = group["pairs"]
    assert set(pair) == {"a", "b", "score", "evidence"}
    assert (pair["a"], pair["b"]) == ("a", "b")
    assert pair["evidence"]["rule"] == "same title, authors and year"
    assert pair["evidence"]["title"] == 100.0
    assert pair["evidence"]["authors"] == 1.0
    assert pair["score"] == pair["evidence"]["confidence"] == 0.97


def test_uncertain_pair_goes_to_review_not_a_group() -> None:
    """A similar title with nothing else conclusive is reviewed, not merged."""
    pubs = [
        _article("a", author=()),
        _article("b", title="Seasonal drift of estuarine sediment plume data"),
    ]
    report = find_duplicates(pubs)
    assert report.groups == ()
    assert [(p.a, p.b) for p in report.review] == [(0, 1)]
    assert report_to_dict(report)["review"][0]["evidence"]["relation"] == "review"


def test_deduplicate_keeps_every_value_and_where_it_came_from() -> None:
    """Merging keeps both DOIs, all provenance, variants and field sources."""
    preprint = _article(
        "pre",
        type="article",
        container_title="",
        doi="10.48550/arXiv.1611.00042",
        arxiv="1611.00042",
        abstract="We study plumes.",
        issued=Date((2013,)),
    )
    published = _article("pub", doi="10.5555/cdr.2014.0042", volume="42")
    merged, report = deduplicate([preprint, published], merge="versions")

    (record,) = merged
    assert record.id == "pub"
    assert record.doi == "10.5555/cdr.2014.0042"
    assert record.arxiv == "1611.00042"
    assert record.abstract == "We study plumes."
    assert record.year == 2014
    assert record.extra[ALTERNATE_DOIS] == ["10.48550/arXiv.1611.00042"]
    assert record.extra[MERGED_IDS] == ["pub", "pre"]
    assert record.extra[FIELD_SOURCES]["abstract"] == "pre"
    assert record.extra[FIELD_SOURCES]["doi"] == "pub"
    assert record.extra[VARIANTS]["issued"] == ["2013"]
    assert [p.key for p in record.provenance] == ["pub", "pre"]
    assert report.keymap("versions") == {"pre": "pub"}


def test_merge_prefers_complete_author_list_and_whole_title() -> None:
    """A truncated title and a partial author list lose to complete ones."""
    short = _article(
        "short",
        title="Seasonal drift of estuarine sediment…",
        author=(QUILL,),
        authors_incomplete=True,
        volume="42",
    )
    full = _article("full", author=(QUILL, MARSH, Person("Tovar", "Ines")))
    merged, _ = deduplicate([short, full])
    (record,) = merged
    assert record.title == "Seasonal drift of estuarine sediment plumes"
    assert [p.family for p in record.author] == ["Quill", "Marsh", "Tovar"]
    assert record.authors_incomplete is False


def test_library_problems_and_order_survive_deduplication() -> None:
    """A Library keeps its problems; unmatched records keep their order."""
    other = _article("z", title="Tidal inlets of the northern coast")
    lib = Library([other, _article("a"), _article("b")])
    merged, report = deduplicate(lib)
    assert isinstance(merged, Library)
    assert [p.id for p in merged] == ["z", "a"]
    assert report.keymap() == {"b": "a"}


def test_chain_cannot_join_records_a_veto_keeps_apart() -> None:
    """Records with different DOIs stay apart though a third matches both."""
    pubs = [
        _article("x", doi="10.5555/one"),
        _article("y", doi="10.5555/two"),
        _article("bare"),
    ]
    report = find_duplicates(pubs)
    groups = [set(g.members) for g in report.groups]
    assert len(groups) == 1
    assert groups[0] in ({0, 2}, {1, 2})
    refused = [p.rule for p in report.review if "refused" in p.rule]
    assert refused == [
        "same title, authors and year; refused: would put x and y together"
        " (different DOIs)"
    ]


def test_one_article_under_two_dois_is_reviewed_not_merged() -> None:
    """Same title and authors, a year, volume and DOI apart: a pair to review."""
    first = _article("first", doi="10.5555/cdr.2014.7", volume="24", page="46-54")
    again = _article(
        "again",
        doi="10.5555/cdr.2013.23",
        volume="25",
        page="56-64",
        issued=Date((2015,)),
    )
    report = find_duplicates([first, again])
    assert report.groups == ()
    assert [(p.a, p.b, p.rule) for p in report.review] == [
        (0, 1, "same title and authors under two DOIs")
    ]


def test_conference_paper_and_later_journal_article_under_two_dois_are_reviewed() -> (
    None
):
    """A conference paper and its journal article two years on, under two DOIs.

    Two DOIs never merge, but a person is shown the pair.
    """
    conference = _article(
        "kdd",
        type="paper-conference",
        container_title="Proceedings of KDD",
        issued=Date((2020,)),
        doi="10.1145/3394486.3403001",
    )
    journal = _article(
        "tkde",
        container_title="IEEE Transactions on Knowledge and Data Engineering",
        issued=Date((2022,)),
        doi="10.1109/TKDE.2022.1234567",
    )
    report = find_duplicates([conference, journal])
    assert report.groups == ()
    assert [(p.a, p.b, p.rule) for p in report.review] == [
        (0, 1, "same title and authors under two DOIs")
    ]


def test_recurring_column_under_two_dois_is_not_reviewed() -> None:
    """A short column title by one editor recurs in every issue: no review."""
    notes = {"title": "Editorial notes", "author": (QUILL,)}
    first = _article("first", doi="10.5555/cdr.2014.1", issue="1", **notes)
    second = _article("second", doi="10.5555/cdr.2014.2", issue="2", **notes)
    report = find_duplicates([first, second])
    assert (report.groups, report.review) == ((), ())


def test_profile_records_without_authors_are_not_contradicted() -> None:
    """A profile record's missing authors count as unknown, not as different."""
    owner = Person(family="Marsh", given="Ed")
    profile = Publication(
        id="profile",
        title="Seasonal drift of estuarine sediment plumes",
        authors_incomplete=True,
        implied_authors=(owner,),
        issued=Date((2014,)),
    )
    report = find_duplicates([_article("a"), profile])
    assert [g.relation for g in report.groups] == ["duplicate"]


def test_erratum_is_linked_not_merged() -> None:
    """An erratum notice and the article it corrects are linked, never merged."""
    notice = _article(
        "err", title="Erratum: Seasonal drift of estuarine sediment plumes"
    )
    report = find_duplicates([_article("a"), notice])
    assert report.groups == ()
    assert [(p.a, p.b, p.relation) for p in report.links] == [(0, 1, "erratum")]
    (link,) = report_to_dict(report)["links"]
    assert (link["a"], link["b"], link["evidence"]["relation"]) == (
        "a",
        "err",
        "erratum",
    )


def test_erratum_cited_in_a_title_note_is_linked_not_merged() -> None:
    """A record at the volume and page an article's erratum note cites is its erratum.

    The erratum repeats the article's title word for word, so only the note
    tells them apart; it must stay apart even when versions are merged.
    """
    article = _article(
        "art",
        title="Seasonal drift of estuarine sediment plumes."
        "[Erratum appears in Coast Dyn Rev. 2014 Sep;42(9):2205]",
        volume="42",
        issue="5",
        page="1223-1229",
    )
    erratum = _article("err", volume="42", issue="9", page="2205-2205")
    merged, report = deduplicate([article, erratum], merge="versions")
    assert report.groups == ()
    assert [(p.a, p.b, p.relation) for p in report.links] == [(0, 1, "erratum")]
    assert [p.id for p in merged] == ["art", "err"]


def test_notice_is_not_linked_to_an_article_with_a_shorter_title() -> None:
    """A notice is linked only to the article whose title makes up most of its own."""
    notice = _article(
        "err", title="Erratum: Seasonal drift of estuarine sediment plumes in winter"
    )
    other = _article("b", title="Estuarine sediment plumes")
    report = find_duplicates([notice, other])
    assert report.links == ()


def test_summary_names_groups_rules_and_counts() -> None:
    """The text summary counts groups and explains each pair by its rule."""
    report = find_duplicates([_article("a"), _article("b")])
    text = report_summary(report)
    assert "1 duplicate group (1 record to drop), 0 version groups" in text
    assert "duplicate: keep a of a, b" in text
    assert "a ~ b: same title, authors and year (0.97)" in text


def test_evidence_names_the_fields_that_agree_and_differ() -> None:
    """Each pair lists agreeing and conflicting fields; unknown ones in neither."""
    pubs = [
        _article("a", volume="42", page="1234--1256"),
        _article(
            "b", title="Seasonal Drift of Estuarine Sediment Plumes.", volume="42"
        ),
    ]
    evidence = report_to_dict(find_duplicates(pubs))["groups"][0]["pairs"][0][
        "evidence"
    ]
    assert evidence["agreed"] == [
        "title",
        "authors",
        "year",
        "venue",
        "first_author",
        "volume",
    ]
    assert evidence["disagreed"] == []


def test_summary_shows_why_a_preprint_is_a_version() -> None:
    """The summary line of a version pair says what agreed and what differed."""
    preprint = _article(
        "pre",
        type="article",
        container_title="arXiv",
        issued=Date((2013,)),
        doi="10.48550/arXiv.1611.00042",
    )
    published = _article("pub", doi="10.5555/cdr.2014.0042", volume="42")
    text = report_summary(find_duplicates([preprint, published]))
    assert "version: keep pub of pub, pre" in text
    assert (
        "pre ~ pub: preprint and its publication (0.90); "
        "agree: title, authors, first_author; differ: year, venue"
    ) in text


def test_unknown_merge_mode_is_a_caller_error() -> None:
    """An unknown merge mode raises ValueError naming the valid ones."""
    with pytest.raises(ValueError, match="duplicates"):
        deduplicate([_article("a")], merge="everything")


def test_a_report_of_other_records_is_refused() -> None:
    """deduplicate(report=...) checks the report was made for these records."""
    alpha = Library([_article("alpha", title="Alpha tides in deep estuaries")])
    beta = Library([_article("beta", title="Beta tides in deep estuaries")])
    with pytest.raises(ValueError, match="report was made for other records"):
        beta.deduplicate(report=alpha.find_duplicates())
    with pytest.raises(TypeError, match="report must be a DuplicateReport"):
        deduplicate(alpha, report="report.json")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("records", "message"),
    [
        ("abc", "not str"),
        ([{"title": "Tides"}], "not dict"),
        ([1, 2], "not int"),
    ],
)
def test_records_that_are_not_publications_are_refused(
    records: object, message: str
) -> None:
    """find_duplicates and deduplicate name what they were given instead."""
    for function in (find_duplicates, deduplicate):
        with pytest.raises(TypeError, match=message):
            function(records)  # type: ignore[arg-type]


def test_merged_date_takes_the_month_another_member_adds() -> None:
    """2019 and 2019-05 of one article merge to 2019-05, not to 2019."""
    dated = _article("csl", issued=Date((2014, 5)), volume="4", page="1-9")
    merged, _ = deduplicate([_article("bib", volume="4", page="1-9"), dated])
    (record,) = merged
    assert (record.id, record.issued) == ("bib", Date((2014, 5)))
    assert record.extra[FIELD_SOURCES]["issued"] == "csl"


def test_a_record_with_a_cite_key_is_kept_over_a_profile_record() -> None:
    """A keyless profile record does not take the place of a cited preprint.

    The preprint's key and arXiv id stay; the profile's abstract fills in.
    """
    profile = Publication(
        title="Seasonal drift of estuarine sediment plumes",
        author=(QUILL,),
        authors_incomplete=True,
        abstract="Plumes drift with the seasons, as a decade of buoys shows.",
    )
    preprint = _article(
        "quill2014drift",
        container_title="arXiv preprint arXiv:1403.01234",
        arxiv="1403.01234",
    )
    merged, _ = deduplicate([profile, preprint], merge="versions")
    (record,) = merged
    assert record.id == "quill2014drift"
    assert record.arxiv == "1403.01234"
    assert record.abstract == profile.abstract


def test_many_copies_of_one_record_are_compared_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Copies compare alike: their pairs and the cluster guard share one decision.

    Two thousand copies used to cost a comparison per member pair while
    their group grew, about two million; the count is the measure here.
    """
    import pubkit.match.find as find_module
    import pubkit.match.rules as rules_module

    calls = 0
    real = find_module.compare

    def counted(a: object, b: object) -> object:
        nonlocal calls
        calls += 1
        return real(a, b)  # type: ignore[arg-type]

    monkeypatch.setattr(find_module, "compare", counted)
    monkeypatch.setattr(rules_module, "compare", counted)
    copies = [_article(f"k{n}", volume="12", page="33-41") for n in range(2000)]
    odd = _article("other", title="Tidal mixing in a shallow lagoon")
    merged, report = deduplicate([*copies, odd])

    assert [p.id for p in merged] == ["k0", "other"]
    assert len(report.keymap()) == 1999
    assert set(report.keymap().values()) == {"k0"}
    assert calls < 50


def test_a_bare_doi_record_does_not_chain_two_chapters_of_one_book() -> None:
    """Chapters given their book's DOI, and a record with nothing but that DOI.

    The bare record is the same DOI as each chapter, but the chapters' titles
    and authors differ: they stay two works.
    """
    import pubkit

    records = pubkit.loads(
        """
        @article{d8, title={Sediment budgets of small estuaries},
                 author={Tovar, Ines}, year=2016, doi={10.5555/b14859}}
        @article{d9, title={Introduction}, author={Quill, Rosa}, year=2016,
                 doi={10.5555/b14859}}
        @misc{d1, doi={10.5555/b14859}}
        """,
        format="bibtex",
    )
    report = find_duplicates(records)
    groups = [{report.ids[m] for m in g.members} for g in report.groups]
    assert not any({"d8", "d9"} <= group for group in groups)
    merged, _ = deduplicate(records)
    assert {"d8", "d9"} <= {p.id for p in merged}


@pytest.mark.parametrize(
    "stand_in",
    ["[Abstract not available]", "No abstract available.", "Abstract", "N/A"],
)
def test_a_databases_stand_in_for_an_abstract_says_nothing(stand_in: str) -> None:
    """Two papers by one team, both without an abstract, are not one work."""
    first = _article("w", title="Precision of tidal gauges", abstract=stand_in)
    second = _article(
        "z",
        title="Sediment plumes after storms",
        issued=Date((2016,)),
        container_title="Estuarine Letters",
        abstract=stand_in,
    )
    report = find_duplicates([first, second])
    assert report.groups == ()
    assert report.review == ()


def test_a_stand_in_title_joins_nothing() -> None:
    """Records an export titled "Title" are not one work for sharing that word."""
    book = _article("b", type="book", title="Title", container_title="")
    thesis = _article("t", type="thesis", title="Title", container_title="")
    chapter = _article("c", type="chapter", title="Untitled", container_title="Tides")
    report = find_duplicates([book, thesis, chapter])
    assert (report.groups, report.review) == ((), ())


def test_the_published_book_is_kept_over_the_report_before_it() -> None:
    """A technical report and the book it became: the book is the version kept."""
    import pubkit

    records = pubkit.loads(
        """
        @techreport{Hirst:79, author={Hirst, Graeme},
          title={Anaphora in natural language understanding: a survey},
          institution={University of British Columbia}, year=1979}
        @book{Hirst:81, author={Hirst, Graeme},
          title={Anaphora in Natural Language Understanding: A Survey},
          publisher={Springer}, year=1981}
        """,
        format="bibtex",
    )
    (group,) = find_duplicates(records).groups
    assert (group.relation, records[group.kept].id) == ("version", "Hirst:81")


def test_records_that_became_one_are_not_left_for_review() -> None:
    """A pair joined through a third record is no longer a question."""
    import pubkit

    records = pubkit.loads(
        """
        @article{m1, author={Kim, Soo}, year=2018, journal={Nano Lett.},
          title={Growth of {Cu$_2$O} nanowires on $\\alpha$-{Al$_2$O$_3$} substrates}}
        @article{m2, author={Kim, Soo}, year=2018, journal={Nano Letters},
          title={Growth of Cu<sub>2</sub>O nanowires on α-Al<sub>2</sub>O<sub>3</sub>
                 substrates}}
        @article{m4, author={Kim, S.}, year=2018,
          title={Growth of Cu₂O nanowires on α-Al₂O₃ substrates}}
        """,
        format="bibtex",
    )
    report = find_duplicates(records)
    assert [(g.relation, set(g.members)) for g in report.groups] == [
        ("duplicate", {0, 1, 2})
    ]
    assert report.review == ()
