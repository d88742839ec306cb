"""Number variables read as lists and ranges of numbers.

CSL calls content numeric when it consists of numbers, optionally with
prefixes or suffixes ("D2", "2b"), separated by commas, hyphens or
ampersands ("2, 3", "2-4", "2 & 4"). citeproc-py accepts only a single number
for ``is-numeric`` and prints number variables through ``cs:text`` exactly as
written. The reference processor splits a number variable into parts at its
list and range separators and:

- judges ``is-numeric`` by the first part alone, so "800-53 Rev. 5" is
  numeric (a style then prints its "Nos." label);
- writes the hyphen of a range with the page-range delimiter when both ends
  are numbers ("12-15" gives "12–15", "800-53b" gives "800–53b"), keeps it
  when the ends carry different letter prefixes ("A12-14"), and when the
  style has no ``page-range-format`` also uses the delimiter for a range
  whose first number exceeds the second even if text follows ("800-53 Rev.
  5" gives "800–53 Rev. 5"; with a ``page-range-format`` it stays as is).

When such a variable has a prefix and sits directly in a ``cs:group`` with a
delimiter, the reference processor also puts a space before each later part
that is not a plain integer ("No. 800– 53 Rev. 5"), provided the first part
starts with a number. That space reproduces a
quirk of the reference processor, not a CSL rule.

Checked against citeproc-py 0.11.1.
"""

from __future__ import annotations

import re
from typing import Any

from citeproc.model import Group, If, Text
from citeproc.string import MixedString

from pubkit.cite.fixes import Fix, register

_original_is_numeric = If._is_numeric
_original_markup = Text.markup
#: Variables the reference processor parses as numbers when cs:text renders
#: them (``page`` has its own handling in citeproc-py).
NUMBER_VARIABLES = frozenset(
    {
        "chapter-number",
        "collection-number",
        "edition",
        "issue",
        "number",
        "number-of-pages",
        "number-of-volumes",
        "volume",
    }
)
#: A list or range separator: "&", ", ", "; ", " and ", or hyphens/en dashes.
_SEPARATOR = re.compile(r"(\s*&\s*|,\s+|;\s+|\s+and\s+|\s*[-\u2013]+\s*)")
#: One numeric part: an optional letter prefix, digits, optional letters.
_NUMERIC_PART = re.compile(r"^(?:\d*[A-Za-z]+0*)?\d+[-,A-Za-z]*$|^[ivx]+$")
#: A part's letter prefix and the digits that follow it.
_LEADING = re.compile(r"^(\d*[A-Za-z]+0*)?(\d+)")
#: Both ends of a range: a number, optionally with lower-case letters after.
_RANGE_END = re.compile(r"^\d+[a-z]*$")
_PLAIN_INTEGER = re.compile(r"^[1-9]\d*$")


def split_parts(value: str) -> list[str]:
    """Parts and separators alternately: "1-3, 5" gives 1, -, 3, ", ", 5."""
    return _SEPARATOR.split(value.strip())


def is_numeric_value(value: str) -> bool:
    """Whether a number variable counts as numeric, judged by its first part."""
    first = split_parts(value)[0]
    return bool(_NUMERIC_PART.match(first))


def is_numeric(self: Any, item: Any) -> list[bool]:
    """The ``is-numeric`` test, with lists and ranges of numbers numeric."""
    results = []
    for variable in self.get("is-numeric").split():
        key = variable.replace("-", "_")
        if variable in NUMBER_VARIABLES:
            value = item.reference.get(key)
            results.append(value is not None and is_numeric_value(str(value)))
        else:
            results.extend(_original_is_numeric(_Single(self, variable), item))
    return results


class _Single:
    """A view of a condition that tests ``is-numeric`` on one variable only."""

    def __init__(self, condition: Any, variable: str) -> None:
        self._condition = condition
        self._variable = variable

    def __getattr__(self, name: str) -> Any:
        return getattr(self._condition, name)

    def get(self, name: str, default: Any = None) -> Any:
        if name == "is-numeric":
            return self._variable
        return self._condition.get(name, default)


def _is_range_joint(first: str, second: str, *, unformatted: bool) -> bool:
    """Whether a hyphen between two parts is written as a range delimiter."""
    a, b = _LEADING.match(first), _LEADING.match(second)
    if not a or not b or (a.group(1) or "") != (b.group(1) or ""):
        return False
    if unformatted and int(a.group(2)) > int(b.group(2)):
        return True
    prefix = len(a.group(1) or "")
    return bool(_RANGE_END.match(first[prefix:]) and _RANGE_END.match(second[prefix:]))


def format_number_variable(
    value: str, delimiter: str, *, unformatted: bool, spaced: bool
) -> str:
    """Rewrite the range hyphens of a number variable (see the module text).

    Args:
        value: The variable as written.
        delimiter: The page-range delimiter of the locale.
        unformatted: Whether the style has no ``page-range-format``.
        spaced: Whether later non-integer parts are set off by a space.
    """
    pieces = split_parts(value)
    # Only a variable that starts with a number is split into number parts.
    spaced = spaced and bool(_LEADING.match(pieces[0]))
    out = [pieces[0]]
    for index in range(1, len(pieces), 2):
        separator, part = pieces[index], pieces[index + 1]
        if separator == "-" and _is_range_joint(
            pieces[index - 1], part, unformatted=unformatted
        ):
            separator = delimiter
        if spaced and part and not _PLAIN_INTEGER.match(part):
            separator += " "
        out += [separator, part]
    return "".join(out)


def _in_delimited_group(element: Any) -> bool:
    parent = element.getparent()
    return isinstance(parent, Group) and bool(parent.get("delimiter"))


def _single_segment(text: Any) -> Any:
    """The one plain segment of a rendered variable, or None if it has more."""
    if isinstance(text, MixedString):
        # MixedString indexes characters; its segments are the list items.
        segments = list.__iter__(text)
        first = next(segments, None)
        if next(segments, None) is None and isinstance(first, str):
            return first
        return None
    return text if isinstance(text, str) else None


def markup(self: Any, text: Any, language: Any) -> Any:
    """Mark up a rendered text, first reading a number variable as numbers."""
    segment = _single_segment(text)
    if segment is not None and self.get("variable") in NUMBER_VARIABLES:
        delimiter = self.get_single_term(name="page-range-delimiter") or "\u2013"
        rewritten = format_number_variable(
            str(segment),
            str(delimiter),
            unformatted=self.get_root().get_option("page-range-format") is None,
            spaced="prefix" in self.attrib and _in_delimited_group(self),
        )
        if rewritten != str(segment):
            text = MixedString([type(segment)(rewritten)])
    return _original_markup(self, text, language)


FIX = register(
    Fix(
        name="number-variables",
        rule=(
            "A number variable is a list or range of numbers: is-numeric "
            "looks at its first number and a range hyphen becomes the "
            "page-range delimiter."
        ),
        patches=((If, "_is_numeric", is_numeric), (Text, "markup", markup)),
    )
)
