from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import pubkit
from pubkit.formats.ris import read, write_ris
from pubkit.formats.ris_tags import RIS_TYPE_FOR_CSL
from pubkit.io import normalize_text
from pubkit.model import Date, Person, Publication
from tests.conftest import SHARED, load_case

RIS_FILES = sorted((SHARED / "data" / "ris").glob("*"))


def _text(path: Path) -> str:
    return normalize_text(path.read_text(encoding="utf-8"))


def _records_in(text: str) -> int:
    return sum(1 for line in text.split("\n") if line.startswith("TY  - "))


def test_case_03_bom_crlf_empty_tag() -> None:
    """Case 03: BOM, CRLF and an empty SP tag read as the case expects."""
    case = load_case("03")
    library = pubkit.loads(case["input"]["ris_crlf_with_bom"], format="ris")
    expected = case["expected"]["ris_crlf_with_bom"]
    assert len(library) == expected["record_count"]
    assert library.problems == ()
    for pub, want in zip(library, expected["records"], strict=True):
        assert pub.type == "article-journal"  # TY JOUR
        assert [p.sort_name() for p in pub.author] == want["authors"]
        assert pub.title == want["title"]
        assert str(pub.year) == want["year"]
        assert pub.issue == want.get("issue", "")
        assert pub.page == ""
        assert not any("\r" in v or "\ufeff" in v for v in (pub.title, pub.issue))


@pytest.mark.parametrize("path", RIS_FILES, ids=lambda p: p.name[:40])
def test_shared_files_read_every_record(shared: Path, path: Path) -> None:
    """Every shared RIS file reads without a crash, one record per TY line."""
    text = _text(path)
    pubs, _ = read(text, str(path))
    assert len(pubs) == _records_in(text)
    assert all(p.title for p in pubs)


@pytest.mark.parametrize("path", RIS_FILES, ids=lambda p: p.name[:40])
def test_round_trip_is_a_fixpoint(shared: Path, path: Path) -> None:
    """Read, write, read: same records; writing them again gives the same text."""
    first, _ = read(_text(path), str(path))
    text = write_ris(first)
    second, _ = read(text, "written")
    assert [p.evolve(provenance=()) for p in second] == [
        p.evolve(provenance=()) for p in first
    ]
    assert write_ris(second) == text


def test_zotero_labelled_export(shared: Path) -> None:
    """Zotero's all-types export maps tags to the right fields."""
    path = SHARED / "data" / "ris" / "zotero__translators__RIS.js.testCase2.ris"
    pubs, problems = read(_text(path), str(path))
    first = pubs[0]
    assert first.type == "dataset"  # TY AGGR
    assert first.author == (Person("Name1", "Author"), Person("Name2", "Author"))
    assert first.container_title == "Periodical"
    assert first.publisher_place == "Place Published"
    assert first.doi == "10.1234/123456"
    assert first.extra["title-short"] == "Short Title"
    assert first.source_fields["ris:AD"] == "Author Address"
    assert [(p.kind, p.raw) for p in problems] == [("unknown-type", "WEB")]


def test_scopus_record(shared: Path) -> None:
    """A Scopus record: year, journal, DOI, ISSN and keywords."""
    path = SHARED / "data" / "ris" / "asreview__asreview__scopus.ris"
    pub = read(_text(path), str(path))[0][0]
    assert pub.issued == Date((2020,))
    assert pub.container_title == "Psychoneuroendocrinology"
    assert pub.doi == "10.1016/j.psyneuen.2019.104501"
    assert pub.issn == "03064530 (ISSN)"
    assert pub.keywords[0] == "Brain-gut axis"


def test_multiline_keywords_split(shared: Path) -> None:
    """Keywords continued on untagged lines are separate keywords."""
    path = SHARED / "data" / "ris" / "asreview__asreview__ris_issue_992.txt"
    pubs, _ = read(_text(path), str(path))
    keywords = next(p.keywords for p in pubs if "Joint Commission" in p.keywords)
    assert "Health Facility Administration" in keywords


def test_ovid_text_between_records_is_reported(shared: Path) -> None:
    """Ovid's lines after ER are reported with their line, records kept."""
    path = SHARED / "data" / "ris" / "asreview__asreview__ovid_psycinfo.ris"
    pubs, problems = read(_text(path), str(path))
    assert len(pubs) == 6
    assert problems[0].line == 26
    assert problems[0].raw.startswith("NL  - ")


def test_bad_record_costs_only_itself() -> None:
    """A record without ER and stray text are problems; the others survive."""
    text = "junk line\nTY  - JOUR\nTI  - One\nTY  - BOOK\nTI  - Two\nER  - \n"
    pubs, problems = read(text, "bad.ris")
    assert [p.title for p in pubs] == ["One", "Two"]
    assert [(p.line, p.kind) for p in problems] == [(1, "invalid"), (2, "unterminated")]


def test_writer_output() -> None:
    """The writer emits tags in a fixed order and dates as PY and DA."""
    pub = Publication(
        type="article-journal",
        id="roe2020",
        title="Tides",
        author=(Person("Berg", "Hendrik", non_dropping_particle="van der"),),
        issued=Date((2020, 5, 17)),
        container_title="Ocean Letters",
        page="3–9",
        keywords=("tides", "waves"),
    )
    assert write_ris([pub]) == (
        "TY  - JOUR\nID  - roe2020\nTI  - Tides\nAU  - van der Berg, Hendrik\n"
        "T2  - Ocean Letters\nPY  - 2020\nDA  - 2020/05/17/\nSP  - 3\nEP  - 9\n"
        "KW  - tides\nKW  - waves\nER  - \n"
    )


def test_organisation_names_stay_whole() -> None:
    """A name without a comma is an organisation, kept as a literal."""
    pubs, _ = read("TY  - RPRT\nAU  - World Health Organization\nER  - \n", "x")
    assert pubs[0].author == (Person(literal="World Health Organization"),)


_TEXT = (
    st.text(
        st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
        min_size=1,
        max_size=30,
    )
    .map(lambda s: " ".join(s.split()))
    .filter(bool)
)
_WORD = st.from_regex(r"[A-Z][a-zà-ö]{1,8}", fullmatch=True)
_TYPES = sorted(t for t in RIS_TYPE_FOR_CSL if t != "article")


@given(
    kind=st.sampled_from(_TYPES),
    title=_TEXT,
    names=st.lists(st.tuples(_WORD, _WORD), max_size=4),
    day=st.none() | st.tuples(st.integers(1000, 2100), st.integers(1, 12)),
    pages=st.none() | st.tuples(st.integers(1, 500), st.integers(501, 999)),
    keywords=st.lists(_TEXT, max_size=3),
    abstract=_TEXT,
)
def test_record_round_trip_property(
    kind: str,
    title: str,
    names: list[tuple[str, str]],
    day: tuple[int, int] | None,
    pages: tuple[int, int] | None,
    keywords: list[str],
    abstract: str,
) -> None:
    """Any publication RIS can hold is read back unchanged from what is written."""
    pub = Publication(
        type=kind,
        title=title,
        author=tuple(Person(family=f, given=g) for f, g in names),
        issued=Date(day) if day else None,
        page=f"{pages[0]}-{pages[1]}" if pages else "",
        keywords=tuple(keywords),
        abstract=abstract,
    )
    (back,), problems = read(write_ris([pub]), "x")
    assert problems == []
    assert back.evolve(provenance=()) == pub


def test_implied_authors_are_written_last_with_a_note() -> None:
    """Implied authors follow the listed ones as AU lines; an N1 note says so."""
    pub = Publication(
        type="article-journal",
        title="Tides",
        author=(Person("Roe", "Ann"),),
        implied_authors=(Person("Lajoie", "Guillaume"),),
        authors_incomplete=True,
        note="Read twice.",
    )
    assert write_ris([pub]) == (
        "TY  - JOUR\nTI  - Tides\nAU  - Roe, Ann\nAU  - Lajoie, Guillaume\n"
        "N1  - Read twice.\n"
        "N1  - pubkit: author list incomplete; listed last, position unknown: "
        "Lajoie, Guillaume\nER  - \n"
    )


_OWNER = Person("Lajoie", "Guillaume")


@pytest.mark.parametrize(
    "pub",
    [
        Publication(
            type="book",
            title="Only the owner",
            implied_authors=(_OWNER,),
            authors_incomplete=True,
        ),
        Publication(
            type="book",
            title="Two implied",
            author=(Person("Roe", "Ann"), Person("Berg", "Hendrik")),
            implied_authors=(_OWNER, Person("Poe", "Eve")),
            authors_incomplete=True,
        ),
        Publication(
            type="book",
            title="Others",
            author=(Person("Roe", "Ann"),),
            authors_incomplete=True,
        ),
        Publication(
            type="book",
            title="Editors",
            editor=(Person("Roe", "Ann"),),
            editors_incomplete=True,
        ),
    ],
    ids=["implied-only", "two-implied", "and-others", "editors"],
)
def test_incomplete_lists_read_back(pub: Publication) -> None:
    """Incomplete flags and implied authors survive a RIS round trip."""
    (back,), problems = read(write_ris([pub]), "x")
    assert problems == []
    assert back.evolve(provenance=()) == pub


def test_implied_authors_alone_read_back_as_incomplete() -> None:
    """Implied authors on a list not marked partial come back marked partial."""
    pub = Publication(
        type="book",
        author=(Person("Roe", "Ann"),),
        implied_authors=(Person("Lajoie", "Guillaume"),),
    )
    (back,), _ = read(write_ris([pub]), "x")
    assert back.author == (Person("Roe", "Ann"),)
    assert back.implied_authors == (Person("Lajoie", "Guillaume"),)
    assert back.authors_incomplete is True


def test_mark_with_names_not_listed_last_keeps_every_au_line() -> None:
    """A mark whose names do not end the AU lines leaves the listed names whole."""
    text = (
        "TY  - BOOK\nAU  - Lajoie, Guillaume\nAU  - Roe, Ann\n"
        "N1  - pubkit: author list incomplete; listed last, position unknown: "
        "Lajoie, Guillaume\nER  - \n"
    )
    (pub,), _ = read(text, "x")
    assert pub.author == (Person("Lajoie", "Guillaume"), Person("Roe", "Ann"))
    assert pub.implied_authors == (Person("Lajoie", "Guillaume"),)
    assert pub.all_authors == pub.author
    assert pub.note == ""


def test_seed_profile_owner_survives_ris(shared: Path) -> None:
    """The seed page's owner is in every RIS record and reads back as implied."""
    pubs = pubkit.read(shared / "seeds" / "000_d16d5734d9bcde79.txt")
    text = write_ris(pubs)
    assert text.count("AU  - Lajoie, Guillaume\n") == 12
    back, problems = read(text, "x")
    assert problems == []
    assert [p.author for p in back] == [p.author for p in pubs]
    assert {p.implied_authors for p in back} == {(Person("Lajoie", "Guillaume"),)}
    assert all(p.authors_incomplete for p in back)


@pytest.mark.parametrize(
    ("py", "parts"),
    [
        ("150", (150,)),
        ("1687//", (1687,)),
        ("2014/05/03/", (2014, 5, 3)),
        ("n.d.", None),
    ],
)
def test_years_of_any_length_are_read(py: str, parts: tuple[int, ...] | None) -> None:
    """A year of antiquity is a year; text that is no date is kept, not read."""
    text = f"TY  - BOOK\nAU  - Ptolemy\nTI  - Almagest\nPY  - {py}\nER  - \n"
    (pub,) = pubkit.loads(text, format="ris")
    assert (pub.issued.parts if pub.issued else None) == parts
    again = pubkit.dumps([pub], format="ris")
    assert again.count("PY  - ") == 1
    assert f"PY  - {py.split('/')[0]}" in again
