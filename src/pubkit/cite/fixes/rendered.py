"""A record of the variables that actually rendered while a block ran.

CSL decides two things by which variables rendered, not by which could have:
what a ``cs:substitute`` suppresses for the rest of the entry, and whether a
``cs:group`` is suppressed. Text, number, names and date renders report here.

Group suppression also needs the variables that were *called* and came out
empty, so renders report each call here too (see
:mod:`pubkit.cite.fixes.groups`).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

_state = threading.local()


def record(variable: str) -> None:
    """Note that ``variable`` rendered, for every recording in progress."""
    for used in getattr(_state, "stack", []):
        used.add(variable)


@contextlib.contextmanager
def recording() -> Iterator[set[str]]:
    """Collect the variables rendered inside the block."""
    stack = _state.__dict__.setdefault("stack", [])
    used: set[str] = set()
    stack.append(used)
    try:
        yield used
    finally:
        stack.pop()


def called(variable: str, filled: bool) -> None:
    """Note that ``variable`` was called, and whether it gave any text."""
    for seen in getattr(_state, "calls", []):
        seen[variable] = seen.get(variable, False) or filled


@contextlib.contextmanager
def calling() -> Iterator[dict[str, bool]]:
    """Collect the variables called inside the block, each with "filled"."""
    stack = _state.__dict__.setdefault("calls", [])
    seen: dict[str, bool] = {}
    stack.append(seen)
    try:
        yield seen
    finally:
        stack.pop()
