"""Page ranges, labels of empty variables, and localized date delimiters.

- ``page-range-format``: "expanded" writes the second number in full
  (321–328 for "321-28"); "minimal-two" keeps at least two digits (1–29, not
  1–9); "minimal" drops the digits the two numbers share. citeproc-py returns
  the second number as given for "expanded" and cuts it too far for the other
  two. A range given without a format stays as written.
- ``cs:label`` renders only when its variable has a value; citeproc-py printed
  a lone "p." for items without pages. A range of roman numerals makes the
  label plural, as a range of arabic ones does.
- A localized date (``cs:date form="text"``) joins its parts with the locale
  date's delimiter unless the calling ``cs:date`` sets one; citeproc-py used
  only the caller's, so "2020 Mar 6" came out as "2020Mar6".
"""

from __future__ import annotations

import re
from typing import Any

from citeproc.model import Date, FormatNumber, Label
from citeproc.string import join

from pubkit.cite.fixes import Fix, register

_original_label = Label.process
_original_chicago = FormatNumber._format_last_page
_original_plural = Label._is_plural
_DIGITS = re.compile(r"^(\D*)(\d+)$")
#: Two numbers, arabic or roman, with a range or list separator between them.
MULTIPLE_NUMBERS = re.compile(
    r"(\d+|\b[ivxlcdm]+\b)[^\d.]+(\d+|\b[ivxlcdm]+\b)", re.IGNORECASE
)


def _expand(first: str, last: str) -> str:
    """The last number in full: ("321", "28") gives "328"."""
    a, b = _DIGITS.match(first), _DIGITS.match(last)
    if not a or not b or a.group(1) != b.group(1):
        return last
    head, tail = a.group(2), b.group(2)
    if len(tail) < len(head):
        tail = head[: len(head) - len(tail)] + tail
    return a.group(1) + tail if int(tail) > int(head) else last


def _shared(first: str, last: str) -> int:
    count = 0
    for a, b in zip(first, last, strict=False):
        if a != b:
            break
        count += 1
    return count


def format_last_page(self: Any, first: str, last: str) -> str:
    """Shorten or expand the end of a range by page-range-format."""
    range_format = self.get_root().get_option("page-range-format")
    if range_format is None:
        return last
    full = _expand(first, last)
    if full == last and not _DIGITS.match(last):
        return last
    if range_format == "expanded":
        return full
    a, b = _DIGITS.match(first), _DIGITS.match(full)
    if a and b and a.group(1):
        # A shared prefix ("S12-S19") is written once: S12–19.
        first, full = a.group(2), b.group(2)
    if range_format == "chicago-16":
        range_format = _chicago_16(first)
    elif range_format.startswith("chicago"):
        return str(_original_chicago(self, first, full))
    common = _shared(first, full) if len(first) == len(full) else 0
    if range_format == "minimal-two":
        common = min(common, max(len(full) - 2, 0))
    return full[common:] if range_format in ("minimal", "minimal-two") else full


def _chicago_16(first: str) -> str:
    """The Chicago 16th-edition rule as a plain range format, by first number.

    Unlike the 15th edition, it has no exception for four-digit numbers
    (3890–905, not 3890–3905).
    """
    number = int(first) if first.isdigit() else 0
    if number < 100 or number % 100 == 0:
        return "expanded"
    return "minimal" if number % 100 < 10 else "minimal-two"


def is_plural(self: Any, item: Any) -> bool:
    """Whether a label's variable holds several numbers, or a count above one."""
    variable = self.get("variable") or ""
    if variable.startswith("number-of"):
        value = item.reference.get(variable.replace("-", "_"))
        return str(value).strip().isdigit() and int(str(value)) > 1
    return bool(_original_plural(self, item))


def label_process(
    self: Any, item: Any, variable: Any = None, *args: Any, **kw: Any
) -> Any:
    """Render a label, but only for a variable that has a value."""
    if variable is None:
        name = self.get("variable") or ""
        if name == "locator":
            if not item.has_locator:
                return None
        elif name.replace("-", "_") not in item.reference or _suppressed(self, name):
            return None
    return _original_label(self, item, variable, *args, **kw)


def _suppressed(element: Any, variable: str) -> bool:
    """Whether a substitute already rendered this variable in the entry."""
    try:
        repressed = element.get_layout().repressed
    except (AttributeError, IndexError):
        return False
    return any(variable in names for names in repressed.values())


def render_single_date(
    self: Any, date: Any, show_parts: Any = None, context: Any = None
) -> Any:
    """Render one date, joining a localized date's parts by its delimiter."""
    if context is not None and context is not self:
        parts = self.parts(date, show_parts, context)
    else:
        parts = self.parts(date, show_parts)
    if not parts:
        return None
    if not self.is_locale_date() or context is None:
        return self.join(parts)
    delimiter = context.get("delimiter")
    if delimiter is None:
        delimiter = self.get("delimiter", "")
    return join(parts, delimiter)


PAGES = register(
    Fix(
        name="page-range-format",
        rule=(
            "page-range-format expanded/minimal/minimal-two rewrites the end "
            "of a page range; without it the range stays as written."
        ),
        patches=((FormatNumber, "_format_last_page", format_last_page),),
    )
)
LABELS = register(
    Fix(
        name="label-empty-variable",
        rule="cs:label renders nothing when its variable is empty.",
        patches=((Label, "process", label_process),),
    )
)
PLURAL = register(
    Fix(
        name="label-plural",
        rule=(
            "A label is plural for a range of roman numerals too (pp. xi–xv), "
            "and a number-of-pages label follows the count (198 p.)."
        ),
        patches=(
            (Label, "RE_MULTIPLE_NUMBERS", MULTIPLE_NUMBERS),
            (Label, "_is_plural", is_plural),
        ),
    )
)
DATES = register(
    Fix(
        name="localized-date-delimiter",
        rule="A localized date's parts are joined by the locale date's delimiter.",
        patches=((Date, "render_single_date", render_single_date),),
    )
)
