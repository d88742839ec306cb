"""What matching found: groups, pairs with their evidence, and the review list."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = [
    "MERGE_MODES",
    "DuplicateReport",
    "Group",
    "Pair",
    "report_summary",
    "report_to_dict",
    "report_to_json",
]

#: Which relations each merge mode merges.
MERGE_MODES: Mapping[str, frozenset[str]] = {
    "duplicates": frozenset({"duplicate"}),
    "versions": frozenset({"duplicate", "version"}),
}


@dataclass(frozen=True, slots=True)
class Pair:
    """Two records and why they were related.

    Attributes:
        a: Position of the first record in the input.
        b: Position of the second record.
        relation: ``"duplicate"``, ``"version"``, ``"review"`` or ``"erratum"``.
        rule: The rule (or veto) that decided.
        confidence: The rule's confidence, 0-1.
        evidence: Field scores and agreements (see
            :class:`pubkit.match.score.Evidence`).
    """

    a: int
    b: int
    relation: str
    rule: str
    confidence: float
    evidence: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Group:
    """Records found to be one publication (or one work, for versions).

    Attributes:
        relation: ``"duplicate"`` or ``"version"``.
        members: Input positions of the members, kept record first.
        kept: Input position of the record the others merge into.
        pairs: The matched pairs that joined the group.
    """

    relation: str
    members: tuple[int, ...]
    kept: int
    pairs: tuple[Pair, ...]


@dataclass(frozen=True, slots=True)
class DuplicateReport:
    """Everything matching found in a list of records.

    Duplicate groups are never split by version groups: a version group
    holds whole duplicate groups and joins them by its version pairs.

    Attributes:
        ids: The input records' ids, by input position.
        groups: Duplicate groups, then version groups.
        review: Pairs too uncertain to merge, for a person to check.
        links: Related records that must stay apart, such as an erratum and
            the article it corrects.
        candidates: How many pairs blocking proposed for scoring.
    """

    ids: tuple[str, ...]
    groups: tuple[Group, ...]
    review: tuple[Pair, ...] = ()
    links: tuple[Pair, ...] = ()
    candidates: int = 0

    def merged_groups(self, merge: str = "duplicates") -> list[Group]:
        """Groups whose members merge under ``merge``, without overlaps.

        Args:
            merge: ``"duplicates"`` or ``"versions"``.

        Returns:
            Groups; with ``"versions"`` a version group replaces the duplicate
            groups it contains.

        Raises:
            ValueError: ``merge`` is not a known mode.
        """
        if merge not in MERGE_MODES:
            raise ValueError(f"merge must be one of {sorted(MERGE_MODES)}: {merge!r}")
        groups = [g for g in self.groups if g.relation in MERGE_MODES[merge]]
        covered = {m for g in groups if g.relation == "version" for m in g.members}
        return [g for g in groups if g.relation == "version" or g.kept not in covered]

    def keymap(self, merge: str = "duplicates") -> dict[str, str]:
        """Ids of dropped records mapped to the id of the record kept instead.

        Args:
            merge: ``"duplicates"`` or ``"versions"``.

        Returns:
            ``{dropped_id: kept_id}``, in input order of the dropped records.
        """
        pairs = [(m, g.kept) for g in self.merged_groups(merge) for m in g.members]
        return {
            self.ids[m]: self.ids[kept]
            for m, kept in sorted(pairs)
            if m != kept and self.ids[m] != self.ids[kept]
        }


def _pair_dict(report: DuplicateReport, pair: Pair) -> dict[str, Any]:
    evidence = dict(pair.evidence)
    evidence.update(rule=pair.rule, relation=pair.relation)
    evidence["confidence"] = pair.confidence
    return {
        "a": report.ids[pair.a],
        "b": report.ids[pair.b],
        "score": pair.confidence,
        "evidence": evidence,
    }


def report_to_dict(report: DuplicateReport) -> dict[str, Any]:
    """The report as plain data: ``{"groups": [...], "review": [...], "links": [...]}``.

    Ids are the input records' ids. Each pair's ``evidence`` holds the field
    scores, the ``rule`` that decided, the ``relation`` and ``confidence``.
    ``links`` are pairs kept apart but related, such as an erratum (``a`` or
    ``b``) and the article it corrects.
    """
    groups = [
        {
            "relation": g.relation,
            "members": [report.ids[m] for m in g.members],
            "kept": report.ids[g.kept],
            "pairs": [_pair_dict(report, p) for p in g.pairs],
        }
        for g in report.groups
    ]
    review = [_pair_dict(report, p) for p in report.review]
    links = [_pair_dict(report, p) for p in report.links]
    return {"groups": groups, "review": review, "links": links}


def report_to_json(report: DuplicateReport, *, indent: int | None = 2) -> str:
    """The report as JSON text (see :func:`report_to_dict`)."""
    return json.dumps(report_to_dict(report), indent=indent, ensure_ascii=False)


def _describe(report: DuplicateReport, pair: Pair) -> str:
    ids = report.ids
    line = f"  {ids[pair.a]} ~ {ids[pair.b]}: {pair.rule} ({pair.confidence:.2f})"
    facts = [
        f"{label} {', '.join(pair.evidence[key])}"
        for key, label in (("agreed", "agree:"), ("disagreed", "differ:"))
        if pair.evidence.get(key)
    ]
    return f"{line}; {'; '.join(facts)}" if facts else line


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def report_summary(report: DuplicateReport) -> str:
    """A readable summary: counts, then each group, review pair and link."""
    dup = [g for g in report.groups if g.relation == "duplicate"]
    ver = [g for g in report.groups if g.relation == "version"]
    dropped = sum(len(g.members) - 1 for g in dup)
    lines = [
        f"{_count(len(report.ids), 'record')}, "
        f"{_count(report.candidates, 'candidate pair')} scored",
        f"{_count(len(dup), 'duplicate group')} "
        f"({_count(dropped, 'record')} to drop), "
        f"{_count(len(ver), 'version group')}, "
        f"{_count(len(report.review), 'pair')} to review, "
        f"{_count(len(report.links), 'link')}",
    ]
    for group in report.groups:
        members = ", ".join(report.ids[m] for m in group.members)
        lines.append(f"{group.relation}: keep {report.ids[group.kept]} of {members}")
        lines.extend(_describe(report, p) for p in group.pairs)
    for title, pairs in (("review", report.review), ("link", report.links)):
        if pairs:
            lines.append(f"{title}:")
            lines.extend(_describe(report, p) for p in pairs)
    return "\n".join(lines)
