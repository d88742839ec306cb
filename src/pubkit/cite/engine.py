"""The rendering engine: CSL-JSON items in, formatted citations out.

:class:`Engine` drives citeproc-py with the corrections of
:mod:`pubkit.cite.fixes` installed. It registers every item once, in the order
given, sorts the bibliography by the style's rules, assigns year suffixes, and
renders entries and citations into neutral markup that
:func:`pubkit.cite.markup.serialise` turns into each output format.
"""

from __future__ import annotations

import difflib
import io
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from citeproc import (
    LANGUAGE_NAMES,
    PRIMARY_DIALECTS,
    VARIABLES,
    Citation,
    CitationStylesBibliography,
    CitationStylesStyle,
    Locator,
)
from citeproc import CitationItem as _CiteprocItem
from citeproc.source.json import CiteProcJSON

from pubkit.cite import fixes, markup
from pubkit.cite.styles import Style
from pubkit.errors import UnknownLocaleError

__all__ = ["CitationItem", "Engine"]

logger = logging.getLogger(__name__)

#: Key of the internal flag that marks an incomplete author list.
INCOMPLETE = "authors_incomplete"
_KNOWN = frozenset(VARIABLES) | {"id", "type", "title_short", "shortTitle"}


@dataclass(frozen=True)
class CitationItem:
    """One item cited within a citation, with its pinpoint and affixes.

    Attributes:
        id: The CSL ``id`` of the cited item.
        locator: A pinpoint such as ``"12"`` or ``"12-14"``.
        label: What the locator counts (a CSL locator term: ``"page"``,
            ``"chapter"``, ``"figure"``…).
        prefix: Text put before this item's citation.
        suffix: Text put after this item's citation.
    """

    id: str
    locator: str | None = None
    label: str = "page"
    prefix: str = ""
    suffix: str = ""


def prepare_item(item: Mapping[str, Any]) -> dict[str, Any]:
    """A CSL-JSON item reshaped for citeproc-py, applying pubkit's extensions.

    An item whose ``custom`` object says ``"authors-incomplete": true`` gets its
    ``implied-authors`` appended after the listed authors and is marked so that
    the et-al fix renders "et al." after them (see
    :mod:`pubkit.cite.fixes.names`).

    Args:
        item: A CSL-JSON item.

    Returns:
        A shallow copy with the ``custom`` object resolved.
    """
    data = dict(item)
    custom = data.pop("custom", None) or {}
    if isinstance(custom, Mapping) and custom.get("authors-incomplete"):
        implied = list(custom.get("implied-authors") or [])
        data["author"] = list(data.get("author") or []) + implied
        data[INCOMPLETE] = True
    return fixes.prepare(data)


def check_locale(name: str) -> str:
    """``name`` if a CSL locale file serves it, as a dialect or a language.

    citeproc-py quietly falls back to American English for a locale it has
    no file for; a caller who asked for one should hear that it is missing.

    Raises:
        UnknownLocaleError: No installed locale file serves ``name``.
    """
    if name in LANGUAGE_NAMES or name.split("-")[0] in PRIMARY_DIALECTS:
        return name
    known = sorted(LANGUAGE_NAMES)
    folded = {k.casefold().replace("_", "-"): k for k in known}
    close = difflib.get_close_matches(name.casefold().replace("_", "-"), folded, n=3)
    raise UnknownLocaleError(name, [folded[c] for c in close])


class Engine:
    """A style, a locale and a registered set of CSL-JSON items.

    Args:
        style: The style to render with.
        items: CSL-JSON item dicts; each needs a unique ``id``.
        locale: A locale such as ``"en-GB"``; by default the style's own.

    Raises:
        ValueError: When two items share an id.
    """

    def __init__(
        self,
        style: Style,
        items: Iterable[Mapping[str, Any]],
        *,
        locale: str | None = None,
    ) -> None:
        fixes.install()
        self.style = style
        self.locale = check_locale(locale) if locale else None
        self.locale = self.locale or style.default_locale or "en-US"
        self._csl = CitationStylesStyle(
            io.BytesIO(style.xml), locale=self.locale, validate=False
        )

        # citeproc-py lowercases keys, so items get neutral keys of our own.
        self._items = [prepare_item(item) for item in items]
        self.ids = [str(item["id"]) for item in self._items]
        if len(set(self.ids)) != len(self.ids):
            raise ValueError("CSL item ids must be unique")
        self._key = {item_id: f"k{n}" for n, item_id in enumerate(self.ids)}
        self._id = {key: item_id for item_id, key in self._key.items()}
        source = CiteProcJSON(
            [
                _known({**item, "id": self._key[i]})
                for i, item in zip(self.ids, self._items, strict=False)
            ]
        )
        for item_id, item in zip(self.ids, self._items, strict=False):
            if item.get(INCOMPLETE):
                source[self._key[item_id]][INCOMPLETE] = True

        self._bib = CitationStylesBibliography(self._csl, source, markup.FORMATTER)
        for item_id in self.ids:
            self._bib.register(Citation([_CiteprocItem(self._key[item_id])]))
        if self._csl.has_bibliography():
            self._bib.sort()
        fixes.after_registration(self._bib)

    @property
    def has_bibliography(self) -> bool:
        """Whether the style defines a bibliography."""
        return bool(self._csl.has_bibliography())

    def bibliography_ids(self) -> list[str]:
        """Item ids in the order the bibliography lists them."""
        return [self._id[key] for key in self._bib.keys]

    def bibliography_marked(self) -> list[str]:
        """Bibliography entries in neutral markup, in bibliography order."""
        if not self.has_bibliography:
            return []
        entries = self._bib.bibliography()
        marked = [fixes.polish(str(entry), self._csl) for entry in entries]
        return fixes.polish_bibliography(marked, self._csl)

    def bibliography(self, output: str = "text") -> list[str]:
        """Bibliography entries in one output format.

        Args:
            output: ``"text"``, ``"html"``, ``"markdown"``, ``"latex"`` or
                ``"rst"``.

        Returns:
            One string per entry; HTML entries are wrapped in
            ``<div class="csl-entry">`` as citeproc-js writes them.
        """
        return [_entry(m, output) for m in self.bibliography_marked()]

    def cite_marked(self, items: Sequence[CitationItem], *, fresh: bool) -> str:
        """One citation of ``items`` in neutral markup.

        Args:
            items: The items cited together.
            fresh: Render as if nothing had been cited before (no
                "subsequent" or "ibid" positions), and record nothing.
        """
        cites = [self._citeproc_item(ci) for ci in items]
        citation = Citation(cites)
        citation.bibliography = self._bib
        saved = list(self._bib._cites)
        if fresh:
            self._bib._cites.clear()
        text = self._bib.cite(citation, _unknown_item)
        if fresh:
            self._bib._cites[:] = saved
        return fixes.polish(str(text), self._csl)

    def cite(
        self,
        items: Sequence[CitationItem],
        *,
        output: str = "text",
        fresh: bool = False,
    ) -> str:
        """One citation of ``items``, remembering it for later positions.

        Args:
            items: The items cited together, in the order given.
            output: An output format, as for :meth:`bibliography`.
            fresh: Render as if nothing had been cited before.

        Returns:
            The citation text.

        Raises:
            KeyError: When an item id was not registered.
        """
        for ci in items:
            if ci.id not in self._key:
                raise KeyError(f"no item with id {ci.id!r} is registered")
        return markup.serialise(self.cite_marked(items, fresh=fresh), output)

    def _citeproc_item(self, ci: CitationItem) -> _CiteprocItem:
        extra: dict[str, Any] = {}
        if ci.locator:
            extra["locator"] = Locator(ci.label, ci.locator)
        if ci.prefix:
            extra["prefix"] = ci.prefix
        if ci.suffix:
            extra["suffix"] = ci.suffix
        return _CiteprocItem(self._key[ci.id], **extra)


def _known(item: dict[str, Any]) -> dict[str, Any]:
    """The item without variables citeproc-py does not know (it warns on them)."""
    kept = {k: v for k, v in item.items() if k.replace("-", "_") in _KNOWN}
    dropped = sorted(set(item) - set(kept))
    if dropped:
        logger.debug("item %s: variables not rendered: %s", item["id"], dropped)
    return kept


def _unknown_item(item: Any) -> str:
    logger.warning("cited item %s is not registered", item.key)
    return f"{item.key}?"


def _entry(marked: str, output: str) -> str:
    body = markup.serialise(marked, output)
    if output != "html":
        return body.strip()
    if markup.DISPLAY_END in marked:
        return f'<div class="csl-entry">\n    {body}\n  </div>'
    return f'<div class="csl-entry">{body}</div>'
