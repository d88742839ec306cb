"""CSL ``second-field-align``: the first field of each entry in its own column.

With ``second-field-align`` set on ``cs:bibliography``, the first rendered
child of the layout (a numeric style's ``[1]``) is set in the left margin and
the rest of the entry beside it. citeproc-py ignores the option, so the number
runs into the author's name.
"""

from __future__ import annotations

from typing import Any

from citeproc.model import Choose, Layout, VariableError
from citeproc.string import join

from pubkit.cite import markup
from pubkit.cite.fixes import Fix, register

_original_render = Layout.render_bibliography


def _fields(layout: Any, item: Any) -> list[Any]:
    out = []
    for child in layout.iterchildren():
        try:
            if isinstance(child, Choose):
                text = child.render(item, delimiter=layout.get("delimiter", ""))
            else:
                text = child.render(item)
        except VariableError:
            continue
        if text is not None:
            out.append(text)
    return out


def render_bibliography(self: Any, citation_items: Any) -> list[Any]:
    """Render entries, splitting off the first field when the style asks."""
    if self.getparent().get("second-field-align") is None:
        return list(_original_render(self, citation_items))
    entries = []
    for item in citation_items:
        self.repressed = {}
        fields = _fields(self, item)
        if not fields:
            continue
        rest = self.format(self.wrap(join(fields[1:], self.get("delimiter", ""))))
        left = markup.DISPLAY["left-margin"] + str(fields[0]) + markup.DISPLAY_END
        right = markup.DISPLAY["right-inline"] + str(rest) + markup.DISPLAY_END
        entries.append(left + right)
    return entries


FIX = register(
    Fix(
        name="second-field-align",
        rule="second-field-align sets each entry's first field apart from the rest.",
        patches=((Layout, "render_bibliography", render_bibliography),),
    )
)
