"""Publication values: what they accept, and the errors for what they do not."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from typing import Any

import pytest

import pubkit
from pubkit import Date, Person, Provenance, Publication
from tests.conftest import EXAMPLES


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "author",
            "Smith",
            "Publication.author takes a tuple of Person, not a str; "
            "make each name a Person(family=..., given=...)",
        ),
        (
            "editor",
            "Smith",
            "Publication.editor takes a tuple of Person, not a str; "
            "make each name a Person(family=..., given=...)",
        ),
        (
            "implied_authors",
            "Lajoie",
            "Publication.implied_authors takes a tuple of Person, not a str; "
            "make each name a Person(family=..., given=...)",
        ),
        (
            "keywords",
            "tides",
            "Publication.keywords takes a tuple of str, not a str; "
            "wrap it in a tuple: ('tides',)",
        ),
        (
            "provenance",
            "refs.bib",
            "Publication.provenance takes a tuple of Provenance, not a str",
        ),
        (
            "author",
            ["Smith"],
            "Publication.author must hold Person values, not str 'Smith'; "
            "make each name a Person(family=..., given=...)",
        ),
        (
            "author",
            Person("Smith"),
            "Publication.author takes a tuple of Person, not a Person; "
            "wrap it in a tuple: (Person(family='Smith', given='', "
            "dropping_particle='', non_dropping_particle='', suffix='', "
            "literal='', orcid=''),)",
        ),
        (
            "contributors",
            {"translator": "Smith"},
            "Publication.contributors['translator'] takes a tuple of Person, "
            "not a str; make each name a Person(family=..., given=...)",
        ),
        (
            "title",
            None,
            "Publication.title must be a str, not NoneType (use '' for none)",
        ),
        (
            "issued",
            "2020",
            "Publication.issued must be a Date or None, not str; "
            "use Date.parse('2020')",
        ),
    ],
)
def test_wrong_value_types_raise_type_error(
    field: str, value: Any, message: str
) -> None:
    """A string, a lone element or a wrong element raises TypeError naming it."""
    with pytest.raises(TypeError) as caught:
        Publication(**{field: value})
    assert str(caught.value) == message


def test_sequences_become_tuples() -> None:
    """Lists of the right element type are accepted and stored as tuples."""
    owner = Person("Lajoie", "Guillaume")
    pub = Publication(
        author=[owner],
        keywords=["tides", "waves"],
        contributors={"translator": [owner]},
        provenance=[Provenance("refs.bib", "bibtex")],
        issued=Date((2020,)),
    )
    assert pub.author == (owner,)
    assert pub.keywords == ("tides", "waves")
    assert pub.contributors["translator"] == (owner,)
    assert pub.provenance == (Provenance("refs.bib", "bibtex"),)


def test_evolve_checks_too() -> None:
    """A changed copy is checked like a new publication."""
    with pytest.raises(TypeError, match=r"^Publication\.author takes a tuple"):
        Publication(title="Tides").evolve(author="Smith")


def test_records_and_libraries_pickle_and_copy() -> None:
    """Read-only mappings do not stop pickling, deep copies or asdict."""
    library = pubkit.read(EXAMPLES / "refs.bib")
    again = pickle.loads(pickle.dumps(library))
    assert list(again) == list(library)
    assert again.problems == library.problems
    assert copy.deepcopy(library[0]) == library[0]
    assert dataclasses.asdict(library[0])["source_fields"] == dict(
        library[0].source_fields
    )
