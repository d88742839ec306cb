"""Faster lookups for citeproc-py: the same results, computed once.

citeproc-py finds a macro, the enclosing citation or bibliography, and the
enclosing layout with an XPath query every time it needs one, and asks whether
a macro calls a variable by walking the macro's whole subtree every time. On
a few hundred items these queries take most of the rendering time. These
patches answer the same questions by walking up the parent chain, and cache
per style what never changes (macros by name, whether a macro calls a
variable). Its bibliography sort compares items with a function that
re-normalises both keys on every comparison; here each key is normalised once.

The caches live on the elements themselves. lxml creates the Python object
of an element on demand and may drop it when nothing refers to it, which would
lose what was cached on it; so the first lookup of an element's root keeps a
list of every element of that tree on the root, and the root stays alive as
long as the citeproc-py style object that holds it. The style tree never
changes while it renders, so a lookup cached on an element stays right.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any

from citeproc.model import (
    CitationStylesElement,
    Formatted,
    If,
    Locale,
    Sort,
    Text,
)
from citeproc.source import CitationItem

from pubkit.cite.fixes import Fix, register

_original_xpath = CitationStylesElement.xpath_search
_original_calls = Text.calls_variable
_original_term = Locale.get_term
_original_format = Formatted.format
#: The attributes through which Formatted.format changes its text.
_FORMATTING = (
    "font-style",
    "font-variant",
    "font-weight",
    "text-decoration",
    "vertical-align",
)
_MISSING = object()
_NS = "{http://purl.org/net/xbiblio/csl}"
_MACRO = re.compile(r"^cs:macro\[@name='([^']*)'\]\[1\]$")
_ANCESTORS = {
    "./ancestor::*[self::cs:citation or self::cs:bibliography][1]": (
        f"{_NS}citation",
        f"{_NS}bibliography",
    ),
    "./ancestor::cs:locale[1]": (f"{_NS}locale",),
    "./ancestor::*[self::cs:bibliography]": (f"{_NS}bibliography",),
}


def _macros(root: Any) -> dict[str, Any]:
    cache: dict[str, Any] | None = root.__dict__.get("_pubkit_macros")
    if cache is None:
        cache = {}
        for macro in root.iterfind(f"{_NS}macro"):
            cache.setdefault(macro.get("name"), macro)
        root._pubkit_macros = cache
    return cache


def get_root(self: Any) -> Any:
    """The element's root, found once; the whole tree is kept alive with it."""
    root = self.__dict__.get("_pubkit_root")
    if root is None:
        root = self.getroottree().getroot()
        if "_pubkit_tree" not in root.__dict__:
            root._pubkit_tree = list(root.iter())
        self._pubkit_root = root
    return root


def xpath_search(self: Any, expression: str) -> list[Any]:
    """An XPath query on the style tree, answered once per element."""
    cache = self.__dict__.get("_pubkit_xpath")
    if cache is None:
        self.get_root()
        cache = self._pubkit_xpath = {}
    found = cache.get(expression)
    if found is None:
        found = cache[expression] = _search(self, expression)
    return list(found)


def _search(self: Any, expression: str) -> list[Any]:
    """Answer citeproc-py's frequent XPath queries by walking the tree."""
    tags = _ANCESTORS.get(expression)
    if tags is not None:
        found = next((a for a in self.iterancestors() if a.tag in tags), None)
        return [] if found is None else [found]
    if expression == "./ancestor-or-self::cs:layout[1]":
        if self.tag == f"{_NS}layout":
            return [self]
        found = next((a for a in self.iterancestors(f"{_NS}layout")), None)
        return [] if found is None else [found]
    match = _MACRO.match(expression)
    if match is not None and self.getparent() is None:
        macro = _macros(self).get(match.group(1))
        return [] if macro is None else [macro]
    return list(_original_xpath(self, expression))


def get_macro(self: Any, name: str) -> Any:
    """A macro by name, from a table built once per style."""
    try:
        return _macros(self.get_root())[name]
    except KeyError:
        raise IndexError(name) from None


def get_formatter(self: Any) -> Any:
    """The output formatter, looking the root up once instead of twice."""
    root = self.get_root()
    return root.style.formatter if isinstance(root, Locale) else root.formatter


def format_text(self: Any, string: Any) -> Any:
    """Apply font and decoration attributes; skip the five steps if none is set."""
    unformatted = self.__dict__.get("_pubkit_unformatted")
    if unformatted is None:
        self.get_root()
        unformatted = not any(name in self.attrib for name in _FORMATTING)
        self._pubkit_unformatted = unformatted
    if not unformatted:
        return _original_format(self, string)
    return str(string) if isinstance(string, (int, float)) else string


#: The tests a cs:if may make, by attribute, and the method making each.
_TESTS = (
    ("type", "_type"),
    ("variable", "_variable"),
    ("is-numeric", "_is_numeric"),
    ("is-uncertain-date", "_is_uncertain_date"),
    ("locator", "_locator"),
)


def _plan(condition: Any) -> tuple[tuple[str, ...], bool, str]:
    """The test methods, whether position is tested, and the match rule."""
    plan = condition.__dict__.get("_pubkit_plan")
    if plan is None:
        condition.get_root()
        attrib = condition.attrib
        plan = (
            tuple(method for name, method in _TESTS if name in attrib),
            "position" in attrib,
            condition.get("match", "all"),
        )
        condition._pubkit_plan = plan
    return plan  # type: ignore[no-any-return]


def holds(condition: Any, item: Any, context: Any) -> bool:
    """Whether a cs:if or cs:else-if holds, as citeproc-py decides it.

    The tests run in citeproc-py's order and all of them run, as there; only
    the list of tests and the match rule are read from the element once.
    """
    methods, position, match = _plan(condition)
    results: list[Any] = []
    for method in methods:
        results += getattr(condition, method)(item)
    if position:
        results += condition._position(item, context)
    if match == "any":
        return any(results)
    if match == "none":
        return not any(results)
    return all(results)


def type_test(self: Any, item: Any) -> list[bool]:
    """The ``type`` test of a condition, its type list split once."""
    types = self.__dict__.get("_pubkit_types")
    if types is None:
        self.get_root()
        types = self._pubkit_types = [t.lower() for t in self.get("type").split()]
    kind = item.reference.type
    return [t == kind for t in types]


def calls_variable(self: Any) -> bool:
    """Whether this text element renders a variable, cached for macros."""
    if "macro" not in self.attrib:
        return bool(_original_calls(self))
    root = self.get_root()
    cache = root.__dict__.setdefault("_pubkit_calls", {})
    name = self.get("macro")
    if name not in cache:
        cache[name] = bool(_original_calls(self))
    return bool(cache[name])


def get_term(self: Any, name: str, form: Any = None, zero_padded: bool = False) -> Any:
    """A locale term, looked up once per locale, name and form."""
    cache = self.__dict__.setdefault("_pubkit_terms", {})
    key = (name, form, zero_padded)
    if key not in cache:
        try:
            cache[key] = _original_term(self, name, form, zero_padded)
        except IndexError:
            cache[key] = _MISSING
    if cache[key] is _MISSING:
        raise IndexError(name)
    return cache[key]


def _normal(value: Any) -> Any:
    """A sort key as a collation would see it.

    Case and accents are ignored and punctuation sorts before letters
    ("O’Brien" before "Okafor"), as in the Unicode collation citeproc-js uses.
    """
    if value is None:
        return None
    text = str(value)
    try:
        return int(text)
    except ValueError:
        pass
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(
        ch if ch.isalnum() or ch == ";" else " "
        for ch in decomposed
        if not unicodedata.combining(ch) and unicodedata.category(ch) != "Co"
    )


def _compare(left: tuple[Any, ...], right: tuple[Any, ...], desc: list[bool]) -> int:
    for a, b, descending in zip(left, right, desc, strict=True):
        if a is None or b is None:
            if a is None and b is None:
                continue
            return 1 if a is None else -1
        try:
            result = int((a > b) - (a < b))
        except TypeError:
            result = int(str(a) > str(b)) - int(str(a) < str(b))
        if result:
            return -result if descending else result
    return 0


def _sorted(
    items: list[Any], keys: list[Any], desc: list[bool], context: Any
) -> list[Any]:
    """Sort by the first key, then break ties by the next keys, group by group.

    A later key is computed only for the items that tie on every earlier one,
    so most items render one sort macro instead of all of them.
    """
    if len(items) < 2 or not keys:
        return list(items)
    column = [_normal(v) for v in keys[0].sort_keys(items, context)]

    def by_first_key(i: int, j: int) -> int:
        return _compare((column[i],), (column[j],), desc[:1])

    order: list[int] = sorted(range(len(items)), key=functools.cmp_to_key(by_first_key))

    out: list[Any] = []
    group = [order[0]]
    for index in [*order[1:], -1]:
        if index >= 0 and _compare((column[index],), (column[group[0]],), [False]) == 0:
            group.append(index)
            continue
        members = [items[i] for i in group]
        out += _sorted(members, keys[1:], desc[1:], context)
        group = [index]
    return out


def sort(self: Any, items: list[Any], context: Any) -> list[Any]:
    """Sort by the style's keys, each computed once and only where needed."""
    keys = self.findall("cs:key", self.nsmap)
    desc = [k.get("sort", "ascending").lower() == "descending" for k in keys]
    return _sorted(list(items), keys, desc, context)


def reference(self: Any) -> Any:
    """The cited item's reference, looked up once per citation item."""
    cached = self.__dict__.get("_pubkit_reference")
    if cached is None:
        cached = self.bibliography.source[self.key]
        object.__setattr__(self, "_pubkit_reference", cached)
    return cached


FIX = register(
    Fix(
        name="speed",
        rule="Not a CSL rule: the same lookups and sort, computed once.",
        patches=(
            (CitationStylesElement, "get_root", get_root),
            (CitationStylesElement, "xpath_search", xpath_search),
            (CitationStylesElement, "get_formatter", get_formatter),
            (CitationStylesElement, "get_macro", get_macro),
            (Formatted, "format", format_text),
            (If, "_type", type_test),
            (Text, "calls_variable", calls_variable),
            (Sort, "sort", sort),
            (Locale, "get_term", get_term),
            (CitationItem, "reference", property(reference)),
        ),
    )
)
