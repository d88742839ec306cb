"""CSL name rules: initialising given names, and incomplete author lists.

Rules citeproc-py gets wrong:

- ``initialize="false"`` with ``initialize-with`` must keep full given names and
  only normalise initials already present (``"M E"`` becomes ``"M.E."``, while
  ``"Rufus"`` and ``"ME"`` stay whole); citeproc-py initialises every name. Its
  initialiser also turns a lowercase hyphenated part into a stray initial
  (``"Min-jun"`` becomes ``"M.-. jun ."``), where citeproc-js drops it (``"M."``).
- With ``initialize-with``, a name suffix's abbreviation periods are written
  like those of initials ("Jr." becomes "Jr" for ``initialize-with=""``), as
  citeproc-js writes them; citeproc-py keeps the suffix as given.
- An author list known to be incomplete (BibTeX's ``and others``) counts as at
  least one name longer than it is for ``et-al-min``, and always ends in
  "et al.".
"""

from __future__ import annotations

import re
from typing import Any

from citeproc.model import Name

from pubkit.cite.fixes import Fix, given_names, register

_TOKEN = re.compile(r"([^\s.]+)(\.?)")
_original_process = Name.process


def _inherited(element: Any, attribute: str, default: str) -> str:
    """An attribute from the element, its citation/bibliography, or the style."""
    node = element
    while node is not None:
        value = node.get(attribute)
        if value is not None:
            return str(value)
        node = node.getparent()
    return default


def _keep_given(given: str, mark: str) -> str:
    """Full given names kept; existing initials normalised to ``mark``."""
    out = ""
    for word, period in _TOKEN.findall(given):
        if period or (len(word) == 1 and word.isupper()):
            out += word + mark
        else:
            out = f"{out.rstrip()} {word} " if out else f"{word} "
    return re.sub(r"\s+", " ", out).strip()


def _initial_part(part: str, mark: str) -> str:
    out = ""
    for word, _period in _TOKEN.findall(part):
        if word[0].isupper():
            out += word[0] + mark
        else:
            # A lowercase word in a given name is a particle: keep it whole.
            out = f"{out.rstrip()} {word} "
    return out.strip()


def initialize(self: Any, given: str, mark: str, context: Any) -> str:
    """Initialise a given name the way CSL 1.0.2 and citeproc-js do."""
    if isinstance(given, given_names.FullGiven):
        return given
    if _inherited(self, "initialize", "true") == "false":
        return _keep_given(given, mark)
    if _inherited(self, "initialize-with-hyphen", "true") == "false":
        return _initial_part(given.replace("-", " "), mark)

    parts = [p for p in given.split("-") if p.strip()]
    # A lowercase part after a hyphen ("Min-jun") adds no initial.
    kept = [p for i, p in enumerate(parts) if i == 0 or p.strip()[0].isupper()]
    return "-".join(_initial_part(p, mark) for p in kept)


def _is_cjk(text: str) -> bool:
    return any(
        "\u3040" <= ch <= "\u30ff"
        or "\u3400" <= ch <= "\u9fff"
        or "\uac00" <= ch <= "\ud7af"
        for ch in text
    )


def _joined_cjk(names: list[Any]) -> list[Any]:
    """CJK names as one family name written family-first without a space."""
    out = []
    for name in names:
        family, given = name.get("family"), name.get("given")
        if family and given and _is_cjk(f"{family}{given}"):
            name = type(name)(family=f"{family}{given}")
        out.append(name)
    return out


def _suffix_normalised(name: Any, mark: str) -> Any:
    """The name with the periods of its suffix written as ``mark`` ("Jr")."""
    suffix = name.get("suffix")
    if not suffix or "literal" in name:
        return name
    return type(name)(**{**dict(name), "suffix": _keep_given(suffix, mark)})


def process(self: Any, item: Any, variable: str, **kwargs: Any) -> Any:
    """Render names with the fixes of this module applied."""
    options = kwargs.get("sort_options")
    context = kwargs.get("context")
    if options is not None:
        # Sorting demotes particles under "sort-only" too ("Vega, G. de la").
        demote = self.get_option("demote-non-dropping-particle", context)
        if demote == "sort-only":
            options = {**options, "demote-non-dropping-particle": "display-and-sort"}
            kwargs = {**kwargs, "sort_options": options}

    reference = item.reference
    if options is None and reference.get("pubkit_given_names"):
        kwargs = {**kwargs, "sort_options": _given_name_options(self, context)}
        options = kwargs["sort_options"]
    names = list(reference.get(variable) or [])
    long_form = self.get_option("form", context, options) == "long"
    joined = _joined_cjk(names) if long_form else names
    mark = self.get_option("initialize-with", context, options)
    if mark is not None:
        joined = [_suffix_normalised(name, str(mark)) for name in joined]
    if given_names.applies(self):
        marked = given_names.mark_alike(reference, joined)
        if long_form and mark is not None:
            joined = marked
    # Identity, not equality: a FullGiven given name compares equal to a str.
    if any(a is not b for a, b in zip(joined, names, strict=True)):
        reference[variable] = joined
    try:
        return _incomplete(self, item, variable, **kwargs)
    finally:
        reference[variable] = names


def _given_name_options(element: Any, context: Any) -> dict[str, Any] | None:
    """In a citation, show initials with the family name (W. Zhang)."""
    anchor = element if context is None else context
    found = anchor.xpath_search(
        "./ancestor::*[self::cs:citation or self::cs:bibliography][1]"
    )
    if not found or not found[0].tag.endswith("citation"):
        return None
    mark = element.get_option("initialize-with", context) or ". "
    return {"form": "long", "initialize-with": mark}


def _incomplete(self: Any, item: Any, variable: str, **kwargs: Any) -> Any:
    """Render names, treating a flagged author list as incomplete."""
    reference = item.reference
    if variable != "author" or not reference.get("authors_incomplete"):
        return _original_process(self, item, variable, **kwargs)

    listed = list(reference.get("author") or [])
    options = dict(kwargs.get("sort_options") or {})
    context = kwargs.get("context")
    et_al_min = int(options.get("et-al-min", self.get_option("et-al-min", context)))
    use_first = int(
        options.get("et-al-use-first", self.get_option("et-al-use-first", context))
    )
    shown = len(listed)
    if et_al_min and len(listed) + 1 >= et_al_min:
        shown = min(use_first, len(listed))
    if shown == 0 or self.get_option("form", context) == "count":
        return _original_process(self, item, variable, **kwargs)

    # One placeholder name after the shown ones makes citeproc-py truncate
    # exactly there and append its et-al term with its own delimiter rules.
    options.update({"et-al-min": shown + 1, "et-al-use-first": shown})
    reference["author"] = [*listed[:shown], listed[-1]]
    try:
        return _original_process(
            self, item, variable, **{**kwargs, "sort_options": options}
        )
    finally:
        reference["author"] = listed


SUFFIX = register(
    Fix(
        name="suffix-initialize-with",
        rule=(
            "With initialize-with, the periods of a name suffix are written as "
            "initials' are (King ML Jr)."
        ),
    )
)
INITIALIZE = register(
    Fix(
        name="initialize",
        rule=(
            'initialize="false" keeps given names and only normalises initials; '
            "a lowercase hyphenated part of a given name adds no initial."
        ),
        patches=((Name, "initialize", initialize),),
    )
)
CJK = register(
    Fix(
        name="cjk-names",
        rule=(
            "A long-form CJK name is written family name first with no space "
            "or separator (王小明); its short form is the family name."
        ),
    )
)
SORT_PARTICLES = register(
    Fix(
        name="demote-particle-sort-only",
        rule=(
            'demote-non-dropping-particle="sort-only" demotes particles in sort '
            "keys (de la Vega sorts under V)."
        ),
    )
)


def _split_particle(name: dict[str, Any]) -> dict[str, Any]:
    family = name.get("family")
    if not isinstance(family, str) or name.get("non-dropping-particle"):
        return name
    words = family.split(" ")
    lead = 0
    while lead < len(words) - 1 and words[lead].islower():
        lead += 1
    if lead == 0:
        return name
    particle, rest = " ".join(words[:lead]), " ".join(words[lead:])
    return {**name, "family": rest, "non-dropping-particle": particle}


def prepare(item: dict[str, Any]) -> dict[str, Any]:
    """Split lowercase particles off family names ("van der Waals")."""
    out = dict(item)
    for key, value in item.items():
        if _is_name_list(value):
            out[key] = [_split_particle(dict(n)) for n in value]
    return out


def _is_name_list(value: Any) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and isinstance(value[0], dict)
        and ("family" in value[0] or "literal" in value[0])
    )


PARTICLES = register(
    Fix(
        name="name-particles",
        rule=(
            "Lowercase words that open a family name are its non-dropping "
            "particle, so demote-non-dropping-particle applies to them."
        ),
        prepare=prepare,
    )
)
INCOMPLETE = register(
    Fix(
        name="authors-incomplete",
        rule=(
            "An incomplete author list counts one name longer for et-al-min and "
            'always ends in "et al.".'
        ),
        patches=((Name, "process", process),),
    )
)
