"""Scoring deduplication against labelled sets, per record and per pair."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from types import MappingProxyType
from typing import Any

from pubkit.model import Date, Person, Publication


@dataclass(frozen=True)
class Scores:
    """Per-record confusion counts (a record to remove is a positive) and pairs."""

    tp: int
    fp: int
    fn: int
    tn: int
    pair_precision: float
    pair_recall: float

    @property
    def sensitivity(self) -> float:
        """Share of records to remove that were removed."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def specificity(self) -> float:
        """Share of records to keep that were kept."""
        return self.tn / (self.tn + self.fp) if self.tn + self.fp else 1.0

    @property
    def precision(self) -> float:
        """Share of removed records that should have been."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and sensitivity."""
        p, r = self.precision, self.sensitivity
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def pair_f1(self) -> float:
        """Harmonic mean of pair precision and pair recall."""
        p, r = self.pair_precision, self.pair_recall
        return 2 * p * r / (p + r) if p + r else 0.0


def read_only(mapping: Mapping[str, Any]) -> MappingProxyType[str, Any]:
    """A read-only view of ``mapping`` (what unpickling a Publication needs)."""
    return MappingProxyType(dict(mapping))


def _pairs(groups: Iterable[Sequence[str]]) -> set[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    for group in groups:
        out.update(combinations(sorted(set(group)), 2))
    return out


def corrected(
    gold: Iterable[Sequence[str]], corrections: Iterable[Mapping[str, Any]]
) -> list[tuple[str, ...]]:
    """Gold groups with records moved as ``corrections`` say.

    Each correction takes its ``record`` out of its group and puts it in the
    group of ``belongs_with``, or leaves it alone when that is None.
    """
    groups = [list(g) for g in gold]
    for fix in corrections:
        record, home = fix["record"], fix["belongs_with"]
        for group in groups:
            if record in group:
                group.remove(record)
        if home is None:
            continue
        target = next((g for g in groups if home in g), None)
        if target is None:
            groups.append([home, record])
        else:
            target.append(record)
    return [tuple(g) for g in groups if len(g) > 1]


def score(
    ids: Sequence[str], gold: Iterable[Sequence[str]], found: Iterable[Sequence[str]]
) -> Scores:
    """Compare found groups with gold groups over the records ``ids``."""
    gold = [tuple(g) for g in gold]
    found = [tuple(g) for g in found]
    cluster_of = {i: n for n, g in enumerate(gold) for i in g}
    positives = sum(len(set(g)) - 1 for g in gold)

    tp = fp = 0
    for group in found:
        parts = {cluster_of.get(i, ("single", i)) for i in group}
        removed = len(set(group)) - 1
        fp += len(parts) - 1
        tp += removed - (len(parts) - 1)
    fn = positives - tp
    tn = len(ids) - positives - fp

    gold_pairs, found_pairs = _pairs(gold), _pairs(found)
    hits = len(gold_pairs & found_pairs)
    precision = hits / len(found_pairs) if found_pairs else 1.0
    recall = hits / len(gold_pairs) if gold_pairs else 1.0
    return Scores(tp, fp, fn, tn, precision, recall)


# Initials after a surname in "freund, y. and schapire, r.e.".
_INITIALS = re.compile(r"(?:[a-z]\.?\s*-?\s*){1,3}")
# A year, also one with a letter telling two works of a year apart ("1996a").
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")


def _cora_authors(text: str) -> tuple[Person, ...]:
    """People of a Cora author string, in either of its two name orders.

    Cora gives "h. drucker, r. schapire, and p. simard" and also
    "freund, y., and schapire, r.e."; a surname followed by initials
    is one person, not two.
    """
    text = re.sub(r"\bet al\.?", "", text.strip().rstrip(".,;:"))
    chunks = re.split(r",?\s+and\s+|\s*&\s*|;", text)
    pieces = [p.strip() for c in chunks for p in c.split(",") if p.strip()]
    people = []
    i = 0
    while i < len(pieces):
        words = pieces[i].split()
        after = pieces[i + 1] if i + 1 < len(pieces) else ""
        if len(words) == 1 and _INITIALS.fullmatch(after):
            people.append(Person(family=words[0], given=after))
            i += 2
            continue
        if words:
            people.append(Person(family=words[-1], given=" ".join(words[:-1])))
        i += 1
    return tuple(people)


def read_cora(folder: Path) -> tuple[list[Publication], list[tuple[str, ...]]]:
    """The Cora citations as publications, and the gold groups."""
    pubs = []
    lines = (folder / "cora.csv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split("|")
    for line in lines[1:]:
        row = dict(zip(header, line.split("|"), strict=False))
        year = _YEAR.search(row.get("year", ""))
        pubs.append(
            Publication(
                id=row["Entity Id"],
                title=row.get("title", "").strip(" '\".,"),
                author=_cora_authors(row.get("author", "")),
                issued=Date((int(year.group(1)),)) if year else None,
                container_title=row.get("venue", "").strip(" ,."),
                volume=re.sub(r"\D", "", row.get("volume", "")),
                page=row.get("pages", "").replace("pp.", "").replace("pages", ""),
                publisher=(row.get("publisher") or row.get("institution", "")).strip(
                    " ,."
                ),
                note=row.get("note", "").strip(" ,."),
            )
        )

    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for line in (folder / "cora_gt.csv").read_text().splitlines():
        a, b = line.split("|")[:2]
        parent[find(a)] = find(b)
    groups: dict[str, list[str]] = {}
    for x in list(parent):
        groups.setdefault(find(x), []).append(x)
    return pubs, [tuple(g) for g in groups.values() if len(g) > 1]
