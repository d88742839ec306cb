"""CSL ``disambiguate-add-year-suffix``: 2003a, 2003b for look-alike cites.

When two or more items would render the same in-text citation, each gets a
year-suffix letter in bibliography order, the letters restarting for every
group of look-alikes. The suffix is appended to the year of the issued date,
in citations and bibliography alike, unless the style renders the
``year-suffix`` variable itself. citeproc-py has no disambiguation at all.

With ``disambiguate-add-givenname``, cites whose authors differ show the
authors' initials instead (W. Zhang, L. Zhang); the given-name rule is applied
to every name shown, not only to those that need it. Adding more names
(``disambiguate-add-names``) is not done.
"""

from __future__ import annotations

import string
import threading
from collections import defaultdict
from typing import Any

from citeproc import Citation, CitationItem
from citeproc.model import ConditionFailed, Date, If, VariableError
from citeproc.source import DateRange
from citeproc.string import String

from pubkit.cite import markup
from pubkit.cite.fixes import Fix, register, speed
from pubkit.cite.fixes.rendered import called, record

_original_date = Date.process
#: Reference key marking an item whose first cite looks like another's.
AMBIGUOUS = "pubkit_ambiguous"
#: Reference key marking an item whose cites show given names (initials).
GIVEN_NAMES = "pubkit_given_names"
_current = threading.local()


def _letters(n: int) -> str:
    """a, b, …, z, aa, ab, … for 0, 1, …."""
    alphabet = string.ascii_lowercase
    return alphabet[n] if n < 26 else _letters(n // 26 - 1) + alphabet[n % 26]


def date_process(self: Any, item: Any, variable: Any = None, **kwargs: Any) -> Any:
    """Render a date, appending the item's year suffix after the issued year."""
    outer = not getattr(_current, "busy", False)
    _current.busy = True
    name = variable or self.get("variable")
    try:
        text = _original_date(self, item, variable, **kwargs)
    except VariableError:
        if outer:
            called(name, False)
        raise
    finally:
        _current.busy = not outer
    if text and outer:
        record(name)
    if outer:
        called(name, bool(text))
    suffix = item.reference.get("year_suffix")
    if not (outer and text and suffix and name == "issued") or _explicit(self):
        return text
    date = item.reference["issued"]
    date = date.begin if isinstance(date, DateRange) else date
    digits = str(abs(int(date["year"]))) if "year" in date else ""
    where = str(text).find(digits) if digits else -1
    if where < 0:
        return text
    cut = where + len(digits)
    return String(str(text)[:cut] + suffix + str(text)[cut:])


def condition(self: Any, item: Any, context: Any = None, **kwargs: Any) -> Any:
    """Evaluate cs:if, treating disambiguate="true" as "this cite is ambiguous"."""
    if self.get("disambiguate") == "true":
        passed = bool(item.reference.get(AMBIGUOUS))
    else:
        passed = speed.holds(self, item, context)
    if not passed:
        raise ConditionFailed
    return self.render_children(item, context=context, **kwargs)


def _explicit(element: Any) -> bool:
    """Whether the style renders the year-suffix variable itself."""
    root = element.get_root()
    cached = root.__dict__.get("_pubkit_explicit_suffix")
    if cached is None:
        found = root.xpath_search(".//cs:text[@variable='year-suffix']")
        cached = root._pubkit_explicit_suffix = bool(found)
    return bool(cached)


def _names_key(item: Any) -> str:
    names = item.reference.get("author") or item.reference.get("editor") or []
    return ";".join(repr(sorted(name.items())) for name in names)


def assign_suffixes(bibliography: Any) -> None:
    """Tell look-alike citations apart, in bibliography order.

    Cites whose authors differ get their given names shown when the style
    allows it (``disambiguate-add-givenname``); cites that still look alike get
    year suffixes (``disambiguate-add-year-suffix``), or else make
    ``disambiguate="true"`` conditions hold.
    """
    style = bibliography.style
    citation_element = style.root.citation
    if citation_element is None:
        return

    groups: dict[str, list[Any]] = defaultdict(list)
    for item in bibliography.items:
        cite = CitationItem(item.key)
        citation = Citation([cite])
        citation.bibliography = bibliography
        text = style.render_citation(citation, [], lambda _item: None)
        groups[markup.plain(str(text))].append(item)

    by_given = citation_element.get("disambiguate-add-givenname") == "true"
    add_suffix = citation_element.get("disambiguate-add-year-suffix") == "true"
    for members in groups.values():
        if len(members) < 2:
            continue
        alike: dict[str, list[Any]] = defaultdict(list)
        for item in members:
            alike[_names_key(item) if by_given else ""].append(item)
        for same in alike.values():
            if len(same) < len(members):
                for item in same:
                    item.reference[GIVEN_NAMES] = True
            if len(same) > 1:
                _mark_alike(same, add_suffix)


def _mark_alike(items: list[Any], add_suffix: bool) -> None:
    for n, item in enumerate(items):
        if add_suffix:
            item.reference["year_suffix"] = _letters(n)
        else:
            item.reference[AMBIGUOUS] = True


CONDITION = register(
    Fix(
        name="disambiguate-condition",
        rule=(
            'A cs:if with disambiguate="true" holds only for a cite that year '
            "suffixes do not tell apart from another."
        ),
        patches=((If, "render", condition),),
    )
)
FIX = register(
    Fix(
        name="year-suffix",
        rule=(
            "disambiguate-add-year-suffix gives look-alike cites letters in "
            "bibliography order, appended to the issued year."
        ),
        patches=((Date, "process", date_process),),
        hook=assign_suffixes,
    )
)
