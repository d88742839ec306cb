"""Normalised personal names for matching: surname, initials, name words.

``person_key`` of ``"Marsh, Ed"`` and of ``"E Marsh"`` is the same; group
and organisation authors are recognised so that they can be left out.
"""

from __future__ import annotations

from functools import lru_cache

from pubkit.match.normalize import fold
from pubkit.model import Person

__all__ = ["GROUP_WORDS", "is_group_name", "person_facts", "person_key"]

_PARTICLES = frozenset(
    [
        "van",
        "von",
        "der",
        "den",
        "de",
        "del",
        "della",
        "di",
        "da",
        "du",
        "dos",
        "das",
        "le",
        "la",
        "ten",
        "ter",
        "zu",
        "al",
        "el",
        "bin",
    ]
)


_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "null"})

#: Words that mark a group or organisation named as an author.
GROUP_WORDS = frozenset(
    {
        "group",
        "study",
        "consortium",
        "collaboration",
        "collaborative",
        "committee",
        "investigators",
        "trial",
        "trialists",
        "society",
        "association",
        "network",
        "team",
        "institute",
        "university",
        "organization",
        "organisation",
        "council",
        "foundation",
        "pharmaceuticals",
        "inc",
        "ltd",
    }
)


_NAME_SKIP = _PARTICLES | _SUFFIXES


def _word(word: str) -> str:
    return word.lower() if word.isascii() and word.isalnum() else fold(word)


def _split_name(person: Person) -> tuple[str, str]:
    """(family, given) of a person; literal names are split as plain text."""
    if not person.literal:
        if not person.family:
            return person.given, ""
        return person.family, person.given
    literal = person.literal
    if "," in literal:
        family, given = literal.split(",", 1)
        return family, given
    words = literal.split()
    return words[-1], " ".join(words[:-1])


@lru_cache(maxsize=131072)
def _name_facts(
    family: str, given: str
) -> tuple[bool, tuple[str, str, str], tuple[str, ...]]:
    family_words = fold(family).split()
    surname = "".join(w for w in family_words if w not in _NAME_SKIP)
    initials: list[str] = []
    names: list[str] = []
    for word in given.replace(".", " ").replace("-", " ").split():
        # "RA" or "EBC" written without dots are initials, not a name.
        if word.isupper() and word.isalpha() and len(word) <= 3:
            initials.extend(_word(word))
            continue
        folded = _word(word)
        if folded in _NAME_SKIP or not folded:
            continue
        initials.append(folded[0])
        if len(folded) > 1:
            names.append(folded)

    every = family_words + names
    group = any(w in GROUP_WORDS for w in every)
    key = (surname or "".join(family_words), "".join(initials), " ".join(names))
    words = tuple(w for w in every if len(w) > 1 and w not in _NAME_SKIP)
    return group, key, words


def person_facts(person: Person) -> tuple[bool, tuple[str, str, str], tuple[str, ...]]:
    """Whether a name is a group's, its :func:`person_key`, and its name words.

    Name words are every folded word longer than an initial; comparing these
    bags still works when a database swapped family and given names.
    """
    return _name_facts(*_split_name(person))


def is_group_name(person: Person) -> bool:
    """Whether a name is that of a group or organisation, not a person."""
    return person_facts(person)[0]


def person_key(person: Person) -> tuple[str, str, str]:
    """A person as (folded surname without particles, initials, given names).

    Literal names are split as plain text: ``"Marsh, Ed"`` and ``"E Marsh"``
    both give surname ``"marsh"`` and initials ``"e"``; an organisation gives
    its folded name as surname.
    """
    return person_facts(person)[1]
