"""Candidate pairs from several blocking keys, so cost grows near-linearly.

Each record gets a handful of keys; records sharing a key are candidates.
The keys complement each other, so a typo or a missing field in one still
leaves another: identifiers, the first title words, the rarest title words,
first author with year, and the start of the abstract. A block too large to
compare exhaustively is compared as a sorted neighbourhood instead.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from itertools import combinations

from pubkit.match.features import Features

__all__ = ["block_keys", "candidate_pairs"]

logger = logging.getLogger(__name__)

#: Blocks up to this size are compared pairwise.
FULL_BLOCK = 60
#: In larger blocks each record meets this many neighbours in title order.
WINDOW = 12
#: Number of rarest title words that form pair keys.
RARE_WORDS = 3


def _title_keys(rec: Features, df: Counter[str]) -> Iterator[str]:
    tokens = rec.tokens or tuple(rec.title.split())
    if not tokens:
        return
    yield "t:" + " ".join(tokens[:3])
    if rec.truncated:
        return
    yield "e:" + " ".join(tokens[-3:])
    rare = sorted(set(tokens), key=lambda t: (df[t], t))[:RARE_WORDS]
    if len(rare) < 2:
        yield "r:" + "".join(rare)
    for left, right in combinations(sorted(rare), 2):
        yield f"r:{left} {right}"


def block_keys(rec: Features, df: Counter[str]) -> list[str]:
    """The blocking keys of one record.

    Args:
        rec: The record's features.
        df: In how many titles each title word occurs.

    Returns:
        Keys as short prefixed strings (``"d:"`` DOI, ``"t:"`` title start...).
    """
    keys = [f"{p}:{v}" for p, v in _identifiers(rec) if v]
    keys.extend(_title_keys(rec, df))
    if rec.authors:
        keys.append(f"a:{rec.authors[0][0]} {rec.year or ''}")
    if rec.abstract:
        keys.append("s:" + " ".join(rec.abstract.split()[:8]))
    return keys


def _identifiers(rec: Features) -> tuple[tuple[str, str], ...]:
    return (
        ("d", rec.doi),
        ("x", rec.arxiv or rec.preprint_doi),
        ("p", rec.pmid),
        ("i", rec.isbn),
    )


def _block_pairs(
    members: Sequence[int], titles: Sequence[tuple[str, str]]
) -> Iterator[int]:
    """Pairs of one block, each encoded as ``low << 32 | high``."""
    if len(members) <= FULL_BLOCK:
        for i, j in combinations(sorted(members), 2):
            yield i << 32 | j
        return
    ordered = sorted(members, key=lambda m: titles[m])
    for pos, i in enumerate(ordered):
        for j in ordered[pos + 1 : pos + 1 + WINDOW]:
            yield min(i, j) << 32 | max(i, j)


def candidate_pairs(records: Sequence[Features]) -> list[tuple[int, int]]:
    """All candidate pairs of record positions, each once, in sorted order.

    Args:
        records: Features of every record, ``records[i].index == i``.

    Returns:
        Pairs ``(i, j)`` with ``i < j``.
    """
    df: Counter[str] = Counter()
    for rec in records:
        df.update(set(rec.tokens))

    blocks: defaultdict[str, list[int]] = defaultdict(list)
    for rec in records:
        for key in set(block_keys(rec, df)):
            blocks[key].append(rec.index)

    # Ties in title order go by id, not input position, so that the same
    # records in another order meet the same neighbours.
    titles = [(rec.title, rec.key) for rec in records]
    seen: set[int] = set()
    for members in blocks.values():
        if len(members) > 1:
            seen.update(_block_pairs(members, titles))
    logger.debug("%d blocks gave %d candidate pairs", len(blocks), len(seen))
    return [(code >> 32, code & 0xFFFFFFFF) for code in sorted(seen)]
