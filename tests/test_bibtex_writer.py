"""BibTeX and BibLaTeX writing: handed cases, layout, mapping and round trips."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest

import pubkit
from pubkit.formats.bibtex.mapping import (
    BIBTEX_TYPE_FOR_CSL,
    CSL_TYPE_FOR_ENTRY,
    DIALECT_TYPES,
    ENTRY_TYPE_KEY,
    MACRO_KEY,
    PROTECTED_KEY,
    RAW_KEY,
    keeps_entry_type,
    nearest_csl_type,
)
from pubkit.formats.bibtex.writer import write_biblatex, write_bibtex
from pubkit.model import Date, Person, Publication
from pubkit.text.latex import latex_to_unicode

from .conftest import SHARED, load_case

REAL = SHARED / "data" / "bib" / "real"
_OTHER = {"bibtex": "biblatex", "biblatex": "bibtex"}
REAL_FILES = sorted(REAL.glob("*.bib")) if REAL.is_dir() else []


def _fields(bib: str) -> dict[str, str]:
    """The ``name = value`` pairs of a one-entry text, values as written."""
    return dict(re.findall(r"^  (\w+) = (.*?),?$", bib, flags=re.MULTILINE))


# --- handed cases -------------------------------------------------------------


def test_case_14_special_characters_escaped_but_links_verbatim() -> None:
    """Case 14: & % $ # _ are escaped in text fields, URL and DOI stay verbatim."""
    case = load_case("14")
    record = case["input"]["record"]
    pub = Publication(
        type="article-journal",
        id=record["key"],
        title=record["title"],
        publisher=record["publisher"],
        container_title=latex_to_unicode(record["journal_as_read_from_bibtex"]),
        url=record["url"],
        doi=record["doi"],
    )
    written = _fields(write_bibtex([pub]))
    expected = case["expected"]["bibtex_fields"]
    allowed = case["expected"]["allowed_equivalents"]
    for name, value in expected.items():
        assert written[name] in [value, *allowed.get(name, [])], name


def test_case_16_capitals_protected_once_per_word() -> None:
    """Case 16: acronyms and proper nouns get one brace pair each, never more."""
    case = load_case("16")
    titles = case["input"]["titles"]
    expected = case["expected"]["bibtex_title_values"]
    for title, value in zip(titles, expected, strict=True):
        pub = Publication(title=latex_to_unicode(title))
        assert _fields(write_bibtex([pub]))["title"] == value


def test_case_31_links_survive_a_round_trip_verbatim() -> None:
    """Case 31: URL, DOI and unknown link fields come back byte for byte."""
    case = load_case("31")
    expected = case["expected"]
    first = pubkit.loads(case["input"]["text"], format="bibtex")
    written = write_bibtex(first)
    fields = _fields(written)
    assert fields["url"] == "{" + expected["URL"] + "}"
    assert fields["doi"] == "{" + expected["DOI"] + "}"
    assert fields["pdflink"] == "{" + expected["pdflink"] + "}"
    assert fields["title"] == r"{Tides \& Currents: 100\% Coverage}"

    again = pubkit.loads(written, format="bibtex")[0]
    assert (again.title, again.url, again.doi) == (
        expected["title"],
        expected["URL"],
        expected["DOI"],
    )
    assert again.source_fields["pdflink"] == expected["pdflink"]


# --- layout -------------------------------------------------------------------

_TIDES = Publication(
    type="article-journal",
    id="quill1998",
    title="Tides of the North Sea and their effect on coasts",
    author=(Person(family="Quill", given="Rosa"), Person(family="Marsh", given="Ed")),
    issued=Date((1998, 3)),
    container_title="Journal of Tides",
    volume="12",
    issue="3",
    page="1-10",
    doi="10.1000/tides",
    keywords=("tides", "coasts"),
)


def test_layout_is_fixed() -> None:
    """Fields in documented order, 2-space indent, month macro, one blank line."""
    text = write_bibtex([_TIDES, _TIDES.evolve(id="quill1998b")])
    entry = (
        "@article{quill1998,\n"
        "  author = {Quill, Rosa and Marsh, Ed},\n"
        "  title = {Tides of the {North} {Sea} and their effect on coasts},\n"
        "  journal = {Journal of Tides},\n"
        "  volume = {12},\n"
        "  number = {3},\n"
        "  pages = {1--10},\n"
        "  year = {1998},\n"
        "  month = mar,\n"
        "  doi = {10.1000/tides},\n"
        "  keywords = {tides, coasts}\n"
        "}\n"
    )
    assert text == entry + "\n" + entry.replace("quill1998,", "quill1998b,")


def test_an_entry_without_fields_has_no_blank_line() -> None:
    """A record with nothing but its key and type is two lines."""
    assert write_bibtex([Publication(id="d6", type="article-journal")]) == (
        "@article{d6,\n}\n"
    )


def test_output_is_deterministic() -> None:
    """The same records give the same bytes every time."""
    pubs = [_TIDES, _TIDES.evolve(id=""), _TIDES.evolve(id="")]
    assert write_bibtex(pubs) == write_bibtex(list(pubs))
    assert re.findall(r"@\w+\{(.*),", write_bibtex(pubs)) == [
        "quill1998",
        "quill1998tides",
        "quill1998tidesa",
    ]


def test_no_publications_give_empty_text() -> None:
    """Writing nothing gives the empty string."""
    assert write_bibtex([]) == ""


def test_source_fields_follow_mapped_fields_verbatim() -> None:
    """Fields kept from the source come after the mapped ones, as they were."""
    pub = _TIDES.evolve(source_fields={"groups": "Tides, {Read}", "file": ":a_b.pdf"})
    lines = write_bibtex([pub]).splitlines()
    assert lines[-3:] == ["  file = {:a_b.pdf},", "  groups = {Tides, {Read}}", "}"]


def test_ascii_mode_is_pure_ascii() -> None:
    """ASCII mode escapes accents in names and titles, one group per accent."""
    pub = Publication(
        title="Über Dvořák",
        author=(Person(family="Gödel", given="Kurt"),),
        issued=Date((1931,)),
    )
    text = write_bibtex([pub], ascii=True)
    assert text.isascii()
    assert _fields(text)["author"] == r"{G{\"o}del, Kurt}"
    assert _fields(text)["title"] == r"{{\"U}ber Dvo{\v{r}}{\'a}k}"


# --- names --------------------------------------------------------------------


def test_incomplete_authors_end_with_and_others() -> None:
    """A partial author list is written with ``and others`` after implied authors."""
    pub = Publication(
        title="Tides",
        author=(Person(family="Quill", given="Rosa"),),
        implied_authors=(Person(family="Owner", given="Olga"),),
        authors_incomplete=True,
    )
    assert _fields(write_bibtex([pub]))["author"] == (
        "{Quill, Rosa and Owner, Olga and others}"
    )


def test_implied_authors_alone_when_no_author_is_listed() -> None:
    """With no listed author, the implied ones are written, then ``and others``."""
    pub = Publication(
        title="Tides",
        implied_authors=(Person(family="Owner", given="Olga"),),
        authors_incomplete=True,
    )
    assert _fields(write_bibtex([pub]))["author"] == "{Owner, Olga and others}"


def test_organisation_is_one_brace_group() -> None:
    """An organisation author is braced whole so BibTeX does not split it."""
    pub = Publication(title="Report", author=(Person(literal="Quill & Marsh Ltd"),))
    assert _fields(write_bibtex([pub]))["author"] == r"{{Quill \& Marsh Ltd}}"


# --- entry types and fields -----------------------------------------------------


def test_thesis_types_follow_the_genre() -> None:
    """A master's thesis is @mastersthesis in BibTeX, @thesis + type in BibLaTeX."""
    pub = Publication(
        type="thesis",
        title="Tides",
        publisher="Delft University of Technology",
        extra={"genre": "Master's thesis"},
    )
    assert write_bibtex([pub]).startswith("@mastersthesis{")
    assert _fields(write_bibtex([pub]))["school"] == "{Delft University of Technology}"
    biblatex = write_biblatex([pub])
    assert biblatex.startswith("@thesis{")
    assert _fields(biblatex)["type"] == "{mathesis}"
    assert _fields(biblatex)["institution"] == "{Delft University of Technology}"


def test_report_number_and_institution() -> None:
    """A report's number is its own number and its publisher its institution."""
    pub = Publication(
        type="report", title="Tides", publisher="NOAA", extra={"number": "TR-7"}
    )
    fields = _fields(write_bibtex([pub]))
    assert write_bibtex([pub]).startswith("@techreport{")
    assert (fields["number"], fields["institution"]) == ("{TR-7}", "{NOAA}")


def test_unknown_types_become_misc() -> None:
    """A CSL type with no BibTeX entry type is @misc, its container a journal."""
    pub = Publication(type="webpage", title="Tides", container_title="Tide Blog")
    text = write_bibtex([pub])
    assert text.startswith("@misc{")
    assert _fields(text)["journal"] == "{Tide Blog}"


def test_biblatex_dates_journals_and_arxiv() -> None:
    """BibLaTeX gets ISO dates, ``journaltitle`` and ``eprinttype = {arxiv}``."""
    pub = _TIDES.evolve(issued=Date((2019,), (2020,), circa=True), arxiv="1901.00001")
    fields = _fields(write_biblatex([pub]))
    assert fields["date"] == "{2019/2020~}"
    assert fields["journaltitle"] == "{Journal of Tides}"
    assert (fields["eprint"], fields["eprinttype"]) == ("{1901.00001}", "{arxiv}")
    assert "year" not in fields


def test_bibtex_arxiv_uses_archiveprefix() -> None:
    """BibTeX writes an arXiv id as ``eprint`` with ``archiveprefix = {arXiv}``."""
    fields = _fields(write_bibtex([_TIDES.evolve(arxiv="1901.00001")]))
    assert (fields["eprint"], fields["archiveprefix"]) == ("{1901.00001}", "{arXiv}")


def test_crossref_to_an_absent_entry_is_left_out() -> None:
    """A crossref whose target is not written would be a BibTeX error."""
    pub = _TIDES.evolve(source_fields={"crossref": "Proc98"})
    assert "crossref" not in _fields(write_bibtex([pub]))
    parent = Publication(type="book", id="Proc98", title="Proceedings")
    assert _fields(write_bibtex([pub, parent]))["crossref"] == "{Proc98}"


# --- the public verbs ---------------------------------------------------------


def test_dumps_and_write_use_the_bibtex_writer(tmp_path: Path) -> None:
    """``pubkit.dumps`` and ``pubkit.write`` produce the writer's exact text."""
    assert pubkit.dumps([_TIDES], format="bibtex") == write_bibtex([_TIDES])
    assert pubkit.dumps([_TIDES], format="biblatex", ascii=True) == write_biblatex(
        [_TIDES], ascii=True
    )
    target = tmp_path / "tides.bib"
    pubkit.write([_TIDES], target)
    assert target.read_text(encoding="utf-8") == write_bibtex([_TIDES])


# --- round trips over real files ------------------------------------------------


def _values(pub: Publication, dialect: str, keys: set[str]) -> Publication:
    """The record as a round trip through ``dialect`` is documented to keep it.

    Ids and provenance may change. Classic BibTeX has fewer entry types than
    CSL, so a type comes back as the one its BibTeX entry type reads as (and
    the issue of a periodical written as @misc comes back as its number),
    unless the entry type was kept from a source of the same dialect; a type
    kept for another dialect is not written. A ``crossref`` to an entry that
    is not written is left out by the writer. The words a title protects
    (see ``_protected``) are compared on their own; a value's LaTeX as read
    (``RAW_KEY``) and an undefined macro's expression (``MACRO_KEY``) are
    what the writer wrote, which the byte fixpoint checks.
    """
    bookkeeping = (PROTECTED_KEY.format(""), RAW_KEY.format(""), MACRO_KEY.format(""))
    own = ENTRY_TYPE_KEY.format(dialect)
    source = {
        name: value
        for name, value in pub.source_fields.items()
        if not name.endswith(":@type") or name == own
        if not name.startswith(bookkeeping)
    }
    other = pub.source_fields.get(ENTRY_TYPE_KEY.format(_OTHER[dialect]), "")
    # A type of the other dialect that this one defines too is written as it
    # was, and kept again where this dialect's writer would not choose it.
    known = other.lower() in DIALECT_TYPES[dialect] and own not in source
    written = known and nearest_csl_type(other) == pub.type
    if written and keeps_entry_type(dialect, other):
        source[own] = other
    if dialect == "bibtex" and own not in source:
        kind = CSL_TYPE_FOR_ENTRY[BIBTEX_TYPE_FOR_CSL.get(pub.type, "misc")]
        if pub.issue and kind == "document" and pub.type == "periodical":
            extra = {**pub.extra, "number": pub.issue}
            pub = dataclasses.replace(pub, issue="", extra=extra)
        pub = dataclasses.replace(pub, type=kind)
    if source.get("crossref", "").casefold() not in keys:
        source.pop("crossref", None)
    return dataclasses.replace(pub, id="", provenance=(), source_fields=source)


@pytest.mark.parametrize("dialect", ["bibtex", "biblatex"])
@pytest.mark.parametrize("path", REAL_FILES, ids=lambda p: p.stem[:48])
def test_real_file_round_trip_is_a_fixpoint(
    shared: Path, path: Path, dialect: str
) -> None:
    """read→write→read→write repeats the bytes, and the records are unchanged."""
    first = pubkit.read(path)
    if not first:
        pytest.skip(f"pubkit reads no record from this file: {first.problems}")
    written = pubkit.dumps(first, format=dialect)
    second = pubkit.loads(written, format=dialect)
    assert pubkit.dumps(second, format=dialect) == written
    keys = {p.id.casefold() for p in first}
    expected = [_values(p, dialect, keys) for p in first]
    assert [_values(p, dialect, keys) for p in second] == expected
    for before, after in zip(first, second, strict=True):
        assert _protected(before) <= _protected(after)


def _protected(pub: Publication) -> set[tuple[str, str]]:
    """The (field, word) pairs a record's source protected with braces.

    A round trip keeps them all, and may add the words the writer protected
    by its own rules, which it protects again on the next write anyway.
    """
    prefix = PROTECTED_KEY.format("")
    return {
        (name, word)
        for name, value in pub.source_fields.items()
        if name.startswith(prefix)
        for word in value.split()
    }


@pytest.mark.parametrize(
    ("read_as", "write_as", "head"),
    [
        ("bibtex", "bibtex", "@software{k,"),
        ("bibtex", "biblatex", "@software{k,"),
        ("biblatex", "bibtex", "@misc{k,"),
    ],
)
def test_kept_entry_type_is_written_in_its_own_dialect(
    read_as: str, write_as: str, head: str
) -> None:
    """A kept entry type comes back in its dialect; elsewhere the mapped type."""
    library = pubkit.loads("@software{k, title = {T}}", format=read_as)
    assert pubkit.dumps(library, format=write_as).startswith(head)


def test_made_up_entry_type_survives_a_bibtex_round_trip() -> None:
    """``@foo`` stays ``@foo`` through BibTeX and is ``@misc`` in BibLaTeX."""
    library = pubkit.loads("@foo{k, title = {T}}", format="bibtex")
    assert pubkit.dumps(library, format="bibtex").startswith("@foo{k,")
    assert pubkit.dumps(library, format="biblatex").startswith("@misc{k,")


def test_incomplete_editors_end_with_and_others() -> None:
    """An editor list marked incomplete is written with ``and others``."""
    pub = Publication(
        type="book",
        id="k",
        title="Collected",
        editor=(Person(family="Quill", given="Rosa"),),
        editors_incomplete=True,
    )
    assert _fields(write_bibtex([pub]))["editor"] == "{Quill, Rosa and others}"


def test_other_formats_kept_fields_are_not_written() -> None:
    """Fields another reader kept for its own writer (``ris:AD``) stay out."""
    pub = Publication(
        type="book", id="k", title="T", source_fields={"ris:AD": "Addr", "groups": "g"}
    )
    assert _fields(write_bibtex([pub])) == {"title": "{T}", "groups": "{g}"}


def test_preambles_of_a_library_are_written_first() -> None:
    """The ``@preamble`` that defines a file's own commands goes out again."""
    text = (
        '@preamble{"\\newcommand{\\noopsort}[1]{}"}\n@misc{k, title={\\noopsort{1}T}}'
    )
    library = pubkit.loads(text, format="bibtex")
    written = pubkit.dumps(library, format="bibtex")
    assert written.startswith("@preamble{{\\newcommand{\\noopsort}[1]{}}}\n\n@misc{k,")
    assert pubkit.dumps(pubkit.loads(written, format="bibtex"), format="bibtex") == (
        written
    )


_MATH = r"""@article{cu,
  title = {Thickness of {Cu$_2$O} films in $O(n^2)$ time},
  journal = {J. of $\alpha$ Gr{\"o}bner},
  note = {All $(\infty,1)$-toposes}
}
"""


@pytest.mark.parametrize("dialect", ["bibtex", "biblatex"])
def test_source_latex_is_written_again_while_the_value_is_unchanged(
    dialect: str,
) -> None:
    """Math, braces and accents come back as the source wrote them."""
    (pub,) = pubkit.loads(_MATH, format="bibtex")
    assert pub.title == "Thickness of Cu_2O films in O(n^2) time"

    written = pubkit.dumps([pub], format=dialect)
    ascii = pubkit.dumps([pub], format=dialect, ascii=True)

    journal = "journal" if dialect == "bibtex" else "journaltitle"
    for text in (written, ascii):
        assert "title = {Thickness of {Cu$_2$O} films in $O(n^2)$ time}" in text
        assert f'{journal} = {{J. of $\\alpha$ Gr{{\\"o}}bner}}' in text
        assert "note = {All $(\\infty,1)$-toposes}" in text


def test_an_edited_value_is_rendered_from_the_model() -> None:
    """Once the title changes, the source's LaTeX no longer applies."""
    (pub,) = pubkit.loads(_MATH, format="bibtex")
    edited = pub.evolve(title="Thickness of oxide films")
    assert "title = {Thickness of oxide films}" in pubkit.dumps(
        [edited], format="bibtex"
    )


def test_backslashes_from_plain_text_sources_are_escaped() -> None:
    """A CSL-JSON backslash, in a title or a name, is a character, not a command."""
    lib = pubkit.loads(
        '[{"id": "w", "type": "article", "title": "Paths like C:\\\\temp\\\\x",'
        ' "author": [{"literal": "Lab\\\\Group"}]}]',
        format="csljson",
    )
    written = pubkit.dumps(lib, format="bibtex")
    assert "{\\textbackslash}temp{\\textbackslash}x" in written
    assert "author = {{Lab{\\textbackslash}Group}}" in written
    assert pubkit.loads(written, format="bibtex")[0].title == lib[0].title


def test_source_latex_that_latex_rejects_is_escaped_anew() -> None:
    """A bare "&" or "%" read as a character is written escaped, not as read."""
    source = "@article{t, title = {Tides & Currents at 50% of {GPS} Buoys}}\n"
    (pub,) = pubkit.loads(source, format="bibtex")
    written = pubkit.dumps([pub], format="bibtex")
    assert "title = {Tides \\& Currents at 50\\% of {GPS} Buoys}" in written


@pytest.mark.parametrize(
    ("entry", "read_as", "write_as", "written"),
    [
        ("proceedings", "bibtex", "biblatex", "proceedings"),
        ("manual", "bibtex", "biblatex", "manual"),
        ("inbook", "bibtex", "biblatex", "inbook"),
        ("collection", "biblatex", "biblatex", "collection"),
        ("collection", "biblatex", "bibtex", "book"),
        ("software", "biblatex", "bibtex", "misc"),
    ],
)
def test_entry_types_both_dialects_define_survive_a_change_of_dialect(
    entry: str, read_as: str, write_as: str, written: str
) -> None:
    """A type the target dialect defines is kept; one it lacks is mapped."""
    lib = pubkit.loads(f"@{entry}{{k, title = {{T}}, year = 2020}}", format=read_as)
    assert pubkit.dumps(lib, format=write_as).startswith(f"@{written}{{k,")


def test_comment_blocks_are_written_again_after_the_entries() -> None:
    """JabRef's @comment metadata survives a round trip, once, at the end."""
    source = (
        "@comment{jabref-meta: databaseType:bibtex;}\n"
        "@article{k, title = {Tides}}\n"
        "@comment{jabref-meta: groupstree:\n0 AllEntriesGroup:;\n}\n"
    )
    written = pubkit.dumps(pubkit.loads(source, format="bibtex"), format="bibtex")
    assert written.endswith(
        "}\n\n@comment{jabref-meta: databaseType:bibtex;}\n\n"
        "@comment{jabref-meta: groupstree:\n0 AllEntriesGroup:;}\n"
    )
    again = pubkit.dumps(pubkit.loads(written, format="bibtex"), format="bibtex")
    assert again == written


def test_csl_rich_text_is_written_as_latex() -> None:
    """CSL-JSON's <i>, <sub>, <sup>, <b>, small caps and nocase become LaTeX."""
    item = {
        "id": "q",
        "type": "article-journal",
        "title": "The <i>Drosophila</i> genome, H<sub>2</sub>O, 10<sup>6</sup> "
        '<b>bold</b> <span style="font-variant:small-caps;">Nasa</span> '
        '<span class="nocase">iPhone</span> & a < b',
    }
    lib = pubkit.loads(json.dumps([item]), format="csljson")
    for ascii in (False, True):
        bib = pubkit.dumps(lib, format="bibtex", ascii=ascii)
        assert (
            r"title = {The \textit{{Drosophila}} genome, {H\textsubscript{2}O}, "
            r"10\textsuperscript{6} \textbf{bold} \textsc{{Nasa}} {{iPhone}} \& a < b}"
        ) in bib
    (again,) = pubkit.loads(bib, format="bibtex")
    assert again.title == "The Drosophila genome, H2O, 106 bold Nasa iPhone & a < b"


def test_tags_that_do_not_nest_are_text() -> None:
    """A title with a stray tag is not rich text: its characters are written."""
    lib = pubkit.loads(
        json.dumps([{"id": "t", "title": "a <i>b</b> c"}]), format="csljson"
    )
    assert "title = {a <i>b</b> c}" in pubkit.dumps(lib, format="bibtex")


def test_undefined_macros_are_written_bare_as_read() -> None:
    """A journal macro defined in another strings file stays a macro."""
    bib = (
        "@article{k, title = {Tides}, journal = jacm,"
        ' note = "See " # foo # " too", year = 2014}'
    )
    lib = pubkit.loads(bib, format="bibtex")
    assert [p.kind for p in lib.problems] == ["undefined-macro", "undefined-macro"]
    assert lib[0].container_title == "jacm"
    for fmt, field in (("bibtex", "journal"), ("biblatex", "journaltitle")):
        out = pubkit.dumps(lib, format=fmt)
        assert f"  {field} = jacm,\n" in out
        assert '  note = "See " # foo # " too"' in out
    edited = pubkit.dumps([lib[0].evolve(container_title="J. ACM")], format="bibtex")
    assert "journal = {J. ACM}" in edited
