"""An ordered, immutable collection of publications."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, overload

from pubkit.errors import Problem
from pubkit.model import Publication

if TYPE_CHECKING:
    from pubkit.match.report import DuplicateReport

__all__ = ["Library"]


class Library(Sequence[Publication]):
    """Publications in a fixed order, with the problems met while reading them.

    A library is a value: filtering, sorting and concatenating return new
    libraries. ``library[i]`` and ``library[i:j]`` index by position and
    ``library["id"]`` looks up by id. Lookup by id returns the first
    publication with that id; readers keep ids unique within one source and
    report the repeats as problems.

    Attributes:
        problems: What was wrong with the input the records were read from.
    """

    __slots__ = ("_index", "_items", "problems")

    def __init__(
        self,
        items: Iterable[Publication] = (),
        problems: Iterable[Problem] = (),
    ) -> None:
        """Hold ``items`` in order, with the ``problems`` met reading them.

        Raises:
            TypeError: An item is not a :class:`Publication`, or a problem not
                a :class:`Problem`.
        """
        self._items: tuple[Publication, ...] = _all_of(items, Publication, "items")
        self._index: dict[str, int] | None = None
        self.problems: tuple[Problem, ...] = _all_of(problems, Problem, "problems")

    # Sequence protocol -------------------------------------------------------

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[Publication]:
        return iter(self._items)

    @overload
    def __getitem__(self, key: int) -> Publication: ...

    @overload
    def __getitem__(self, key: slice) -> Library: ...

    @overload
    def __getitem__(self, key: str) -> Publication: ...

    def __getitem__(self, key: int | slice | str) -> Publication | Library:
        """The publication at a position or with an id, or a slice as a library.

        Raises:
            IndexError: The position is out of range.
            KeyError: No publication has the id.
            TypeError: ``key`` is none of int, slice and str.
        """
        if isinstance(key, str):
            found = self.get(key)
            if found is None:
                raise KeyError(f"no publication with id {key!r} in the library")
            return found
        if isinstance(key, slice):
            return Library(self._items[key])
        if not hasattr(key, "__index__"):
            raise TypeError(
                "a library is indexed by position (int), slice or id (str), "
                f"not {type(key).__name__}"
            )
        try:
            return self._items[key]
        except IndexError:
            raise IndexError(
                f"library index {key} out of range for {len(self)} publications"
            ) from None

    def __add__(self, other: object) -> Library:
        if not isinstance(other, Library):
            return NotImplemented
        return Library(self._items + other._items, self.problems + other.problems)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Library):
            return NotImplemented
        return self._items == other._items

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<Library of {len(self)} publications, {len(self.problems)} problems>"

    # Lookup ------------------------------------------------------------------

    @property
    def ids(self) -> tuple[str, ...]:
        """The ids of the publications, in order."""
        return tuple(p.id for p in self._items)

    def get(self, id: str, default: Publication | None = None) -> Publication | None:
        """The first publication with ``id``, or ``default``."""
        if self._index is None:
            index: dict[str, int] = {}
            for position, pub in enumerate(self._items):
                index.setdefault(pub.id, position)
            self._index = index
        found = self._index.get(id)
        return default if found is None else self._items[found]

    def __contains__(self, value: object) -> bool:
        if isinstance(value, str):
            return self.get(value) is not None
        return value in self._items

    # Derived libraries -------------------------------------------------------

    def filter(self, predicate: Callable[[Publication], bool]) -> Library:
        """The publications for which ``predicate`` is true, in order."""
        return Library((p for p in self._items if predicate(p)), self.problems)

    def sort(
        self, key: Callable[[Publication], Any] | None = None, *, reverse: bool = False
    ) -> Library:
        """A library sorted by ``key`` (default: year, then title), stably."""
        return Library(
            sorted(self._items, key=key or _year_title, reverse=reverse),
            self.problems,
        )

    def group(self, key: Callable[[Publication], Hashable]) -> dict[Hashable, Library]:
        """Split into libraries by ``key``, groups in order of first appearance."""
        groups: dict[Hashable, list[Publication]] = {}
        for pub in self._items:
            groups.setdefault(key(pub), []).append(pub)
        return {k: Library(v) for k, v in groups.items()}

    # Near-duplicates ---------------------------------------------------------

    def find_duplicates(self, *, min_confidence: float = 0.8) -> DuplicateReport:
        """Duplicate records and versions of one work, with the evidence.

        See :func:`pubkit.match.find_duplicates`.

        Raises:
            ValueError: ``min_confidence`` is outside [0, 1].
        """
        from pubkit.match import find_duplicates

        return find_duplicates(self, min_confidence=min_confidence)

    def deduplicate(
        self,
        *,
        merge: str = "duplicates",
        min_confidence: float = 0.8,
        report: DuplicateReport | None = None,
    ) -> Library:
        """A library with each group of duplicates merged into one record.

        ``merge="versions"`` also merges a preprint into its published
        version (what a CV wants). See :func:`pubkit.match.deduplicate`, which
        returns the report too.

        Raises:
            ValueError: ``min_confidence`` is outside [0, 1], or ``merge`` is
                unknown.
        """
        from pubkit.match import deduplicate

        merged, _ = deduplicate(
            self, merge=merge, min_confidence=min_confidence, report=report
        )
        return merged

    def with_problems(self, problems: Iterable[Problem]) -> Library:
        """The same publications with ``problems`` appended to the reported ones."""
        return Library(self._items, self.problems + tuple(problems))


def _all_of(values: Iterable[Any], kind: type, name: str) -> tuple[Any, ...]:
    """``values`` as a tuple, or TypeError if one is not a ``kind``."""
    found = values if type(values) is tuple else tuple(values)
    for value in found:
        if not isinstance(value, kind):
            raise TypeError(
                f"Library {name} must be {kind.__name__} values, not "
                f"{type(value).__name__} {value!r:.60}"
            )
    return found


def _year_title(pub: Publication) -> tuple[int, str]:
    return (pub.year if pub.year is not None else 10**6, pub.title.casefold())


def publication_sequence(publications: object, verb: str) -> Sequence[Publication]:
    """``publications`` as a sequence, or TypeError for ``verb`` if they are not.

    Any iterable of publications is accepted, a generator included.
    """
    if isinstance(publications, Publication):
        raise TypeError(
            f"pubkit.{verb} takes a sequence of Publication, not one; "
            "wrap it in a list: [pub]"
        )
    if isinstance(publications, (str, bytes, Mapping)) or not isinstance(
        publications, Iterable
    ):
        raise TypeError(
            f"pubkit.{verb} takes a sequence of Publication (a list or a Library), "
            f"not {type(publications).__name__}"
        )
    found = publications if isinstance(publications, Sequence) else list(publications)
    for item in found:
        if not isinstance(item, Publication):
            raise TypeError(
                f"pubkit.{verb} takes Publication values, not "
                f"{type(item).__name__} {item!r:.60}"
            )
    return found
