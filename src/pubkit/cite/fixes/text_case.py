"""CSL ``text-case``: which words change case, and for which items.

citeproc-py capitalises the first letter of any first word (``"arXiv"``
becomes ``"ArXiv"``), skips title case for every element that is not given an
item language (labels such as "ed." stay lowercase), does not treat the parts
of a hyphenated compound as words ("Pre-training"), and knows only the short
stop-word list. CSL 1.0.2 says: only words entirely in lowercase change;
title case applies to English items and to items without a language; stop
words stay lowercase unless they open the title or follow a colon.
"""

from __future__ import annotations

import re
from typing import Any

from citeproc.model import TextCased
from citeproc.string import NoCase, String

from pubkit.cite.fixes import Fix, register

#: Stop words kept lowercase in title case: the CSL list plus the other short
#: prepositions that citeproc-js also leaves alone.
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "down",
        "for",
        "from",
        "in",
        "into",
        "nor",
        "of",
        "on",
        "onto",
        "or",
        "over",
        "so",
        "the",
        "till",
        "to",
        "up",
        "via",
        "with",
        "yet",
        "about",
        "across",
        "after",
        "against",
        "along",
        "among",
        "around",
        "before",
        "behind",
        "below",
        "beneath",
        "beside",
        "between",
        "beyond",
        "despite",
        "during",
        "except",
        "inside",
        "like",
        "near",
        "off",
        "out",
        "outside",
        "past",
        "per",
        "since",
        "than",
        "through",
        "toward",
        "towards",
        "under",
        "underneath",
        "until",
        "unto",
        "upon",
        "versus",
        "vs",
        "vs.",
        "v",
        "v.",
        "within",
        "without",
        "von",
        "van",
        "de",
        "d’",
        "et",
        "c",
        "ca",
    ]
)
_PART = re.compile(r"([-/])")
_LEAD = re.compile(r"^([^\w]*)(.*)$", re.UNICODE)


def _is_lower_word(core: str) -> bool:
    return bool(core) and core.lower() == core and core.upper() != core


def _cap(core: str) -> str:
    return core[:1].upper() + core[1:]


def _title_word(word: str, opens: bool, closes: bool) -> str:
    parts = _PART.split(word)
    out = []
    for n, part in enumerate(parts):
        lead, core = _LEAD.match(part).groups()  # type: ignore[union-attr]
        bare = core.rstrip(".,;:!?)’”'\"").lower()
        stop = bare in STOP_WORDS and not (opens and n == 0)
        if _is_lower_word(core) and not (stop and not closes):
            core = _cap(core)
        out.append(lead + core)
    return "".join(out)


def _words(text: Any) -> list[Any]:
    if not hasattr(text, "words"):
        text = String(str(text))
    return list(text.words())


def _title(text: Any) -> str:
    words = _words(text)
    out: list[str] = []
    opens = True
    for n, word in enumerate(words):
        string = str(word)
        closes = n == len(words) - 1
        out.append(
            string if isinstance(word, NoCase) else _title_word(string, opens, closes)
        )
        opens = string.endswith((":", "?", "!", "."))
    return " ".join(out)


def _first(text: Any, every: bool) -> str:
    words = _words(text)
    out = []
    for n, word in enumerate(words):
        string = str(word)
        lead, core = _LEAD.match(string).groups()  # type: ignore[union-attr]
        change = (every or n == 0) and not isinstance(word, NoCase)
        out.append(lead + _cap(core) if change and _is_lower_word(core) else string)
    return " ".join(out)


def _sentence(text: Any) -> str:
    string = str(text)
    if string.upper() == string:
        return _cap(string.lower())
    return _first(text, every=False)


def _language(element: Any, language: str | None) -> str:
    if language:
        return language[:2].lower()
    root = element.get_root()
    locale = root.get("default-locale") or "en"
    locales = getattr(root, "locales", None)
    if locales:
        lang = locales[0].get("{http://www.w3.org/XML/1998/namespace}lang")
        locale = lang or locale
    return str(locale)[:2].lower()


def case(self: Any, text: Any, language: str | None = None) -> Any:
    """Apply ``text-case`` by the CSL 1.0.2 rules."""
    text_case = self.get("text-case")
    if text_case is None or text is None:
        return text
    if text_case == "lowercase":
        return text.lower()
    if text_case == "uppercase":
        return text.upper()
    if text_case == "capitalize-first":
        return _first(text, every=False)
    if text_case == "capitalize-all":
        return _first(text, every=True)
    if text_case == "sentence":
        return _sentence(text)
    if text_case == "title" and _language(self, language) == "en":
        return _title(text)
    return text


FIX = register(
    Fix(
        name="text-case",
        rule=(
            "text-case changes only lowercase words; title case applies to "
            "English items and items without a language, word by word across "
            "hyphens, keeping stop words lowercase."
        ),
        patches=((TextCased, "case", case),),
    )
)
