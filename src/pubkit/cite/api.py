"""Formatting publications as bibliographies and citations in any CSL style."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pubkit.cite.engine import CitationItem, Engine
from pubkit.cite.markup import OUTPUTS
from pubkit.cite.styles import Style, load_style
from pubkit.errors import Problem
from pubkit.library import Library
from pubkit.model import Publication

__all__ = ["cite", "engine_for", "format_bibliography", "format_citations"]

logger = logging.getLogger(__name__)

StyleLike = str | Path | Style
ItemLike = Publication | Mapping[str, Any]


def _style(style: StyleLike) -> Style:
    return style if isinstance(style, Style) else load_style(style)


def _csl_items(items: list[ItemLike]) -> list[Mapping[str, Any]]:
    """CSL-JSON items for Publications and CSL-JSON item dicts.

    Dicts are read as the CSL-JSON reader reads a file, so a dict without an
    id, with a date given as text or with an unknown type is cited like the
    same item in a file; what the reader reports is logged as a warning.
    A publication without an id (a profile page's works) or with an id an
    earlier item already took gets a generated cite key, so that every item
    can be cited; ids that are present and unique stay as given.
    """
    from pubkit.formats.csljson import from_csl_item, to_csl_item
    from pubkit.keys import DEFAULT_PATTERN, make_key, unique_key

    pubs: list[Publication] = []
    for position, item in enumerate(items):
        if isinstance(item, Mapping):
            problems: list[Problem] = []
            item = from_csl_item(
                item, source="<item>", index=position, problems=problems
            )
            for problem in problems:
                logger.warning("CSL-JSON item %d: %s", position, problem.reason)
        pubs.append(item)

    # Every id given is reserved first, so a generated key never takes one.
    taken = {pub.id.casefold() for pub in pubs if pub.id}
    kept: set[str] = set()
    out: list[Mapping[str, Any]] = []
    for pub in pubs:
        key = pub.id
        if key and key.casefold() not in kept:
            kept.add(key.casefold())
        else:
            key = unique_key(make_key(pub, DEFAULT_PATTERN), taken)
        out.append(to_csl_item(pub if key == pub.id else pub.evolve(id=key)))
    return out


def _check_output(output: str) -> None:
    if output not in OUTPUTS:
        raise ValueError(f"unknown output {output!r}; choose one of {OUTPUTS}")


def engine_for(
    items: Iterable[ItemLike] | Library,
    *,
    style: StyleLike = "apa",
    locale: str | None = None,
) -> Engine:
    """An engine with ``items`` registered, for repeated citing.

    Args:
        items: Publications, a Library, or CSL-JSON item dicts.
        style: A style id, title, ``.csl`` path or loaded :class:`Style`.
        locale: A locale such as ``"de-DE"``; by default the style's own.

    Returns:
        The engine; use :meth:`Engine.cite` and :meth:`Engine.bibliography`.
    """
    return Engine(_style(style), _csl_items(list(items)), locale=locale)


def format_bibliography(
    items: Iterable[ItemLike] | Library,
    *,
    style: StyleLike = "apa",
    locale: str | None = None,
    output: str = "text",
) -> list[str]:
    """Format a bibliography, one string per entry, in the style's order.

    Args:
        items: Publications, a Library, or CSL-JSON item dicts.
        style: A style id, title, ``.csl`` path or loaded :class:`Style`.
        locale: A locale such as ``"en-GB"``; by default the style's own.
        output: ``"text"``, ``"html"``, ``"markdown"``, ``"latex"`` or
            ``"rst"``.

    Returns:
        The entries; empty when the style defines no bibliography.

    Raises:
        UnknownStyleError: When the style cannot be found.
        ValueError: For an unknown output format or duplicate item ids.
    """
    _check_output(output)
    return engine_for(items, style=style, locale=locale).bibliography(output)


def format_citations(
    items: Iterable[ItemLike] | Library,
    *,
    style: StyleLike,
    locale: str | None = None,
    output: str = "text",
) -> list[str]:
    """Format one in-text citation per item, in input order.

    Every item is registered first (so numbers and year suffixes are final),
    then each is cited alone, as a first citation.

    Args:
        items: Publications, a Library, or CSL-JSON item dicts.
        style: A style id, title, ``.csl`` path or loaded :class:`Style`.
        locale: A locale; by default the style's own.
        output: An output format, as for :func:`format_bibliography`.

    Returns:
        One citation per item.
    """
    _check_output(output)
    engine = engine_for(items, style=style, locale=locale)
    return [
        engine.cite([CitationItem(item_id)], output=output, fresh=True)
        for item_id in engine.ids
    ]


def cite(
    cited: Iterable[CitationItem | str],
    items: Iterable[ItemLike] | Library,
    *,
    style: StyleLike,
    locale: str | None = None,
    output: str = "text",
) -> str:
    """Format one citation of several items, with locators and affixes.

    Args:
        cited: The items cited together, as ids or :class:`CitationItem`.
        items: Every item that the document cites (all are registered, so
            numbering and disambiguation see them all).
        style: A style id, title, ``.csl`` path or loaded :class:`Style`.
        locale: A locale; by default the style's own.
        output: An output format, as for :func:`format_bibliography`.

    Returns:
        The citation.

    Raises:
        KeyError: When a cited id is not among ``items``.
    """
    _check_output(output)
    engine = engine_for(items, style=style, locale=locale)
    group = [c if isinstance(c, CitationItem) else CitationItem(c) for c in cited]
    return engine.cite(group, output=output, fresh=True)
