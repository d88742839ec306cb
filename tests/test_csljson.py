from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import pubkit
from pubkit.formats.csljson import from_csl_item, read, to_csl_item, write_csljson
from pubkit.formats.csljson_vars import parse_edtf
from pubkit.model import Date, Person, Publication
from tests.conftest import SHARED

CSLJSON_FILES = [
    *sorted((SHARED / "data" / "csljson").glob("*.json")),
    SHARED / "data" / "csl" / "items.json",
]
BBT_DATES = "retorquere__zotero-better-bibtex__Date_export_to_Better_CSL-JSON_360_811"
CROSSREF = "sckott__habanero__test_content_negotiation_citeproc_json.yaml.body1.json"


def _items(path: Path) -> list[dict[str, object]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return data if isinstance(data, list) else [data]


def _without_provenance(pubs: list[Publication]) -> list[Publication]:
    return [p.evolve(provenance=()) for p in pubs]


@pytest.mark.parametrize("path", CSLJSON_FILES, ids=lambda p: p.name[:40])
def test_shared_files_read_completely(shared: Path, path: Path) -> None:
    """Every shared CSL-JSON file reads every item, titles intact, no problems."""
    pubs, problems = read(path.read_text(encoding="utf-8"), str(path))
    items = _items(path)
    assert problems == []
    assert [p.title for p in pubs] == [_whole_title(i) for i in items]


def _whole_title(item: dict[str, Any]) -> str:
    """An item's title with a Crossref ``subtitle`` joined on, as read."""
    subtitles = item.get("subtitle") or []
    parts = [item["title"], *([subtitles] if isinstance(subtitles, str) else subtitles)]
    return ": ".join(str(p) for p in parts)


@pytest.mark.parametrize("path", CSLJSON_FILES, ids=lambda p: p.name[:40])
def test_round_trip_is_a_fixpoint(shared: Path, path: Path) -> None:
    """Read → write → read → write gives the same records and the same text."""
    first, _ = read(path.read_text(encoding="utf-8"), str(path))
    text = write_csljson(first)
    second, problems = read(text, "written")
    assert problems == []
    assert write_csljson(second) == text
    assert _without_provenance(second) == _without_provenance(
        [p.evolve(id=q.id) for p, q in zip(first, second, strict=True)]
    )


@pytest.mark.parametrize("path", CSLJSON_FILES, ids=lambda p: p.name[:40])
def test_written_items_keep_every_value(shared: Path, path: Path) -> None:
    """Each original key survives writing (arXiv numbers and custom added only)."""
    pubs, _ = read(path.read_text(encoding="utf-8"), str(path))
    written = json.loads(write_csljson(pubs))
    for item, out in zip(_items(path), written, strict=True):
        lost = set(item) - set(out) - {"citation-key", "original-title"}
        assert lost == set()
        if item.get("id"):
            assert out["id"] == item.get("citation-key", item["id"])


def test_better_csl_dates(shared: Path) -> None:
    """Better CSL JSON's circa ranges, seasons and literal dates read as dates."""
    path = SHARED / "data" / "csljson" / f"{BBT_DATES}.csl.json"
    pubs = {p.id: p for p in read(path.read_text(encoding="utf-8"), "x")[0]}
    circa = pubs["doe10_edtf_2011"].issued
    assert circa == Date((2011, 5, 25), (2012, 6, 26), circa=True)
    assert pubs["doe13_season_2017"].issued == Date((2017,), circa=True, season=4)
    assert pubs["t2"].extra["accessed"] == Date(literal="13th cent")
    assert pubs["t5"].extra["original-date"] == Date((-334,), (-333,))
    # A range end of [0] is a placeholder, not the year 0.
    assert pubs["t1"].extra["submitted"] == Date((1999, 9, 29))
    assert pubs["doe14_date2010_2010"].author == (Person(literal="Doe14"),)


def test_crossref_single_object(shared: Path) -> None:
    """A Crossref object maps its type, keeps its other keys, lists ISSNs."""
    path = SHARED / "data" / "csljson" / CROSSREF
    (pub,), problems = read(path.read_text(encoding="utf-8"), "x")
    assert problems == []
    assert pub.type == "article-journal"
    assert pub.id == ""
    assert pub.issued == Date((1970, 8, 14))
    assert pub.issn == "0036-8075, 1095-9203"
    assert json.loads(pub.source_fields["csljson:reference-count"]) == 76
    assert json.loads(write_csljson([pub]))[0]["reference-count"] == 76


def test_arxiv_preprint_number(shared: Path) -> None:
    """A preprint's "arXiv:…" number becomes its arXiv id and is written back."""
    items = json.loads((SHARED / "data" / "csl" / "items.json").read_text())
    item = next(i for i in items if i["id"] == "ho2020")
    pub = from_csl_item(item)
    assert pub.arxiv == "2006.11239"
    assert "number" not in pub.extra
    out = to_csl_item(pub)
    assert out["number"] == "arXiv:2006.11239"
    assert out["custom"] == {"arxiv": "2006.11239"}


def test_pubkit_facts_travel_in_custom() -> None:
    """authors_incomplete and implied_authors are written to custom and read back."""
    owner = Person(family="Roe", given="Jane")
    pub = Publication(
        type="article",
        id="roe-tides",
        title="Tides",
        author=(Person(family="Doe", given="John"),),
        authors_incomplete=True,
        implied_authors=(owner,),
    )
    item = to_csl_item(pub)
    assert list(item)[:2] == ["id", "type"]
    assert item["custom"] == {
        "authors-incomplete": True,
        "implied-authors": [{"family": "Roe", "given": "Jane"}],
    }
    back = from_csl_item(item)
    assert back.evolve(provenance=()) == pub


def test_csl_only_items_for_citation_processors(shared: Path) -> None:
    """With csl_only, items carry no custom object and no non-CSL keys."""
    path = SHARED / "data" / "csljson" / CROSSREF
    (pub,), _ = read(path.read_text(encoding="utf-8"), "x")
    pub = pub.evolve(authors_incomplete=True)
    item = to_csl_item(pub, csl_only=True)
    assert "custom" not in item
    assert "reference-count" not in item
    assert item["title"] == (
        "The Structure of Ordinary Water: New data and interpretations are "
        "yielding new insights into this fascinating substance."
    )
    assert to_csl_item(pub)["custom"] == {"authors-incomplete": True}


def test_loose_values_are_normalised() -> None:
    """Integer numbers, EDTF strings, aliases and DOI URLs are normalised."""
    text = json.dumps(
        {
            "id": "k",
            "type": "article-journal",
            "title": "T",
            "volume": 12,
            "issued": "2020~",
            "shortTitle": "Short",
            "DOI": "https://doi.org/10.1000/XYZ",
            "keyword": "tides; waves, coasts",
            "translator": [{"family": "Tr", "given": "A."}],
        }
    )
    (pub,), problems = read(text, "x")
    assert problems == []
    assert pub.volume == "12"
    assert pub.issued == Date((2020,), circa=True)
    assert pub.extra["title-short"] == "Short"
    assert pub.doi == "10.1000/XYZ"
    assert pub.keywords == ("tides", "waves", "coasts")
    assert pub.contributors["translator"] == (Person(family="Tr", given="A."),)


def test_bad_items_become_problems() -> None:
    """Non-objects, bad names and unknown types are reported with their lines."""
    text = '[\n  {"id": "a", "type": "book", "title": "A", "author": 7},\n  3,\n'
    text += '  {"id": "a", "type": "thing", "title": "B"}\n]'
    pubs, problems = read(text, "bad.json")
    assert [p.title for p in pubs] == ["A", "B"]
    assert pubs[0].source_fields["csljson:author"] == "7"
    assert pubs[1].type == "document"
    assert [(p.line, p.kind) for p in problems] == [
        (2, "invalid"),
        (3, "invalid"),
        (4, "unknown-type"),
        (4, "duplicate-id"),
    ]


def test_names_given_as_text_are_read_and_reported() -> None:
    """A text name is read ("Family, Given" split, else literal) and reported."""
    item = {
        "id": "k",
        "type": "book",
        "title": "T",
        "author": "Smith, John",
        "editor": ["World Health Organization", {"family": "Roe", "given": "A."}],
    }
    problems: list[pubkit.Problem] = []
    pub = from_csl_item(item, problems=problems)
    assert pub.author == (Person(family="Smith", given="John"),)
    assert pub.editor == (
        Person(literal="World Health Organization"),
        Person(family="Roe", given="A."),
    )
    assert pub.source_fields == {}
    assert [(p.reason, p.kind) for p in problems] == [
        (
            'author should be a list of name objects; read "Smith, John" as names',
            "nonstandard",
        ),
        (
            "editor should be a list of name objects; "
            'read "World Health Organization" as names',
            "nonstandard",
        ),
    ]
    assert to_csl_item(pub)["author"] == [{"family": "Smith", "given": "John"}]


def test_flat_date_parts_are_read_as_one_date() -> None:
    """date-parts given as one flat list is read as that date and reported."""
    item = {"id": "k", "type": "book", "issued": {"date-parts": [2020, 5]}}
    problems: list[pubkit.Problem] = []
    pub = from_csl_item(item, problems=problems)
    assert pub.issued == Date((2020, 5))
    assert [p.reason for p in problems] == [
        "issued date-parts should be a list of lists; read as one date"
    ]


def test_hand_made_items_read_and_format() -> None:
    """Items without id, with text issued or text author read and can be cited."""
    items = [
        {
            "type": "book",
            "title": "No id",
            "author": [{"family": "Roe", "given": "A."}],
        },
        {"id": "s", "type": "book", "title": "Text date", "issued": "2020"},
        {"id": "a", "type": "book", "title": "Text name", "author": "Smith, John"},
    ]
    library = pubkit.loads(json.dumps(items), format="csljson")
    assert [p.id for p in library] == ["", "s", "a"]
    assert library[1].issued == Date((2020,))
    assert [p.kind for p in library.problems] == ["nonstandard"]
    assert pubkit.format_bibliography(library, style="apa") == [
        "Roe, A. (n.d.). No id.",
        "Smith, J. (n.d.). Text name.",
        "Text date. (2020).",
    ]


def test_invalid_json_is_one_problem() -> None:
    """Text that is not JSON yields no records and a problem with its line."""
    pubs, problems = read('[\n{"id": "a",,}\n]', "broken.json")
    assert pubs == []
    assert problems[0].line == 2


def test_missing_ids_get_generated_keys() -> None:
    """The writer keys records without an id and keeps every other id."""
    pubs = [
        Publication(title="Sparse tidal inversion", author=(Person("Lemaire", "O."),)),
        Publication(id="http://example.org/item/7", title="Kept"),
    ]
    items = json.loads(write_csljson(pubs))
    assert items[0]["id"] != ""
    assert items[1]["id"] == "http://example.org/item/7"


def test_edtf_forms() -> None:
    """EDTF strings as Better CSL JSON writes them parse to CSL dates."""
    assert parse_edtf("2020-05-17") == Date((2020, 5, 17))
    assert parse_edtf("2019/2020") == Date((2019,), (2020,))
    assert parse_edtf("2020~") == Date((2020,), circa=True)
    assert parse_edtf("2019/..") == Date((2019,))


def test_loads_detects_csljson() -> None:
    """pubkit.loads recognises CSL-JSON text from its content."""
    library = pubkit.loads('[{"id": "x", "type": "book", "title": "T"}]')
    assert library[0].type == "book"
    assert library[0].provenance[0].format == "csljson"


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
_PERSON = st.builds(Person, family=_WORD, given=_WORD) | st.builds(
    Person, literal=_TEXT
)
_DATE = st.builds(
    Date,
    st.tuples(st.integers(1000, 2100))
    | st.tuples(st.integers(1000, 2100), st.integers(1, 12), st.integers(1, 28)),
    circa=st.booleans(),
)


@given(
    title=_TEXT,
    author=st.lists(_PERSON, max_size=4),
    implied=st.lists(_PERSON, max_size=1),
    incomplete=st.booleans(),
    issued=st.none() | _DATE,
    volume=st.from_regex(r"[0-9]{0,3}", fullmatch=True),
    note=_TEXT,
    edition=_TEXT,
)
def test_item_round_trip_property(
    title: str,
    author: list[Person],
    implied: list[Person],
    incomplete: bool,
    issued: Date | None,
    volume: str,
    note: str,
    edition: str,
) -> None:
    """Any publication survives to_csl_item then from_csl_item unchanged."""
    pub = Publication(
        id="k",
        type="article-journal",
        title=title,
        author=tuple(author),
        implied_authors=tuple(implied),
        authors_incomplete=incomplete,
        issued=issued,
        volume=volume,
        note=note,
        extra={"edition": edition},
    )
    item = json.loads(json.dumps(to_csl_item(pub)))
    assert from_csl_item(item).evolve(provenance=()) == pub


def test_crossref_subtitle_joins_the_title_and_reaches_bibtex() -> None:
    """A ``subtitle`` (not a CSL variable) becomes part of the title, not lost."""
    item = {"id": "s", "type": "book", "title": "Tides", "subtitle": ["A primer"]}
    (pub,) = pubkit.loads(json.dumps([item]), format="csljson")
    assert pub.title == "Tides: A primer"
    assert "title = {Tides: A primer}" in pubkit.dumps([pub], format="bibtex")
    (again,) = pubkit.loads(pubkit.dumps([pub], format="csljson"), format="csljson")
    assert again.title == "Tides: A primer"


def test_crossref_rest_responses_are_unwrapped(shared: Path) -> None:
    """A Crossref REST response gives its work, or every work of its list."""
    folder = SHARED / "data" / "api" / "crossref"
    one = folder / "sckott__habanero__test_works_with_one_id.yaml.body0.json"
    (pub,) = pubkit.read(one, format="csljson")
    assert pub.doi == "10.1371/journal.pone.0033693"
    assert pub.container_title == "PLoS ONE"
    assert pub.author[0] == Person(family="Sadasivan", given="Shankar")
    listing = folder / "sckott__habanero__test_works_query.yaml.body0.json"
    message = json.loads(listing.read_text(encoding="utf-8"))["message"]
    titles = [" ".join(item["title"]) for item in message["items"]]
    assert [p.title for p in pubkit.read(listing, format="csljson")] == titles


def test_bibtex_through_csl_json_and_back_loses_nothing() -> None:
    """JabRef's groups, owner and file, and a title's LaTeX, survive CSL-JSON."""
    bib = (
        "@article{quill14,\n"
        "  author = {Quill, Rosa},\n"
        "  title = {Drift of {Cu$_2$O} plumes},\n"
        "  year = {2014},\n"
        "  file = {:quill14.pdf:PDF},\n"
        "  groups = {coast},\n"
        "  owner = {rq}\n"
        "}\n"
    )
    csl = pubkit.dumps(pubkit.loads(bib, format="bibtex"), format="csljson")
    custom = json.loads(csl)[0]["custom"]["source-fields"]
    assert custom["groups"] == "coast"
    again = pubkit.dumps(pubkit.loads(csl, format="csljson"), format="bibtex")
    assert again == bib


def test_ris_through_csl_json_and_back_keeps_unmapped_tags() -> None:
    """A RIS tag with no CSL meaning (M3, a database's label) comes back."""
    ris = "TY  - JOUR\nTI  - Drift\nAU  - Quill, Rosa\nM3  - Field study\nER  - \n"
    csl = pubkit.dumps(pubkit.loads(ris, format="ris"), format="csljson")
    again = pubkit.dumps(pubkit.loads(csl, format="csljson"), format="ris")
    assert "M3  - Field study" in again


def test_bibtex_markup_becomes_csl_rich_text() -> None:
    r"""\emph, {\em ...}, \textsubscript and protecting braces, as Zotero reads them."""
    bib = (
        "@article{q, title = {{\\em Vibrio} in H\\textsubscript{2}O from {GPS} Buoys},"
        " journal = {Journal of \\emph{Coastal} Letters}}"
    )
    lib = pubkit.loads(bib, format="bibtex")
    assert lib[0].title == "Vibrio in H2O from GPS Buoys"
    (item,) = json.loads(pubkit.dumps(lib, format="csljson"))
    assert item["title"] == (
        '<i>Vibrio</i> in H<sub>2</sub>O from <span class="nocase">GPS</span> Buoys'
    )
    assert item["container-title"] == "Journal of <i>Coastal</i> Letters"
    html = pubkit.format_bibliography(lib, style="apa", output="html")[0]
    assert "<i>Vibrio</i> in H<sub>2</sub>O from GPS Buoys" in html
    assert pubkit.dumps(
        pubkit.loads(json.dumps([item]), format="csljson"), format="bibtex"
    ) == pubkit.dumps(lib, format="bibtex")


def test_an_empty_group_ending_a_command_is_no_nocase_span() -> None:
    r"""``\textemdash{}`` is a dash: its braces protect nothing."""
    bib = "@article{q, title = {Tides \\textemdash{} and {GPS} \\emph{x}}}"
    (item,) = json.loads(
        pubkit.dumps(pubkit.loads(bib, format="bibtex"), format="csljson")
    )
    assert item["title"] == 'Tides — and <span class="nocase">GPS</span> <i>x</i>'
    bib = "@article{q, title = {Tides \\textemdash{} and more}}"
    (item,) = json.loads(
        pubkit.dumps(pubkit.loads(bib, format="bibtex"), format="csljson")
    )
    assert item["title"] == "Tides — and more"


def test_markup_that_would_change_the_text_is_not_used() -> None:
    """A title edited after reading keeps no stale markup from its LaTeX."""
    (pub,) = pubkit.loads(
        "@article{q, title = {The \\emph{Vibrio} case}}", format="bibtex"
    )
    edited = pub.evolve(title="The Vibrio cases")
    (item,) = json.loads(pubkit.dumps([edited], format="csljson"))
    assert item["title"] == "The Vibrio cases"
