r"""LaTeX markup in bibliographic text, decoded to plain Unicode.

BibTeX values carry LaTeX: accents (``{\"O}rsted``), escaped specials
(``\&``, ``\%``), protective braces (``{DNA}``), ties (``~``) and math
(``$\omega$``). pubkit's model stores plain Unicode, so readers decode every
text value with :func:`latex_to_unicode`; writers protect capitals and escape
specials again themselves.

Decoding is done by pylatexenc, with three adjustments for bibliographic data:
a bare ``%`` or ``&`` is text, not a comment or an alignment tab; ``\url`` and
``\href`` give their target or text without decoration; and a tie ``~``
becomes a no-break space (U+00A0), which is what it means and which a writer
can turn back into ``~``. Math is converted to text where pylatexenc can
(``$\omega$`` gives ``ω``, ``$x^2$`` stays ``x^2``). Most values hold no
markup at all and skip pylatexenc entirely; results are cached because names
and venues repeat.

A command pylatexenc does not know (an AAS journal macro such as ``\aap``, a
``\noopsort{1999}`` defined in a file's preamble) has no Unicode meaning, so
it is kept as written, with the braced groups that follow it directly:
``journal = {\aap}`` decodes to ``\aap``. :func:`is_known_command` tells such
commands apart, and the writers leave them unescaped, so they go back out as
the commands they were.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from typing import Any

from pylatexenc import latexwalker
from pylatexenc.latex2text import (
    LatexNodes2Text,
    MacroTextSpec,
    get_default_latex_context_db,
)
from pylatexenc.macrospec import MacroSpec, MacroStandardArgsParser

__all__ = [
    "has_markup",
    "is_known_command",
    "is_typesettable",
    "latex_to_unicode",
    "protected_words",
    "strip_braces",
    "unknown_commands",
]

logger = logging.getLogger(__name__)

# Anything that pylatexenc would change: escapes, groups, math, ties,
# comments, and the dash and quote ligatures.
_MARKUP = re.compile(r"[\\{}$~%&]|--|``|''")

# A % or & not preceded by a backslash is literal text in a BibTeX value.
_BARE_SPECIAL = re.compile(r"(?<!\\)([%&])")

_SPACES = re.compile(r"[ \t\n\r\f\v]+")

# Case-changing commands, as in "{\\uppercase{v}}on", the written form of a
# capitalised name particle: command → whether it gives capitals.
_CASE_COMMANDS = {
    "uppercase": True,
    "MakeUppercase": True,
    "lowercase": False,
    "MakeLowercase": False,
}


def _changed_case(node: Any, l2tobj: Any) -> str:
    """The text of a case-changing command's argument, in its case."""
    args = node.nodeargd.argnlist if node.nodeargd else []
    text = str(l2tobj.nodelist_to_text([a for a in args if a is not None]))
    return text.upper() if _CASE_COMMANDS[node.macroname] else text.lower()


def _verbatim_text(node: Any) -> str:
    r"""The text of ``\verb+...+``; nothing for a ``\verb`` left unclosed."""
    return str(getattr(node.nodeargd, "verbatim_text", ""))


# Common LaTeX commands pylatexenc's text conversion lacks: ones that give the
# text of their argument, font switches and spacing that give nothing, and
# phantoms whose argument takes space but shows nothing.
_ARGUMENT_COMMANDS = (
    *("textup", "textmd", "textnormal", "textsubscript", "textsuperscript"),
    *("texttt", "textsf", "mbox", "hbox", "text", "nocase"),
)
_SWITCHES = (
    *("em", "it", "sc", "rm", "sl", "tt", "bf", "sf", "normalfont", "itshape"),
    *("bfseries", "scshape", "upshape", "mdseries", "slshape", "rmfamily"),
    *("sffamily", "ttfamily", "relax", "protect"),
)
_PHANTOMS = ("phantom", "vphantom", "hphantom")
# The TeX family's logos, which titles about them use ("The \TeXbook").
_LOGOS = {
    "TeX": "TeX",
    "LaTeX": "LaTeX",
    "LaTeXe": "LaTeX2ε",
    "BibTeX": "BibTeX",
    "XeTeX": "XeTeX",
    "XeLaTeX": "XeLaTeX",
    "LuaTeX": "LuaTeX",
    "LuaLaTeX": "LuaLaTeX",
    "pdfTeX": "pdfTeX",
    "pdfLaTeX": "pdfLaTeX",
    "ConTeXt": "ConTeXt",
    "AmSTeX": "AmSTeX",
    "AMSTeX": "AMSTeX",
    "METAFONT": "METAFONT",
}

# Macro specs that override pylatexenc's defaults for bibliographic text:
# links give their target or text without decoration, case commands change
# the case of their argument, and the text-mode symbol macros give the ASCII
# character they name.
_TEXT_OVERRIDES = (
    *(MacroTextSpec(name, simplify_repl=_changed_case) for name in _CASE_COMMANDS),
    *(MacroTextSpec(name, discard=False) for name in _ARGUMENT_COMMANDS),
    *(MacroTextSpec(name, discard=True) for name in _SWITCHES + _PHANTOMS),
    MacroTextSpec("slash", simplify_repl="/"),
    *(MacroTextSpec(name, simplify_repl=text) for name, text in _LOGOS.items()),
    MacroTextSpec("verb", simplify_repl=_verbatim_text),
    MacroTextSpec("url", simplify_repl="%(1)s"),
    MacroTextSpec("href", simplify_repl="%(2)s"),
    MacroTextSpec("doi", simplify_repl="%(1)s"),
    *(
        MacroTextSpec(name, simplify_repl=char)
        for name, char in {
            "textasciicircum": "^",
            "textunderscore": "_",
            "textbar": "|",
            "textless": "<",
            "textgreater": ">",
            "textquotedbl": '"',
        }.items()
    ),
)
_PARSE_OVERRIDES = (
    MacroSpec("url", "{"),
    MacroSpec("href", "{{"),
    MacroSpec("doi", "{"),
    *(MacroSpec(name, "{") for name in (*_CASE_COMMANDS, *_ARGUMENT_COMMANDS)),
    *(MacroSpec(name, "{") for name in _PHANTOMS),
    *(MacroSpec(name, "") for name in (*_SWITCHES, *_LOGOS, "slash")),
)


class _DirectGroupsParser(MacroStandardArgsParser):  # type: ignore[misc]
    r"""Arguments of an unknown command: the braced groups right after it.

    Nothing says how many arguments an unknown command takes; the groups
    that follow it with no space between (``\noopsort{1999}``) are taken as
    its arguments, so that its raw text includes them.
    """

    def parse_args(self, w: Any, pos: int, parsing_state: Any = None) -> Any:
        """Parse the ``{...}`` and ``[...]`` groups that follow at ``pos``."""
        spec, end, text = "", pos, w.s
        # Only a control word takes groups, and only with no space between:
        # in "\\aap {A}" and "\\&{A}" the group is text of its own.
        while text[pos - 1].isalpha() and end < len(text) and text[end] in "{[":
            close = _group_end(text, end)
            if close < 0:
                break
            spec, end = spec + text[end], close + 1
        parser = MacroStandardArgsParser(spec)
        return parser.parse_args(w=w, pos=pos, parsing_state=parsing_state)


def _group_end(text: str, start: int) -> int:
    """Index of the ``}`` or ``]`` closing the group at ``text[start]``, or -1."""
    if text[start] == "[":
        close = text.find("]", start)
        return close if "{" not in text[start:close] else -1
    depth = 0
    for index in range(start, len(text)):
        depth += (text[index] == "{") - (text[index] == "}")
        if depth == 0:
            return index
    return -1


def _raw_command(node: Any) -> str:
    r"""An unknown command's text as written, its direct groups included.

    An unknown control symbol (``\/``, ``\@``) only adjusts spacing, and
    gives nothing.
    """
    if not node.macroname.isalpha():
        return ""
    return str(node.latex_verbatim())


def _build_converter() -> tuple[LatexNodes2Text, Any]:
    """Build the text converter and parse context with pubkit's overrides."""
    text_db = get_default_latex_context_db()
    text_db.add_context_category("pubkit", macros=_TEXT_OVERRIDES, prepend=True)
    text_db.set_unknown_macro_spec(MacroTextSpec("", simplify_repl=_raw_command))
    parse_db = latexwalker.get_default_latex_context_db()
    parse_db.add_context_category("pubkit", macros=_PARSE_OVERRIDES, prepend=True)
    parse_db.set_unknown_macro_spec(MacroSpec("", args_parser=_DirectGroupsParser()))
    return LatexNodes2Text(latex_context=text_db), parse_db


_CONVERTER, _PARSE_CONTEXT = _build_converter()


def is_known_command(name: str) -> bool:
    r"""Whether decoding gives the command ``\name`` a meaning of its own.

    Commands that are not known are kept as raw text by
    :func:`latex_to_unicode`, and writers leave them unescaped.
    """
    text_db = _CONVERTER.latex_context
    return text_db.get_macro_spec(name) is not text_db.unknown_macro_spec


_COMMAND_WORD = re.compile(r"\\([A-Za-z]+)")


def unknown_commands(text: str) -> list[tuple[int, int]]:
    """Where ``text`` holds commands that decoding keeps as raw text.

    Each span covers the command and the ``{...}``/``[...]`` groups right
    after it, as :func:`latex_to_unicode` keeps them.

    Args:
        text: Decoded text, as the model holds it.

    Returns:
        ``(start, end)`` of each unknown command, in order.
    """
    spans: list[tuple[int, int]] = []
    for match in _COMMAND_WORD.finditer(text):
        if is_known_command(match.group(1)) or (spans and match.start() < spans[-1][1]):
            continue
        end = match.end()
        while end < len(text) and text[end] in "{[":
            close = _group_end(text, end)
            if close < 0:
                break
            end = close + 1
        spans.append((match.start(), end))
    return spans


def _pylatexenc_to_text(text: str) -> str:
    """Run pylatexenc's parser and text converter on ``text``."""
    walker = latexwalker.LatexWalker(
        text, latex_context=_PARSE_CONTEXT, tolerant_parsing=True
    )
    nodes, _, _ = walker.get_latex_nodes()
    return str(_CONVERTER.nodelist_to_text(nodes))


# Math in any of its delimiters, and a special character LaTeX rejects in text.
_MATH_SPAN = re.compile(r"\$\$.*?\$\$|\$.*?\$|\\\(.*?\\\)|\\\[.*?\\\]", re.DOTALL)
_TEXT_SPECIAL = re.compile(r"(?<!\\)[&%#_^$]")


def is_typesettable(text: str) -> bool:
    r"""Whether LaTeX can typeset ``text`` as it is, as a field's value.

    Outside math, a bare ``&``, ``%``, ``#``, ``_``, ``^`` or unpaired ``$``
    is an error or a comment in LaTeX, though BibTeX files hold them often
    (decoding reads them as the characters they are). ``\verb`` is an error
    anywhere in a field, since styles print fields as macro arguments.

    >>> is_typesettable(r"Cu$_2$O \& Zn"), is_typesettable("Tides & Currents")
    (True, False)
    """
    if "\\verb" in text:
        return False
    outside = _MATH_SPAN.sub("", text.replace("\\$", ""))
    return _TEXT_SPECIAL.search(outside) is None


def has_markup(text: str) -> bool:
    """Whether ``text`` holds anything LaTeX decoding would change."""
    return _MARKUP.search(text) is not None


@lru_cache(maxsize=131072)
def _decode(text: str) -> str:
    """Decode one value that has markup (cached)."""
    escaped = _BARE_SPECIAL.sub(r"\\\1", text)
    try:
        decoded = _pylatexenc_to_text(escaped)
    except Exception:  # pylatexenc raises assorted errors on malformed input
        logger.debug("pylatexenc failed on %r; only braces removed", text)
        decoded = strip_braces(text)
    return _SPACES.sub(" ", decoded).strip()


def latex_to_unicode(text: str) -> str:
    """Decode LaTeX markup in a bibliographic value to plain Unicode.

    Accents and escaped specials become characters, protective braces go,
    ``~`` becomes a no-break space, ``--`` and ``---`` become en and em dashes,
    math becomes text where possible, and runs of whitespace collapse to one
    space. Text without markup is returned unchanged apart from that
    whitespace collapse.

    Args:
        text: The value as written in a BibTeX file (outer delimiters removed).

    Returns:
        The value as Unicode text.
    """
    if _MARKUP.search(text) is None:
        if "  " in text or "\n" in text or "\t" in text:
            return _SPACES.sub(" ", text).strip()
        return text.strip() if text[:1] == " " or text[-1:] == " " else text
    return _decode(text)


#: A word for case protection: letters and digits, with inner apostrophes.
_PROTECTABLE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def protected_words(text: str) -> tuple[str, ...]:
    r"""The words of a BibTeX value whose capitals its braces protect.

    BibTeX changes the case of a value's letters except inside a brace group
    at the top level that does not start with a command: ``{B}altic`` and
    ``{GPS}`` are protected, ``{\"O}`` (a special character) is not. Each
    decoded word that such a group touches counts, if it has a capital;
    lowercase words need no protection.

    Args:
        text: The value as written in a BibTeX file (outer delimiters removed).

    Returns:
        The protected words of the decoded value, in order, each once; none
        when the braces do not nest, or the groups cannot be told apart once
        decoded (a command whose argument is a group, as in ``\"{O}``).

    >>> protected_words(r"Standing Waves in Narrow {B}altic Inlets from {GPS}")
    ('Baltic', 'GPS')
    """
    segments = _top_level_segments(text)
    if segments is None or not any(protected for protected, _ in segments):
        return ()

    # Decode piece by piece, keeping each piece's edge spaces, so that the
    # protected pieces can be found in the decoded value.
    decoded = ""
    spans: list[tuple[int, int]] = []
    for protected, raw in segments:
        piece = latex_to_unicode(raw)
        if raw[:1].isspace():
            piece = " " + piece
        if piece.strip() and raw[-1:].isspace():
            piece += " "
        if protected:
            spans.append((len(decoded), len(decoded) + len(piece)))
        decoded += piece
    if _SPACES.sub(" ", decoded).strip() != latex_to_unicode(text):
        return ()

    words: dict[str, None] = {}
    for match in _PROTECTABLE.finditer(decoded):
        word = match.group()
        touched = any(a < match.end() and match.start() < b for a, b in spans)
        if touched and word != word.lower():
            words[word] = None
    return tuple(words)


def _top_level_segments(text: str) -> list[tuple[bool, str]] | None:
    """``text`` cut into top-level brace groups and the text between them.

    Each piece is ``(protects, raw)``; a group protects unless it starts
    with a backslash. None when the braces do not nest.
    """
    segments: list[tuple[bool, str]] = []
    depth = start = 0
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2  # An escaped brace is no group.
            continue
        if char == "{":
            if depth == 0:
                segments.append((False, text[start:index]))
                start = index
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return None
            if depth == 0:
                group = text[start : index + 1]
                segments.append((group[1:2] != "\\", group))
                start = index + 1
        index += 1
    if depth:
        return None
    segments.append((False, text[start:]))
    return [(protected, raw) for protected, raw in segments if raw]


def strip_braces(text: str) -> str:
    """Remove every unescaped brace from ``text``, leaving its content."""
    return re.sub(r"(?<!\\)[{}]", "", text)
