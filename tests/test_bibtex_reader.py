from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest

import pubkit
from pubkit import Library, Publication
from pubkit.formats.bibtex.mapping import MONTH_MACRO_TEXT
from pubkit.formats.bibtex.reader import read_bibtex, sniff_bibtex
from tests.conftest import load_case


def _by_id(lib: Library) -> dict[str, Publication]:
    return {pub.id: pub for pub in lib}


def _field(pub: Publication, name: str) -> str:
    """A BibTeX field's value as the reader kept it, wherever it went."""
    if name == "year":
        return str(pub.year)
    if name == "month" and "month" not in pub.source_fields:
        assert pub.issued is not None
        return str(pub.issued.month)
    attr = {"journal": "container_title"}.get(name, name)
    value = getattr(pub, attr, None)
    return value if isinstance(value, str) and value else pub.source_fields[name]


def test_case_01_strings_concatenation_and_months() -> None:
    """Case 01: @string macros, # concatenation and month macros resolve."""
    case = load_case("01")
    expected = case["expected"]
    lib = pubkit.loads(case["input"]["text"], format="bibtex")
    assert [p.id for p in lib] == expected["entries_in_order"]
    pubs = _by_id(lib)
    for key in expected["entries_in_order"]:
        for name, value in expected[key].items():
            if name in ("month", "publisher", "year", "title"):
                assert _field(pubs[key], name) == value, (key, name)


def test_case_01_month_macros_give_month_numbers() -> None:
    """Case 01: jan and dec are predefined and give months 1 and 12."""
    case = load_case("01")
    expected = case["expected"]
    pubs = _by_id(pubkit.loads(case["input"]["text"], format="bibtex"))
    for key in ("cat2", "cat4"):
        issued = pubs[key].issued
        assert issued is not None
        assert issued.month == expected[key]["month_number"]
    token = expected["cat2"]["raw_month_token"]
    assert MONTH_MACRO_TEXT[token] == expected["cat2"]["month_display"]


def test_case_01_undefined_macro_is_a_problem_on_that_field_only() -> None:
    """Case 01: an undefined macro is reported; the entry is still read."""
    case = load_case("01")
    lib = pubkit.loads(case["input"]["text"], format="bibtex")
    reasons = [p.reason for p in lib.problems if p.kind == "undefined-macro"]
    assert reasons == case["expected"]["cat4"]["warnings"]
    assert _by_id(lib)["cat4"].note == "undefinedmacro"


def test_case_02_first_entry_and_field_win_and_later_ones_are_reported() -> None:
    """Case 02: duplicates keep the first, and the rest is in a problem."""
    case = load_case("02")
    expected = case["expected"]
    lib = pubkit.loads(case["input"]["text"], format="bibtex")
    pubs = _by_id(lib)
    assert set(pubs) == set(expected["entries"])
    for key, fields in expected["entries"].items():
        for name, value in fields.items():
            assert _field(pubs[key], name) == value, (key, name)

    by_kind = {p.kind: p for p in lib.problems}
    for diag in expected["diagnostics"]:
        problem = by_kind[diag["type"]]
        assert problem.key == diag["key"]
        if "line" in diag:
            assert problem.line == diag["line"]
        if "discarded_value_retrievable" in diag:
            assert problem.raw == diag["discarded_value_retrievable"]
        if "discarded_content_retrievable" in diag:
            (again,), _ = read_bibtex(problem.raw, "<problem>")
            for name, value in diag["discarded_content_retrievable"].items():
                assert _field(again, name) == value


@pytest.mark.parametrize("variant", ["bibtex_crlf_with_bom", "bibtex_cr_only"])
def test_case_03_bom_and_line_endings(variant: str) -> None:
    """Case 03: BOM, CRLF and CR-only files read; line breaks become spaces."""
    case = load_case("03")
    expected = case["expected"][variant]
    lib = pubkit.loads(case["input"][variant], format="bibtex")
    assert [p.id for p in lib] == expected["keys"]
    pubs = _by_id(lib)
    for key in expected["keys"]:
        for name, value in expected.get(key, {}).items():
            assert _field(pubs[key], name) == value
    for pub in lib:
        assert "\ufeff" not in pub.id and "\r" not in pub.title


def test_case_05_malformed_entries_are_reported_and_good_ones_kept() -> None:
    """Case 05: each bad entry is a problem with its line; none swallows the next."""
    case = load_case("05")
    expected = case["expected"]
    lib = pubkit.loads(case["input"]["text"], format="bibtex")
    pubs = _by_id(lib)
    assert set(pubs) == set(expected["parsed_entries"])
    for key, fields in expected["parsed_entries"].items():
        assert pubs[key].title == fields["title"]
    problems = [(p.key, p.line) for p in lib.problems]
    assert problems == [(e["key"], e["line"]) for e in expected["errors"]]
    for problem, error in zip(lib.problems, expected["errors"], strict=True):
        assert problem.reason.startswith(error["reason"].split(" of field")[0])


def test_case_13_and_others_sets_authors_incomplete() -> None:
    """Case 13: "and others" ends the list and marks it incomplete."""
    case = load_case("13")
    pubs = _by_id(pubkit.loads(case["input"]["bibtex"], format="bibtex"))
    for key, expected in case["expected"]["parsed"].items():
        if key == "rule":
            continue
        assert [a.sort_name() for a in pubs[key].author] == expected["authors"]
        assert pubs[key].authors_incomplete is expected["et_al"]
    assert pubs["two"].authors_incomplete is False


def test_case_31_verbatim_fields_are_not_decoded() -> None:
    """Case 31: URL, DOI and unknown link fields keep % and & as written."""
    case = load_case("31")
    expected = case["expected"]
    (pub,) = pubkit.loads(case["input"]["text"], format="bibtex")
    assert pub.title == expected["title"]
    assert pub.url == expected["URL"]
    assert pub.doi == expected["DOI"]
    assert pub.source_fields["pdflink"] == expected["pdflink"]


def test_crossref_inherits_booktitle_from_proceedings_title() -> None:
    """A paper inherits its parent's title as booktitle; its own fields win."""
    text = (
        "@inproceedings{p, title={Paper}, crossref={proc}, year=2001}\n"
        "@proceedings{proc, title={Proc. of Tides}, year=1999, publisher={ACM}}\n"
    )
    pubs = _by_id(pubkit.loads(text, format="bibtex"))
    assert pubs["p"].container_title == "Proc. of Tides"
    assert pubs["p"].title == "Paper"
    assert pubs["p"].year == 2001
    assert pubs["p"].publisher == "ACM"


def test_biblatex_fields() -> None:
    """BibLaTeX date ranges, journaltitle, eprint and keywords map to CSL."""
    text = (
        "@article{a, journaltitle={J. Tides}, date={2019-03/2020-01},"
        " eprint={2401.01234}, eprinttype={arxiv}, keywords={tides; waves, sea},"
        " doi={https://doi.org/10.1000/XYZ}, number={4}, groups={mine}}\n"
        "@phdthesis{t, school={Univ. of Tides}, year={2020}, month={April}}\n"
    )
    pubs = _by_id(pubkit.loads(text, format="bibtex"))
    article, thesis = pubs["a"], pubs["t"]
    assert article.container_title == "J. Tides"
    assert article.issued == pubkit.Date((2019, 3), (2020, 1))
    assert article.arxiv == "2401.01234"
    assert article.keywords == ("tides", "waves", "sea")
    assert article.doi == "10.1000/XYZ"
    assert article.issue == "4"
    assert article.source_fields == {"groups": "mine"}
    assert thesis.publisher == "Univ. of Tides"
    assert thesis.extra["genre"] == "PhD thesis"
    assert thesis.issued == pubkit.Date((2020, 4))


def test_preamble_and_comment_are_kept_as_problems() -> None:
    """@preamble and @comment text is returned in problems of their own kind."""
    text = '@preamble{"\\newcommand{\\x}{y}"}\n@comment{jabref-meta: x;}\n@misc{m}\n'
    lib = pubkit.loads(text, format="bibtex")
    assert [p.id for p in lib] == ["m"]
    kept = {p.kind: p.raw for p in lib.problems}
    assert kept == {"preamble": "\\newcommand{\\x}{y}", "comment": "jabref-meta: x;"}


def test_sniffer_recognises_entries() -> None:
    """The sniffer scores BibTeX high and other text zero."""
    assert sniff_bibtex("% file\n@Article{k, title={T}}") >= 90
    assert sniff_bibtex("TY  - JOUR\nER  - \n") == 0


def test_real_files_read_without_losing_entries(shared: Path) -> None:
    """Every real .bib file reads; each entry head is a record or a problem."""
    head = re.compile(r"(?im)^\s*%?\s*@\s*(?!string|comment|preamble)[a-z]+\s*[{(]")
    for path in sorted((shared / "data" / "bib" / "real").glob("*.bib")):
        lib = pubkit.read(path)
        heads = len(head.findall(path.read_text(encoding="utf-8", errors="replace")))
        lost = sum(
            p.kind in ("malformed-entry", "duplicate-entry-key", "commented-out-entry")
            for p in lib.problems
        )
        assert len(lib) + lost == heads, path.name


def test_entry_with_irregular_key_is_read_and_reported() -> None:
    """A key BibTeX rejects (brace, quote or comma in it) costs no entry."""
    text = (
        "@inproceedings{2019-Yaz{\\i}c{\\i}-Unusual,\n  title={Averaging},\n}\n"
        "@inproceedings{next, title={Next}}\n"
        "@article{\n  author = {Huang, Y.},\n  title = {No key}\n}\n"
    )
    lib = pubkit.loads(text, format="bibtex")
    assert [(p.id, p.title) for p in lib] == [
        ("2019-Yaz{\\i}c{\\i}-Unusual", "Averaging"),
        ("next", "Next"),
        ("", "No key"),
    ]
    assert [(p.kind, p.line) for p in lib.problems] == [
        ("invalid-key", 1),
        ("invalid-key", 5),
    ]


def test_commented_out_entry_is_reported_not_read() -> None:
    """An entry hidden behind % is reported with its text and not read."""
    text = "% @article{old,\n%  title = {Old}\n% }\n@article{new, title={New}}\n"
    lib = pubkit.loads(text, format="bibtex")
    assert [p.id for p in lib] == ["new"]
    (problem,) = lib.problems
    assert (problem.kind, problem.line) == ("commented-out-entry", 1)
    assert problem.raw.startswith("@article{old,")


@pytest.mark.large
def test_large_file_accounts_for_every_entry(shared: Path) -> None:
    """Each entry of the large file is a record or a reported problem."""
    path = shared / "data" / "bib" / "large" / "conference-papers.bib"
    text = path.read_text(encoding="utf-8")
    # A few entries start right after the previous entry's "}" on one line.
    heads = len(re.findall(r"(?m)(?:^|\})\s*@\s*[A-Za-z]+\s*\{", text))
    lib = pubkit.read(path)
    kinds = {p.kind for p in lib.problems}
    assert kinds <= {"duplicate-entry-key", "invalid-key"}
    dropped = sum(p.kind == "duplicate-entry-key" for p in lib.problems)
    assert len(lib) + dropped == heads


def test_bibtexparser_messages_are_not_logged_during_a_read(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Parse messages of bibtexparser stay off the log; its loggers recover."""
    text = "@article{broken, title = {Open\n@article{fine, title = {Fine}}\n"
    with caplog.at_level(logging.INFO):
        lib = pubkit.loads(text, format="bibtex")
    assert [p.id for p in lib] == ["fine"]
    assert [p.kind for p in lib.problems] == ["malformed-entry"]
    assert not [r for r in caplog.records if r.name.startswith("bibtexparser")]
    assert logging.getLogger("bibtexparser.splitter").filters == []


def test_bibtexparser_messages_are_kept_at_debug_level(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """What bibtexparser said is still there for debugging, under pubkit."""
    with caplog.at_level(logging.DEBUG, logger="pubkit"):
        pubkit.loads("@article{broken, title = {Open\n@article{x, t={T}}\n")
    said = [r.getMessage() for r in caplog.records if r.name.startswith("pubkit")]
    assert any("bibtexparser.splitter: Parsing of `@article`" in m for m in said)


def test_unknown_command_keeps_its_text() -> None:
    """An AAS journal macro is kept as written, not decoded to nothing."""
    (pub,) = pubkit.loads("@article{k, journal = {\\aap}, title={T}}")
    assert pub.container_title == "\\aap"


@pytest.mark.parametrize(
    ("dialect", "text", "csl", "kept"),
    [
        ("bibtex", "@software{k, title={T}}", "software", "software"),
        ("bibtex", "@dataset{k, title={T}}", "dataset", "dataset"),
        ("bibtex", "@foo{k, title={T}}", "document", "foo"),
        ("bibtex", "@manual{k, title={T}}", "report", "manual"),
        ("bibtex", "@article{k, title={T}}", "article-journal", None),
        ("biblatex", "@software{k, title={T}}", "software", None),
        ("biblatex", "@softwareversion{k, title={T}}", "software", "softwareversion"),
        ("biblatex", "@phdthesisfr{k, title={T}}", "thesis", "phdthesisfr"),
    ],
)
def test_entry_type_the_writer_would_not_choose_is_kept(
    dialect: str, text: str, csl: str, kept: str | None
) -> None:
    """A type the dialect's writer would not write is kept; CSL gets the nearest."""
    (pub,) = pubkit.loads(text, format=dialect)
    assert pub.type == csl
    assert pub.source_fields.get(f"{dialect}:@type") == kept


def test_and_others_marks_editors_incomplete() -> None:
    """``and others`` in an editor list marks it incomplete instead of vanishing."""
    (pub,) = pubkit.loads("@book{k, editor = {Quill, Rosa and others}, title={T}}")
    assert pub.editors_incomplete
    assert [p.family for p in pub.editor] == ["Quill"]


def test_duplicates_are_problems_holding_what_was_left_out() -> None:
    """A repeated key or field is a problem with its line and the left-out text."""
    text = (
        "@article{k,\n  title = {First},\n  title = {Second}\n}\n"
        "@article{K,\n  title = {Third}\n}\n"
    )
    lib = pubkit.loads(text, format="bibtex", source="dup.bib")
    assert [p.title for p in lib] == ["First"]
    field, key = lib.problems
    assert (field.source, field.line, field.kind, field.raw) == (
        "dup.bib",
        3,
        "duplicate-field",
        "Second",
    )
    assert (key.line, key.kind, key.key) == (5, "duplicate-entry-key", "K")
    assert "title = {Third}" in key.raw


def test_files_read_together_share_macros_and_crossref_parents(
    tmp_path: Path,
) -> None:
    """Files read together share @string macros and crossref parents, as in BibTeX."""
    strings = tmp_path / "strings.bib"
    strings.write_text(
        '@string{jacmx = "Journal of the ACM"}\n'
        "@proceedings{proc85, title = {Tides Workshop}, year = 1985}\n",
        encoding="utf-8",
    )
    refs = tmp_path / "refs.bib"
    refs.write_text(
        "@article{k1, title = {T1}, journal = jacmx, year = 1990}\n"
        "@inproceedings{child, title = {Child}, crossref = {proc85}}\n"
        "@misc{proc85, title = {Same key, other file}}\n",
        encoding="utf-8",
    )

    together = pubkit.read([strings, refs])

    assert together.problems == ()
    assert together.get("k1").container_title == "Journal of the ACM"
    child = together.get("child")
    assert (child.container_title, child.year) == ("Tides Workshop", 1985)
    assert [p.provenance[0].source for p in together] == [str(strings)] + [
        str(refs)
    ] * 3
    # Alone, the macro is unknown and the parent is the file's own @misc.
    alone = pubkit.read(refs)
    assert [p.kind for p in alone.problems] == ["undefined-macro"]
    assert alone.get("child").container_title == ""


def test_damaged_entry_heads_are_reported_and_good_entries_kept() -> None:
    """Control characters where a type or key should be, or no type at all."""
    text = (
        "% write to quill@coast.example (any time)\n"
        "@article{ok, title={Fine}}\n"
        "@\x01\x02{\xff\xfe, title={Lost}}\n"
        "@{nokey, title={Untyped}}\n"
        "@article{k\x07y, title={Odd key}}\n"
    )
    lib = pubkit.loads(text, format="bibtex")
    assert [(p.id, p.title) for p in lib] == [
        ("ok", "Fine"),
        ("nokey", "Untyped"),
        ("k\x07y", "Odd key"),
    ]
    assert [(p.line, p.kind, p.reason) for p in lib.problems] == [
        (
            3,
            "malformed-entry",
            "'@\\x01\\x02' is not an entry type; this entry is not read",
        ),
        (4, "unknown-type", "entry has no type after '@'; read as @misc"),
        (5, "invalid-key", "cite key 'k\\x07y' holds control characters; read anyway"),
    ]
    assert lib.problems[0].raw == "@\x01\x02{\xff\xfe, title={Lost}}"


@pytest.mark.parametrize(
    "journal",
    ["arXiv preprint arXiv:2410.14817", "arXiv:2410.14817v2", "ArXiv 2410.14817"],
)
def test_google_scholar_s_arxiv_venue_gives_the_arxiv_id(journal: str) -> None:
    """A preprint named only by its venue gets its arXiv id; the venue stays."""
    bib = f"@article{{e, title={{Compositionality}}, journal={{{journal}}}, year=2024}}"
    (pub,) = pubkit.loads(bib, format="bibtex")
    assert pub.arxiv == journal.split(":")[-1].split()[-1]
    assert pub.container_title == journal
