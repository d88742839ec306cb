"""Personal names: BibTeX name lists and names as written in plain text.

Two kinds of input reach pubkit. BibTeX name fields follow BibTeX's own rules
(``and`` between names; the forms "First von Last", "von Last, First" and
"von Last, Jr, First"; lowercase words are particles; braces protect); that
grammar lives in :mod:`pubkit.text.bibtex_names` and is re-exported here. Names
on web pages and in CSL-JSON ``literal`` strings are plain text written
"Given [particles] Family [Suffix]", where particles are known words rather
than whatever happens to be lowercase. Both end as :class:`pubkit.Person`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pubkit.model import Person
from pubkit.text.bibtex_names import (
    SUFFIXES,
    BibtexName,
    bibtex_name_to_person,
    format_bibtex_name,
    parse_bibtex_name,
    split_names,
)

__all__ = [
    "PARTICLES",
    "SUFFIXES",
    "BibtexName",
    "bibtex_name_to_person",
    "format_bibtex_name",
    "parse_bibtex_name",
    "parse_plain_name",
    "split_names",
]

#: Name particles recognised in plain-text names (matched case-insensitively).
PARTICLES = frozenset(
    [
        "al",
        "bin",
        "bint",
        "d'",
        "da",
        "dal",
        "dalla",
        "das",
        "de",
        "degli",
        "dei",
        "del",
        "della",
        "delle",
        "den",
        "der",
        "des",
        "di",
        "dos",
        "du",
        "ibn",
        "la",
        "le",
        "ten",
        "ter",
        "van",
        "van't",
        "vom",
        "von",
        "zu",
        "zum",
        "zur",
    ]
)

# Conjunctions that join the words of a compound Spanish or Portuguese family.
_FAMILY_JOINERS = frozenset({"y", "e", "i"})

_INITIALS = re.compile(r"^(?:\w\.)+\w?\.?$")
_BARE_INITIAL = re.compile(r"^[A-Z]$")
_RUN_TOGETHER = re.compile(r"\.(?=[^\W\d_])")


def _normalise_given_word(word: str) -> list[str]:
    """Split run-together initials and add a missing full stop to one initial.

    ``"M.G."`` becomes ``["M.", "G."]`` and ``"H"`` becomes ``["H."]``;
    hyphenated initials such as ``"J.-P."`` are kept whole.
    """
    if _BARE_INITIAL.match(word):
        return [word + "."]
    if "-" not in word and _INITIALS.match(word):
        letters = [part for part in word.split(".") if part]
        return [letter + "." for letter in letters]
    return [word]


def _spaced_initials(text: str) -> str:
    """Put a space after every full stop that runs into a letter ("M.G.")."""
    return _RUN_TOGETHER.sub(". ", text)


def _take_suffix(words: list[str]) -> tuple[list[str], str]:
    """Remove a trailing suffix (``Jr.``, ``III``) from ``words``."""
    if len(words) > 2 and words[-1].lower().rstrip(",") in SUFFIXES:
        return words[:-1], words[-1].rstrip(",")
    return words, ""


def _split_family(words: list[str]) -> tuple[list[str], list[str], list[str]]:
    """Split plain-text words into given words, particles and family words."""
    # The family is the last word, extended leftwards over "y"-style joiners
    # ("Aguera y Arcas") and over particles ("van der Berg").
    end = len(words) - 1
    start = end
    while start >= 2 and words[start - 1].lower() in _FAMILY_JOINERS:
        start -= 2
    particle_start = start
    while particle_start > 1 and words[particle_start - 1].lower() in PARTICLES:
        particle_start -= 1
    return words[:particle_start], words[particle_start:start], words[start:]


@lru_cache(maxsize=65536)
def parse_plain_name(text: str) -> Person:
    """Parse a name written in plain text, as on a web page.

    The name is read as "Given [particles] Family [Suffix]"; "Family, Given"
    and "Family, Given, Suffix" are accepted too. Particles come from
    :data:`PARTICLES`; every other word before the family name is a given
    name, so "Kameron Decker Harris" has given name "Kameron Decker". Initials
    are normalised to "M. G." form. A single word becomes the family name.

    Args:
        text: The name, such as ``"Johannes Von Oswald"`` or ``"M.G. Perich"``.

    Returns:
        The parsed person; an empty :class:`Person` for blank text.
    """
    text = " ".join(text.split())
    if "," in text:
        return _parse_plain_inverted(text)

    words, suffix = _take_suffix(_spaced_initials(text).split())
    if not words:
        return Person()
    if len(words) == 1:
        return Person(family=words[0], suffix=suffix)
    given, particles, family = _split_family(words)
    return Person(
        family=" ".join(family),
        given=_join_given(given),
        non_dropping_particle=" ".join(particles),
        suffix=suffix,
    )


def _join_given(words: list[str]) -> str:
    """Join given-name words with initials normalised."""
    out: list[str] = []
    for word in words:
        out.extend(_normalise_given_word(word))
    return " ".join(out)


def _parse_plain_inverted(text: str) -> Person:
    """Parse "Family, Given" or "Family, Given, Suffix" plain text."""
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if len(parts) == 1:
        return parse_plain_name(parts[0])
    family_words = parts[0].split()
    suffix = ""
    rest = parts[1:]
    if len(rest) > 1 and rest[-1].lower() in SUFFIXES:
        suffix = rest[-1]
        rest = rest[:-1]
    elif len(rest) > 1 and rest[0].lower() in SUFFIXES:
        suffix = rest[0]
        rest = rest[1:]
    particles: list[str] = []
    while len(family_words) > 1 and family_words[0].lower() in PARTICLES:
        particles.append(family_words.pop(0))
    given_text = _spaced_initials(" ".join(rest))
    return Person(
        family=" ".join(family_words),
        given=_join_given(given_text.split()),
        non_dropping_particle=" ".join(particles),
        suffix=suffix,
    )
