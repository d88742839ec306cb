"""Full given names for look-alike names within one item.

With ``disambiguate-add-givenname="true"`` and the default
``givenname-disambiguation-rule="by-cite"``, the reference processor keeps a
registry of the names each item has rendered. When two names of the same item
share a family name and initials but differ in their given names (an author
"Genevieve B. Orr" and an editor "Geneviève B. Orr"), a long-form name with
``initialize-with`` is printed with its full given name instead of initials,
wherever it appears. citeproc-py has no such registry and initialises both.

A name is judged against the names the item has rendered so far, in every
rendering since the item was registered (citations, sort keys and earlier
bibliographies), because that is what the reference processor does: the first
bibliography rendered can show an author with initials that a second rendering
expands, once the look-alike editor has been seen.

The rule ``all-names``, which compares names across all items, is not covered.
When citations of different items are told apart by given names ("Ann Orr",
"Amy Orr"), the reference processor also prints those names in full in the
bibliography; pubkit prints them with initials there.

Checked against citeproc-py 0.11.1.
"""

from __future__ import annotations

import re
from typing import Any

from pubkit.cite.fixes import Fix, register

#: The reference field holding the item's name registry.
REGISTRY = "pubkit_names_seen"
_WORD = re.compile(r"[^\s\-]+")


class FullGiven(str):
    """A given name to print in full; the initialiser leaves it unchanged."""


def _plain(text: str) -> str:
    """A name part without periods and with single spaces."""
    return " ".join(text.replace(".", " ").split())


def _initials(given: str) -> str:
    return "".join(word[0] for word in _WORD.findall(given))


def applies(element: Any) -> bool:
    """Whether the style asks for given names to tell names of an item apart."""
    root = element.get_root()
    answer = root.__dict__.get("_pubkit_by_cite")
    if answer is None:
        citation = getattr(root, "citation", None)
        answer = root._pubkit_by_cite = bool(
            citation is not None
            and citation.get("disambiguate-add-givenname") == "true"
            and citation.get("givenname-disambiguation-rule", "by-cite") == "by-cite"
        )
    return bool(answer)


def _key(name: Any) -> tuple[str, str, str] | None:
    """(family, initials, given) of a personal name, or None for others."""
    if "literal" in name or not name.get("given") or not name.get("family"):
        return None
    given = _plain(str(name["given"]))
    return _plain(str(name["family"])), _initials(given), given


def mark_alike(reference: Any, names: list[Any]) -> list[Any]:
    """Register one variable's names in order; mark look-alikes as full.

    Each name is added to the item's registry and then judged, so a name is
    compared with itself and the names rendered before it.
    """
    registry: dict[tuple[str, str], set[str]] = reference.setdefault(REGISTRY, {})
    out = []
    for name in names:
        key = _key(name)
        if key is not None:
            givens = registry.setdefault(key[:2], set())
            givens.add(key[2])
            if len(givens) > 1:
                name = type(name)(**{**dict(name), "given": FullGiven(name["given"])})
        out.append(name)
    return out


FIX = register(
    Fix(
        name="givenname-by-cite",
        rule=(
            "Under the by-cite rule, names of one item that share family name "
            "and initials are printed with full given names."
        ),
    )
)
