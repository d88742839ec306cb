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
from pylatexenc.macrospec import MacroSpec

__all__ = ["has_markup", "latex_to_unicode", "strip_braces"]

logger = logging.getLogger(__name__)

# Anything that pylatexenc would change: escapes, groups, math, ties,
# comments, and the dash and quote ligatures.
_MARKUP = re.compile(r"[\\{}$~%&]|--|``|''")

# A % or & not preceded by a backslash is literal text in a BibTeX value.
_BARE_SPECIAL = re.compile(r"(?<!\\)([%&])")

_SPACES = re.compile(r"[ \t\n\r\f\v]+")

# Macro specs that override pylatexenc's defaults for bibliographic text:
# links give their target or text without decoration, and the text-mode
# symbol macros give the ASCII character they name.
_TEXT_OVERRIDES = (
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
)


def _build_converter() -> tuple[LatexNodes2Text, Any]:
    """Build the text converter and parse context with pubkit's overrides."""
    text_db = get_default_latex_context_db()
    text_db.add_context_category("pubkit", macros=_TEXT_OVERRIDES, prepend=True)
    parse_db = latexwalker.get_default_latex_context_db()
    parse_db.add_context_category("pubkit", macros=_PARSE_OVERRIDES, prepend=True)
    return LatexNodes2Text(latex_context=text_db), parse_db


_CONVERTER, _PARSE_CONTEXT = _build_converter()


def _pylatexenc_to_text(text: str) -> str:
    """Run pylatexenc's parser and text converter on ``text``."""
    walker = latexwalker.LatexWalker(
        text, latex_context=_PARSE_CONTEXT, tolerant_parsing=True
    )
    nodes, _, _ = walker.get_latex_nodes()
    return str(_CONVERTER.nodelist_to_text(nodes))


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


def strip_braces(text: str) -> str:
    """Remove every unescaped brace from ``text``, leaving its content."""
    return re.sub(r"(?<!\\)[{}]", "", text)
