"""Reading BibTeX and BibLaTeX into publications.

bibtexparser splits the text into blocks; everything after that is pubkit's:
values are resolved here (``@string`` macros, ``#`` concatenation, the
predefined month macros), duplicate keys and fields are reported with what was
left out, crossref parents are inherited from, and every entry is mapped to the
CSL model with the tables in :mod:`pubkit.formats.bibtex.mapping`.

``@preamble`` and ``@comment`` blocks belong to no record. They are returned
as problems of kind ``"preamble"`` and ``"comment"`` whose ``raw`` holds the
block's text, so a writer given the :class:`pubkit.Library` can emit them again.
"""

from __future__ import annotations

import gc
import logging
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bibtexparser import model as bp

from pubkit.errors import Problem
from pubkit.formats.bibtex.convert import entry_to_publication, month_number
from pubkit.formats.bibtex.mapping import (
    CROSSREF_NEVER_INHERITED,
    CROSSREF_RENAMES,
    MONTH_MACRO_TEXT,
)
from pubkit.formats.bibtex.splitting import split_blocks
from pubkit.formats.bibtex.values import ValueSyntaxError, resolve_value
from pubkit.model import Publication

__all__ = [
    "RawEntry",
    "read_biblatex",
    "read_bibtex",
    "read_bibtex_all",
    "sniff_biblatex",
    "sniff_bibtex",
]

logger = logging.getLogger(__name__)

_ENTRY_HEAD = re.compile(r"@\s*([A-Za-z]+)\s*[{(]\s*([^,\s)}]*)")
_COMMENTED = re.compile(r"%[^\n@]*@")
# "@" and what stands where an entry type should, up to an opening brace.
_BAD_ENTRY_HEAD = re.compile(r"@(?P<head>[^\s{}(),=@\"#%']*)\s*[{(]")
_NEXT_BLOCK = re.compile(r"\n[ \t]*@")
# The head of an entry whose key BibTeX rejects (a quote, brace or comma in
# it), up to the comma that ends the line; or of an entry with no key at all.
_ODD_KEY_HEAD = re.compile(r"@\s*([A-Za-z]+)\s*\{([^\n]*),[ \t]*\n")
_KEYLESS_HEAD = re.compile(r"@\s*([A-Za-z]+)\s*\{()\s*(?=[A-Za-z][\w-]*\s*=)")


@dataclass
class RawEntry:
    """An entry with resolved but undecoded field values.

    Attributes:
        key: The cite key.
        entry_type: The entry type, lowercase.
        line: 1-based line of the ``@``.
        index: 0-based position among the file's entries.
        fields: Field name (lowercase) → value, macros and ``#`` resolved,
            outer delimiters removed, LaTeX untouched; first occurrence wins.
        raw: The entry's text as it stood in the file.
        expressions: Field name → value expression as written, for fields
            that name an undefined macro.
    """

    key: str
    entry_type: str
    line: int
    index: int
    fields: dict[str, str] = field(default_factory=dict)
    raw: str = ""
    expressions: dict[str, str] = field(default_factory=dict)


@dataclass
class _Reader:
    """State while reading one file."""

    source: str
    format: str
    macros: dict[str, str] = field(default_factory=dict)
    entries: list[RawEntry] = field(default_factory=list)
    by_key: dict[str, RawEntry] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    count: int = 0
    text: str = ""
    commented: frozenset[int] = frozenset()
    cursor: tuple[int, int] = (0, 0)

    def problem(self, line: int | None, reason: str, **kw: Any) -> None:
        self.problems.append(Problem(self.source, line, reason, **kw))

    def chunk(self, block: bp.Block) -> str:
        """The block's text from its ``@`` up to the next line opening with ``@``.

        bibtexparser keeps only the text it got through, which for a broken
        entry is a fragment; this finds the block in the input (blocks come in
        file order, so the search goes on from the previous one) and returns
        everything a person would see as the entry.
        """
        raw, line = block.raw or "", _line(block) - 1
        pos, pos_line = self.cursor
        found = self.text.find(raw, pos) if raw else -1
        while found >= 0:
            found_line = pos_line + self.text.count("\n", pos, found)
            if found_line >= line:
                break
            pos, pos_line = found + 1, found_line
            found = self.text.find(raw, pos)
        if found < 0:
            return raw.strip()
        self.cursor = (found, line)
        after = _NEXT_BLOCK.search(self.text, found + 1)
        return self.text[found : after.start() if after else len(self.text)].strip()


def _commented_lines(text: str) -> frozenset[int]:
    """0-based lines where an ``@`` follows a ``%`` (an entry commented out)."""
    lines = set()
    line, pos = 0, 0
    for match in _COMMENTED.finditer(text):
        start = text.rfind("\n", 0, match.start()) + 1
        if text[start : match.start()].strip():
            continue
        line += text.count("\n", pos, match.start())
        pos = match.start()
        lines.add(line)
    return frozenset(lines)


def read_bibtex(
    text: str, source: str = "<string>", *, format: str = "bibtex"
) -> tuple[list[Publication], list[Problem]]:
    """Read BibTeX or BibLaTeX text into publications and problems.

    Args:
        text: The file's text, with LF line ends (as :func:`pubkit.loads`
            passes it).
        source: How problem reports and provenance name the input.
        format: The format name recorded in each record's provenance.

    Returns:
        Every entry that could be read, in file order, and the problems found:
        malformed entries (with their raw text), later duplicates of a key or
        field, undefined macros, missing crossref parents, and the file's
        ``@preamble`` and ``@comment`` blocks.
    """
    # Reading allocates millions of small objects and no reference cycles;
    # pausing the cycle collector meanwhile saves about a third of the time.
    return read_bibtex_all([(text, source)], format=format)


def read_bibtex_all(
    inputs: Sequence[tuple[str, str]], *, format: str = "bibtex"
) -> tuple[list[Publication], list[Problem]]:
    r"""Read several BibTeX files as one database, as ``ibliography{a,b}`` does.

    An ``@string`` defined in one file is known in the files after it, and a
    ``crossref`` finds its parent in any file (its own first). A key repeated
    in another file is not a duplicate here: each file's records are its own.

    Args:
        inputs: ``(text, source)`` of each file, in reading order.
        format: The format name recorded in each record's provenance.

    Returns:
        As for :func:`read_bibtex`, the files' records and problems in order.
    """
    # Reading allocates millions of small objects and no reference cycles;
    # pausing the cycle collector meanwhile saves about a third of the time.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _read(inputs, format)
    finally:
        if collecting:
            gc.enable()


def _read(
    inputs: Sequence[tuple[str, str]], format: str
) -> tuple[list[Publication], list[Problem]]:
    macros = dict(MONTH_MACRO_TEXT)
    readers = []
    for text, source in inputs:
        reader = _Reader(source, format, macros=macros, text=text)
        reader.commented = _commented_lines(text)
        for block in split_blocks(text):
            _HANDLERS.get(type(block), _ignore)(reader, block)
        readers.append(reader)

    # Every file's entries, the first of a repeated key winning, for crossref.
    everywhere: dict[str, RawEntry] = {}
    for reader in readers:
        for key, entry in reader.by_key.items():
            everywhere.setdefault(key, entry)

    pubs: list[Publication] = []
    problems: list[Problem] = []
    for reader in readers:
        for entry in reader.entries:
            fields = _inherited(reader, entry, everywhere)
            try:
                pubs.append(entry_to_publication(entry, fields, reader.source, format))
            except ValueError as exc:
                reader.problem(entry.line, str(exc), raw=entry.raw, key=entry.key)
        problems.extend(reader.problems)
    return pubs, problems


def read_biblatex(
    text: str, source: str = "<string>"
) -> tuple[list[Publication], list[Problem]]:
    """Read BibLaTeX text; the same reader as :func:`read_bibtex`."""
    return read_bibtex(text, source, format="biblatex")


# --- blocks ------------------------------------------------------------------


def _line(item: bp.Block | bp.Field) -> int:
    """The 1-based line where a block or field starts."""
    return (item.start_line or 0) + 1


def _ignore(reader: _Reader, block: bp.Block) -> None:
    """Text between entries carries nothing to keep, unless it hides one.

    An ``@`` followed by a brace, or by control characters and then a brace
    (what a binary file or a damaged one holds), starts an entry BibTeX
    cannot read: that is reported. A plain comment, or an e-mail address
    followed by a parenthesis, is not.
    """
    raw = block.raw or ""
    if "@" not in raw:
        return
    for match in _BAD_ENTRY_HEAD.finditer(raw):
        head = match.group("head")
        if head and all(c.isprintable() and c != "\ufffd" for c in head):
            continue
        line = _line(block) + raw.count("\n", 0, match.start())
        text = raw[match.start() :].split("\n", 1)[0][:200]
        reader.problem(
            line,
            f"{'@' + head[:12]!r} is not an entry type; this entry is not read",
            raw=text,
            kind="malformed-entry",
        )


def _on_string(reader: _Reader, block: bp.String) -> None:
    try:
        value, undefined = resolve_value(block.value, reader.macros)
    except ValueSyntaxError as exc:
        reader.problem(
            _line(block), f"@string {block.key}: {exc}", raw=(block.raw or "")
        )
        return
    for name in undefined:
        reader.problem(
            _line(block),
            f"undefined macro {name!r} in @string {block.key!r}",
            raw=(block.raw or ""),
            kind="undefined-macro",
        )
    reader.macros[block.key.lower()] = value


def _on_preamble(reader: _Reader, block: bp.Preamble) -> None:
    try:
        value, _ = resolve_value(block.value, reader.macros)
    except ValueSyntaxError:
        value = block.value
    reader.problem(
        _line(block),
        "@preamble belongs to no record; its text is kept and written out again",
        raw=value,
        kind="preamble",
    )


def _on_comment(reader: _Reader, block: bp.ExplicitComment) -> None:
    reader.problem(
        _line(block),
        "@comment belongs to no record; its text is kept and written out again",
        raw=block.comment,
        kind="comment",
    )


def _on_failed(reader: _Reader, block: bp.ParsingFailedBlock) -> None:
    inner = block.ignore_error_block
    if isinstance(inner, bp.Entry):
        _on_entry(reader, inner)
        return
    if isinstance(inner, bp.String):
        _on_string(reader, inner)
        return
    if _is_commented(reader, block) or _recovered(reader, block):
        return
    head = _ENTRY_HEAD.match(block.raw or "")
    key = head.group(2) if head else None
    raw = reader.chunk(block) if reader.text else (block.raw or "")
    error = str(block.error)
    if raw.count("{") != raw.count("}") or "Unexpected block start" in error:
        reason = "unbalanced braces"
    else:
        reason = f"malformed entry: {error}" if error else "malformed entry"
    reader.count += 1
    reader.problem(_line(block), reason, raw=raw, key=key, kind="malformed-entry")


def _is_commented(reader: _Reader, block: bp.Block) -> bool:
    """Report and skip an entry whose line starts with ``%``.

    BibTeX itself reads such an entry, but people write ``%`` to hide it,
    and that is what pubkit follows.
    """
    if _line(block) - 1 not in reader.commented:
        return False
    reader.problem(
        _line(block),
        "entry is commented out with '%'; not read",
        raw=reader.chunk(block),
        kind="commented-out-entry",
    )
    return True


def _recovered(reader: _Reader, block: bp.ParsingFailedBlock) -> bool:
    """Read an entry whose only fault is its key; report the key."""
    chunk = reader.chunk(block)
    head = _ODD_KEY_HEAD.match(chunk) or _KEYLESS_HEAD.match(chunk)
    if head is None or chunk.count("{") != chunk.count("}"):
        return False
    patched = f"@{head.group(1)}{{pubkit-recovered,\n{chunk[head.end() :]}"
    entries = [b for b in split_blocks(patched) if type(b) is bp.Entry]
    if len(entries) != 1:
        return False
    key = head.group(2).strip()
    reason = (
        f"cite key {key!r} holds characters BibTeX does not accept; read anyway"
        if key
        else "entry has no cite key; read without one"
    )
    reader.problem(_line(block), reason, raw=chunk, key=key, kind="invalid-key")
    line = _line(block) - 1
    fields = [bp.Field(f.key, f.value, _line(f) - 1 + line) for f in entries[0].fields]
    _on_entry(reader, bp.Entry(entries[0].entry_type, key, fields, line, chunk))
    return True


def _on_entry(reader: _Reader, block: bp.Entry) -> None:
    if _is_commented(reader, block):
        return
    line = _line(block)
    entry = RawEntry(
        block.key, block.entry_type.lower(), line, reader.count, raw=(block.raw or "")
    )
    reader.count += 1
    if not entry.entry_type:
        reader.problem(
            line,
            "entry has no type after '@'; read as @misc",
            raw=(block.raw or "")[:200],
            key=entry.key,
            kind="unknown-type",
        )
    if any(unicodedata.category(c) == "Cc" for c in entry.key):
        reader.problem(
            line,
            f"cite key {entry.key!r} holds control characters; read anyway",
            raw=(block.raw or "")[:200],
            key=entry.key,
            kind="invalid-key",
        )
    folded = entry.key.lower()
    if folded and folded in reader.by_key:
        first = reader.by_key[folded]
        reason = f"entry key {entry.key!r} already used on line {first.line}; left out"
        reader.problem(
            line,
            reason,
            raw=(block.raw or ""),
            key=entry.key,
            kind="duplicate-entry-key",
        )
        return
    try:
        _fill_fields(reader, entry, block.fields)
    except ValueSyntaxError as exc:
        reader.problem(
            line, str(exc), raw=(block.raw or ""), key=entry.key, kind="malformed-entry"
        )
        return
    reader.by_key[folded] = entry
    reader.entries.append(entry)


def _fill_fields(reader: _Reader, entry: RawEntry, fields: list[bp.Field]) -> None:
    """Resolve the fields of ``entry``, keeping the first of repeated names.

    An empty value (``note = {}``) says nothing and is left out.
    """
    for fld in fields:
        name = fld.key.lower()
        try:
            value, undefined = resolve_value(fld.value, reader.macros)
        except ValueSyntaxError as exc:
            raise ValueSyntaxError(f"{exc} of field {name!r}") from None
        missing = [
            m
            for m in undefined
            if not (name == "month" and month_number(m) is not None)
        ]
        for macro in missing:
            _report_undefined(reader, entry, name, macro, _line(fld))
        if not value:
            continue
        if missing and name not in entry.fields:
            entry.expressions[name] = " ".join(fld.value.split())
        if name in entry.fields:
            reader.problem(
                _line(fld),
                f"field {name!r} repeated in entry {entry.key!r}; "
                "the first value is kept",
                raw=value,
                key=entry.key,
                kind="duplicate-field",
            )
            continue
        entry.fields[name] = value


def _report_undefined(
    reader: _Reader, entry: RawEntry, name: str, macro: str, line: int
) -> None:
    reader.problem(
        line,
        f"undefined macro {macro!r} in field {name!r} of entry {entry.key!r}",
        raw=macro,
        key=entry.key,
        kind="undefined-macro",
    )


_HANDLERS: dict[type, Any] = {
    bp.Entry: _on_entry,
    bp.String: _on_string,
    bp.Preamble: _on_preamble,
    bp.ExplicitComment: _on_comment,
    bp.ParsingFailedBlock: _on_failed,
    bp.DuplicateBlockKeyBlock: _on_failed,
    bp.DuplicateFieldKeyBlock: _on_failed,
    bp.MiddlewareErrorBlock: _on_failed,
}


# --- crossref ----------------------------------------------------------------


def _inherited(
    reader: _Reader,
    entry: RawEntry,
    everywhere: Mapping[str, RawEntry],
    depth: int = 0,
) -> dict[str, str]:
    """The entry's fields plus those it inherits through ``crossref``.

    The parent is the first entry with that key in the files read together
    (``everywhere``), as BibTeX, which ignores a repeated entry, finds it.
    """
    target = entry.fields.get("crossref")
    if not target or depth > 4:
        return entry.fields
    parent = everywhere.get(target.lower())
    if parent is None:
        if depth == 0:
            reader.problem(
                entry.line,
                f"crossref {target!r} names no entry in the files read",
                key=entry.key,
                kind="missing-crossref",
            )
        return entry.fields
    parent_fields = _inherited(reader, parent, everywhere, depth + 1)
    renames = CROSSREF_RENAMES.get((parent.entry_type, entry.entry_type), {})
    fields = dict(entry.fields)
    for name, value in parent_fields.items():
        if name in renames:
            fields.setdefault(renames[name], value)
        elif name not in CROSSREF_NEVER_INHERITED and name not in renames.values():
            fields.setdefault(name, value)
    return fields


# --- sniffing ----------------------------------------------------------------

_SNIFF = re.compile(r"^\s*@\s*([A-Za-z]+)\s*[{(]", re.MULTILINE)
_BIBLATEX_ONLY = re.compile(
    r"^\s*(journaltitle|date|eprinttype|location|urldate|langid)\s*=",
    re.MULTILINE | re.I,
)


def sniff_bibtex(text: str) -> int:
    """Score 0-100 how likely ``text`` is BibTeX: high for ``@type{`` heads."""
    head = text[:65536]
    match = _SNIFF.search(head)
    if match is None:
        return 0
    known = match.group(1).lower() in _KNOWN_TYPES
    return 90 if known else 60


def sniff_biblatex(text: str) -> int:
    """Score BibLaTeX: above BibTeX only when BibLaTeX-only fields appear."""
    if not sniff_bibtex(text):
        return 0
    return 92 if _BIBLATEX_ONLY.search(text[:65536]) else 0


_KNOWN_TYPES = frozenset(
    {"article", "book", "inproceedings", "incollection", "misc", "phdthesis"}
    | {"mastersthesis", "techreport", "proceedings", "inbook", "unpublished"}
    | {"online", "report", "thesis", "string", "preamble", "comment", "conference"}
    | {"booklet", "manual", "software", "dataset", "collection"}
)
