r"""CSL rich text: the few HTML-like tags CSL-JSON allows inside text values.

A CSL-JSON title may mark a species name ``<i>Drosophila</i>``, a formula
``H<sub>2</sub>O``, a power ``10<sup>6</sup>``, bold ``<b>``, small capitals
``<span style="font-variant:small-caps;">`` and words whose case must not
change ``<span class="nocase">iPhone</span>``; Zotero writes them. pubkit's
model keeps such text as CSL-JSON has it. :func:`parse` reads the markup
into runs that each writer turns into its own form: the citation engine into
formatting, the BibTeX writer into ``\textit`` and braces; :func:`plain`
drops it for matching and cite keys.

Text whose tags do not nest properly is not rich text: it is taken as
written, tags and all, as citeproc-js also does. The BibTeX reader does not
make rich text of ``\textit`` and the like: it decodes them to plain text
and keeps the LaTeX as written for the BibTeX writers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

__all__ = ["KINDS", "Run", "from_latex", "parse", "plain"]

#: The kinds of markup: italic, bold, superscript, subscript, small caps,
#: and nocase (case kept as written).
KINDS = ("i", "b", "sup", "sub", "sc", "nocase")

_TAG = re.compile(r"<(/?)(i|b|sup|sub|span)((?:\s[^<>]*)?)>", re.IGNORECASE)
_SMALL_CAPS = re.compile(r"""style\s*=\s*["']\s*font-variant\s*:\s*small-caps""")
_NOCASE = re.compile(r"""class\s*=\s*["']\s*nocase\s*["']""")

#: One piece of parsed rich text: ``("text", "Drosophila")``, or
#: ``("open", kind)`` / ``("close", kind)`` around the runs a kind covers. A
#: span of no kind CSL knows opens and closes with kind ``""``.
Run = tuple[str, str]


@lru_cache(maxsize=4096)
def parse(text: str) -> tuple[Run, ...] | None:
    """The runs of ``text``, or None when it holds no well-nested markup.

    >>> parse("H<sub>2</sub>O")
    (('text', 'H'), ('open', 'sub'), ('text', '2'), ('close', 'sub'), ('text', 'O'))
    """
    if "<" not in text:
        return None
    runs: list[Run] = []
    open_tags: list[tuple[str, str]] = []  # (tag name, kind)
    end = 0
    for match in _TAG.finditer(text):
        if match.start() > end:
            runs.append(("text", text[end : match.start()]))
        end = match.end()
        closing, name = match.group(1) == "/", match.group(2).lower()
        if closing:
            if not open_tags or open_tags[-1][0] != name:
                return None
            runs.append(("close", open_tags.pop()[1]))
            continue
        kind = name
        if name == "span":
            attributes = match.group(3)
            kind = (
                "nocase"
                if _NOCASE.search(attributes)
                else "sc"
                if _SMALL_CAPS.search(attributes)
                else ""
            )
        open_tags.append((name, kind))
        runs.append(("open", kind))
    if open_tags or not runs or all(kind == "text" for kind, _ in runs):
        return None
    if end < len(text):
        runs.append(("text", text[end:]))
    return tuple(runs)


def plain(text: str) -> str:
    """``text`` without its rich-text markup (unchanged when it has none)."""
    runs = parse(text)
    if runs is None:
        return text
    return "".join(value for kind, value in runs if kind == "text")


# LaTeX commands whose argument CSL rich text can mark, and the tags they get.
_LATEX_TAGS = {
    "emph": ("<i>", "</i>"),
    "textit": ("<i>", "</i>"),
    "textsl": ("<i>", "</i>"),
    "textbf": ("<b>", "</b>"),
    "textsc": ('<span style="font-variant:small-caps;">', "</span>"),
    "textsuperscript": ("<sup>", "</sup>"),
    "textsubscript": ("<sub>", "</sub>"),
}
# Declarations that switch the rest of their group: {\em Drosophila}.
_LATEX_SWITCHES = {
    "em": "emph",
    "it": "textit",
    "itshape": "textit",
    "bf": "textbf",
    "bfseries": "textbf",
    "sc": "textsc",
    "scshape": "textsc",
}
_COMMAND = re.compile(r"\\([A-Za-z]+)\s*\{")
_SWITCH = re.compile(r"\{\\(" + "|".join(_LATEX_SWITCHES) + r")\b\s*")
_NOCASE_TAGS = ('<span class="nocase">', "</span>")


def _group_end(text: str, start: int) -> int:
    """The index just after the brace group opening at ``start``, or -1."""
    depth = 0
    for i in range(start, len(text)):
        char = text[i]
        if char == "\\":
            continue
        if char == "{" and (i == 0 or text[i - 1] != "\\"):
            depth += 1
        elif char == "}" and text[i - 1] != "\\":
            depth -= 1
            if depth == 0:
                return i + 1
    return -1


def from_latex(latex: str, decode: Callable[[str], str]) -> str | None:
    r"""CSL rich text for a BibTeX value, or None when it marks nothing.

    ``\emph{Drosophila}`` and ``{\em Drosophila}`` become ``<i>``, ``\textbf``
    ``<b>``, ``\textsc`` a small-caps span, ``\textsuperscript`` and
    ``\textsubscript`` ``<sup>`` and ``<sub>``, and a group that protects
    case (``{GPS}``) a nocase span, as Zotero reads BibTeX. Everything else
    is decoded by ``decode``. The result is only given when, without its
    markup, it is exactly what ``decode`` makes of the whole value, so the
    markup never changes the text.

    Args:
        latex: The value as written in the BibTeX file.
        decode: LaTeX to Unicode (:func:`pubkit.text.latex.latex_to_unicode`).
    """
    if "{" not in latex:
        return None
    marked = _marked(latex, decode)
    if marked is None:
        return None
    marked = " ".join(marked.split())
    if "<" not in marked or plain(marked) != decode(latex) or parse(marked) is None:
        return None
    return marked


def _marked(latex: str, decode: Callable[[str], str]) -> str | None:
    out: list[str] = []
    plain_start = i = 0
    while i < len(latex):
        char = latex[i]
        if char == "$":
            close = latex.find("$", i + 1)
            if close < 0:
                return None
            i = close + 1
            continue
        command = _COMMAND.match(latex, i) if char == "\\" else None
        switch = _SWITCH.match(latex, i) if char == "{" else None
        if command and command.group(1) in _LATEX_TAGS:
            tags, body_start = _LATEX_TAGS[command.group(1)], command.end() - 1
        elif switch:
            tags = _LATEX_TAGS[_LATEX_SWITCHES[switch.group(1)]]
            body_start = i
        elif char == "{" and not latex.startswith("{\\", i):
            tags, body_start = _NOCASE_TAGS, i
        else:
            i += 2 if char == "\\" else 1
            continue
        end = _group_end(latex, body_start)
        if end < 0:
            return None
        inner_start = switch.end() if switch else body_start + 1
        inner = _marked(latex[inner_start : end - 1], decode)
        if inner is None:
            return None
        out.append(_decoded(latex[plain_start:i], decode))
        if tags is _NOCASE_TAGS and (_all_nocase(inner) or not inner.strip()):
            # {{Title}}: one nocase span is enough; an empty group, such as
            # the one ending a command (\textemdash{}), protects nothing.
            tags = ("", "")
        out.append(tags[0] + inner + tags[1])
        plain_start = i = end
    out.append(_decoded(latex[plain_start:], decode))
    return "".join(out)


def _all_nocase(marked: str) -> bool:
    """Whether ``marked`` is one nocase span from start to end."""
    runs = parse(marked)
    if not runs or runs[0] != ("open", "nocase") or runs[-1] != ("close", "nocase"):
        return False
    depth = 0
    for n, (kind, _) in enumerate(runs):
        depth += {"open": 1, "close": -1}.get(kind, 0)
        if depth == 0 and n < len(runs) - 1:
            return False
    return True


def _decoded(latex: str, decode: Callable[[str], str]) -> str:
    """``latex`` decoded, keeping a space it starts or ends with."""
    if not latex:
        return ""
    text = decode(latex)
    lead = " " if latex[:1].isspace() else ""
    tail = " " if latex[-1:].isspace() and text else ""
    return lead + text + tail
