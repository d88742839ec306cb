"""Cite keys: stable, unique, ASCII identifiers for BibTeX entries.

A record keeps the id it was read with when that id is a usable BibTeX key and
no earlier record has it. Every other record gets a key built from a pattern,
by default ``{author}{year}{title}``: the first author's family name without
particles, transliterated to ASCII and lower-cased, the year, and the first
word of the title that is not a minor word (``meulemans2025multiagent``).

Pattern fields, each in braces; any other text in a pattern is copied as is:

=================  ==========================================================
``{author}``       family name of the first author (else the first editor,
                   else the first title word, which ``{title}`` then skips)
``{authorsN}``     family names of the first N authors, joined
``{year}``         year of publication (nothing when unknown)
``{title}``        first title word that is not a minor word
``{titleN}``       the first N such words, joined
=================  ==========================================================

The authors a key names are the listed authors, then the implied ones
(:attr:`pubkit.Publication.all_authors`). A record from a profile page lists
only the owner's co-authors, in page order, and knows the owner is an author
at an unknown position; its key uses the first listed co-author, which is how
the work is usually cited, and the owner only when no co-author is listed.

A field written with a capital (``{Author}``, ``{Title2}``) capitalises each
name or word. Keys that collide get ``a``, ``b``, ``c``... in input order (the
first keeps the bare key); keys are compared case-insensitively, as BibTeX
compares them. The same records in the same order always get the same keys.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from itertools import count, product
from string import ascii_lowercase

from pubkit.model import Person, Publication
from pubkit.text import rich_text

__all__ = [
    "DEFAULT_PATTERN",
    "assign_keys",
    "is_valid_key",
    "make_key",
    "to_ascii",
    "unique_key",
]

logger = logging.getLogger(__name__)

#: The key pattern used when none is given.
DEFAULT_PATTERN = "{author}{year}{title}"

# Characters that BibTeX, biber and LaTeX's \cite all accept in a key. biber
# rejects an apostrophe; braces, commas, quotes, "#", "%", "~", "=" and "\\"
# break BibTeX's or LaTeX's reading of the key.
_VALID_KEY = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_:.+/*-]*")
_FIELD = re.compile(r"\{([A-Za-z]+)(\d*)\}")
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")

#: Letters that Unicode decomposition does not reduce to ASCII.
_TRANSLITERATION = {
    "ß": "ss",
    "ø": "o",
    "Ø": "O",
    "æ": "ae",
    "Æ": "AE",
    "œ": "oe",
    "Œ": "OE",
    "ł": "l",
    "Ł": "L",
    "đ": "d",
    "Đ": "D",
    "ð": "d",
    "Ð": "D",
    "þ": "th",
    "Þ": "Th",
    "ı": "i",
    "ħ": "h",
    "ŋ": "ng",
}

# Russian Cyrillic, in a simple scholarly-passport style; other letters of the
# script decompose or are dropped.
_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґ",
        (
            *("a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l"),
            *("m", "n", "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh"),
            *("shch", "", "y", "", "e", "yu", "ya", "i", "i", "ye", "g"),
        ),
        strict=True,
    )
)

_MINOR_WORDS = frozenset(
    {
        *("a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of"),
        *("on", "or", "the", "to", "with", "via", "about", "der", "die", "das"),
        *("ein", "eine", "le", "la", "les", "un", "une", "el", "los", "las", "il"),
        "lo",
    }
)


def to_ascii(text: str) -> str:
    """Transliterate ``text`` to ASCII letters and digits, dropping the rest.

    >>> to_ascii("Łukasz Sørensen-Ærø")
    'LukaszSorensenAEro'
    """
    out: list[str] = []
    for char in unicodedata.normalize("NFC", text):
        lower = char.lower()
        if char in _TRANSLITERATION:
            out.append(_TRANSLITERATION[char])
        elif lower in _CYRILLIC:
            latin = _CYRILLIC[lower]
            out.append(latin.capitalize() if char != lower else latin)
        else:
            decomposed = unicodedata.normalize("NFKD", char)
            out.extend(c for c in decomposed if c.isascii() and c.isalnum())
    return "".join(out)


def is_valid_key(key: str) -> bool:
    """Whether ``key`` is safe as a BibTeX, biber and LaTeX cite key."""
    return _VALID_KEY.fullmatch(key) is not None


def _surname(person: Person) -> str:
    """The name a key uses for a person: family without particles."""
    if person.literal:
        words = [
            w for w in _WORD.findall(person.literal) if w.lower() not in _MINOR_WORDS
        ]
        return words[0] if words else ""
    return person.family or person.given


def _names(pub: Publication) -> tuple[Person, ...]:
    """The people a key names: listed then implied authors, else editors."""
    return pub.all_authors or pub.editor


def _title_words(pub: Publication) -> list[str]:
    """The title's words that are not minor words, in order (markup dropped)."""
    return [
        w
        for w in _WORD.findall(rich_text.plain(pub.title))
        if w.casefold() not in _MINOR_WORDS and to_ascii(w)
    ]


def _field_values(pub: Publication, name: str, number: int) -> list[str]:
    """The pieces one pattern field stands for, before case is applied."""
    # Without authors or editors the title's first word stands for the author.
    people = [_surname(p) for p in _names(pub)] or _title_words(pub)[:1]
    words = _title_words(pub)[0 if _names(pub) else 1 :]
    table: dict[str, Callable[[], list[str]]] = {
        "author": lambda: people[:1],
        "authors": lambda: people[: number or 1],
        "year": lambda: [str(pub.year)] if pub.year is not None else [],
        "title": lambda: words[: number or 1],
    }
    if name.lower() not in table:
        raise ValueError(f"unknown key pattern field {{{name}}}")
    return table[name.lower()]()


def make_key(pub: Publication, pattern: str = DEFAULT_PATTERN) -> str:
    """Build the key ``pattern`` gives for ``pub``, without uniqueness suffix.

    Returns ``"ref"`` when the pattern yields nothing (no author, year or
    title).

    Raises:
        ValueError: The pattern has an unknown field or characters that are
            not allowed in a key.
    """

    def render(match: re.Match[str]) -> str:
        name, number = match.group(1), int(match.group(2) or 0)
        pieces = [to_ascii(v) for v in _field_values(pub, name, number)]
        if name[0].isupper():
            return "".join(p[:1].upper() + p[1:].lower() for p in pieces)
        return "".join(p.lower() for p in pieces)

    literal = _FIELD.sub("", pattern)
    if literal and not re.fullmatch(r"[A-Za-z0-9_:.+/-]+", literal):
        raise ValueError(f"key pattern {pattern!r} has characters keys cannot hold")
    key = _FIELD.sub(render, pattern)
    return key if is_valid_key(key) else f"ref{key}" if key else "ref"


def _suffixes() -> Iterator[str]:
    """``a``, ``b``, ... ``z``, ``aa``, ``ab``, ...: the collision suffixes."""
    for width in count(1):
        for letters in product(ascii_lowercase, repeat=width):
            yield "".join(letters)


def unique_key(key: str, taken: set[str]) -> str:
    """``key``, or ``key`` with the first free suffix; marks it taken.

    ``taken`` holds casefolded keys, since BibTeX compares keys without case.
    """
    candidate = key
    if candidate.casefold() in taken:
        candidate = next(
            key + s for s in _suffixes() if (key + s).casefold() not in taken
        )
    taken.add(candidate.casefold())
    return candidate


def assign_keys(
    pubs: Sequence[Publication],
    *,
    pattern: str = DEFAULT_PATTERN,
    keep_existing: bool = True,
    warn: bool = True,
) -> list[Publication]:
    """Give every publication a unique, valid cite key as its ``id``.

    Args:
        pubs: The publications, in output order.
        pattern: How to build new keys (see the module documentation).
        keep_existing: Keep an id that is a valid key and not already taken by
            an earlier record; when False every key is built from ``pattern``.
        warn: Log a warning for each id replaced; a caller that reports
            replacements itself (for the records it writes) turns this off.

    Returns:
        The publications in the same order, each with its key as ``id``.

    Raises:
        ValueError: ``pattern`` is not a valid key pattern.
    """
    taken: set[str] = set()
    kept: list[bool] = []
    for pub in pubs:
        keep = keep_existing and is_valid_key(pub.id) and pub.id.casefold() not in taken
        if keep:
            taken.add(pub.id.casefold())
        kept.append(keep)

    out: list[Publication] = []
    for pub, keep in zip(pubs, kept, strict=True):
        key = pub.id if keep else unique_key(make_key(pub, pattern), taken)
        if warn and pub.id and key != pub.id and keep_existing:
            why = "is taken" if is_valid_key(pub.id) else "is not a valid cite key"
            logger.warning("key %r %s; written as %r", pub.id, why, key)
        out.append(pub if key == pub.id else pub.evolve(id=key))
    return out
