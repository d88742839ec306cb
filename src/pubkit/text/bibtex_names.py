"""BibTeX name lists, split and joined by BibTeX's own rules.

A BibTeX name field separates names with ``and`` (at brace depth 0). Each name
is "First von Last", "von Last, First" or "von Last, Jr, First"; von words are
those whose first letter is lowercase, braces protect, and a name that is one
braced group is an organisation. :func:`bibtex_name_to_person` turns a name
into a :class:`pubkit.Person` with LaTeX decoded, and
:func:`format_bibtex_name` writes one back so that BibTeX splits it the same
way. Results are cached by raw string, since names repeat across a file.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from pubkit.model import Person
from pubkit.text.latex import latex_to_unicode, strip_braces

__all__ = [
    "SUFFIXES",
    "BibtexName",
    "bibtex_name_to_person",
    "format_bibtex_name",
    "parse_bibtex_name",
    "split_names",
]

#: Generational suffixes recognised after a name (matched case-insensitively).
SUFFIXES = frozenset(["jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "2nd", "3rd", "4th"])

# "and" between spaces; the space after it is left to start the next match, so
# "Luck and and Mark" has an empty name in between, as BibTeX counts it.
_AND = re.compile(r"(?:\s+|^)and(?=\s|$)", re.IGNORECASE)

# Control words that are letters by themselves, with their case.
_LETTER_MACROS = {
    **dict.fromkeys(("i", "j", "o", "l", "ae", "oe", "aa", "ss"), False),
    **dict.fromkeys(("O", "L", "AE", "OE", "AA"), True),
}

_EXTENDED_PART = re.compile(r"^\s*([A-Za-z-]+)\s*=\s*(.*?)\s*$", re.DOTALL)


class BibtexName(NamedTuple):
    r"""One BibTeX name, split into its four parts of raw tokens.

    Attributes:
        first: First-name tokens, as written (``["{\'E}mile"]``).
        von: Lowercase particle tokens (``["van", "der"]``).
        last: Last-name tokens (``["Berg"]``).
        jr: Suffix tokens (``["Jr."]``).
        literal: The inner text of a name that is one braced group, such as
            ``{World Health Organization}``; the other parts are then empty.
        dropping_particle: The ``prefix`` of a BibLaTeX extended name whose
            ``useprefix`` is not true; BibTeX's own forms never set it.
    """

    first: tuple[str, ...] = ()
    von: tuple[str, ...] = ()
    last: tuple[str, ...] = ()
    jr: tuple[str, ...] = ()
    literal: str = ""
    dropping_particle: str = ""


def _split_top_level(text: str, separator: re.Pattern[str]) -> list[str]:
    """Split ``text`` at matches of ``separator`` that lie at brace depth 0."""
    pieces: list[str] = []
    depth = 0
    start = 0
    pos = 0
    while pos < len(text):
        char = text[pos]
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(0, depth - 1)
        elif depth == 0:
            match = separator.match(text, pos)
            if match and match.end() > pos:
                pieces.append(text[start:pos])
                start = pos = match.end()
                continue
        pos += 1
    pieces.append(text[start:])
    return pieces


@lru_cache(maxsize=65536)
def _split_names_cached(value: str) -> tuple[tuple[str, ...], bool]:
    # A value without braces needs no depth tracking: split it with the regex.
    split = _split_top_level(value, _AND) if "{" in value else _AND.split(value)
    pieces: list[str] = split
    names = [_collapse(p) for p in pieces]
    names = [n for n in names if n]
    et_al = bool(names) and names[-1].lower() == "others"
    if et_al:
        names.pop()
    return tuple(names), et_al


def _collapse(text: str) -> str:
    """Strip ``text`` and collapse its whitespace runs to single spaces."""
    if "  " in text or "\n" in text or "\t" in text:
        return " ".join(text.split())
    return text.strip()


def split_names(value: str) -> tuple[list[str], bool]:
    """Split a BibTeX name list at ``and`` (any case, at brace depth 0).

    Args:
        value: The field value, such as ``"Quill, Rosa and others"``.

    Returns:
        The raw names with whitespace collapsed, and whether the list ended
        in ``others``, BibTeX's mark of an incomplete list (never a person).
    """
    names, et_al = _split_names_cached(value)
    return list(names), et_al


def _tokens(part: str) -> list[str]:
    """Split one comma-separated part into words at brace depth 0."""
    if "{" not in part:
        return part.replace("~", " ").split()
    words = _split_top_level(part, re.compile(r"[\s~]+"))
    return [w for w in words if w]


def _special_char_case(word: str, pos: int) -> bool | None:
    r"""The case of a ``{\...}`` special character starting at ``word[pos]``."""
    match = re.match(r"\{\\([A-Za-z]+|.)", word[pos:])
    if match is None:
        return None
    command = match.group(1)
    if command in _LETTER_MACROS:
        return _LETTER_MACROS[command]
    rest = word[pos + match.end() :]
    for char in rest:
        if char.isalpha():
            return char.isupper()
    return None


def _is_lower(word: str) -> bool | None:
    r"""BibTeX's case of a word: its first letter at depth 0, or None if none.

    A special character (``{\'E}``) counts as the letter it decorates; any
    other braced group is skipped, as BibTeX does.
    """
    first = word[:1]
    if first.isalpha():
        return first.islower()
    depth = 0
    for pos, char in enumerate(word):
        if char == "{":
            if depth == 0 and word.startswith("{\\", pos):
                case = _special_char_case(word, pos)
                if case is not None:
                    return not case
            depth += 1
        elif char == "}":
            depth = max(0, depth - 1)
        elif depth == 0 and char.isalpha():
            return char.islower()
    return None


def _von_last(words: list[str]) -> tuple[list[str], list[str]]:
    """Split the words of a "von Last" part; the final word is always Last."""
    von_end = 0
    for index in range(len(words) - 1):
        if _is_lower(words[index]):
            von_end = index + 1
    return words[:von_end], words[von_end:]


def _parse_no_comma(words: list[str]) -> BibtexName:
    """Parse BibTeX's "First von Last" form.

    A name written wholly in lowercase ("j. smith", common in scraped data)
    is read as "First Last" rather than as particles before one last word.
    """
    lower = [_is_lower(w) for w in words]
    if False not in lower:
        return BibtexName(first=tuple(words[:-1]), last=tuple(words[-1:]))
    if True not in lower[:-1]:
        return BibtexName(first=tuple(words[:-1]), last=tuple(words[-1:]))
    von_start = lower.index(True)
    von_end = len(lower) - 1 - lower[-2::-1].index(True)
    return BibtexName(
        first=tuple(words[:von_start]),
        von=tuple(words[von_start:von_end]),
        last=tuple(words[von_end:]),
    )


def _parse_extended(parts: list[str]) -> BibtexName | None:
    """Parse BibLaTeX's ``family=..., given=...`` name form, if it is one."""
    fields: dict[str, str] = {}
    for part in parts:
        match = _EXTENDED_PART.match(part)
        if match is None:
            return None
        fields[match.group(1).lower()] = strip_braces(match.group(2))
    prefix = _tokens(fields.get("prefix", ""))
    uses_prefix = fields.get("useprefix", "false").lower() == "true"
    return BibtexName(
        first=tuple(_tokens(fields.get("given", ""))),
        von=tuple(prefix) if uses_prefix else (),
        last=tuple(_tokens(fields.get("family", ""))),
        jr=tuple(_tokens(fields.get("suffix", ""))),
        dropping_particle="" if uses_prefix else " ".join(prefix),
    )


def _is_braced_group(text: str) -> bool:
    """Whether ``text`` is one brace group, such as ``{World Health Org}``."""
    if not (text.startswith("{") and text.endswith("}")) or text.startswith("{\\"):
        return False
    depth = 0
    for pos, char in enumerate(text):
        depth += (char == "{") - (char == "}")
        if depth == 0:
            return pos == len(text) - 1
    return False


def _comma_parts(text: str) -> list[str]:
    """The comma-separated parts of a name, with stray empty ones dropped.

    BibTeX allows at most three parts; a trailing comma ("Quill, Jr., Rosa,")
    adds an empty part that is dropped, and parts beyond the third belong to
    the first name. "Last, First, Jr." (suffix last, as people often write)
    is read as "Last, Jr., First".
    """
    parts = [p.strip() for p in _split_top_level(text, re.compile(","))]
    while len(parts) > 3 and not parts[-1]:
        parts.pop()
    if len(parts) == 3 and not parts[2] and parts[1].lower() not in SUFFIXES:
        parts.pop()
    if len(parts) > 3:
        parts = [*parts[:2], " ".join(parts[2:])]
    if len(parts) == 3 and _is_suffix(parts[2]) and not _is_suffix(parts[1]):
        parts = [parts[0], parts[2], parts[1]]
    return parts


def _is_suffix(text: str) -> bool:
    return text.lower() in SUFFIXES


@lru_cache(maxsize=131072)
def parse_bibtex_name(raw: str) -> BibtexName:
    r"""Split one BibTeX name into first, von, last and jr tokens.

    Follows BibTeX: the forms are "First von Last", "von Last, First" and
    "von Last, Jr, First"; von words are those whose first letter at brace
    depth 0 is lowercase (a special character such as ``{\'E}`` counts as
    its letter); a braced group is one token. A name that is one braced group
    is a literal (an organisation). BibLaTeX's ``family=..., given=...`` form
    is accepted too.

    Args:
        raw: One name from :func:`split_names`.

    Returns:
        The raw tokens of each part; LaTeX is not decoded.
    """
    text = " ".join(raw.split())
    if text[:1] == "{" and _is_braced_group(text):
        return BibtexName(literal=text[1:-1].strip())
    if "," not in text:
        words = _tokens(text)
        if len(words) > 2 and _is_suffix(words[-1]):
            # "Tomas E. Brandt III": BibTeX would make "III" the last name.
            return _parse_no_comma(words[:-1])._replace(jr=(words[-1],))
        return _parse_no_comma(words) if words else BibtexName()

    if "=" in text:
        extended = _parse_extended(_split_top_level(text, re.compile(",")))
        if extended is not None:
            return extended
    parts = _comma_parts(text)
    words = _tokens(parts[0])
    if len(parts) == 2 and len(words) > 1 and _is_suffix(parts[1]):
        # "Martin Luther King, Jr.": people write this; BibTeX would read
        # "Jr." as the first name.
        return _parse_no_comma(words)._replace(jr=(parts[1],))
    von, last = _von_last(words)
    return BibtexName(
        first=tuple(_tokens(parts[-1])) if len(parts) > 1 else (),
        von=tuple(von),
        last=tuple(last),
        jr=tuple(_tokens(parts[1])) if len(parts) == 3 else (),
    )


def _decode_words(words: tuple[str, ...]) -> str:
    """Join raw tokens and decode their LaTeX; a tie inside a name is a space."""
    if not words:
        return ""
    return latex_to_unicode(" ".join(words)).replace("\u00a0", " ")


@lru_cache(maxsize=131072)
def bibtex_name_to_person(raw: str) -> Person:
    """Parse one BibTeX name into a :class:`Person` with Unicode parts.

    The von part becomes the non-dropping particle (as citeproc-js and pandoc
    read BibTeX), Jr becomes the suffix, and a fully braced name becomes a
    literal. A name with only a first part keeps it as the family name.

    Args:
        raw: One name from :func:`split_names`, LaTeX and braces included.

    Returns:
        The person, LaTeX decoded and braces removed.
    """
    name = parse_bibtex_name(raw)
    if name.literal:
        return Person(literal=_decode_words((name.literal,)))
    family = _decode_words(name.last)
    given = _decode_words(name.first)
    if not family and not name.von:
        family, given = given, ""
    return Person(
        family=family,
        given=given,
        dropping_particle=name.dropping_particle,
        non_dropping_particle=_decode_words(name.von),
        suffix=_decode_words(name.jr),
    )


def _protect(text: str) -> str:
    """Brace words that BibTeX would misread: ``and`` and words with commas."""
    words = text.split()
    return " ".join(f"{{{w}}}" if w.lower() == "and" or "," in w else w for w in words)


def _lowercase_start(word: str) -> str:
    r"""``word`` written so that BibTeX reads it as lowercase, printing the same.

    BibTeX takes the case of a special character (``{\...}``) from the first
    letter after its command, so ``{\uppercase{v}}on`` is a von word that
    prints "Von".
    """
    if _is_lower(word) is not False:
        return word
    first = next(i for i, char in enumerate(word) if char.isalpha())
    letter = word[first].lower()
    return f"{word[:first]}{{\\uppercase{{{letter}}}}}{word[first + 1 :]}"


def _extended_name(person: Person) -> str:
    """The BibLaTeX form ``family={...}, given={...}, prefix={...}, useprefix=...``."""
    prefix = person.non_dropping_particle or person.dropping_particle
    parts = {
        "family": person.family,
        "given": person.given,
        "prefix": prefix,
        "suffix": person.suffix,
    }
    text = ", ".join(f"{name}={{{value}}}" for name, value in parts.items() if value)
    use = "true" if person.non_dropping_particle else "false"
    return f"{text}, useprefix={use}"


def _needs_extended(person: Person) -> bool:
    """Whether only BibLaTeX's extended form keeps this person's particle.

    That is a capitalised particle ("Von", which the classic forms read as
    part of the family name) or a dropping particle (which they cannot mark),
    when the person has one kind of particle, not both.
    """
    if person.non_dropping_particle and person.dropping_particle:
        return False
    if person.dropping_particle:
        return True
    words = person.non_dropping_particle.split()
    return any(_is_lower(w) is False for w in words)


def format_bibtex_name(person: Person, *, biblatex: bool = False) -> str:
    r"""Write a person as one BibTeX name that BibTeX splits back the same way.

    Uses "von Last, First" or, when there is a suffix, "von Last, Jr, First".
    A family name of several words that BibTeX would split wrongly (one word
    lowercase, as in "Aguera y Arcas") is braced; an organisation is braced
    whole. A capitalised particle ("Von") is written ``{\uppercase{v}}on``,
    which BibTeX reads as a von word and prints as "Von". biber does not read
    that form so, and for BibLaTeX (``biblatex=True``) such a name, and one
    with a dropping particle, is written in BibLaTeX's extended form
    (``family={Oswald}, given={Johannes}, prefix={Von}, useprefix=true``).

    Args:
        person: The person to write; parts are Unicode, not LaTeX-encoded.
        biblatex: Write for biber rather than for BibTeX.

    Returns:
        The name as BibTeX text, such as ``"Brandt, III, Tomas E."``.
    """
    if person.literal:
        return f"{{{person.literal}}}"
    if biblatex and _needs_extended(person):
        return _extended_name(person)
    family = _protect(person.family)
    family_words = family.split()
    if len(family_words) > 1 and any(_is_lower(w) for w in family_words):
        family = f"{{{person.family}}}"
    particle = " ".join(map(_lowercase_start, person.non_dropping_particle.split()))
    last = " ".join(p for p in (_protect(particle), family) if p)
    given = " ".join(
        p for p in (_protect(person.given), _protect(person.dropping_particle)) if p
    )
    if person.suffix:
        return f"{last}, {_protect(person.suffix)}, {given}".rstrip()
    if given:
        return f"{last}, {given}"
    return last if len(last.split()) == 1 else f"{last},"
