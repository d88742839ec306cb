"""Corrections that bring citeproc-py's output in line with CSL 1.0.2.

citeproc-py implements only part of the CSL specification. Every correction
pubkit makes lives in this package, one :class:`Fix` per CSL rule, in one of
four forms:

- *patches* replace a method of one of citeproc-py's element classes (the
  classes its style parser instantiates for ``cs:name``, ``cs:text`` and so on);
- a *registration hook* runs once after all items are registered and the
  bibliography is sorted (year-suffix disambiguation needs every item);
- a *polish* step rewrites the rendered neutral markup of one entry or citation
  (punctuation-in-quote needs to see the closing quote and what follows it);
- a *sequence* step rewrites the whole rendered bibliography (a repeated
  author list is replaced by comparing each entry with the one before it).

The patches are installed once, globally, by :func:`install`; the engine calls
it. Each fix was checked against the citeproc-py versions in
:data:`CHECKED_AGAINST`, and ``tests/test_cite_fixes.py`` asserts for each one
that unpatched citeproc-py still shows the fault, so a fix that a new
citeproc-py makes unnecessary is noticed.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "CHECKED_AGAINST",
    "FIXES",
    "Fix",
    "after_registration",
    "disabled",
    "install",
    "installed",
    "polish",
    "polish_bibliography",
    "prepare",
    "uninstall",
]

logger = logging.getLogger(__name__)

#: citeproc-py versions on which every fix was verified to be needed and right.
CHECKED_AGAINST = ("0.11.1",)


@dataclass(frozen=True)
class Fix:
    """One correction, named after the CSL rule it enforces.

    Attributes:
        name: A short identifier, such as ``"initialize-false"``.
        rule: The CSL rule, in a sentence.
        patches: ``(owner, attribute, replacement)`` triples to install; the
            owner is a class or a module, a replacement a function or a
            property.
        hook: Called with the citeproc-py bibliography after registration.
        polish: Called with rendered markup and the citeproc-py style; returns
            the corrected markup.
        prepare: Called with each CSL-JSON item before registration; returns
            the item to register.
        sequence: Called with all rendered bibliography entries, in order,
            and the citeproc-py style; returns the corrected entries (for
            rules that compare an entry with the one before it).
    """

    name: str
    rule: str
    patches: tuple[tuple[Any, str, Any], ...] = ()
    hook: Callable[[Any], None] | None = None
    polish: Callable[[str, Any], str] | None = None
    prepare: Callable[[dict[str, Any]], dict[str, Any]] | None = None
    sequence: Callable[[list[str], Any], list[str]] | None = None
    originals: dict[tuple[Any, str], Any] = field(default_factory=dict)


FIXES: list[Fix] = []
_state = {"installed": False, "suspended": False}


def register(fix: Fix) -> Fix:
    """Add a fix to :data:`FIXES` (fix modules call this at import)."""
    FIXES.append(fix)
    return fix


def install() -> None:
    """Install every patch, once; does nothing while :func:`disabled` holds."""
    if _state["installed"] or _state["suspended"]:
        return
    for fix in FIXES:
        for cls, attr, replacement in fix.patches:
            fix.originals[(cls, attr)] = cls.__dict__.get(attr)
            setattr(cls, attr, replacement)
    _state["installed"] = True
    logger.debug("installed %d citeproc-py fixes", len(FIXES))


def uninstall() -> None:
    """Restore citeproc-py's own methods."""
    if not _state["installed"]:
        return
    for fix in reversed(FIXES):
        for (cls, attr), original in fix.originals.items():
            if original is None:
                delattr(cls, attr)
            else:
                setattr(cls, attr, original)
        fix.originals.clear()
    _state["installed"] = False


def installed() -> bool:
    """Whether the patches are currently in place."""
    return _state["installed"]


@contextlib.contextmanager
def disabled() -> Iterator[None]:
    """Render with citeproc-py as it is, for comparison and regression tests.

    This switches the fixes off for the whole process, so it must not be used
    while another thread renders.
    """
    was = _state["installed"]
    uninstall()
    _state["suspended"] = True
    try:
        yield
    finally:
        _state["suspended"] = False
        if was:
            install()


def after_registration(bibliography: Any) -> None:
    """Run every registration hook on a freshly registered bibliography."""
    if _state["suspended"]:
        return
    for fix in FIXES:
        if fix.hook is not None:
            fix.hook(bibliography)


def prepare(item: dict[str, Any]) -> dict[str, Any]:
    """Run every preparation step on one CSL-JSON item."""
    if _state["suspended"]:
        return item
    for fix in FIXES:
        if fix.prepare is not None:
            item = fix.prepare(item)
    return item


def polish(marked: str, style: Any) -> str:
    """Run every polish step on one rendered entry or citation."""
    if _state["suspended"]:
        return marked
    for fix in FIXES:
        if fix.polish is not None:
            marked = fix.polish(marked, style)
    return marked


def polish_bibliography(entries: list[str], style: Any) -> list[str]:
    """Run every whole-bibliography step on the rendered entries, in order."""
    if _state["suspended"]:
        return entries
    for fix in FIXES:
        if fix.sequence is not None:
            entries = fix.sequence(entries, style)
    return entries


# Importing the fix modules registers their fixes, in this order.
from pubkit.cite.fixes import (  # noqa: E402
    disambiguation,  # noqa: F401
    display,  # noqa: F401
    given_names,  # noqa: F401
    groups,  # noqa: F401
    layout,  # noqa: F401
    names,  # noqa: F401
    number_variables,  # noqa: F401
    numbers,  # noqa: F401
    quotes,  # noqa: F401
    rich_text,  # noqa: F401
    scripts,  # noqa: F401
    speed,  # noqa: F401
    subsequent,  # noqa: F401
    substitute,  # noqa: F401
    text_case,  # noqa: F401
)
