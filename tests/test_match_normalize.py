"""Normalisation steps used by matching, each on its own."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pubkit.match.names import person_key
from pubkit.match.normalize import (
    arxiv_id,
    erratum_location,
    fold,
    is_preprint_doi,
    normalize_doi,
    normalize_isbn,
    notice_kind,
    number_text,
    original_title,
    page_range,
    sequel_marks,
    title_text,
)
from pubkit.model import Person


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Symbolic Pruning—A Case Study", "symbolic pruning a case study"),
        ("Köhler's Straße", "kohlers strasse"),
        ("<i>In vivo</i> imaging", "in vivo imaging"),
        ("Łódź  Ørsted", "lodz orsted"),
    ],
)
def test_fold_drops_case_accents_markup_and_punctuation(text: str, folded: str) -> None:
    """Folding keeps only lower-case ASCII words."""
    assert fold(text) == folded


@given(st.text())
def test_fold_is_idempotent(text: str) -> None:
    """Folding folded text changes nothing."""
    assert fold(fold(text)) == fold(text)


def test_title_text_drops_database_notes_and_marks_truncation() -> None:
    """Trailing language tags and erratum notes go; an ellipsis marks a cut."""
    assert title_text("Efficacy of batroxobin. [Chinese]") == (
        "efficacy of batroxobin",
        False,
    )
    note = "Gain of function.[Erratum appears in PNAS 2007;104(25):10749]"
    assert title_text(note) == ("gain of function", False)
    assert title_text("Listening to the estuary…") == ("listening to the estuary", True)
    assert title_text("Listening", "A decade") == ("listening a decade", False)


@pytest.mark.parametrize(
    ("title", "folded"),
    [
        # Cora's citation strings, cut after the year by the reference parser.
        ("(1993) Information, prediction, and query by committee", "information"),
        ("Warmuth (1996). On-line portfolio selection using", "on line"),
        ("Seung (1995), Learning from a population of hypotheses", "learning"),
        ("Valiant [1987]. 'On the learnability of Boolean formulae", "on the"),
        ("[1995] A decision-theoretic generalization of", "a decision"),
        # A year in a title that is no citation's stays.
        ("Keynes (1936) revisited: money and its critics", "keynes 1936"),
        ("Smith (1990). Errata", "smith 1990"),
    ],
)
def test_title_text_drops_a_citations_year_before_the_title(
    title: str, folded: str
) -> None:
    """A reference parser's leftover author and year are not the title."""
    assert title_text(title)[0].startswith(folded)


@pytest.mark.parametrize(
    ("title", "folded"),
    [
        ("Tidal currents of the north (abstract)", "tidal currents of the north"),
        ("Tidal currents of the north (II)", "tidal currents of the north ii"),
        (
            "CUPROUS OXIDE CELLS (fourth quaterly report)",
            "cuprous oxide cells fourth quaterly report",
        ),
    ],
)
def test_a_bracket_naming_which_of_a_series_stays(title: str, folded: str) -> None:
    """A sequel's number or a report's place in its series is part of the title."""
    assert title_text(title) == (folded, False)


def test_original_title_from_brackets() -> None:
    """A bracketed original-language title is found for comparison."""
    title = "Crowdwork: a theory [Arbeiten in der Crowd: eine Theorie]"
    assert original_title(title) == "arbeiten in der crowd eine theorie"
    assert original_title("Short [Chinese]") == ""


@pytest.mark.parametrize(
    ("title", "marks"),
    [
        ("cohort profile part i design", ((1,), None)),
        ("cohort profile part ii results", ((2,), None)),
        ("desingularisation de metriques de kahler ii", ((), 2)),
        ("learning to rank", ((), None)),
    ],
)
def test_sequel_marks(title: str, marks: tuple[tuple[int, ...], int | None]) -> None:
    """Part designators and trailing sequel numbers are read from titles."""
    assert sequel_marks(title) == marks


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("Erratum: Seasonal drift", "erratum"),
        ("Corrigendum to 'Seasonal drift'", "erratum"),
        ("Notice of Retraction: Seasonal drift", "retraction"),
        ("Long-term effect of eculizumab (vol 85, pg 553, 2010)", "erratum"),
        ("Seasonal drift", ""),
        ("Seasonal drift.[Erratum appears in Coast Rev. 2009;9(9):2205]", ""),
        ("Seasonal drift.[Erratum appears in Coast Rev. 2009 Sep].[Erratum", ""),
    ],
)
def test_notice_kind(title: str, kind: str) -> None:
    """Errata and retraction notices are recognised by their titles."""
    assert notice_kind(title) == kind


@pytest.mark.parametrize(
    ("title", "location"),
    [
        ("Drift.[Erratum appears in Rev. 2009 Sep;9(9):2205 Note: x]", ("9", "2205")),
        ("Drift.[Erratum appears in Coast Rev. 2013;27(3):e377]", ("27", "e377")),
        ("Drift.[Erratum appears in Coast Rev. 201", ("", "")),
        ("Drift", ("", "")),
    ],
)
def test_erratum_location(title: str, location: tuple[str, str]) -> None:
    """A database's erratum note gives the erratum's volume and first page."""
    assert erratum_location(title) == location


def test_identifiers_are_normalised() -> None:
    """DOIs lose resolvers and case; arXiv ids lose versions; ISBN-10 → 13."""
    assert normalize_doi("https://doi.org/10.5555/CDR.2014.0042.") == (
        "10.5555/cdr.2014.0042"
    )
    assert is_preprint_doi("10.48550/arxiv.1611.00042")
    assert not is_preprint_doi("10.5555/cclp.2017.0239")
    assert arxiv_id("10.48550/arxiv.1611.00042") == "1611.00042"
    assert arxiv_id("https://arxiv.org/abs/hep-th/9901001v2") == "hep-th/9901001"
    assert normalize_isbn("0-306-40615-2") == "9780306406157"
    assert normalize_isbn("978-0-306-40615-7") == "9780306406157"


@pytest.mark.parametrize(
    ("pages", "expected"),
    [
        ("1234--56", ("1234", "1256")),
        ("c37-c42", ("37", "42")),
        ("pp. 1-6", ("1", "6")),
        ("e12724", ("e12724", "")),
        ("Suppl-29", ("", "")),
    ],
)
def test_page_range(pages: str, expected: tuple[str, str]) -> None:
    """Page fields give first and last page; unusable fields give nothing."""
    assert page_range(pages) == expected


def test_number_text_takes_the_first_number() -> None:
    """Volume and issue fields compare by their first number."""
    assert number_text("Drug Discovery. 9") == "9"
    assert number_text("Suppl. 1") == "1"
    assert number_text("042") == "42"


@pytest.mark.parametrize(
    "person",
    [
        Person(family="Marsh", given="Ed M."),
        Person(family="Marsh", given="E."),
        Person(literal="E Marsh"),
        Person(literal="Marsh, Ed"),
    ],
)
def test_person_key_reads_every_name_form(person: Person) -> None:
    """Natural, inverted and initials-only forms give one surname and initial."""
    surname, initials, _ = person_key(person)
    assert (surname, initials[0]) == ("marsh", "e")


def test_person_key_reads_undotted_initials_and_particles() -> None:
    """'Quill, RA' has initials r and a; particles leave the surname."""
    assert person_key(Person(family="Quill", given="RA"))[:2] == ("quill", "ra")
    key = person_key(
        Person(family="Berg", given="Hendrik", non_dropping_particle="van der")
    )
    assert key[0] == "berg"


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("j coastal sens", "journal of coastal sensing"),
        ("z phys", "zeitschrift fur physik"),
        ("phys lett b", "physics letters b"),
        ("ann inst fourier", "annales de l institut fourier"),
    ],
)
def test_an_abbreviated_venue_agrees_with_its_name(left: str, right: str) -> None:
    """Abbreviations match word by word, skipping the words they leave out."""
    from pubkit.match.score import venue_score

    assert venue_score(left, right) == 100.0
