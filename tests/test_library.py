"""Library: indexing by position and id, and the errors for wrong arguments."""

from __future__ import annotations

import math

import pytest

import pubkit
from pubkit import Library, Publication

_LIB = Library(
    [Publication(id="roe2020", title="Tides"), Publication(id="b", title="B")]
)


def test_string_index_looks_up_by_id() -> None:
    """library["id"] is the publication with that id; positions and slices work."""
    assert _LIB["roe2020"].title == "Tides"
    assert _LIB[1].title == "B"
    assert _LIB[-2].title == "Tides"
    assert _LIB[1:].ids == ("b",)


def test_missing_id_raises_key_error_naming_it() -> None:
    """An id no publication has raises KeyError naming the id."""
    with pytest.raises(KeyError) as caught:
        _LIB["nosuch"]
    assert caught.value.args == ("no publication with id 'nosuch' in the library",)


@pytest.mark.parametrize(
    ("key", "error", "message"),
    [
        (
            1.5,
            TypeError,
            "a library is indexed by position (int), slice or id (str), not float",
        ),
        (5, IndexError, "library index 5 out of range for 2 publications"),
    ],
)
def test_bad_index_errors_say_what_is_wrong(
    key: object, error: type[Exception], message: str
) -> None:
    """A float index is a TypeError, a position past the end an IndexError."""
    with pytest.raises(error) as caught:
        _LIB[key]  # type: ignore[index]
    assert str(caught.value) == message


def test_items_must_be_publications() -> None:
    """Building a library of anything but publications raises TypeError."""
    with pytest.raises(TypeError) as caught:
        Library(["Tides"])  # type: ignore[list-item]
    assert (
        str(caught.value) == "Library items must be Publication values, not str 'Tides'"
    )


@pytest.mark.parametrize("value", [5, -0.1, 1.01, math.nan])
def test_confidence_outside_zero_to_one_is_refused(value: float) -> None:
    """find_duplicates and deduplicate refuse a min_confidence outside [0, 1]."""
    with pytest.raises(ValueError, match=r"^min_confidence must be from 0 to 1, not "):
        _LIB.find_duplicates(min_confidence=value)
    with pytest.raises(ValueError, match=r"^min_confidence must be from 0 to 1, not "):
        _LIB.deduplicate(min_confidence=value)
    with pytest.raises(ValueError, match=r"^min_confidence must be from 0 to 1, not "):
        pubkit.find_duplicates(list(_LIB), min_confidence=value)


def test_confidence_bounds_are_accepted() -> None:
    """0 and 1 are valid confidences; two unrelated records form no group."""
    assert _LIB.find_duplicates(min_confidence=0).groups == ()
    assert _LIB.find_duplicates(min_confidence=1).groups == ()


def test_confidence_of_wrong_type_is_a_type_error() -> None:
    """A min_confidence that is not a number raises TypeError."""
    with pytest.raises(TypeError, match=r"^min_confidence must be a number"):
        _LIB.find_duplicates(min_confidence="0.5")  # type: ignore[arg-type]
