"""Union-find clustering that refuses to join records a veto keeps apart."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence

from pubkit.match.report import Pair

__all__ = ["Clusters"]

logger = logging.getLogger(__name__)

#: Pairs checked at most when two clusters would join; larger joins are
#: checked on a sample of the members standing for each kind, so a veto
#: between unsampled members of two very large, varied clusters can go
#: unnoticed.
MAX_GUARD_CHECKS = 4096


class Clusters:
    """Disjoint sets of record positions with a guarded union.

    Records of one kind (see ``kinds``) are interchangeable to the guard, so
    a union checks one member of each kind on either side: a thousand copies
    of one record join in linear time, not one check per member pair.

    Args:
        size: Number of records.
        vetoed: Whether two records must never share a cluster.
        kinds: For each record, a number it shares only with records that
            every veto and guard treats exactly alike; by default each
            record is its own kind.
    """

    def __init__(
        self,
        size: int,
        vetoed: Callable[[int, int], bool],
        kinds: Sequence[int] | None = None,
    ) -> None:
        self._parent = list(range(size))
        self._members: dict[int, list[int]] = {}
        self._kinds = list(range(size)) if kinds is None else list(kinds)
        # Per cluster root: one member of each kind the cluster holds.
        self._samples: dict[int, dict[int, int]] = {}
        self._vetoed = vetoed
        # Per refused pair: the two members that clashed.
        self._blocked: dict[tuple[int, int], tuple[int, int]] = {}

    def find(self, item: int) -> int:
        """The representative of ``item``'s cluster."""
        parent = self._parent
        root = item
        while parent[root] != root:
            root = parent[root]
        while parent[item] != root:
            parent[item], item = root, parent[item]
        return root

    def members(self, item: int) -> list[int]:
        """The members of ``item``'s cluster, in ascending order."""
        return sorted(self._members.get(self.find(item), [item]))

    def union(
        self, a: int, b: int, guard: Callable[[int, int], bool] | None = None
    ) -> bool:
        """Join the clusters of ``a`` and ``b`` unless a veto forbids it.

        Args:
            a: One record position.
            b: The other.
            guard: Another test of two records that must not share a
                cluster, applied with the veto.

        Returns:
            True when the two are (now) in one cluster, False when refused.
        """
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        left_kinds = self._samples.get(ra) or {self._kinds[ra]: ra}
        right_kinds = self._samples.get(rb) or {self._kinds[rb]: rb}
        conflict = self._conflict(
            list(left_kinds.values()), list(right_kinds.values()), guard
        )
        if conflict is not None:
            logger.debug("refused to join %d and %d: %d and %d clash", a, b, *conflict)
            self._blocked[a, b] = conflict
            return False

        left = self._members.get(ra, [ra])
        right = self._members.get(rb, [rb])
        if len(left) < len(right):
            ra, rb, left, right = rb, ra, right, left
            left_kinds, right_kinds = right_kinds, left_kinds
        self._parent[rb] = ra
        left.extend(right)
        self._members[ra] = left
        self._members.pop(rb, None)
        for kind, member in right_kinds.items():
            left_kinds.setdefault(kind, member)
        self._samples[ra] = left_kinds
        self._samples.pop(rb, None)
        return True

    def _conflict(
        self,
        left: list[int],
        right: list[int],
        guard: Callable[[int, int], bool] | None,
    ) -> tuple[int, int] | None:
        """The first two members, one a side, that must stay apart, if any."""
        step_l = max(1, len(left) * len(right) // MAX_GUARD_CHECKS)
        sample = left[::step_l] if step_l > 1 else left
        vetoed = self._vetoed
        for x in sample:
            for y in right:
                if vetoed(x, y) or (guard is not None and guard(x, y)):
                    return x, y
        return None

    def blocked_by(self, a: int, b: int) -> tuple[int, int] | None:
        """The two members that kept ``a``'s and ``b``'s clusters apart, if refused."""
        return self._blocked.get((a, b))

    def groups(self) -> list[list[int]]:
        """Clusters with more than one member, each sorted, by first member."""
        return sorted(sorted(m) for m in self._members.values() if len(m) > 1)

    def join_all(
        self, pairs: Iterable[Pair], guard: Callable[[int, int], bool] | None = None
    ) -> tuple[list[Pair], list[Pair]]:
        """Union every pair in order.

        Args:
            pairs: The pairs to join, most certain first.
            guard: An extra test of members that must stay apart (see
                :meth:`union`).

        Returns:
            The pairs that joined (or were already joined) and those refused.
        """
        joined: list[Pair] = []
        refused: list[Pair] = []
        for pair in pairs:
            (joined if self.union(pair.a, pair.b, guard) else refused).append(pair)
        return joined, refused
