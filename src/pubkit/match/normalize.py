"""Normalisation for matching: folded text, titles and identifiers.

Every function here is small and pure, so that two records are compared on
values a reader can reproduce by hand: ``fold("Köhler—A Case")`` is
``"kohler a case"``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from urllib.parse import parse_qsl

__all__ = [
    "GENERIC_TITLES",
    "NEGATIONS",
    "PREPRINT_DOI_PREFIXES",
    "STOP_WORDS",
    "LinkKey",
    "arxiv_id",
    "content_tokens",
    "erratum_location",
    "extended_abstract",
    "fold",
    "is_column",
    "is_preprint_doi",
    "link_key",
    "links_conflict",
    "normalize_doi",
    "normalize_isbn",
    "note_notice",
    "notice_kind",
    "notice_subject",
    "number_text",
    "original_title",
    "page_range",
    "sequel_marks",
    "title_numbers",
    "title_text",
    "unmarked_title",
    "version_elsewhere",
]

#: Words that carry no weight when blocking or comparing titles.
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
        "via",
        "using",
        "towards",
        "toward",
    ]
)

#: Titles that many unrelated works share; they never match on title alone.
GENERIC_TITLES = frozenset(
    {
        "preface",
        "foreword",
        "introduction",
        "editorial",
        "erratum",
        "errata",
        "corrigendum",
        "correction",
        "short notices",
        "book review",
        "book reviews",
        "letter to the editor",
        "index",
        "contents",
        "table of contents",
        "front matter",
        "back matter",
        "abstracts",
        "conclusion",
        "discussion",
        "reply",
        "editors comments",
        "editors note",
        "from the editor",
        "editorial comment",
        "in this issue",
        "announcements",
        "news",
        "obituary",
        "personal communication",
        "private communication",
        "private correspondence",
        "results",
        "methods",
        "summary",
        "abstract",
        "acknowledgements",
        "acknowledgments",
        "references",
        "appendix",
        "supplementary material",
        "commentary",
        "correspondence",
        # Stand-ins for a title no one entered.
        "title",
        "untitled",
        "no title",
        "unknown",
    }
)

#: Folded words that deny: "Attention is not all you need" answers the paper
#: it otherwise repeats.
NEGATIONS = frozenset(
    {"not", "no", "never", "nor", "cannot", "cant", "dont", "doesnt", "didnt"}
    | {"isnt", "arent", "wasnt", "werent", "wont", "neither"}
)

#: DOI prefixes of preprint servers; such a DOI names a version, not the work.
PREPRINT_DOI_PREFIXES = (
    "10.48550/arxiv.",
    "10.1101/",
    "10.2139/ssrn.",
    "10.31219/osf.io/",
    "10.31234/osf.io/",
    "10.20944/preprints",
    "10.21203/rs.",
    "10.22541/au.",
    "10.36227/techrxiv.",
    "10.26434/chemrxiv",
)

# Letters that Unicode decomposition leaves alone but readers transliterate.
_TRANSLITERATE = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "Æ": "ae",
        "ø": "o",
        "Ø": "o",
        "œ": "oe",
        "Œ": "oe",
        "ł": "l",
        "Ł": "l",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "þ": "th",
        "ı": "i",
        "’": "'",
    }
)
# A column's heading before its title of the issue: "Editorial: A new year
# for the journal", "Editor's note - ...". Such titles recur under one editor
# and are never versions of one another.
_COLUMN_HEAD = re.compile(
    r"\s*(?:guest\s+)?(?:editorial|editor'?s'?\s+(?:note|comments?|introduction)"
    r"|from\s+the\s+editors?|letter\s+from\s+the\s+editors?|preface|foreword)"
    r"\s*(?::|-|–|—)",
    re.IGNORECASE,
)


def is_column(title: str) -> bool:
    """Whether a title opens with a column heading ("Editorial: ...")."""
    return bool(_COLUMN_HEAD.match(title))


_NON_WORD = re.compile(r"[^0-9a-z]+")
_NON_LETTER = re.compile(r"[\W_]+")
_MARKUP_START = re.compile(r"[<\\{}$]")
_MARKUP = re.compile(r"<[^>]{1,40}>|\\[a-zA-Z]+\s*|[{}$]")
# A bracketed note at a title's end ("[Chinese]", "(abstract)"), but not a
# sequel's number ("... oxides (II)") nor which report of a series it is
# ("... cells (fourth quarterly report)"): those tell works apart.
_TRAILING_BRACKET = re.compile(
    r"\s*[\[(](?!\s*(?:[IVXivx]{1,5}|\d{1,2})\s*[\])])"
    r"(?![^\[\]()]*\b(?:quarterly|quaterly|annual|monthly|progress|interim|final"
    r"|status) report)"
    r"[^\[\]()]{1,40}[\])]\s*[.]?\s*$",
    re.IGNORECASE,
)
# The end of a citation's author list and its year, left before the title by
# a reference parser: "(1993) Information, prediction...", "[1995] A ...",
# "Warmuth (1996). On-line portfolio...", "Valiant [1987]. 'On the...".
# Words before the year need the stop after it: "Keynes (1936) revisited" is
# a title.
_CITATION_LEAD = re.compile(
    r"^\s*(?:[(\[]\s*(?:1[6-9]|20)\d\d[a-z]?\s*[)\]]\s*[.,:]?"
    r"|[^\s.()\[\]]+(?: [^\s.()\[\]]+){0,2} ?[(\[]\s*(?:1[6-9]|20)\d\d[a-z]?\s*[)\]]"
    r"\s*[.,])\s*['\"`‘“]?"
)
# Notes that bibliographic databases append to titles, not part of them.
_DATABASE_NOTE = re.compile(
    r"\s*\[(?:erratum|comment|retraction|retracted|corrected|see|published|update"
    r"|expression of concern)"
    r"[^\]]*(?:\].*)?$",
    re.IGNORECASE,
)
# A notice cites the article it concerns after its title: Web of Science's
# "(vol 85, pg 553, 2010)" and "(Retraction of vol 12, pg 100, 2014)",
# Embase's "(New England Journal of Medicine (2009) 360 (542-544))", and
# Elsevier's "[Coastal Dynamics Review 12 (2014) 100-110]".
_CORRECTION_CITATION = re.compile(
    r"\s*(?:\((?:(?P<kind>retraction|correction|erratum) (?:of|to) )?"
    r"vol\.? \d+,? pg?\.? \d+,? \d{4}\)"
    r"|\([^()]+\(\d{4}\)\s*\d+\s*\([\d\s-]+\)\)"
    r"|\[[^\[\]]*\(\d{4}\)[^\[\]]*\])"
    r"\s*\.?$",
    re.IGNORECASE,
)
_EXTENDED_MARK = re.compile(
    r"^\s*extended\s+abstract\s*:\s*|\s*:\s*extended\s+abstract\s*\.?\s*$"
    r"|\s*[\[(]\s*extended\s+abstract\s*[\])]",
    re.IGNORECASE,
)
_ELLIPSIS = re.compile(r"(?:…|\.\.\.)\s*(?:\(see more\))?\s*$")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case words of ``text``: no accents, markup or punctuation.

    Latin letters lose their accents; text mostly in another script keeps
    its letters.

    Args:
        text: Any Unicode text (LaTeX already decoded by the readers).

    Returns:
        Words of letters and digits separated by single spaces.
    """
    if _MARKUP_START.search(text):
        text = _MARKUP.sub(" ", text)
    if text.isascii():
        return _NON_WORD.sub(" ", text.casefold().replace("'", "")).strip()

    text = text.casefold().translate(_TRANSLITERATE).replace("'", "")
    decomposed = unicodedata.normalize("NFKD", text)
    # Compatibility forms can decompose to capitals ("🄐" is "(A)").
    text = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    latin = _NON_WORD.sub(" ", text).strip()
    # Text mostly in another script keeps its letters; a stray Greek letter
    # ("TNF-α") is dropped as most databases do.
    every = _NON_LETTER.sub(" ", text).strip()
    return latin if 2 * len(latin) >= len(every) else every


def title_text(title: str, subtitle: str = "") -> tuple[str, bool]:
    """The folded title and whether the source truncated it.

    A trailing bracketed note such as ``[Chinese]`` or ``(abstract)`` is
    dropped, and so are a cited year left before the title by a reference
    parser (``"Warmuth (1996). On-line..."``) and an "extended abstract" mark (see
    :func:`extended_abstract`); a subtitle kept in its own field is
    appended, and a title that ends in an ellipsis is marked as truncated.

    Args:
        title: The title as read.
        subtitle: A subtitle the source kept apart, if any.

    Returns:
        The folded title, and True when the title was cut short.
    """
    truncated = False
    if "(" in title[:40] or "[" in title[:40]:
        lead = _CITATION_LEAD.match(title)
        if lead and len(title[lead.end() :].split()) >= 3:
            title = title[lead.end() :]
    if title.endswith((".", "…", ")")):
        truncated = bool(_ELLIPSIS.search(title))
        title = _ELLIPSIS.sub("", title)
    if "[" in title or "(" in title:
        title = _CORRECTION_CITATION.sub("", _DATABASE_NOTE.sub("", title))
        stripped = _TRAILING_BRACKET.sub("", title)
        if len(stripped) >= 10:
            title = stripped
    if "xtended" in title:
        title = _EXTENDED_MARK.sub("", title)
    if subtitle:
        title = f"{title} {subtitle}"
    return fold(title), truncated


def content_tokens(folded: str) -> list[str]:
    """The words of a folded text that are not stop-words."""
    return [w for w in folded.split() if w not in STOP_WORDS]


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7}
_WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
_PART = re.compile(r"\b(?:part|teil|partie|volume|vol|chapter|book)\s+([a-z0-9]+)\b")


def _number(word: str) -> int | None:
    if word.isdigit() and len(word) <= 2:
        return int(word)
    return _ROMAN.get(word, _WORD_NUMBERS.get(word))


def sequel_marks(folded_title: str) -> tuple[tuple[int, ...], int | None]:
    """Part designators and a trailing sequel number of a folded title.

    ``"... part ii results"`` gives ``((2,), None)``; ``"... kahler metrics ii"``
    gives ``((), 2)``. "Part", "volume" and "chapter" designators are explicit;
    a bare trailing number may also be a footnote mark, so it is kept apart.
    """
    parts = tuple(n for w in _PART.findall(folded_title) if (n := _number(w)))
    words = folded_title.split()
    trailing = None
    if len(words) > 2 and words[-2] not in ("part", "volume", "vol", "chapter"):
        trailing = _number(words[-1])
    return parts, trailing


# Numbers a title may carry, in words: ordinals ("Second Workshop on ...")
# and small cardinals ("A Two-Stage ..." is "A 2-Stage ...").
_NUMBER_WORDS = {
    **dict.fromkeys(("first", "one"), 1),
    **dict.fromkeys(("second", "two"), 2),
    **dict.fromkeys(("third", "three"), 3),
    **dict.fromkeys(("fourth", "four"), 4),
    **dict.fromkeys(("fifth", "five"), 5),
    **dict.fromkeys(("sixth", "six"), 6),
    **dict.fromkeys(("seventh", "seven"), 7),
    **dict.fromkeys(("eighth", "eight"), 8),
    **dict.fromkeys(("ninth", "nine"), 9),
    **dict.fromkeys(("tenth", "ten"), 10),
    **dict.fromkeys(("eleventh", "eleven"), 11),
    **dict.fromkeys(("twelfth", "twelve"), 12),
}
# Roman numerals of two letters or more as written ("Part II", "Copper(II)"),
# and a lone "I" only in brackets, where it is no pronoun.
_ROMAN_TOKEN = re.compile(r"\(([IVX]+)\)|\b([IVX]{2,5})\b")
_ROMAN_VALUE = {"I": 1, "V": 5, "X": 10}
# A separator between thousands: "31,000", "10 000".
_THOUSANDS = re.compile(r"(?<=\d)[,\u00a0\u2009\u202f ](?=\d{3}\b)")
_DIGITS = re.compile(r"\d+")
_REFS_NOTE = re.compile(r"\[\d+ refs?\]", re.IGNORECASE)


def _roman(text: str) -> int | None:
    """The value of a Roman numeral up to 39 written the usual way, or None."""
    total = 0
    for n, char in enumerate(text):
        value = _ROMAN_VALUE[char]
        following = _ROMAN_VALUE[text[n + 1]] if n + 1 < len(text) else 0
        total += -value if value < following else value
    canonical = (
        "X" * (total // 10)
        + ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"][total % 10]
    )
    return total if 0 < total < 40 and canonical == text else None


def title_numbers(title: str) -> frozenset[int]:
    """The numbers a title carries, however written.

    Digits, also within a word ("HPV16", "2nd"), ordinals and small
    cardinals in words ("second", "two"), and Roman numerals ("Part II",
    "Copper(II) oxide") all count; database notes
    ("[Erratum appears in ...]", "[33 refs]") do not. Two records whose
    titles carry different numbers are different works: the second and
    third workshop, the fourth and fifth quarterly report.

    >>> sorted(title_numbers("Report of the 2nd Workshop, Part III (2,916 cases)"))
    [2, 3, 2916]
    """
    text = title
    if "[" in text:
        text = _REFS_NOTE.sub("", _DATABASE_NOTE.sub("", text))
    if "(" in text:
        text = _CORRECTION_CITATION.sub("", text)
    numbers: set[int] = set()
    if not text.isupper():
        for bracketed, bare in _ROMAN_TOKEN.findall(text):
            value = _roman(bracketed or bare)
            if value is not None:
                numbers.add(value)
    folded = fold(_THOUSANDS.sub("", text))
    numbers.update(int(digits) for digits in _DIGITS.findall(folded))
    numbers.update(_NUMBER_WORDS[w] for w in folded.split() if w in _NUMBER_WORDS)
    return frozenset(numbers)


_TRANSLATION = re.compile(r"\[([^\[\]]{20,})\]\s*\.?\s*$")


def original_title(title: str) -> str:
    """The folded original-language title a database appended in brackets.

    ``"Crowdwork: a theory [Arbeiten in der Crowd: eine Theorie]"`` gives
    ``"arbeiten in der crowd eine theorie"``; otherwise ``""``.
    """
    match = _TRANSLATION.search(title) if "[" in title else None
    return fold(match.group(1)) if match else ""


_NOTICE_WORDS = {
    "erratum": "erratum",
    "errata": "erratum",
    "corrigendum": "erratum",
    "corrigenda": "erratum",
    "correction": "erratum",
    "addendum": "erratum",
    "retraction": "retraction",
    "expression of concern": "concern",
    "book review": "review",
    "retracted": "retracted",
    "withdrawn": "retracted",
}
# "Notice of Retraction", "Publisher Correction", "Author Correction".
_NOTICE = re.compile(
    r"^(?:notice of |(?:publisher|author)s? )?(" + "|".join(_NOTICE_WORDS) + r")\b"
)


def notice_kind(title: str) -> str:
    """What kind of notice a title announces, ``""`` for none.

    ``"erratum"`` (also a corrigendum, correction or addendum),
    ``"retraction"``, ``"concern"`` (an expression of concern), or
    ``"retracted"``: a title marked "RETRACTED:" or "WITHDRAWN:", which
    Elsevier and Cochrane put on the retracted article itself and Hindawi on
    its notice, so the pair's other fields must tell which it is.

    Besides a leading "Erratum:" or "Retraction of", a trailing citation of
    the article concerned ("... (vol 85, pg 553, 2010)") marks a notice.
    A bracketed database note ("...syndrome.[Erratum appears in ...]") does
    not: it marks the corrected article itself.
    """
    # A database's note that an erratum exists ("[Erratum appears in ...]",
    # often cut short after "[Erratum") belongs to the article, not a notice.
    folded_title = fold(_DATABASE_NOTE.sub("", title) if "[" in title else title)
    match = _NOTICE.match(folded_title)
    if match:
        return _NOTICE_WORDS[match.group(1)]
    if title.rstrip(". ").endswith((")", "]")):
        cited = _CORRECTION_CITATION.search(title)
        if cited:
            kind = (cited.group("kind") or "").lower()
            return "retraction" if kind == "retraction" else "erratum"
    if folded_title.endswith(("erratum", "corrigendum", "retraction")):
        return _NOTICE_WORDS[folded_title.rsplit(" ", 1)[-1]]
    return ""


# The words that announce a notice, before the title of the article it
# concerns: "retraction note to", "notice of retraction", "erratum".
_NOTICE_HEAD = re.compile(
    _NOTICE.pattern + r"(?: (?:note|notice|statement))?(?: (?:to|of|for|on|in))? "
)
_NOTICE_TAIL = re.compile(r" (?:erratum|corrigendum|retraction)$")


def notice_subject(folded: str) -> str:
    """The folded title of a notice without the words that announce it.

    ``"retraction note to seasonal drift of plumes"`` gives ``"seasonal drift
    of plumes"``; a notice titled only "Erratum" keeps its title.
    """
    subject = _NOTICE_TAIL.sub("", _NOTICE_HEAD.sub("", folded, count=1))
    return subject if subject.count(" ") >= 2 else folded


def note_notice(note: str) -> str:
    """The kind of notice a record's note says it is (``note = {Erratum}``).

    Only a note that is the notice word, or starts with it and a colon or
    "to"/"of", counts; "see the erratum in vol. 9" does not.
    """
    if not note:
        return ""
    folded = fold(note)
    match = _NOTICE.match(folded)
    if match is None or not _NOTE_NOTICE_END.match(folded, match.end()):
        return ""
    return _NOTICE_WORDS[match.group(1)]


_NOTE_NOTICE_END = re.compile(r"$| (?:to|of|for|notice|note)\b")
_RETRACTED_MARK = re.compile(r"^(?:retracted|withdrawn)(?: article)? ")


def unmarked_title(folded: str) -> str:
    """A folded title without a leading "retracted"/"withdrawn" mark."""
    return _RETRACTED_MARK.sub("", folded, count=1)


# "[Erratum appears in Am J Transplant. 2009 Sep;9(9):2205 ...]": the
# erratum's volume, issue and first page.
_ERRATUM_AT = re.compile(
    r"\[erratum appears in [^\[\]]*?;\s*(\d+)\s*\(([^()]*)\)\s*:\s*([a-z]?\d+)",
    re.IGNORECASE,
)


def erratum_location(title: str) -> tuple[str, str]:
    """Volume and first page of the erratum a database note in a title cites.

    ``"Tide tables.[Erratum appears in Coast Rev. 2009 Sep;9(9):2205]"`` gives
    ``("9", "2205")``; a title without such a note gives ``("", "")``.
    Only this MEDLINE form of the note is read.
    """
    match = _ERRATUM_AT.search(title) if "[" in title else None
    if not match:
        return "", ""
    return number_text(match.group(1)), page_range(match.group(3))[0]


# A title marked as the extended abstract of a work: "Disposable memo
# functions (extended abstract)", "Understanding aspects: extended abstract".
_EXTENDED_ABSTRACT = re.compile(
    r"[\[(]\s*extended\s+abstract\s*[\])]|(?:^|:)\s*extended\s+abstract\s*(?::|\.?$)",
    re.IGNORECASE,
)


def extended_abstract(title: str, note: str = "") -> bool:
    """Whether a record is marked as the extended abstract of its work.

    The mark is a bracketed or colon-separated "extended abstract" in the
    title, or a note that says just that. An extended abstract and the full
    paper are two forms of one work. Bare "(abstract)" marks are left alone:
    databases add "(Structured abstract)" to records of the article itself.
    """
    if "xtended" in title and _EXTENDED_ABSTRACT.search(title):
        return True
    return fold(note).startswith("extended abstract") if note else False


# A record's own statement that another form of the work appeared elsewhere,
# on folded text: "an extended abstract appeared in stoc 93", "a preliminary
# version of this paper appears in the proceedings of ...".
_VERSION_ELSEWHERE = re.compile(
    r"\b(?:an? )?(?:extended abstract|(?:preliminary|earlier|shorter|short|"
    r"conference|abridged) version)(?: of (?:this|the) (?:paper|work|article))?"
    r" (?:appears|appeared|will appear|is to appear|to appear|was presented|"
    r"is published|was published|published)(?: (?:in|at))?(?P<venue> .*)?$"
)


def version_elsewhere(folded: str) -> tuple[str, str]:
    """Split a statement that another form of the work appeared elsewhere.

    Args:
        folded: A folded title or note.

    Returns:
        The text before the statement, and the place the statement names
        (``""`` without a statement).
        ``"how to use expert advice an extended abstract appeared in stoc
        93"`` gives ``("how to use expert advice", "stoc 93")``.
    """
    match = (
        _VERSION_ELSEWHERE.search(folded)
        if "version" in folded or ("extended" in folded)
        else None
    )
    if match is None:
        return folded, ""
    place = (match.group("venue") or "").strip() or "elsewhere"
    return folded[: match.start()].strip(), place


# A citation's statement, after its title, that the work is a copy on the web,
# on folded text: "..., at web site: http://www.research.att.com/...",
# "available from http://...". Only a statement that gives an address counts:
# "voting on the internet" is a title.
_WEB_COPY = re.compile(
    r" (?:is )?(?:available )?(?:at|on|from|via)(?: the| our| his| her| their"
    r"| the authors?| authors?)? (?:web ?(?:site|page)s?|home ?pages?"
    r"|http|https|ftp|www)\b"
)
_ADDRESS = re.compile(r"\b(?:https?|ftp|www)\b")


def web_copy(folded: str) -> tuple[str, bool]:
    """Split a statement that the work is to be had at a web address.

    A citation that gives a web address where its venue would stand cites
    the author's copy of the work, a manuscript, not the article a journal
    published. The statement is looked for after the title's first word and
    must give an address.

    Args:
        folded: A folded title.

    Returns:
        The text before the statement, and whether there was one.
        ``"boosting at web site http www research att com"`` gives
        ``("boosting", True)``.
    """
    if "www" not in folded and "tp" not in folded:
        return folded, False
    match = _WEB_COPY.search(folded, 1)
    if match is None or not _ADDRESS.search(folded, match.start()):
        return folded, False
    return folded[: match.start()].strip(), True


_DOI = re.compile(r"10\.\d{4,9}/\S+")


def normalize_doi(text: str) -> str:
    """A DOI without resolver prefix or trailing punctuation, lower-cased."""
    match = _DOI.search(text.strip().lower())
    return match.group(0).rstrip(".,;") if match else ""


def is_preprint_doi(doi: str) -> bool:
    """Whether a normalised DOI belongs to a preprint server."""
    return doi.startswith(PREPRINT_DOI_PREFIXES)


_ARXIV = re.compile(
    r"(?:arxiv[:./]|abs/|pdf/)?(\d{4}\.\d{4,5}|[a-z-]+(?:\.[a-z]{2})?/\d{7})(?:v\d+)?"
)


def arxiv_id(*texts: str) -> str:
    """The first arXiv identifier (without version) found in ``texts``."""
    for text in texts:
        lowered = text.strip().lower()
        if not lowered:
            continue
        if "arxiv" in lowered or "/" not in lowered or lowered[:4].isdigit():
            match = _ARXIV.search(lowered)
            if match:
                return match.group(1)
    return ""


_LINK = re.compile(r"^https?://([^/?#\s]+)([^?#\s]*)(?:\?([^#\s]*))?$", re.I)
_EXTENSION = re.compile(r"\.[a-z]{2,4}$")

#: A URL read for telling documents apart: host, the last path segment
#: without its extension, and the query's (name, value) pairs.
LinkKey = tuple[str, str, tuple[tuple[str, str], ...]]


def link_key(url: str) -> LinkKey | None:
    """What names the document a URL points to, or None for no web URL.

    ``"http://www.aclweb.org/anthology/P15-5006.pdf"`` gives
    ``("aclweb.org", "p15-5006", ())``: a landing page and its PDF name one
    document. An arXiv link gives None, since its id is compared as such.

    Args:
        url: A URL as a record gives it.

    Returns:
        The host without ``www.``, the document name and the sorted query.
    """
    match = _LINK.match(url.strip())
    if not match or arxiv_id(url):
        return None
    host = match.group(1).lower().removeprefix("www.")
    segments = [s for s in match.group(2).split("/") if s]
    name = _EXTENSION.sub("", segments[-1].lower()) if segments else ""
    query = tuple(sorted(parse_qsl(match.group(3) or "")))
    return host, name, query


def links_conflict(left: LinkKey, right: LinkKey) -> bool:
    """Whether two URLs on one host name different documents.

    They do when a query parameter both give differs (``?id=1287703`` and
    ``?id=1295034``), or when, without such a parameter, both end in a
    different name holding a digit (``P14-6002`` and ``P15-5002``). Names
    without digits ("stamp", "forum") say nothing about the document.
    Different paths to one document (``/document/123`` and
    ``/stamp.jsp?arnumber=123``) are not recognised as one.
    """
    if left[0] != right[0]:
        return False
    theirs = dict(right[2])
    shared = [(key, value) for key, value in left[2] if key in theirs]
    if any(theirs[key] != value for key, value in shared):
        return True
    if any(any(c.isdigit() for c in value) for _, value in shared):
        return False
    names = (left[1], right[1])
    return names[0] != names[1] and all(any(c.isdigit() for c in n) for n in names)


def normalize_isbn(text: str) -> str:
    """An ISBN as 13 digits (ISBN-10 converted), or ``""`` when malformed."""
    digits = re.sub(r"[^0-9xX]", "", text).upper()
    if len(digits) == 10:
        core = "978" + digits[:9]
        check = (
            10 - sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(core))
        ) % 10
        return core + str(check)
    return digits if len(digits) == 13 else ""


_PAGES = re.compile(
    r"^\s*(?:pp?\.|pages?)?\s*([a-z]{0,2}\d+)(?:\s*[-–—‐]+\s*([a-z]{0,2}\d+))?", re.I
)


def page_range(text: str) -> tuple[str, str]:
    """First and last page of a page field; an abbreviated end is expanded.

    ``"1234--56"`` gives ``("1234", "1256")``; a single page gives an empty end.
    Letter prefixes of ranges ("c37-c42") are dropped, so it equals "37-42";
    a single letter-prefixed locator ("e12724", "S42") is kept whole.
    A field that does not start with a page ("Suppl-29") gives nothing.
    """
    match = _PAGES.match(text)
    if not match:
        return "", ""
    first, last = (_digits(g) for g in (match.group(1), match.group(2) or ""))
    if match.group(1)[:1].isalpha() and not match.group(2):
        return match.group(1).lower(), ""
    if last and first and len(last) < len(first):
        last = first[: len(first) - len(last)] + last
    return first, last


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit()).lstrip("0")


_NUMBER = re.compile(r"\d+")


def number_text(text: str) -> str:
    """The first number in a volume or issue field, or ``""`` without one.

    ``"Drug Discovery. 9"`` gives ``"9"``; ``"Suppl. 1"`` gives ``"1"``; a
    month given as an issue ("May") is no number and so stays unknown.
    """
    match = _NUMBER.search(text)
    return (match.group(0).lstrip("0") or "0") if match else ""


#: The form of publication told by a CSL type, where the type is specific.
_FORM_OF_TYPE = {
    "paper-conference": "conference",
    "article-journal": "journal",
    "report": "report",
    "thesis": "thesis",
    "manuscript": "manuscript",
    "book": "book",
    "dataset": "dataset",
    "software": "software",
}

#: The form told by words of a container title, checked in this order.
_FORM_OF_VENUE = (
    ("thesis", re.compile(r"\b(?:thesis|dissertation)\b")),
    ("report", re.compile(r"\b(?:tech(?:nical)? rep(?:ort)?|working paper)\b")),
    ("manuscript", re.compile(r"\bmanuscript\b")),
    (
        "conference",
        re.compile(
            r"\b(?:proc|proceedings|conf|conference|symp|sympos|symposium"
            r"|workshop|congress|colloquium|lecture notes)\b"
        ),
    ),
    ("journal", re.compile(r"\b(?:j|journal|transactions|annals)\b")),
)


# A note that tells a work's status, at its start: "Unpublished manuscript",
# "To appear in Journal of ...", "Submitted to ...", "Technical report".
_STATUS_NOTE = re.compile(
    r"(?P<manuscript>unpublished|manuscript|submitted|under review|in preparation"
    r"|(?:available )?(?:at|from) (?:the )?(?:web ?site|home ?page|http|ftp|www)\b)"
    r"|(?P<report>tech(?:nical)? rep(?:ort)?)"
    r"|(?P<thesis>(?:phd|doctoral|masters?) thesis|dissertation)"
    r"|(?:to appear|forthcoming|accepted)(?: (?:in|at))?\s*(?P<venue>.*)"
)


def _form_of_venue(folded_venue: str) -> str:
    for name, pattern in _FORM_OF_VENUE:
        if pattern.search(folded_venue):
            return name
    return ""


def publication_form(item_type: str, folded_venue: str, folded_note: str = "") -> str:
    """The form a record was published in, or ``""`` when unknown.

    A specific CSL type decides; otherwise words of the folded container
    title do: ``"in proc 25th stoc"`` is a conference paper,
    ``"technical report ucsc crl 87 26"`` a report. Without either, a note
    that starts by telling the work's status does: ``"unpublished
    manuscript"``, ``"to appear journal of computer and system sciences"``
    (a journal article). A conference paper, a journal article and a report
    of one study are versions, never one record. Journals named
    "Proceedings of ..." are read as conferences when their type does not
    say otherwise.
    """
    form = _FORM_OF_TYPE.get(item_type, "")
    if form:
        return form
    if folded_venue:
        form = _form_of_venue(folded_venue)
    if form or not folded_note:
        return form
    status = _STATUS_NOTE.match(folded_note)
    if status is None:
        return ""
    if status.lastgroup == "venue":
        return _form_of_venue(status.group("venue"))
    return status.lastgroup or ""
