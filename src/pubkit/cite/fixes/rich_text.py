"""CSL-JSON rich text: the HTML-like markup CSL allows inside text variables.

CSL-JSON titles carry ``<i>``, ``<b>``, ``<sup>``, ``<sub>``,
``<span style="font-variant:small-caps;">`` and ``<span class="nocase">``
(Zotero writes them for species names, chemical formulas and words whose case
must not change). citeproc-py understands only the last and prints the others
as literal text, escaped in HTML. The preparation step turns the formatting
tags of every text variable into pubkit's neutral markers, so that each
output format renders them as its own markup; ``nocase`` spans are left for
citeproc-py, which keeps their case.

Italics inside italics are set upright, and bold inside bold in normal
weight, as citeproc-js does (a species name in an italic book title stands
out in roman): the polish step flips every second level of nesting.

A value whose tags do not nest properly is left as it is, tags and all, as
citeproc-js also does.
"""

from __future__ import annotations

import re
from typing import Any

from pubkit.cite import markup
from pubkit.cite.fixes import Fix, register
from pubkit.text import rich_text

#: Variables that hold identifiers or codes, never rich text.
_NOT_TEXT = frozenset(
    {"id", "type", "DOI", "ISBN", "ISSN", "PMID", "PMCID", "URL", "language"}
)

# What each kind of markup opens and closes with in the neutral markup; a
# nocase span keeps its tags for citeproc-py, and an unknown span loses them.
_MARKERS = {
    "i": (markup.ITALIC, markup.ITALIC_END),
    "b": (markup.BOLD, markup.BOLD_END),
    "sup": (markup.SUPER, markup.SUPER_END),
    "sub": (markup.SUB, markup.SUB_END),
    "sc": (markup.SMALL_CAPS, markup.SMALL_CAPS_END),
    "nocase": ('<span class="nocase">', "</span>"),
    "": ("", ""),
}


def to_markers(text: str) -> str:
    """``text`` with its CSL formatting tags turned into neutral markers.

    ``"The <i>Drosophila</i> genome"`` gives the title with the species name
    between :data:`pubkit.cite.markup.ITALIC` markers. Text whose tags do not
    nest properly comes back unchanged.
    """
    runs = rich_text.parse(text)
    if runs is None:
        return text
    return "".join(
        value if kind == "text" else _MARKERS[value][kind == "close"]
        for kind, value in runs
    )


def prepare(item: dict[str, Any]) -> dict[str, Any]:
    """Turn the formatting tags of every text variable into markers."""
    changed = {
        name: marked
        for name, value in item.items()
        if isinstance(value, str)
        and name not in _NOT_TEXT
        and "<" in value
        and (marked := to_markers(value)) != value
    }
    return {**item, **changed} if changed else item


# Each flippable style: its opener and closer, and what a nested level becomes.
_FLIPS = {
    markup.ITALIC: (markup.ITALIC_END, markup.ROMAN, markup.ROMAN_END),
    markup.BOLD: (markup.BOLD_END, markup.NORMAL, markup.NORMAL_END),
}
_OPENER_OF = {close: opener for opener, (close, _, _) in _FLIPS.items()}
_FLIP_MARKERS = re.compile(
    "[" + "".join(m for o, (c, _, _) in _FLIPS.items() for m in (o, c)) + "]"
)


def flip_nested(marked: str, style: Any = None) -> str:
    """Set every second level of nested italics upright (and of bold, normal)."""
    if not any(marked.count(opener) > 1 for opener in _FLIPS):
        return marked
    depth = dict.fromkeys(_FLIPS, 0)
    out = []
    end = 0
    for match in _FLIP_MARKERS.finditer(marked):
        char = match.group()
        out.append(marked[end : match.start()])
        end = match.end()
        if char in _FLIPS:
            depth[char] += 1
            out.append(char if depth[char] % 2 else _FLIPS[char][1])
        else:
            opener = _OPENER_OF[char]
            out.append(char if depth[opener] % 2 else _FLIPS[opener][2])
            depth[opener] = max(depth[opener] - 1, 0)
    out.append(marked[end:])
    return "".join(out)


FIX = register(
    Fix(
        name="rich-text",
        rule=(
            "Text variables may hold <i>, <b>, <sup>, <sub> and small-caps "
            "<span> markup, rendered as formatting; nested italics flip to roman."
        ),
        prepare=prepare,
        polish=flip_nested,
    )
)
