"""Quotation marks: punctuation-in-quote, and typographic apostrophes.

- A locale with ``punctuation-in-quote="true"`` (en-US) moves a comma or period
  that follows a quoted run inside the closing quote (``“Title,”``). A period
  after a quoted run that already ends in ``?`` or ``!`` is dropped, inside or
  outside the quote. citeproc-py does neither.
- Straight apostrophes in item text become typographic (``O’Brien``), as
  citeproc-js renders them; identifiers and URLs are left alone.
"""

from __future__ import annotations

import re
from typing import Any

from citeproc.model import Quoted

from pubkit.cite import markup
from pubkit.cite.fixes import Fix, register

_original_quote = Quoted.quote
_CLOSERS = f"[{markup.CLOSERS}]*"
_INSIDE = re.compile(f"(.){markup.QUOTE_END}({_CLOSERS})([.,])")
_DOUBLED_PERIOD = re.compile(f"\\.([{markup.CLOSERS}{markup.QUOTE_END}]+)\\.")
_AFTER_MARK = re.compile(f"([?!])(.?){markup.QUOTE_END}({_CLOSERS})\\.")

#: Variables whose text is code, not prose: never given curly apostrophes.
VERBATIM = frozenset(
    {"id", "type", "language", "DOI", "URL", "ISBN", "ISSN", "PMID", "PMCID"}
)


def quote(self: Any, string: Any) -> Any:
    """Quote as citeproc-py does, marking where the quoted run ends."""
    quoted = _original_quote(self, string)
    if quoted is string or self.get("quotes", "false").lower() != "true":
        return quoted
    return markup.QUOTE + quoted + markup.QUOTE_END


def _move_inside(match: re.Match[str]) -> str:
    mark, closers, punct = match.groups()
    return f"{punct}{mark}{markup.QUOTE_END}{closers}"


def polish(marked: str, style: Any) -> str:
    """Apply the locale's punctuation-in-quote rule to quoted runs.

    A period that would follow a period across the end of a styled run
    ("*et al.*.") is dropped, as it is when the two meet directly.
    """
    marked = _DOUBLED_PERIOD.sub(r".\1", marked)
    marked = _AFTER_MARK.sub(lambda m: f"{m[1]}{m[2]}{markup.QUOTE_END}{m[3]}", marked)
    option = style.root.get_locale_option("punctuation-in-quote") or "false"
    if option.lower() == "true":
        marked = _INSIDE.sub(_move_inside, marked)
        marked = re.sub(r"([?!])\.(\W?" + markup.QUOTE_END + ")", r"\1\2", marked)
    return marked


def _curly(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("'", "’")
    if isinstance(value, list):
        return [_curly(v) for v in value]
    if isinstance(value, dict):
        return {k: _curly(v) for k, v in value.items()}
    return value


def prepare(item: dict[str, Any]) -> dict[str, Any]:
    """Give the item's prose typographic apostrophes."""
    return {k: v if k in VERBATIM else _curly(v) for k, v in item.items()}


PUNCTUATION = register(
    Fix(
        name="punctuation-in-quote",
        rule=(
            'With punctuation-in-quote="true" a following comma or period moves '
            "inside the closing quote; a period after ? or ! is dropped."
        ),
        patches=((Quoted, "quote", quote),),
        polish=polish,
    )
)
APOSTROPHES = register(
    Fix(
        name="apostrophes",
        rule="Straight apostrophes in item text render as typographic ones.",
        prepare=prepare,
    )
)
