"""Library: indexing by position and id, and the errors for wrong arguments."""

from __future__ import annotations

import pytest

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
