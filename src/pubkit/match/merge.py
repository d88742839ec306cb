"""Merging the records of a group into one, losing nothing.

The kept record (the version of record, else the most complete) gives every
field it has; a field it lacks comes from the next most authoritative member
that has it. Values that lose are not dropped: they are listed in the merged
record's ``extra`` under the keys below, beside where each field came from.
Under :data:`VARIANTS` a plain field (``title``, ``type``, ``author``...)
lists the other values; a mapping field (``extra``, ``contributors``,
``source_fields``) maps each key on which members differ to its other values.
Keywords, implied authors and provenance are united.

A preprint and its version of record were published in different places.
When members differ in that kind, the fields that say where a record was
published (:data:`VENUE_FIELDS`, and the ``extra`` keys in
:data:`VENUE_EXTRA`) come only from members of the kept record's kind: the
preprint's "arXiv" never becomes the article's publisher, nor its DOI the
main DOI. Its values are kept as variants and its DOI among the alternate
DOIs; its arXiv id fills ``arxiv``, which names the preprint wherever it sits.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pubkit.library import Library, publication_sequence
from pubkit.match.features import is_preprint
from pubkit.match.find import find_duplicates
from pubkit.match.normalize import fold, normalize_doi
from pubkit.match.report import DuplicateReport, Group
from pubkit.model import TEXT_FIELDS, Date, Person, Publication

__all__ = [
    "ALTERNATE_DOIS",
    "FIELD_SOURCES",
    "MERGED_IDS",
    "VARIANTS",
    "VENUE_EXTRA",
    "VENUE_FIELDS",
    "deduplicate",
    "merge_records",
]

#: ``extra`` key: ids of every merged record, the kept one first.
MERGED_IDS = "merged-ids"
#: ``extra`` key: DOIs of merged records other than the kept DOI.
ALTERNATE_DOIS = "alternate-dois"
#: ``extra`` key: for each filled field, the id of the record it came from.
FIELD_SOURCES = "field-sources"
#: ``extra`` key: other values members gave for a field, by field name.
VARIANTS = "variants"

# The single-valued fields a merge chooses among its members' values: the
# title, the date and every text field after the title (the type and the id
# are decided on their own).
_SCALARS = ("title", "issued", *TEXT_FIELDS[TEXT_FIELDS.index("title") + 1 :])
_TRUNCATED = ("…", "...", "(see more)")

#: Fields that say where a record was published, filled only by members of
#: the kept record's kind (preprint or version of record).
VENUE_FIELDS = frozenset(
    {
        "container_title",
        "publisher",
        "publisher_place",
        "volume",
        "issue",
        "page",
        "issn",
        "doi",
        "url",
    }
)
#: ``extra`` keys (CSL names) that say where a record was published or is
#: archived, treated as :data:`VENUE_FIELDS` are.
VENUE_EXTRA = frozenset(
    {
        "archive",
        "archive_collection",
        "archive_location",
        "archive-place",
        "collection-title",
        "collection-number",
        "event-title",
        "event-place",
        "genre",
        "number",
    }
)


def _names(people: Sequence[Person]) -> tuple[tuple[str, str], ...]:
    return tuple((fold(p.last), fold(p.given)) for p in people)


def _best_list(members: Sequence[Publication], role: str) -> Publication:
    """The member whose ``role`` list (authors or editors) is complete and fullest.

    A longer list wins only over one it is at least as long as, so the kept
    record's list stays unless another is complete where it is not, or longer.
    """

    def fullness(pub: Publication) -> tuple[int, int, bool, int]:
        people = getattr(pub, role)
        # Letters of given names written out; a particle a source put among
        # the given names ("Berg, J. van der") adds nothing.
        given = sum(
            len(word)
            for p in people
            for word in p.given.replace(".", " ").split()
            if len(word) > 1 and not word.islower()
        )
        # Accents kept are a sign of a careful source ("Nguyễn, Văn An"
        # beside "An, Nguyen Van").
        accented = any(not (p.family + p.given).isascii() for p in people)
        complete = not getattr(pub, f"{role}s_incomplete")
        return (complete, len(people), accented, given)

    best = members[0]
    for pub in members[1:]:
        longer = len(getattr(pub, role)) >= len(getattr(best, role))
        if fullness(pub) > fullness(best) and longer:
            best = pub
    return best


def _pick(members: Sequence[Publication], name: str) -> tuple[Any, str]:
    """The value of field ``name`` to keep, and the id of the member giving it."""
    values = [(getattr(m, name), m.id) for m in members if getattr(m, name)]
    if not values:
        return getattr(members[0], name), ""
    if name in ("title", "abstract"):
        whole = [v for v in values if not str(v[0]).rstrip().endswith(_TRUNCATED)]
        values = whole or values
    if name == "doi":
        values.sort(key=lambda v: normalize_doi(str(v[0])).startswith("10.48550/"))
    if name == "issued":
        return _fullest_date(values)
    return values[0]


def _fullest_date(values: list[tuple[Any, str]]) -> tuple[Any, str]:
    """The first date, made more precise by a later one that extends it.

    ``2019`` and ``2019-05`` give ``2019-05``: the month adds to the kept
    record's year, it does not contradict it. A date of another year stays
    a variant.
    """
    chosen = values[0]
    for value in values[1:]:
        date, best = value[0], chosen[0]
        longer = len(date.parts) > len(best.parts)
        if longer and date.parts[: len(best.parts)] == best.parts and not best.end:
            chosen = value
    return chosen


def _variants(members: Sequence[Publication], name: str, chosen: Any) -> list[Any]:
    """The other values members give for ``name``, exactly as given.

    Values differing only in case are kept too: capitals a style must
    protect are information a writer needs.
    """
    seen = {str(chosen)}
    out: list[Any] = []
    for member in members:
        value = getattr(member, name)
        if value and str(value) not in seen:
            seen.add(str(value))
            out.append(str(value) if name == "issued" else value)
    return out


def _unique(items: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(dict.fromkeys(items))


def merge_records(members: Sequence[Publication]) -> Publication:
    """Merge records of one publication, the kept record first.

    Args:
        members: The group's records, most authoritative first.

    Returns:
        One record with the kept record's id; see the module docstring for
        where the other members' values go.
    """
    kept = members[0]
    kind = is_preprint(kept)
    other_kind = frozenset(i for i, m in enumerate(members) if is_preprint(m) != kind)
    own_kind = [m for i, m in enumerate(members) if i not in other_kind]
    changes: dict[str, Any] = {}
    sources: dict[str, str] = {}
    variants: dict[str, Any] = {}
    for name in _SCALARS:
        value, source = _pick(own_kind if name in VENUE_FIELDS else members, name)
        changes[name] = value
        if source:
            sources[name] = source
        others = _variants(members, name, value)
        # Other DOIs are listed under ALTERNATE_DOIS instead.
        if others and name != "doi":
            variants[name] = others
    types = _unique(m.type for m in members if m.type != kept.type)
    if types:
        variants["type"] = list(types)

    for role in ("author", "editor"):
        # A preprint's authors never replace the version of record's: they
        # may have changed on the way to publication.
        changes.update(_people(members, own_kind, role, sources, variants))
    changes.update(_merged_collections(members, variants))
    changes["extra"] = _merged_extra(
        members, changes["doi"], sources, variants, other_kind
    )
    return dataclasses.replace(kept, **changes)


def _people(
    members: Sequence[Publication],
    candidates: Sequence[Publication],
    role: str,
    sources: dict[str, str],
    variants: dict[str, Any],
) -> dict[str, Any]:
    """The fullest author (or editor) list of ``candidates``, the others as variants.

    ``candidates`` are the members of the kept record's kind (see
    :func:`merge_records`); every member's other list is a variant.
    """
    best = _best_list([m for m in candidates if getattr(m, role)] or members, role)
    chosen: tuple[Person, ...] = getattr(best, role)
    if chosen:
        sources[role] = best.id
    lists = {_names(getattr(m, role)) for m in members if getattr(m, role)}
    lists.discard(_names(chosen))
    if lists:
        variants[role] = [
            [p.display() for p in getattr(m, role)]
            for m in members
            if getattr(m, role) and _names(getattr(m, role)) in lists
        ]
    # A member that lists as many people "and others" says the list goes on.
    flag = f"{role}s_incomplete"
    incomplete = any(
        getattr(m, flag) and len(getattr(m, role)) >= len(chosen) for m in candidates
    )
    return {role: chosen, flag: getattr(best, flag) or incomplete}


def _merged_collections(
    members: Sequence[Publication], variants: dict[str, Any]
) -> dict[str, Any]:
    # Other contributor lists are kept readable, as author variants are.
    contributors = _merged_mapping(members, "contributors", variants)
    return {
        "implied_authors": _unique(p for m in members for p in m.implied_authors),
        "keywords": _unique(k for m in members for k in m.keywords),
        "contributors": contributors,
        "source_fields": _merged_mapping(members, "source_fields", variants),
        "provenance": tuple(p for m in members for p in m.provenance),
    }


#: ``extra`` keys this module writes; they are rebuilt, not carried over.
_BOOKKEEPING = frozenset({MERGED_IDS, ALTERNATE_DOIS, FIELD_SOURCES, VARIANTS})


def _merged_mapping(
    members: Sequence[Publication],
    name: str,
    variants: dict[str, Any],
    other_kind: frozenset[int] = frozenset(),
) -> dict[str, Any]:
    """Union of a mapping field; where members differ on a key, the first wins.

    The other values of such a key are listed in ``variants[name][key]``.
    Members at the positions ``other_kind`` (the other kind than the kept
    record's) give :data:`VENUE_EXTRA` keys as variants only.
    """
    merged: dict[str, Any] = {}
    others: dict[str, list[Any]] = {}
    # Members of the kept record's kind come first, so that a value withheld
    # from the other kind is compared with what they gave.
    order = sorted(range(len(members)), key=lambda i: i in other_kind)
    for position in order:
        withheld = VENUE_EXTRA if position in other_kind else frozenset()
        for key, value in getattr(members[position], name).items():
            if key in _BOOKKEEPING or value in ("", (), None):
                continue
            if key in withheld:
                if value != merged.get(key) and value not in others.get(key, []):
                    others.setdefault(key, []).append(value)
            elif key not in merged:
                merged[key] = value
            elif value != merged[key] and value not in others.setdefault(key, []):
                others[key].append(value)
    others = {
        key: [_plain(v) for v in values] for key, values in others.items() if values
    }
    if others:
        variants[name] = others
    return merged


def _plain(value: Any) -> Any:
    """A variant as text, lists and numbers, as the issued date's variants are.

    Dates and names under ``extra`` (an access date, a translator) are listed
    the way a reader writes them, so every format can carry the variants.
    """
    if isinstance(value, Date):
        return str(value)
    if isinstance(value, Person):
        return value.display()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {key: _plain(v) for key, v in value.items()}
    return value


def _merged_extra(
    members: Sequence[Publication],
    doi: str,
    sources: dict[str, str],
    variants: dict[str, Any],
    other_kind: frozenset[int],
) -> dict[str, Any]:
    extra = _merged_mapping(members, "extra", variants, other_kind)
    # A member merged before brings the ids it already absorbed.
    extra[MERGED_IDS] = list(
        _unique(i for m in members for i in m.extra.get(MERGED_IDS, [m.id]))
    )
    earlier = (d for m in members for d in m.extra.get(ALTERNATE_DOIS, ()))
    # One DOI written in two cases or with a resolver is one DOI.
    seen = {normalize_doi(doi)} if doi else set()
    others = []
    for other in (*(m.doi for m in members), *earlier):
        key = normalize_doi(other) if other else ""
        if key and key not in seen:
            seen.add(key)
            others.append(other)
    if others:
        extra[ALTERNATE_DOIS] = list(others)
    extra[FIELD_SOURCES] = sources
    for member in members:
        _carry_variants(member.extra.get(VARIANTS, {}), variants)
    if variants:
        extra[VARIANTS] = variants
    return extra


def _carry_variants(earlier: Mapping[str, Any], variants: dict[str, Any]) -> None:
    """Add the variants a member kept from an earlier merge to ``variants``."""
    for name, values in earlier.items():
        if isinstance(values, Mapping):
            by_key = variants.setdefault(name, {})
            for key, listed in values.items():
                _extend(by_key.setdefault(key, []), listed)
        else:
            _extend(variants.setdefault(name, []), values)


def _extend(target: list[Any], values: Iterable[Any]) -> None:
    target.extend(v for v in values if v not in target)


def _apply(
    pubs: Sequence[Publication], groups: Sequence[Group], names: Sequence[str]
) -> list[Publication]:
    """Merge each group; members without an id are named as the report names them."""
    merged: dict[int, Publication] = {}
    dropped: set[int] = set()
    for group in groups:
        members = [
            pubs[m] if pubs[m].id else pubs[m].evolve(id=names[m])
            for m in group.members
        ]
        kept_id = pubs[group.kept].id
        merged[group.kept] = merge_records(members).evolve(id=kept_id)
        dropped.update(m for m in group.members if m != group.kept)
    return [merged.get(i, pub) for i, pub in enumerate(pubs) if i not in dropped]


def deduplicate(
    pubs: Iterable[Publication],
    *,
    merge: str = "duplicates",
    min_confidence: float = 0.8,
    report: DuplicateReport | None = None,
) -> tuple[Library, DuplicateReport]:
    """Merge duplicate records (and, if asked, versions of one work).

    Args:
        pubs: The records; a :class:`pubkit.Library` keeps its problems.
        merge: ``"duplicates"`` merges only the same publication recorded
            twice; ``"versions"`` also merges a preprint into its article
            and a retitled revision into the later record.
        min_confidence: As for :func:`find_duplicates`.
        report: A report already made for exactly these records, to reuse.

    Returns:
        The merged library, in input order with each group at its kept
        record's place, and the report; ``report.keymap(merge)`` maps each
        dropped id to the kept one.

    Raises:
        TypeError: ``pubs`` are not Publication records, or ``report`` is no
            :class:`DuplicateReport`.
        ValueError: ``merge`` is not ``"duplicates"`` or ``"versions"``,
            ``min_confidence`` is outside [0, 1], or ``report`` was made for
            other records.
    """
    items = list(publication_sequence(pubs, "deduplicate"))
    if report is None:
        report = find_duplicates(items, min_confidence=min_confidence)
    elif not isinstance(report, DuplicateReport):
        raise TypeError(
            f"report must be a DuplicateReport, not {type(report).__name__}"
        )
    elif report.ids != tuple(p.id or f"#{i}" for i, p in enumerate(items)):
        raise ValueError(
            "report was made for other records: its ids are not these records' ids"
        )
    groups = report.merged_groups(merge)
    problems = pubs.problems if isinstance(pubs, Library) else ()
    return Library(_apply(items, groups, report.ids), problems), report
