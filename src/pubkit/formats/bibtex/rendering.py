"""Field values and name lists rendered as BibTeX text, for the writers.

Values of the model are plain Unicode; here they get their LaTeX: specials
escaped, titles' capitals protected, page ranges with ``--``, verbatim fields
(URLs, DOIs) left as they are, and name lists joined with ``and``.
"""

from __future__ import annotations

import logging
import re
import string
from collections.abc import Collection, Sequence
from functools import lru_cache
from urllib.parse import quote

from pubkit.formats.bibtex.mapping import (
    MONTH_MACRO_TEXT,
    NAME_FIELDS,
    TITLE_FIELDS,
    VERBATIM_FIELDS,
)
from pubkit.model import Person, Publication
from pubkit.text import rich_text
from pubkit.text.names import format_bibtex_name
from pubkit.text.tex_escape import (
    braces_nest,
    encode_non_ascii,
    escape_latex,
    title_to_latex,
)

__all__ = ["name_fields", "render_value", "source_value"]

logger = logging.getLogger(__name__)

#: CSL name variables other than author and editor → field.
_NAME_FIELDS = {v: k for k, v in NAME_FIELDS.items() if v not in ("author", "editor")}

#: Date fields, written as they are when they hold an ISO/EDTF date.
_DATE_FIELDS = frozenset({"date", "urldate", "origdate", "eventdate"})
_EDTF = re.compile(r"[0-9X/~?%:T.+-]+")

_SPACES = re.compile(r"[ \t\n\r\f\v]+")
_RANGE = re.compile(r"(?<=[^\W_])\s*(?:-{1,3}|–|—)\s*(?=[^\W_])")


#: How names are written: (ascii, biblatex, keep_commands).
_NameOptions = tuple[bool, bool, bool]


def _names(people: Sequence[Person], others: bool, options: _NameOptions) -> str:
    """A BibTeX name list, each name's parts LaTeX-escaped."""
    names = [_name(p, *options) for p in people]
    if others:
        names.append("others")
    return " and ".join(names)


@lru_cache(maxsize=65536)
def _name(person: Person, ascii: bool, biblatex: bool, keep_commands: bool) -> str:
    """One person as BibTeX name text; cached, since authors recur in a file."""
    escaped = _escape_person(person, ascii, keep_commands)
    return format_bibtex_name(escaped, biblatex=biblatex)


def _escape_person(person: Person, ascii: bool, keep_commands: bool) -> Person:
    """``person`` with every name part LaTeX-escaped."""
    parts = ("family", "given", "dropping_particle", "non_dropping_particle")
    return Person(
        **{
            part: escape_latex(
                _SPACES.sub(" ", getattr(person, part)).strip(),
                ascii=ascii,
                keep_commands=keep_commands,
            )
            for part in (*parts, "suffix", "literal")
        }
    )


def name_fields(
    pub: Publication, ascii: bool, biblatex: bool, keep_commands: bool = True
) -> dict[str, str]:
    """``author``, ``editor`` and the other name fields, rendered in braces.

    Args:
        pub: The record.
        ascii: Write pure ASCII.
        biblatex: Write names for biber (see ``format_bibtex_name``).
        keep_commands: Write raw commands kept by LaTeX decoding as they
            are (see ``tex_escape.escape_latex``).

    Returns:
        Field name → value as it appears after ``name = ``.
    """
    options = (ascii, biblatex, keep_commands)
    fields: dict[str, str] = {}
    authors = pub.all_authors
    if authors or pub.authors_incomplete:
        fields["author"] = _names(authors, pub.authors_incomplete, options)
    if pub.editor or pub.editors_incomplete:
        fields["editor"] = _names(pub.editor, pub.editors_incomplete, options)
    for variable, people in pub.contributors.items():
        if variable in _NAME_FIELDS and people:
            fields[_NAME_FIELDS[variable]] = _names(people, False, options)
    return {name: "{" + value + "}" for name, value in fields.items()}


def _verbatim(name: str, value: str, ascii: bool) -> str:
    """A verbatim value in braces, with braces that do not nest made safe.

    In ASCII mode non-ASCII characters of a URL or DOI are percent-encoded;
    in other verbatim fields (file paths) they are kept, with a warning.
    """
    if ascii and not value.isascii():
        if name in ("url", "doi", "urlraw", "pdflink"):
            value = quote(value, safe=string.punctuation)
        else:
            logger.warning("%s value %r is not ASCII; kept as it is", name, value)
    if not braces_nest(value):
        logger.warning("%s value %r: unbalanced braces percent-encoded", name, value)
        value = value.replace("{", "%7B").replace("}", "%7D")
    return "{" + value + "}"


def render_value(
    name: str,
    value: str,
    ascii: bool,
    protect: Collection[str] = (),
    keep_commands: bool = True,
) -> str:
    """One field's value as it appears after ``name = ``.

    Args:
        name: The field name, lowercase.
        value: The value as plain Unicode.
        ascii: Write pure ASCII.
        protect: In a title field, words to protect whatever the case rules
            say (the ones the source protected).
        keep_commands: Write raw commands kept by LaTeX decoding as they
            are (see ``tex_escape.escape_latex``).

    Returns:
        The value in braces (a month as its bare macro).
    """
    value = _SPACES.sub(" ", value).strip()
    if name == "month" and value in MONTH_MACRO_TEXT:
        return value
    if name in VERBATIM_FIELDS or (name in _DATE_FIELDS and _EDTF.fullmatch(value)):
        return _verbatim(name, value, ascii)
    if not keep_commands and "<" in value:
        runs = rich_text.parse(value)
        if runs is not None:
            return _rich_value(name, runs, ascii, protect)
    return _plain_value(name, value, ascii, protect, keep_commands)


# LaTeX for each kind of CSL rich text (see pubkit.text.rich_text), with the
# private-use marks that stand for its start and end while text is escaped.
_RICH_LATEX = {
    "i": r"\textit{",
    "b": r"\textbf{",
    "sup": r"\textsuperscript{",
    "sub": r"\textsubscript{",
    "sc": r"\textsc{",
    "nocase": "{",
    "": "",
}
_RICH_MARKS = {
    kind: (chr(0xE100 + 2 * n), chr(0xE101 + 2 * n))
    for n, kind in enumerate(_RICH_LATEX)
}
_RICH_OUT = {
    mark: (latex if n == 0 else ("}" if latex else ""))
    for kind, latex in _RICH_LATEX.items()
    for n, mark in enumerate(_RICH_MARKS[kind])
}
_RICH_MARK = re.compile("[" + "".join(_RICH_OUT) + "]")


def _rich_value(
    name: str, runs: tuple[rich_text.Run, ...], ascii: bool, protect: Collection[str]
) -> str:
    r"""A value holding CSL rich text, its markup written as LaTeX.

    ``The <i>Drosophila</i> genome`` gives ``{The \textit{Drosophila} genome}``
    (with case protection as for any title); a nocase span is braced.
    """
    marked = "".join(
        value if kind == "text" else _RICH_MARKS[value][kind == "close"]
        for kind, value in runs
    )
    rendered = _plain_value(name, marked, ascii, protect, keep_commands=False)
    latex = _RICH_MARK.sub(lambda m: _RICH_OUT[m.group()], rendered)
    if name in TITLE_FIELDS:
        # "H\textsubscript{2}O" is one word whose capitals a sentence-case
        # style must not lower, though each is a single letter.
        latex = _SCRIPTED_WORD.sub(_protect_scripted, latex)
    return latex


# A word with sub- or superscripts in it, and the braces already around it.
_SCRIPTED_WORD = re.compile(
    r"(\{?)((?:[^\W_]|\\textsu(?:b|per)script\{[^{}]*\})*"
    r"\\textsu(?:b|per)script\{[^{}]*\}(?:[^\W_]|\\textsu(?:b|per)script\{[^{}]*\})*)"
)


def _protect_scripted(match: re.Match[str]) -> str:
    brace, word = match.groups()
    if brace or word == word.lower():
        return match.group()
    return "{" + word + "}"


def _plain_value(
    name: str, value: str, ascii: bool, protect: Collection[str], keep_commands: bool
) -> str:
    """A value escaped for BibTeX: see :func:`render_value`."""
    if name == "pages":
        pieces = _RANGE.split(value)
        escaped = (
            escape_latex(p, ascii=ascii, keep_commands=keep_commands) for p in pieces
        )
        return "{" + "--".join(escaped) + "}"
    if name in TITLE_FIELDS:
        title = title_to_latex(
            value, ascii=ascii, protect=protect, keep_commands=keep_commands
        )
        return "{" + title + "}"
    return "{" + escape_latex(value, ascii=ascii, keep_commands=keep_commands) + "}"


def source_value(name: str, raw: str, ascii: bool) -> str:
    """A source field as read: LaTeX kept, made ASCII when asked.

    Args:
        name: The field name, lowercase.
        raw: The value as read, LaTeX and all.
        ascii: Write pure ASCII.

    Returns:
        The value in braces.
    """
    raw = _SPACES.sub(" ", raw).strip()
    if name in VERBATIM_FIELDS:
        return render_value(name, raw, ascii)
    if not braces_nest(raw):
        return "{" + escape_latex(raw, ascii=ascii) + "}"
    return "{" + (encode_non_ascii(raw) if ascii else raw) + "}"
