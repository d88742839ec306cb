"""CSL ``display``: set a rendered element apart as a block or margin column.

citeproc-py ignores the attribute, so a numeric style's ``[1]`` in the left
margin runs into the author's name. The fix wraps the element, affixes
included, in display markers that the serialisers turn into citeproc-js's
``<div class="csl-left-margin">`` and friends, or a separating space.
"""

from __future__ import annotations

from typing import Any

from citeproc.model import Affixed

from pubkit.cite import markup
from pubkit.cite.fixes import Fix, register

_original_wrap = Affixed.wrap


def _wrap(self: Any, string: Any) -> Any:
    text = _original_wrap(self, string)
    display = self.get("display")
    if text is None or display not in markup.DISPLAY:
        return text
    return f"{markup.DISPLAY[display]}{text}{markup.DISPLAY_END}"


FIX = register(
    Fix(
        name="display",
        rule="An element with display= is rendered as its own block or column.",
        patches=((Affixed, "wrap", _wrap),),
    )
)
