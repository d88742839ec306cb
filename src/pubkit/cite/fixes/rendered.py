"""A record of the variables that actually rendered while a block ran.

CSL decides two things by which variables rendered, not by which could have:
what a ``cs:substitute`` suppresses for the rest of the entry, and whether a
``cs:group`` is suppressed. Text, number, names and date renders report here.

citeproc-py decides group suppression by which children *could* call a
variable, so a ``cs:choose`` whose taken branch prints fixed text kept its
group alive (APA prints "(Publication)" for a thesis without a number). A
group rule built on this record is not installed yet: it broke IEEE's
"[Online]" group and needs more work.
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
