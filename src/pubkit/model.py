"""Immutable values for people, dates and publications, on the CSL data model.

CSL-JSON is pubkit's canonical shape: a :class:`Publication` holds the CSL item
type and the CSL variables that publication lists use, as typed attributes, and
keeps every other CSL variable in :attr:`Publication.extra` so that nothing read
is lost. Fields that have no CSL meaning at all (a BibTeX ``file`` or ``groups``
field, say) are kept verbatim in :attr:`Publication.source_fields`.

All values are frozen; use :func:`dataclasses.replace` (or
:meth:`Publication.evolve`) to derive a changed copy.
"""

from __future__ import annotations

import copyreg
import dataclasses
import operator
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

__all__ = [
    "CSL_TYPES",
    "TEXT_FIELDS",
    "Date",
    "Person",
    "Provenance",
    "Publication",
]

#: Every item type of CSL 1.0.2, the values :attr:`Publication.type` may take.
CSL_TYPES = frozenset(
    {
        "article",
        "article-journal",
        "article-magazine",
        "article-newspaper",
        "bill",
        "book",
        "broadcast",
        "chapter",
        "classic",
        "collection",
        "dataset",
        "document",
        "entry",
        "entry-dictionary",
        "entry-encyclopedia",
        "event",
        "figure",
        "graphic",
        "hearing",
        "interview",
        "legal_case",
        "legislation",
        "manuscript",
        "map",
        "motion_picture",
        "musical_score",
        "pamphlet",
        "paper-conference",
        "patent",
        "performance",
        "periodical",
        "personal_communication",
        "post",
        "post-weblog",
        "regulation",
        "report",
        "review",
        "review-book",
        "software",
        "song",
        "speech",
        "standard",
        "thesis",
        "treaty",
        "webpage",
        "",
    }
)

_EMPTY: Mapping[str, Any] = MappingProxyType({})


def _read_only(mapping: dict[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(mapping)


def _reduce_mapping(proxy: MappingProxyType[str, Any]) -> tuple[Any, ...]:
    return _read_only, (dict(proxy),)


# Publications hold their mappings read-only, as MappingProxyType, which
# Python cannot pickle or deep-copy by itself; registering how to rebuild one
# makes records picklable (multiprocessing, caches) and copyable.
copyreg.pickle(MappingProxyType, _reduce_mapping)


def _empty_map() -> Mapping[str, Any]:
    return _EMPTY


def _frozen_map(value: Mapping[str, Any] | None) -> Mapping[str, Any]:
    """Return a read-only view of a copy of ``value``."""
    if not value:
        return _EMPTY
    if isinstance(value, MappingProxyType):
        return value
    return MappingProxyType(dict(value))


@dataclass(frozen=True, slots=True)
class Person:
    """A person or organisation named as a contributor, in CSL name parts.

    A person has ``family`` and usually ``given``; particles are kept apart as CSL
    does ("van der" in "Hendrik van der Berg" is a non-dropping particle, and so
    sorts under B only when the style drops it). An organisation has ``literal``
    and no other parts.

    Attributes:
        family: Family name without particles, such as ``"Berg"``.
        given: Given names or initials, such as ``"Hendrik"`` or ``"M. G."``.
        dropping_particle: Particle that is dropped when the name is inverted
            (``"de"`` in some French names, per the source's own marking).
        non_dropping_particle: Particle that stays with the family name
            (``"van der"``, ``"de la"``).
        suffix: Generational or other suffix (``"Jr."``, ``"III"``).
        literal: The whole name of an organisation, or of a person whose name
            cannot be split.
        orcid: ORCID identifier (``0000-0002-1825-0097``), if known.
    """

    family: str = ""
    given: str = ""
    dropping_particle: str = ""
    non_dropping_particle: str = ""
    suffix: str = ""
    literal: str = ""
    orcid: str = ""

    @property
    def is_literal(self) -> bool:
        """Whether this is an unsplit name, such as an organisation."""
        return bool(self.literal)

    @property
    def last(self) -> str:
        """The family name with its non-dropping particle (``"van der Berg"``)."""
        if self.literal:
            return self.literal
        return " ".join(p for p in (self.non_dropping_particle, self.family) if p)

    def display(self) -> str:
        """The name in reading order: ``"Hendrik van der Berg Jr."``."""
        if self.literal:
            return self.literal
        parts = (
            self.given,
            self.dropping_particle,
            self.non_dropping_particle,
            self.family,
        )
        name = " ".join(p for p in parts if p)
        return f"{name}, {self.suffix}" if self.suffix else name

    def sort_name(self) -> str:
        """The name in inverted order: ``"van der Berg, Hendrik, Jr."``."""
        if self.literal:
            return self.literal
        given = " ".join(p for p in (self.given, self.dropping_particle) if p)
        return ", ".join(p for p in (self.last, given, self.suffix) if p)

    def to_csl(self) -> dict[str, str]:
        """The name as a CSL-JSON name object (empty parts left out)."""
        if self.literal:
            return {"literal": self.literal}
        out = {
            "family": self.family,
            "given": self.given,
            "dropping-particle": self.dropping_particle,
            "non-dropping-particle": self.non_dropping_particle,
            "suffix": self.suffix,
        }
        return {k: v for k, v in out.items() if v}

    @classmethod
    def from_csl(cls, data: Mapping[str, Any]) -> Person:
        """Build a person from a CSL-JSON name object.

        Unknown keys are ignored; non-string values are converted with ``str``.
        """

        def get(key: str) -> str:
            value = data.get(key)
            return "" if value is None else str(value).strip()

        return cls(
            family=get("family"),
            given=get("given"),
            dropping_particle=get("dropping-particle"),
            non_dropping_particle=get("non-dropping-particle"),
            suffix=get("suffix"),
            literal=get("literal"),
        )

    def __str__(self) -> str:
        return self.display()


@dataclass(frozen=True, slots=True)
class Date:
    """A possibly partial date, or a range of them, as CSL date-parts.

    ``Date((2024,))`` is a year, ``Date((2024, 5))`` a month and
    ``Date((2024, 5, 17))`` a day. A range has ``end``; ``circa`` marks an
    approximate date. A date that could not be parsed keeps its text in
    ``literal`` and has no parts.

    Attributes:
        parts: (year,), (year, month) or (year, month, day); empty when only
            ``literal`` is known.
        end: The end of a range, in the same form, or empty.
        circa: Whether the source marks the date as approximate.
        season: Season number 1-4 (spring..winter) when the source gives one.
        literal: The date as text, when it has no machine-readable form.
    """

    parts: tuple[int, ...] = ()
    end: tuple[int, ...] = ()
    circa: bool = False
    season: int | None = None
    literal: str = ""

    def __post_init__(self) -> None:
        for name in ("parts", "end"):
            value = getattr(self, name)
            if len(value) > 3:
                raise ValueError(f"Date.{name} takes at most year, month, day")
            if len(value) > 1 and not 1 <= value[1] <= 12:
                raise ValueError(f"month out of range in Date.{name}: {value}")
            if len(value) > 2 and not 1 <= value[2] <= 31:
                raise ValueError(f"day out of range in Date.{name}: {value}")

    @property
    def year(self) -> int | None:
        """The (first) year, or None for a literal date."""
        return self.parts[0] if self.parts else None

    @property
    def month(self) -> int | None:
        """The (first) month, or None."""
        return self.parts[1] if len(self.parts) > 1 else None

    @property
    def day(self) -> int | None:
        """The (first) day, or None."""
        return self.parts[2] if len(self.parts) > 2 else None

    def iso(self) -> str:
        """ISO 8601 / EDTF text: ``2024``, ``2024-05``, ``2024/2025``, ``2024~``.

        Years have four digits, as biblatex requires: ``0150``, and ``-0044``
        for 44 BCE, which biber reads as that year before the common era.
        """
        if not self.parts:
            return self.literal

        def one(parts: tuple[int, ...]) -> str:
            year, *rest = parts
            head = f"{year:04d}" if year >= 0 else f"-{-year:04d}"
            return "-".join([head] + [f"{v:02d}" for v in rest])

        text = one(self.parts)
        if self.end:
            text = f"{text}/{one(self.end)}"
        return f"{text}~" if self.circa else text

    def to_csl(self) -> dict[str, Any]:
        """The date as a CSL-JSON date object."""
        if not self.parts:
            return {"literal": self.literal}
        out: dict[str, Any] = {"date-parts": [list(self.parts)]}
        if self.end:
            out["date-parts"].append(list(self.end))
        if self.circa:
            out["circa"] = True
        if self.season:
            out["season"] = self.season
        return out

    @classmethod
    def from_csl(cls, data: Mapping[str, Any]) -> Date:
        """Build a date from a CSL-JSON date object.

        Accepts ``date-parts`` (numbers or numeric strings), ``raw`` and
        ``literal``. Raises :class:`ValueError` when the object has none of them
        in a usable form; readers turn that into a problem report.
        """
        circa = bool(data.get("circa"))
        season = data.get("season")
        season_num = int(str(season)) if str(season or "").isdigit() else None
        date_parts = data.get("date-parts")
        if date_parts and date_parts[0] and str(date_parts[0][0]).strip():
            start = _int_parts(date_parts[0])
            end = _int_parts(date_parts[1]) if len(date_parts) > 1 else ()
            return cls(start, end if end != start else (), circa, season_num)
        for key in ("raw", "literal"):
            text = data.get(key)
            if isinstance(text, str) and text.strip():
                parsed = cls.parse(text)
                return dataclasses.replace(parsed, circa=parsed.circa or circa)
        raise ValueError(f"no usable date in {dict(data)!r}")

    @classmethod
    def parse(cls, text: str) -> Date:
        """Parse ISO/EDTF-like text: ``2024``, ``2024-05-17``, ``2019/2020``.

        Also accepts ``2024~`` or ``ca. 2024`` (circa) and ``2024--2025``. Text
        that is not a date is kept as a literal date.
        """
        raw = text.strip()
        circa = False
        body = raw
        if body.endswith(("~", "?")) or body.endswith("%"):
            circa, body = True, body.rstrip("~?%")
        if re.match(r"(?i)^(ca?\.|circa)\s*", body):
            circa, body = True, re.sub(r"(?i)^(ca?\.|circa)\s*", "", body)
        halves = re.split(r"\s*(?:/|--|–)\s*", body)
        try:
            parsed = [_iso_parts(h) for h in halves if h]
        except ValueError:
            return cls(literal=raw)
        if not parsed or len(parsed) > 2:
            return cls(literal=raw)
        end = parsed[1] if len(parsed) == 2 else ()
        return cls(parsed[0], end, circa)

    def __str__(self) -> str:
        return self.iso()


_ISO_DATE = re.compile(r"^(-?\d{1,4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?(?:T.*)?$")


def _iso_parts(text: str) -> tuple[int, ...]:
    match = _ISO_DATE.match(text.strip())
    if not match:
        raise ValueError(f"not an ISO date: {text!r}")
    parts = tuple(int(g) for g in match.groups() if g is not None)
    if len(parts) > 1 and not 1 <= parts[1] <= 12:
        raise ValueError(f"month out of range: {text!r}")
    if len(parts) > 2 and not 1 <= parts[2] <= 31:
        raise ValueError(f"day out of range: {text!r}")
    return parts


def _int_parts(values: Iterable[Any]) -> tuple[int, ...]:
    parts: list[int] = []
    for value in values:
        text = str(value).strip()
        if not re.fullmatch(r"-?\d+", text):
            break
        parts.append(int(text))
    # CSL-JSON writers sometimes pad with zeros for unknown month or day.
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts[:3])


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a record came from.

    Attributes:
        source: The file path, or ``"<string>"`` for text given directly.
        format: The format name it was read as (``"bibtex"``, ``"profile"``...).
        line: 1-based line where the record starts, if the format has lines.
        index: 0-based position of the record among the source's records.
        key: The id or cite key the source gave the record, if any.
    """

    source: str
    format: str
    line: int | None = None
    index: int | None = None
    key: str | None = None


@dataclass(frozen=True, slots=True)
class Publication:
    """One bibliographic item, in CSL terms.

    Only ``type`` is required. Strings are Unicode (LaTeX already decoded);
    absent values are empty strings or empty tuples, never placeholders.
    Building one with a value of the wrong type raises :class:`TypeError`
    naming the attribute: a string where a tuple belongs is refused, not
    split into characters. Other iterables become tuples.

    Attributes:
        id: The record's id: the cite key or CSL id it was read with, or one
            generated by :func:`pubkit.keys.assign_keys` for sources without.
        type: A CSL item type (see :data:`CSL_TYPES`).
        title: Main title (with subtitle, joined as the source had it).
        author: Authors, in the order the source gives them.
        editor: Editors, in the source's order.
        authors_incomplete: The author list is known to be partial (BibTeX
            ``and others``, or a profile page that lists only co-authors).
        editors_incomplete: The editor list is known to be partial.
        implied_authors: People known to be authors whose position in the
            author list is unknown (the owner of a profile page).
        contributors: Other CSL name variables (``translator``,
            ``container-author``, ...), by CSL variable name.
        issued: Date of publication.
        container_title: Journal, proceedings or book title.
        volume, issue, page, publisher, publisher_place: As in CSL.
        doi: DOI without any resolver prefix (``10.1000/xyz``).
        url: A URL for the item.
        arxiv: arXiv identifier (``2401.01234`` or ``hep-th/9901001``).
        isbn, issn, pmid: Identifiers, as the source gave them.
        abstract, note, language: As in CSL.
        keywords: Keywords, one per element.
        extra: Other CSL variables (``edition``, ``collection-title``,
            ``event-title``, ``number``, ``genre``...), by CSL name.
        source_fields: Fields of the source format with no CSL meaning,
            kept verbatim so writers of the same format can emit them again.
        provenance: Where the record came from; several after a merge.
    """

    type: str = "article"
    id: str = ""
    title: str = ""
    author: tuple[Person, ...] = ()
    editor: tuple[Person, ...] = ()
    authors_incomplete: bool = False
    editors_incomplete: bool = False
    implied_authors: tuple[Person, ...] = ()
    contributors: Mapping[str, tuple[Person, ...]] = field(
        default_factory=lambda: _EMPTY
    )
    issued: Date | None = None
    container_title: str = ""
    volume: str = ""
    issue: str = ""
    page: str = ""
    publisher: str = ""
    publisher_place: str = ""
    doi: str = ""
    url: str = ""
    arxiv: str = ""
    isbn: str = ""
    issn: str = ""
    pmid: str = ""
    abstract: str = ""
    keywords: tuple[str, ...] = ()
    note: str = ""
    language: str = ""
    extra: Mapping[str, Any] = field(default_factory=_empty_map)
    source_fields: Mapping[str, str] = field(default_factory=_empty_map)
    provenance: tuple[Provenance, ...] = ()

    def __post_init__(self) -> None:
        # Cheap passes over the types first, since readers build many
        # publications; the slow checks only run to say what is wrong.
        if set(map(type, _texts(self))) - {str}:
            for name in TEXT_FIELDS:
                _check_text(name, getattr(self, name))
        if self.type not in CSL_TYPES:
            raise ValueError(f"not a CSL item type: {self.type!r}")
        if self.issued is not None and not isinstance(self.issued, Date):
            raise TypeError(
                "Publication.issued must be a Date or None, not "
                f"{type(self.issued).__name__}; use Date.parse({self.issued!r})"
            )
        for name, kind in _TUPLE_FIELDS.items():
            value = getattr(self, name)
            if type(value) is not tuple or (value and set(map(type, value)) - {kind}):
                items = _tuple_of(f"Publication.{name}", value, kind)
                object.__setattr__(self, name, items)
        if self.contributors is not _EMPTY:
            object.__setattr__(self, "contributors", _people_map(self.contributors))
        for name in ("extra", "source_fields"):
            object.__setattr__(self, name, _frozen_map(getattr(self, name)))

    @property
    def year(self) -> int | None:
        """Year of publication, if known."""
        return self.issued.year if self.issued else None

    @property
    def all_authors(self) -> tuple[Person, ...]:
        """Listed authors, then implied authors not already listed."""
        if not self.implied_authors:
            return self.author
        listed = {p.sort_name().casefold() for p in self.author}
        extra = tuple(
            p for p in self.implied_authors if p.sort_name().casefold() not in listed
        )
        return self.author + extra

    def evolve(self, **changes: Any) -> Publication:
        """Return a copy with ``changes`` applied (see :func:`dataclasses.replace`)."""
        return dataclasses.replace(self, **changes)


#: Publication attributes that hold text.
TEXT_FIELDS = (
    "type",
    "id",
    "title",
    "container_title",
    "volume",
    "issue",
    "page",
    "publisher",
    "publisher_place",
    "doi",
    "url",
    "arxiv",
    "isbn",
    "issn",
    "pmid",
    "abstract",
    "note",
    "language",
)

_texts = operator.attrgetter(*TEXT_FIELDS)

#: Publication attributes that hold a tuple, with the type of their elements.
_TUPLE_FIELDS: Mapping[str, type] = MappingProxyType(
    {
        "author": Person,
        "editor": Person,
        "implied_authors": Person,
        "keywords": str,
        "provenance": Provenance,
    }
)


def _check_text(name: str, value: object) -> None:
    """Raise TypeError unless ``value`` is text."""
    if not isinstance(value, str):
        raise TypeError(
            f"Publication.{name} must be a str, not {type(value).__name__}"
            " (use '' for none)"
        )


def _tuple_of(label: str, value: object, kind: type) -> tuple[Any, ...]:
    """``value`` as a tuple of ``kind``, or TypeError naming ``label``.

    A string is refused rather than split into its characters, and a single
    element rather than taken for a list.
    """
    if isinstance(value, (str, bytes, kind)) or not isinstance(value, Iterable):
        raise TypeError(
            f"{label} takes a tuple of {kind.__name__}, not a "
            f"{type(value).__name__}{_tuple_hint(value, kind)}"
        )
    items = value if isinstance(value, tuple) else tuple(value)
    for item in items:
        if not isinstance(item, kind):
            raise TypeError(
                f"{label} must hold {kind.__name__} values, not "
                f"{type(item).__name__} {item!r}{_tuple_hint(item, kind)}"
            )
    return items


def _tuple_hint(value: object, kind: type) -> str:
    """How to write ``value`` as an element of a tuple of ``kind``."""
    if kind is Person and isinstance(value, str):
        return "; make each name a Person(family=..., given=...)"
    if isinstance(value, kind):
        return f"; wrap it in a tuple: ({value!r},)"
    return ""


def _people_map(value: Mapping[str, Any] | None) -> Mapping[str, Any]:
    """A read-only map of CSL name variables to tuples of :class:`Person`."""
    if not value:
        return _EMPTY
    if not isinstance(value, Mapping):
        raise TypeError(
            "Publication.contributors must map CSL name variables to persons, "
            f"not be a {type(value).__name__}"
        )
    people = {
        variable: _tuple_of(f"Publication.contributors[{variable!r}]", names, Person)
        for variable, names in value.items()
    }
    return MappingProxyType(people)
