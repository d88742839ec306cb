"""BibTeX field values: delimiters, ``#`` concatenation and macros.

A raw value such as ``"Spring " # {Notes} # jan`` is resolved to its text here,
before any LaTeX decoding. Most values are one braced group without nested
braces, which takes a fast path; the rest are scanned piece by piece.
"""

from __future__ import annotations

import re

__all__ = ["ValueSyntaxError", "resolve_value"]

_BARE_WORD = re.compile(r"[^\s#{}\",=]+")
_BRACE = re.compile(r"[{}]")
_QUOTE_OR_BRACE = re.compile(r'[{}"]')
_SPACES = re.compile(r"[ \t\n\r\f\v]+")


class ValueSyntaxError(ValueError):
    """A field value that is not valid BibTeX."""


def _closing(raw: str, start: int, opener: str) -> int:
    """Index of the delimiter closing the group opened at ``raw[start]``."""
    depth = 0
    if opener == '"':
        for match in _QUOTE_OR_BRACE.finditer(raw, start + 1):
            char = match.group()
            if char == '"' and depth == 0:
                return match.start()
            depth += 1 if char == "{" else -1 if char == "}" else 0
        raise ValueSyntaxError("unbalanced quotes")
    for match in _BRACE.finditer(raw, start):
        depth += 1 if match.group() == "{" else -1
        if depth == 0:
            return match.start()
    raise ValueSyntaxError("unbalanced braces")


def _resolve_slow(raw: str, macros: dict[str, str]) -> tuple[str, list[str]]:
    """Resolve a value made of quoted, braced, numeric and macro pieces."""
    pieces: list[str] = []
    undefined: list[str] = []
    pos, end = 0, len(raw)
    while True:
        while pos < end and raw[pos].isspace():
            pos += 1
        if pos >= end:
            raise ValueSyntaxError("missing value after '#'")
        char = raw[pos]
        if char in '{"':
            close = _closing(raw, pos, char)
            pieces.append(raw[pos + 1 : close])
            pos = close + 1
        else:
            match = _BARE_WORD.match(raw, pos)
            if match is None:
                raise ValueSyntaxError(f"unexpected {char!r}")
            word, pos = match.group(), match.end()
            if word.isdigit():
                pieces.append(word)
            elif word.lower() in macros:
                pieces.append(macros[word.lower()])
            else:
                undefined.append(word)
                pieces.append(word)
        while pos < end and raw[pos].isspace():
            pos += 1
        if pos >= end:
            return "".join(pieces), undefined
        if raw[pos] != "#":
            raise ValueSyntaxError("expected ',' or '}' after value")
        pos += 1


def resolve_value(raw: str, macros: dict[str, str]) -> tuple[str, list[str]]:
    """Resolve a raw BibTeX value to its text.

    Quoted and braced pieces lose their outer delimiters, numbers stay,
    macros are replaced from ``macros`` (keys lowercase), pieces joined by
    ``#`` are concatenated, and whitespace runs collapse to one space. LaTeX
    is left as it is.

    Args:
        raw: The value as it stands after ``=``.
        macros: Known macros, lowercase name → text.

    Returns:
        The text, and the names of macros that were not defined (each kept
        in the text as written).

    Raises:
        ValueSyntaxError: The value is not valid BibTeX.
    """
    text: str | None = None
    if raw[:1] == "{" and raw[-1:] == "}":
        inner = raw[1:-1]
        if "{" not in inner and "}" not in inner:
            text = inner
    elif raw.isdigit():
        return raw, []
    if text is None:
        text, undefined = _resolve_slow(raw, macros)
    else:
        undefined = []
    if "\n" in text or "  " in text or "\t" in text:
        text = _SPACES.sub(" ", text)
    return text.strip(), undefined
