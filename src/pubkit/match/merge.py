"""Merging the records of a group into one, losing nothing.

The kept record (the version of record, else the most complete) gives every
field it has; a field it lacks comes from the next most authoritative member
that has it. Values that lose are not dropped: they are listed in the merged
record's ``extra`` under the keys below, beside where each field came from.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from typing import Any

from pubkit.library import Library
from pubkit.match.find import find_duplicates
from pubkit.match.normalize import fold, normalize_doi
from pubkit.match.report import DuplicateReport, Group
from pubkit.model import Person, Publication

__all__ = [
    "ALTERNATE_DOIS",
    "FIELD_SOURCES",
    "MERGED_IDS",
    "VARIANTS",
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

_SCALARS = (
    "title",
    "issued",
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
_TRUNCATED = ("…", "...", "(see more)")


def _names(people: Sequence[Person]) -> tuple[tuple[str, str], ...]:
    return tuple((fold(p.last), fold(p.given)) for p in people)


def _best_authors(members: Sequence[Publication]) -> Publication:
    """The member whose author list is complete and fullest."""

    def fullness(pub: Publication) -> tuple[int, int, int]:
        given = sum(len(p.given) for p in pub.author)
        return (not pub.authors_incomplete, len(pub.author), given)

    best = members[0]
    for pub in members[1:]:
        if fullness(pub) > fullness(best) and len(pub.author) >= len(best.author):
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
    return values[0]


def _variants(members: Sequence[Publication], name: str, chosen: Any) -> list[Any]:
    seen = {str(chosen).casefold()}
    out: list[Any] = []
    for member in members:
        value = getattr(member, name)
        if value and str(value).casefold() not in seen:
            seen.add(str(value).casefold())
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
    changes: dict[str, Any] = {}
    sources: dict[str, str] = {}
    variants: dict[str, list[Any]] = {}
    for name in _SCALARS:
        value, source = _pick(members, name)
        changes[name] = value
        if source:
            sources[name] = source
        others = _variants(members, name, value)
        if others and name != "doi":
            variants[name] = others

    authors = _best_authors(members)
    changes.update(author=authors.author, authors_incomplete=authors.authors_incomplete)
    sources["author"] = authors.id
    lists = {_names(m.author) for m in members if m.author} - {_names(authors.author)}
    if lists:
        variants["author"] = [
            [p.display() for p in m.author]
            for m in members
            if m.author and _names(m.author) in lists
        ]

    changes["extra"] = _merged_extra(members, changes["doi"], sources, variants)
    changes.update(_merged_collections(members))
    if not changes["editor"]:
        changes["editor"] = next((m.editor for m in members if m.editor), ())
    return dataclasses.replace(kept, **changes)


def _merged_collections(members: Sequence[Publication]) -> dict[str, Any]:
    source_fields: dict[str, str] = {}
    contributors: dict[str, tuple[Person, ...]] = {}
    for member in reversed(members):
        source_fields.update(member.source_fields)
        contributors.update(member.contributors)
    return {
        "editor": members[0].editor,
        "implied_authors": _unique(p for m in members for p in m.implied_authors),
        "keywords": _unique(k for m in members for k in m.keywords),
        "contributors": contributors,
        "source_fields": source_fields,
        "provenance": tuple(p for m in members for p in m.provenance),
    }


def _merged_extra(
    members: Sequence[Publication],
    doi: str,
    sources: dict[str, str],
    variants: dict[str, list[Any]],
) -> dict[str, Any]:
    extra: dict[str, Any] = {}
    for member in reversed(members):
        extra.update(member.extra)
    extra[MERGED_IDS] = [m.id for m in members]
    others = _unique(m.doi for m in members if m.doi and m.doi != doi)
    if others:
        extra[ALTERNATE_DOIS] = list(others)
    extra[FIELD_SOURCES] = sources
    if variants:
        extra[VARIANTS] = variants
    return extra


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
        ValueError: ``merge`` is not ``"duplicates"`` or ``"versions"``.
    """
    items = list(pubs)
    if report is None:
        report = find_duplicates(items, min_confidence=min_confidence)
    groups = report.merged_groups(merge)
    problems = pubs.problems if isinstance(pubs, Library) else ()
    return Library(_apply(items, groups, report.ids), problems), report
