"""Errors raised by pubkit and problems reported about input.

Readers never raise for bad input: they return every good record together with a
list of :class:`Problem` values. Exceptions are for caller mistakes (an unknown
format, a style that does not exist) and for I/O failures. Every exception derives
from :class:`PubkitError` and from the nearest builtin, so callers can catch either.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "Problem",
    "PubkitError",
    "UnknownFormatError",
    "UnknownStyleError",
]


class PubkitError(Exception):
    """Root of every exception pubkit raises."""


class UnknownFormatError(PubkitError, ValueError):
    """A format name or file suffix that no reader or writer handles.

    Attributes:
        name: The name or suffix that was asked for.
        known: The names that would have been accepted.
    """

    def __init__(self, name: str, known: Sequence[str]) -> None:
        self.name = name
        self.known = tuple(known)
        super().__init__(
            f"unknown format {name!r}; known formats: {', '.join(self.known)}"
        )


class UnknownStyleError(PubkitError, LookupError):
    """A citation style name that matches no installed style.

    Attributes:
        name: The name that was asked for.
        suggestions: The closest installed style names, best first.
    """

    def __init__(self, name: str, suggestions: Sequence[str]) -> None:
        self.name = name
        self.suggestions = tuple(suggestions)
        hint = f"; did you mean {', '.join(self.suggestions)}?" if suggestions else ""
        super().__init__(f"unknown citation style {name!r}{hint}")


class UnknownLocaleError(PubkitError, LookupError):
    """A locale for which no CSL locale file is installed.

    Attributes:
        name: The locale that was asked for.
        suggestions: The closest installed locales, best first.
    """

    def __init__(self, name: str, suggestions: Sequence[str]) -> None:
        self.name = name
        self.suggestions = tuple(suggestions)
        hint = f"; did you mean {', '.join(self.suggestions)}?" if suggestions else ""
        super().__init__(f"unknown locale {name!r}{hint}")


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with the input, found while reading it.

    Attributes:
        source: Where the input came from (a file path, or ``"<string>"``).
        line: 1-based line of the input where the problem starts, if known.
        reason: What is wrong, in words a user can act on.
        raw: The raw text concerned, so nothing is lost.
        key: The cite key or record id concerned, if any.
        kind: A short machine-readable category, such as ``"duplicate-entry-key"``.
    """

    source: str
    line: int | None
    reason: str
    raw: str = ""
    key: str | None = None
    kind: str = "invalid"

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        key = f" [{self.key}]" if self.key else ""
        return f"{where}:{key} {self.reason}"
