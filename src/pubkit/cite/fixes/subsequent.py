"""CSL ``subsequent-author-substitute``: "———" for a repeated name list.

When ``cs:bibliography`` sets ``subsequent-author-substitute``, an entry whose
first rendered name list equals the first name list of the entry before it
shows the attribute's value in its place (MLA's "———."). The rule
``complete-all`` (the default) replaces the whole list, delimiters and "and"
included; affixes and labels around the list stay. citeproc-py ignores the
attribute.

The rules ``complete-each``, ``partial-each`` and ``partial-first`` replace
single names; pubkit does not apply them and leaves such lists whole.
"""

from __future__ import annotations

import re
from typing import Any

import citeproc.model
import citeproc.string
from citeproc.model import Name

from pubkit.cite import markup
from pubkit.cite.fixes import Fix, register

_original_render = Name.render
_original_seam = citeproc.string.normalize_seam
_NS = "{http://purl.org/net/xbiblio/csl}"
_RUN = re.compile(f"{markup.NAMES}(.*?){markup.NAMES_END}", re.DOTALL)
#: A punctuation mark ending a name list and repeated right after it.
_DOUBLED = re.compile(f"([.,;:!?])([{markup.CLOSERS}]*{markup.NAMES_END})\\1")


def name_render(self: Any, *args: Any, **kwargs: Any) -> Any:
    """Render a name list, marking where it runs in a bibliography entry."""
    result = _original_render(self, *args, **kwargs)
    context = kwargs.get("context")
    if not isinstance(result, str) or not _in_bibliography(
        self if context is None else context
    ):
        return result
    return f"{markup.NAMES}{result}{markup.NAMES_END}"


def normalize_seam(left: Any, other: Any) -> Any:
    """Join as citeproc-py does, but keep punctuation after a name list.

    A period after a list ending in "A." is dropped only once it is known
    whether the list is replaced (see :func:`substitute_repeated`).
    """
    text = str(left)
    if not text.endswith(markup.NAMES_END):
        return _original_seam(left, other)
    bare = text.rstrip(markup.NAMES_END + markup.CLOSERS)
    if bare and str(other)[:1] == bare[-1] and bare[-1] in ".,;:!?":
        return other
    return _original_seam(text.rstrip(markup.NAMES_END), other)


def _in_bibliography(element: Any) -> bool:
    return any(a.tag == f"{_NS}bibliography" for a in element.iterancestors())


def substitute_repeated(entries: list[str], style: Any) -> list[str]:
    """Replace each first name list that repeats the previous entry's."""
    bibliography = style.root.bibliography
    value = (
        None
        if bibliography is None
        else bibliography.get("subsequent-author-substitute")
    )
    rule = "complete-all"
    if bibliography is not None:
        rule = bibliography.get("subsequent-author-substitute-rule", rule)
    replace = value is not None and rule == "complete-all"

    out = []
    previous = None
    for entry in entries:
        match = _RUN.search(entry)
        current = match.group(1) if match else None
        if replace and match and current == previous:
            entry = f"{entry[: match.start()]}{value}{entry[match.end() :]}"
        out.append(_DOUBLED.sub(r"\1\2", entry))
        previous = current
    return out


FIX = register(
    Fix(
        name="subsequent-author-substitute",
        rule=(
            "subsequent-author-substitute replaces a first name list that "
            "repeats the previous entry's (rule complete-all)."
        ),
        patches=(
            (Name, "render", name_render),
            (citeproc.model, "normalize_seam", normalize_seam),
            (citeproc.string, "normalize_seam", normalize_seam),
        ),
        sequence=substitute_repeated,
    )
)
