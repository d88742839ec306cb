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
from functools import lru_cache

__all__ = ["KINDS", "Run", "parse", "plain"]

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
