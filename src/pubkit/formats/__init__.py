"""The registry of file formats, keyed by name and by file suffix.

Each format module registers a :class:`Format` when it is imported. A format
reads text into publications plus problems, writes publications to text, or
both, and says how confident it is that a text is in its format, so input can
be recognised from its content when neither a name nor a suffix says.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pubkit.errors import Problem, UnknownFormatError
from pubkit.model import Publication

__all__ = [
    "Format",
    "ReadResult",
    "Reader",
    "Writer",
    "detect",
    "for_path",
    "get",
    "names",
    "register",
]

#: What a reader returns: the good records, then the problems, in input order.
ReadResult = tuple[list[Publication], list[Problem]]

#: ``reader(text, source)``: ``source`` names the input in problem reports.
Reader = Callable[[str, str], ReadResult]
#: Reads several ``(text, source)`` inputs as one database.
ManyReader = Callable[[Sequence[tuple[str, str]]], ReadResult]

#: ``writer(publications, **options)`` returns the whole output as text.
Writer = Callable[..., str]


@dataclass(frozen=True)
class Format:
    r"""A file format pubkit can read, write, or both.

    Attributes:
        name: The name users give (``"bibtex"``, ``"csljson"``...).
        suffixes: File suffixes that select the format, with the dot.
        read: The reader, or None for a write-only format.
        write: The writer, or None for a read-only format.
        sniff: Scores how likely a text is in this format, from 0 (surely
            not) to 100 (surely), looking only at its content.
        description: One line for listings and help texts.
        read_all: Reads several inputs as one database, as BibTeX reads
            ``\bibliography{strings,refs}`` (macros and cross-references
            reach across files), or None where inputs stand alone.
    """

    name: str
    suffixes: tuple[str, ...] = ()
    read: Reader | None = None
    write: Writer | None = None
    sniff: Callable[[str], int] = field(default=lambda text: 0)
    description: str = ""
    read_all: ManyReader | None = None


_FORMATS: dict[str, Format] = {}

# Modules that register the built-in formats, imported on first use so that
# `import pubkit` stays cheap.
_BUILTIN_MODULES = (
    "pubkit.formats.bibtex",
    "pubkit.formats.csljson",
    "pubkit.formats.ris",
    "pubkit.formats.profile",
)
_loaded = False


def register(fmt: Format) -> Format:
    """Add ``fmt`` to the registry, replacing any format of the same name."""
    _FORMATS[fmt.name] = fmt
    return fmt


def _ensure_loaded() -> None:
    global _loaded
    if not _loaded:
        _loaded = True
        for module in _BUILTIN_MODULES:
            importlib.import_module(module)


def names(*, readable: bool = False, writable: bool = False) -> list[str]:
    """Names of the registered formats, optionally only readable/writable ones."""
    _ensure_loaded()
    return sorted(
        name
        for name, fmt in _FORMATS.items()
        if (not readable or fmt.read) and (not writable or fmt.write)
    )


def get(name: str) -> Format:
    """The format called ``name`` (case-insensitive).

    Raises:
        UnknownFormatError: No format has that name.
    """
    _ensure_loaded()
    fmt = _FORMATS.get(name.strip().lower().replace("-", "").replace("_", ""))
    if fmt is None:
        fmt = _FORMATS.get(name.strip().lower())
    if fmt is None:
        raise UnknownFormatError(name, names())
    return fmt


def for_path(path: str | os.PathLike[str]) -> Format | None:
    """The format a file suffix selects, or None when the suffix says nothing."""
    _ensure_loaded()
    name = Path(path).name.lower()
    best: tuple[int, Format] | None = None
    for fmt in _FORMATS.values():
        for suffix in fmt.suffixes:
            if name.endswith(suffix) and (best is None or len(suffix) > best[0]):
                best = (len(suffix), fmt)
    return best[1] if best else None


def detect(text: str, *, candidates: Sequence[str] | None = None) -> Format:
    """The readable format whose sniffer scores ``text`` highest.

    Raises:
        UnknownFormatError: No format recognises the text at all.
    """
    _ensure_loaded()
    pool = [get(n) for n in candidates] if candidates else list(_FORMATS.values())
    scored = [(fmt.sniff(text), fmt.name, fmt) for fmt in pool if fmt.read]
    scored.sort(key=lambda item: (-item[0], item[1]))
    if not scored or scored[0][0] <= 0:
        raise UnknownFormatError("<unrecognised content>", names(readable=True))
    return scored[0][2]


def describe() -> list[dict[str, Any]]:
    """Name, suffixes, abilities and description of every format."""
    _ensure_loaded()
    return [
        {
            "name": fmt.name,
            "suffixes": list(fmt.suffixes),
            "read": fmt.read is not None,
            "write": fmt.write is not None,
            "description": fmt.description,
        }
        for fmt in sorted(_FORMATS.values(), key=lambda f: f.name)
    ]
