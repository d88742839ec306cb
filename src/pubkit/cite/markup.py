"""An output-neutral markup for rendered citations, and its serialisers.

citeproc-py is handed a formatter that wraps styled runs in private-use
characters instead of tags. Rendering once into this neutral form lets the
corrections in :mod:`pubkit.cite.fixes` see where quotes, italics and
``display`` blocks begin and end, and lets every output format (plain text,
HTML, Markdown, LaTeX, reStructuredText) come from the same rendering.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from types import SimpleNamespace

__all__ = ["FORMATTER", "OUTPUTS", "plain", "serialise"]

# Paired markers for inline formatting; each opener has its own closer.
ITALIC, ITALIC_END = "\ue000", "\ue001"
BOLD, BOLD_END = "\ue002", "\ue003"
SMALL_CAPS, SMALL_CAPS_END = "\ue004", "\ue005"
SUPER, SUPER_END = "\ue006", "\ue007"
SUB, SUB_END = "\ue008", "\ue009"
UNDERLINE, UNDERLINE_END = "\ue00a", "\ue00b"
NORMAL, NORMAL_END = "\ue00c", "\ue00d"
#: Upright text inside italics (CSL's "flip-flop" of nested italics).
ROMAN, ROMAN_END = "\ue00e", "\ue00f"
#: Around a quoted run, outside the locale's quote marks.
QUOTE, QUOTE_END = "\ue010", "\ue011"
#: Around the name list of a bibliography entry, for subsequent-author-substitute.
NAMES, NAMES_END = "\ue012", "\ue013"
#: Openers for CSL ``display`` values; all share one closer.
DISPLAY = {
    "block": "\ue020",
    "left-margin": "\ue021",
    "right-inline": "\ue022",
    "indent": "\ue023",
}
DISPLAY_END = "\ue02f"

CLOSERS = ITALIC_END + BOLD_END + SMALL_CAPS_END + SUPER_END + SUB_END
CLOSERS += UNDERLINE_END + NORMAL_END + ROMAN_END
ALL_MARKERS = re.compile("[\ue000-\ue02f]")


def _wrapper(start: str, end: str) -> Callable[[object], str]:
    def wrap(text: object) -> str:
        return f"{start}{text}{end}"

    return wrap


#: The formatter handed to citeproc-py (it expects a module-like namespace).
FORMATTER = SimpleNamespace(
    preformat=lambda text: text,
    Italic=_wrapper(ITALIC, ITALIC_END),
    Oblique=_wrapper(ITALIC, ITALIC_END),
    Bold=_wrapper(BOLD, BOLD_END),
    Light=_wrapper(NORMAL, NORMAL_END),
    Underline=_wrapper(UNDERLINE, UNDERLINE_END),
    Superscript=_wrapper(SUPER, SUPER_END),
    Subscript=_wrapper(SUB, SUB_END),
    SmallCaps=_wrapper(SMALL_CAPS, SMALL_CAPS_END),
)

_TAGS = {
    "html": {
        ITALIC: "<i>",
        ITALIC_END: "</i>",
        BOLD: "<b>",
        BOLD_END: "</b>",
        SMALL_CAPS: '<span style="font-variant:small-caps;">',
        SMALL_CAPS_END: "</span>",
        SUPER: "<sup>",
        SUPER_END: "</sup>",
        SUB: "<sub>",
        SUB_END: "</sub>",
        UNDERLINE: '<span style="text-decoration:underline;">',
        UNDERLINE_END: "</span>",
        NORMAL: '<span style="font-weight:normal;">',
        NORMAL_END: "</span>",
        ROMAN: '<span style="font-style:normal;">',
        ROMAN_END: "</span>",
        DISPLAY["block"]: '<div class="csl-block">',
        DISPLAY["left-margin"]: '<div class="csl-left-margin">',
        DISPLAY["right-inline"]: '<div class="csl-right-inline">',
        DISPLAY["indent"]: '<div class="csl-indent">',
        DISPLAY_END: "</div>",
    },
    "markdown": {
        ITALIC: "*",
        ITALIC_END: "*",
        BOLD: "**",
        BOLD_END: "**",
        SUPER: "^",
        SUPER_END: "^",
        SUB: "~",
        SUB_END: "~",
    },
    "latex": {
        ITALIC: r"\textit{",
        BOLD: r"\textbf{",
        SMALL_CAPS: r"\textsc{",
        SUPER: r"\textsuperscript{",
        SUB: r"\textsubscript{",
        UNDERLINE: r"\underline{",
        NORMAL: r"\textmd{",
        ROMAN: r"\textup{",
        **dict.fromkeys(CLOSERS, "}"),
    },
    "rst": {
        ITALIC: "*",
        ITALIC_END: "*",
        BOLD: "**",
        BOLD_END: "**",
        SUPER: r"\ :sup:`",
        SUPER_END: r"`\ ",
        SUB: r"\ :sub:`",
        SUB_END: r"`\ ",
    },
}

_LATEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "#": r"\#",
    "^": r"\textasciicircum{}",
    "_": r"\_",
    "%": r"\%",
    "~": r"\textasciitilde{}",
}
_LATEX_SPECIAL = re.compile(r"[\\{}$&#^_%~]")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")
_RST_SPECIAL = re.compile(r"([\\`*_|])")

_ESCAPERS: dict[str, Callable[[str], str]] = {
    "text": lambda s: s,
    "html": lambda s: html.escape(s, quote=False),
    "markdown": lambda s: _MARKDOWN_SPECIAL.sub(r"\\\1", s),
    "latex": lambda s: _LATEX_SPECIAL.sub(lambda m: _LATEX_ESCAPES[m[0]], s),
    "rst": lambda s: _RST_SPECIAL.sub(r"\\\1", s),
}

#: The output formats :func:`serialise` writes.
OUTPUTS = tuple(_ESCAPERS)

_DISPLAY_SEAM = re.compile(DISPLAY_END + "([\ue020-\ue023])")


def plain(marked: str) -> str:
    """The marked text with every marker removed."""
    return ALL_MARKERS.sub("", marked)


def serialise(marked: str, output: str) -> str:
    """Turn marked text into one output format.

    Args:
        marked: Text rendered with :data:`FORMATTER` and corrected.
        output: One of :data:`OUTPUTS`.

    Returns:
        The text with markers replaced by that format's markup and every other
        character escaped for it.
    """
    escape = _ESCAPERS[output]
    tags = _TAGS.get(output, {})
    if output != "html":
        # Adjacent display blocks (a number in the margin, then the entry)
        # are separated by a space when there is no layout to set them apart.
        marked = _DISPLAY_SEAM.sub(lambda m: DISPLAY_END + " " + m[1], marked)
    pieces = re.split(
        "([\ue000-\ue02f])", marked.replace(QUOTE, "").replace(QUOTE_END, "")
    )
    return "".join(
        tags.get(piece, "") if ALL_MARKERS.fullmatch(piece) else escape(piece)
        for piece in pieces
        if piece
    )
