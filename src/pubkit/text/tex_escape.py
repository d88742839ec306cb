r"""Unicode text encoded as LaTeX for BibTeX values, the reverse of decoding.

Three steps make a model string safe in a BibTeX field:

1. The ten characters LaTeX treats specially (``& % $ # _ { } ~ ^ \\``) are
   escaped, so a ``%`` does not start a comment and a ``&`` is not an
   alignment tab.
2. In ASCII mode every other non-ASCII character becomes a LaTeX command in a
   brace group of its own (``{\\v{c}}``, ``{\\'e}``, ``{\\ss}``), the form
   BibTeX needs to sort, abbreviate and change the case of accented letters.
   pylatexenc supplies the table; a character it does not know is decomposed
   (``ṃ`` is ``m`` with a dot below, ``{\\d{m}}``). A character with no LaTeX
   form at all cannot be kept in pure ASCII: it is written as ``?`` and a
   warning is logged.
3. In titles (:func:`title_to_latex`), words whose capitals must survive a
   bibliography style's case change are wrapped in one pair of braces.

In UTF-8 mode non-ASCII characters are written as they are, except the no-break
space, which becomes ``~``.

A command that decoding keeps as raw text because it has no Unicode meaning
(``\\aap``, ``\\noopsort{1999}``; see :func:`pubkit.text.latex.unknown_commands`)
is written back as it is, not escaped; it is wrapped in braces when what
follows it would be read as its argument (an escape that opens a group) or as
part of its name (a non-ASCII letter).

Greek capitals that look like Latin ones (Α, Β, Ε...) and the small omicron have
no LaTeX command of their own, so ASCII mode writes them as the Latin letters
and they read back as Latin letters; accented Greek letters are written as math
accents and may read back as a different but similar character. A few rare
Latin letters (ħ, ĸ, ŀ, ŧ, ſ) have no LaTeX command either and are written as
the nearest letter with an accent, or as the plain letter.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Collection
from functools import lru_cache

from pylatexenc.latexencode import UnicodeToLatexEncoder

from pubkit.text.latex import unknown_commands

__all__ = ["braces_nest", "encode_non_ascii", "escape_latex", "title_to_latex"]

logger = logging.getLogger(__name__)

#: The LaTeX form of each ASCII character that LaTeX treats specially.
_SPECIALS = {
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"{\textasciitilde}",
    "^": r"{\textasciicircum}",
    "\\": r"{\textbackslash}",
}

# Escaped braces still count for BibTeX's brace matching, so ``\{`` is only
# safe when the braces of the value nest properly; otherwise these are used.
_LONE_BRACES = {"{": r"{\ensuremath{\lbrace}}", "}": r"{\ensuremath{\rbrace}}"}

# Pairs that LaTeX would turn into a dash, a curly quote or an inverted mark:
# a ``{}`` between the two keeps them as the characters they are.
_LIGATURES = frozenset({"--", "``", "''", "?`", "!`"})
_LIGATURE_STARTS = frozenset(pair[0] for pair in _LIGATURES)

# One character that needs escaping: the first of a ligature pair (matched
# alone, so "---" becomes "-{}-{}-"), a special, a no-break space, and in
# ASCII mode any non-ASCII character. Text without one is returned as it is.
_LIGATURE_START = "|".join(
    f"{re.escape(pair[0])}(?={re.escape(pair[1])})" for pair in sorted(_LIGATURES)
)
#: Private-use characters the BibTeX writer puts where CSL rich-text markup
#: stands while the text around it is escaped; they pass through unescaped.
RICH_TEXT_MARKS = frozenset(chr(code) for code in range(0xE100, 0xE10E))
_SPECIAL_CLASS = "[" + re.escape("".join(_SPECIALS)) + "\u00a0]"
_NEEDS_ESCAPE = re.compile(f"{_LIGATURE_START}|{_SPECIAL_CLASS}")
_NEEDS_ESCAPE_ASCII = re.compile(f"{_LIGATURE_START}|{_SPECIAL_CLASS}|[^\x00-\x7f]")

#: Accent commands for combining marks, used for characters pylatexenc lacks.
_COMBINING = {
    "\u0300": "`",
    "\u0301": "'",
    "\u0302": "^",
    "\u0303": "~",
    "\u0304": "=",
    "\u0306": "u",
    "\u0307": ".",
    "\u0308": '"',
    "\u030a": "r",
    "\u030b": "H",
    "\u030c": "v",
    "\u0323": "d",
    "\u0327": "c",
    "\u0328": "k",
    "\u0331": "b",
}

_ENCODER = UnicodeToLatexEncoder(
    non_ascii_only=True,
    replacement_latex_protection="braces-all",
    unknown_char_policy="keep",
    unknown_char_warning=False,
)

# A word for capital protection: letters and digits, with inner apostrophes.
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")

# Short words that title-case styles leave lowercase; they do not count when
# deciding whether a title is in title case or sentence case.
_MINOR_WORDS = frozenset(
    {
        *("a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into"),
        *("nor", "of", "on", "or", "per", "the", "to", "via", "vs", "with"),
        *("et", "al", "der", "die", "das", "und", "von", "zu", "le", "la", "les"),
        *("de", "des", "du"),
    }
)


def braces_nest(text: str) -> bool:
    """Whether the braces of ``text`` nest, as BibTeX requires of a value."""
    depth = 0
    for char in text:
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


#: Letters pylatexenc's table gets wrong (it writes Ű with an acute accent).
_CORRECTIONS = {"Ű": r"{\H{U}}", "ű": r"{\H{u}}"}


@lru_cache(maxsize=4096)
def _ascii_form(char: str) -> str:
    """The pure-ASCII LaTeX form of one non-ASCII character."""
    encoded = _CORRECTIONS.get(char) or str(_ENCODER.unicode_to_latex(char))
    if encoded.isascii():
        return encoded

    # Not in pylatexenc's table: try the base letter with its accents.
    decomposed = unicodedata.normalize("NFD", char)
    base, marks = decomposed[0], decomposed[1:]
    if marks and base.isascii() and all(m in _COMBINING for m in marks):
        for mark in marks:
            base = f"\\{_COMBINING[mark]}{{{base}}}"
        return "{" + base + "}"

    # A compatibility form (the ligature ``ǅ`` is ``Dž``) written piece by piece.
    compat = unicodedata.normalize("NFKC", char)
    if compat != char:
        pieces = [c if c.isascii() else _ascii_form(c) for c in compat]
        if "?" not in pieces:
            return "".join(pieces)
    logger.warning("no LaTeX form for %r (U+%04X); written as '?'", char, ord(char))
    return "?"


def escape_latex(text: str, *, ascii: bool = False, keep_commands: bool = True) -> str:
    r"""Escape ``text`` for a BibTeX field value.

    Args:
        text: Plain Unicode text, as the model holds it.
        ascii: Write pure ASCII, with LaTeX commands for every non-ASCII
            character; otherwise non-ASCII characters stay as they are.
        keep_commands: Write commands that decoding kept as raw text
            (``\\noopsort{1999}``) as they are. Text that was never LaTeX, a
            CSL-JSON title such as ``C:\\Users``, sets this to False, and
            every backslash is escaped.

    Returns:
        The LaTeX text, without the field's outer braces.

    >>> escape_latex("Tides & currents: 100% of R_0")
    'Tides \\& currents: 100\\% of R\\_0'
    >>> escape_latex("Dvořák", ascii=True)
    "Dvo{\\v{r}}{\\'a}k"
    """
    if ascii and not text.isascii():
        text = unicodedata.normalize("NFC", text)
    nested = ("{" not in text and "}" not in text) or braces_nest(text)
    specials = _SPECIALS if nested else {**_SPECIALS, **_LONE_BRACES}
    if "\\" not in text or not keep_commands:
        return _escape_plain(text, specials, ascii)

    # Commands kept raw by decoding go back out as they are. One directly
    # followed by an escape that opens a group ("~" is "{\textasciitilde}")
    # is braced, or LaTeX, and decoding, would take that group as its argument.
    # So is one followed by a non-ASCII letter, which decoding would take as
    # part of the command's name.
    pieces: list[tuple[bool, str]] = []
    done = 0
    for start, end in unknown_commands(text):
        pieces.append((False, _escape_plain(text[done:start], specials, ascii)))
        command = text[start:end]
        pieces.append((True, encode_non_ascii(command) if ascii else command))
        done = end
    pieces.append((False, _escape_plain(text[done:], specials, ascii)))

    # From the end, so each command knows exactly what will follow it.
    out = ""
    for is_command, piece in reversed(pieces):
        braced = is_command and _takes_as_argument(out[:1])
        out = ("{" + piece + "}" if braced else piece) + out
    return out


def _takes_as_argument(char: str) -> bool:
    """Whether a command right before ``char`` would swallow it when decoded.

    A group opening is read as the command's argument, and a non-ASCII letter
    as part of its name (pylatexenc allows Unicode letters in command names,
    though TeX does not).
    """
    return char in ("{", "[") or (char.isalpha() and not char.isascii())


def _escape_plain(text: str, specials: dict[str, str], ascii: bool) -> str:
    """Escape every character of ``text`` that LaTeX would misread."""
    pattern = _NEEDS_ESCAPE_ASCII if ascii else _NEEDS_ESCAPE
    if pattern.search(text) is None:
        return text

    def escape(match: re.Match[str]) -> str:
        char = match.group()
        if char in RICH_TEXT_MARKS:
            return char
        if char in _LIGATURE_STARTS:
            return char + "{}"
        if char in specials:
            return specials[char]
        if char == "\u00a0":
            return "~"
        return _ascii_form(char)

    return pattern.sub(escape, text)


def encode_non_ascii(latex: str) -> str:
    r"""Replace only the non-ASCII characters of LaTeX text by LaTeX commands.

    For values that are LaTeX already (kept verbatim from a source file) and
    must become pure ASCII: their backslashes and braces are left alone.

    >>> encode_non_ascii(r"Gödel \& Co")
    'G{\\"o}del \\& Co'
    """
    if latex.isascii():
        return latex
    text = unicodedata.normalize("NFC", latex)
    return "".join(c if c.isascii() else _ascii_form(c) for c in text)


def _needs_braces(word: str) -> bool:
    """Whether ``word`` has a capital after its first character (DNA, iPhone)."""
    rest = word[1:]
    # Most words are lower-case after their first letter; skip the scan then.
    return rest != rest.lower() and any(char.isupper() for char in rest)


def _is_capitalised(word: str) -> bool:
    """Whether ``word`` is an ordinary capitalised word (Kepler, Simulations)."""
    return len(word) > 1 and word[0].isupper() and not _needs_braces(word)


def _is_title_case(words: list[str]) -> bool:
    """Whether a title's words are mostly capitalised, as in Title Case.

    Only the words after the first count, and not minor words or words that
    are protected anyway. A tie counts as sentence case, which protects more.
    """
    upper = lower = 0
    for word in words[1:]:
        if word.casefold() in _MINOR_WORDS or _needs_braces(word):
            continue
        if _is_capitalised(word):
            upper += 1
        elif word[0].islower():
            lower += 1
    return upper > lower


def title_to_latex(
    text: str,
    *,
    ascii: bool = False,
    protect: Collection[str] = (),
    keep_commands: bool = True,
) -> str:
    """Escape a title and protect the capitals a style must not lower-case.

    Acronyms and words with a capital after their first letter (``DNA``,
    ``iPhone``, ``3D``) are always protected. In a sentence-case title every
    other capitalised word after the first is protected too, since it is a
    proper noun (``Halley``), and so is the same word as the first word; in a
    Title Case title those ordinary capitals are left free so that
    sentence-case styles can lower-case them. Each protected
    word gets exactly one pair of braces. A single capital letter (the ``R`` of
    ``R_0``) is never protected, so a sentence-case style may lower-case it.

    Args:
        text: The title as plain Unicode.
        ascii: As for :func:`escape_latex`.
        keep_commands: As for :func:`escape_latex`.
        protect: Words protected wherever they stand, whatever the case of
            the title (those a source file protected; see
            :func:`pubkit.text.latex.protected_words`).

    Returns:
        The LaTeX text, without the field's outer braces.

    >>> title_to_latex("Comets: Halley and Kepler on their shape")
    'Comets: {Halley} and {Kepler} on their shape'
    """
    commands = unknown_commands(text) if keep_commands and "\\" in text else []
    matches = [
        m
        for m in _WORD.finditer(text)
        if not any(start <= m.start() < end for start, end in commands)
    ]
    title_case = _is_title_case([m.group() for m in matches])

    def escape(piece: str) -> str:
        return escape_latex(piece, ascii=ascii, keep_commands=keep_commands)

    # A proper noun of a sentence-case title is protected wherever it stands,
    # its first word included, so that a title read back (its braces now
    # protecting the word) is written the same again.
    proper = set()
    if not title_case:
        words = (m.group() for m in matches[1:])
        proper = {word for word in words if _is_capitalised(word)}

    out: list[str] = []
    done = 0
    for match in matches:
        word = match.group()
        if _needs_braces(word) or word in protect or word in proper:
            out.append(escape(text[done : match.start()]))
            out.append("{" + escape(word) + "}")
            done = match.end()
    out.append(escape(text[done:]))
    return "".join(out)
