from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pubkit.model import Person
from pubkit.text.names import (
    bibtex_name_to_person,
    format_bibtex_name,
    parse_bibtex_name,
    parse_plain_name,
    split_names,
)
from tests.conftest import load_case


def _parts(raw: str) -> dict[str, list[str]]:
    name = parse_bibtex_name(raw)
    return {
        "first": list(name.first),
        "von": list(name.von),
        "last": list(name.last),
        "jr": list(name.jr),
    }


def test_case_08_von_particles_split_as_bibtex_does() -> None:
    """Every name of case 08 splits into BibTeX's first/von/last/jr parts."""
    for expected in load_case("08")["expected"]:
        want = {k: expected[k] for k in ("first", "von", "last", "jr")}
        assert _parts(expected["input"]) == want, expected["input"]


def test_case_08_csl_parts_put_von_in_non_dropping_particle() -> None:
    """Case 08's CSL views: von words are the non-dropping particle."""
    for expected in load_case("08")["expected"]:
        if "csl" in expected:
            csl = bibtex_name_to_person(expected["input"]).to_csl()
            assert csl == expected["csl"], expected["input"]


def test_case_09_braced_and_accented_names() -> None:
    """Case 09: braces protect, special characters count as capitals."""
    case = load_case("09")
    raws, et_al = split_names(case["input"]["value"])
    names = case["expected"]["names"]
    assert len(raws) == case["expected"]["count"]
    assert not et_al
    for raw, expected in zip(raws, names, strict=True):
        want = {k: expected[k] for k in ("first", "von", "last", "jr")}
        assert _parts(raw) == want, raw
        person = bibtex_name_to_person(raw)
        if "family_unicode" in expected:
            assert person.family == expected["family_unicode"]
        if "given_unicode" in expected:
            assert person.given == expected["given_unicode"]


def test_case_11_suffixes_in_three_part_form() -> None:
    """Case 11: "Last, Jr, First" puts Jr. or III in the suffix."""
    case = load_case("11")
    for raw, expected in zip(
        case["input"]["bibtex_names"], case["expected"]["bibtex_names"], strict=True
    ):
        assert bibtex_name_to_person(raw).to_csl() == expected, raw
    first = case["input"]["bibtex_names"][0]
    assert (
        bibtex_name_to_person(first).to_csl() == case["expected"]["csl_json_of_first"]
    )


def test_case_11_biblatex_extended_name_form() -> None:
    """Case 11: BibLaTeX's key=value name form parses without error."""
    case = load_case("11")
    expected = {
        k: v for k, v in case["expected"]["biblatex_extended_name"].items() if v
    }
    person = bibtex_name_to_person(case["input"]["biblatex_extended_name"])
    assert person.to_csl() == expected


def test_case_11_free_text_names_from_profile_pages() -> None:
    """Case 11: plain names with suffixes, inverted or not, are one person."""
    case = load_case("11")
    for raw, expected in zip(
        case["input"]["free_text_names_from_profile_pages"],
        case["expected"]["free_text_names_from_profile_pages"],
        strict=True,
    ):
        want = {k: v for k, v in expected.items() if k != "count_of_persons"}
        assert parse_plain_name(raw).to_csl() == want, raw


def test_case_11_export_uses_three_part_form() -> None:
    """Case 11: a person with a suffix is written "Last, Jr, First"."""
    case = load_case("11")
    person = Person.from_csl(case["input"]["export_person"])
    assert format_bibtex_name(person) == case["expected"]["export_person_bibtex"]


def test_case_13_and_others_is_an_et_al_marker() -> None:
    """Case 13: a final "others" sets the flag and is never a person."""
    assert split_names("Quill, Rosa and Marsh, Ed and others") == (
        ["Quill, Rosa", "Marsh, Ed"],
        True,
    )
    assert split_names("Quill, Rosa AND Others") == (["Quill, Rosa"], True)


def test_and_inside_braces_does_not_split() -> None:
    """An "and" inside braces belongs to one organisation's name."""
    raws, _ = split_names("{Organisation and Partners} and Quill, Rosa")
    assert raws == ["{Organisation and Partners}", "Quill, Rosa"]
    assert bibtex_name_to_person(raws[0]) == Person(literal="Organisation and Partners")


def test_extra_commas_are_tolerated() -> None:
    """A trailing comma after the first name does not shift the parts."""
    assert bibtex_name_to_person("Quill, Jr., Rosa, ") == Person(
        family="Quill", given="Rosa", suffix="Jr."
    )
    assert bibtex_name_to_person("Quill, Rosa,") == Person(family="Quill", given="Rosa")


def test_hyphenated_given_name_and_ties() -> None:
    """Hyphenated given names stay whole; a tie separates words."""
    assert parse_bibtex_name("Louis-Philippe Morency").first == ("Louis-Philippe",)
    assert bibtex_name_to_person("D.~E. Knuth") == Person(family="Knuth", given="D. E.")


PLAIN_NAMES: list[tuple[str, dict[str, Any]]] = [
    ("Johannes Von Oswald", {"given": "Johannes", "ndp": "Von", "family": "Oswald"}),
    ("Blaise Aguera y Arcas", {"given": "Blaise", "family": "Aguera y Arcas"}),
    ("M.G. Perich", {"given": "M. G.", "family": "Perich"}),
    ("Nanda H Krishna", {"given": "Nanda H.", "family": "Krishna"}),
    ("João Sacramento", {"given": "João", "family": "Sacramento"}),
    (
        "Jean-Pierre de la Fontaine",
        {"given": "Jean-Pierre", "ndp": "de la", "family": "Fontaine"},
    ),
    ("Ludwig van Beethoven", {"given": "Ludwig", "ndp": "van", "family": "Beethoven"}),
    (
        "Martin Luther King Jr.",
        {"given": "Martin Luther", "family": "King", "suffix": "Jr."},
    ),
    ("Kameron Decker Harris", {"given": "Kameron Decker", "family": "Harris"}),
    ("Muawiz Sajjad Chaudhary", {"given": "Muawiz Sajjad", "family": "Chaudhary"}),
]


@pytest.mark.parametrize(("text", "parts"), PLAIN_NAMES)
def test_parse_plain_name(text: str, parts: dict[str, Any]) -> None:
    """Names as written on web pages split into given, particle and family."""
    expected = Person(
        family=parts["family"],
        given=parts["given"],
        non_dropping_particle=parts.get("ndp", ""),
        suffix=parts.get("suffix", ""),
    )
    assert parse_plain_name(text) == expected


_WORD = st.from_regex(r"[A-Z][a-zà-ÿ]{1,8}", fullmatch=True)
_INITIAL = st.from_regex(r"[A-Z]\.", fullmatch=True)
_PARTICLE = st.sampled_from(["van", "von", "de", "de la", "van der", "di", "du"])


@given(
    family=st.lists(_WORD, min_size=1, max_size=3).map(" ".join),
    given_=st.lists(st.one_of(_WORD, _INITIAL), max_size=3).map(" ".join),
    particle=st.one_of(st.just(""), _PARTICLE),
    suffix=st.sampled_from(["", "Jr.", "III", "Sr."]),
)
def test_format_then_parse_round_trips(
    family: str, given_: str, particle: str, suffix: str
) -> None:
    """Formatting a person as BibTeX and parsing it back gives the same parts."""
    person = Person(
        family=family, given=given_, non_dropping_particle=particle, suffix=suffix
    )
    assert bibtex_name_to_person(format_bibtex_name(person)) == person


@given(st.lists(_WORD, min_size=2, max_size=4))
def test_split_names_keeps_every_name(families: list[str]) -> None:
    """Joining names with " and " and splitting gives them back in order."""
    names = [f"{family}, A." for family in families]
    assert split_names(" and ".join(names)) == (names, False)


def test_suffix_after_a_single_comma_is_a_suffix() -> None:
    """A suffix after one comma ("King, Jr.") is a suffix, not a first name."""
    assert bibtex_name_to_person("Martin Luther King, Jr.") == Person(
        family="King", given="Martin Luther", suffix="Jr."
    )
    assert bibtex_name_to_person("James Supancic,III") == Person(
        family="Supancic", given="James", suffix="III"
    )


def test_stray_and_at_either_end_adds_no_name() -> None:
    """An "and" opening or closing the list is not read as part of a name."""
    assert split_names("and Quill, Rosa and Marsh, Ed and") == (
        ["Quill, Rosa", "Marsh, Ed"],
        False,
    )


def test_all_lowercase_name_is_first_then_last() -> None:
    """A wholly lowercase name reads as first and last, not as particles."""
    assert bibtex_name_to_person("j. smith") == Person(family="smith", given="j.")


def test_trailing_suffix_without_comma_is_a_suffix() -> None:
    """In "Tomas E. Brandt III" the III is a suffix (BibTeX would say last name)."""
    assert bibtex_name_to_person("Tomas E. Brandt III") == Person(
        family="Brandt", given="Tomas E.", suffix="III"
    )


def test_capitalised_particle_is_written_as_a_von_word() -> None:
    """A capitalised particle from plain text is written so BibTeX sees a von word."""
    person = parse_plain_name("Johannes Von Oswald")
    assert person.non_dropping_particle == "Von"
    written = format_bibtex_name(person)
    assert written == "{\\uppercase{v}}on Oswald, Johannes"
    assert bibtex_name_to_person(written) == person


def test_biblatex_names_with_odd_particles_use_the_extended_form() -> None:
    """For biber, capitalised and dropping particles go in ``prefix``."""
    von = parse_plain_name("Johannes Von Oswald")
    written = format_bibtex_name(von, biblatex=True)
    assert written == "family={Oswald}, given={Johannes}, prefix={Von}, useprefix=true"
    assert bibtex_name_to_person(written) == von
    gaulle = Person(family="Gaulle", given="Charles", dropping_particle="de")
    written = format_bibtex_name(gaulle, biblatex=True)
    assert bibtex_name_to_person(written) == gaulle
    plain = Person(family="Berg", given="Jan", non_dropping_particle="van den")
    assert format_bibtex_name(plain, biblatex=True) == "van den Berg, Jan"
