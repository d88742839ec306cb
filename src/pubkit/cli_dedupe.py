"""The ``pubkit dedupe`` command: find and merge duplicate records.

Records are named by their cite key in the summary, ``--report`` and the
output: the id a record was read with when it is a usable cite key not taken
by an earlier record, else a key made by :func:`pubkit.keys.assign_keys`
(``lajoie2024learning``). Records without ids, such as those of a profile
page, so get the same keys on every run over the same input. ``--keymap``
and BibTeX's ``ids`` name a dropped record by the key its input gave it,
since that is the key a manuscript cites.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import sys

import click

from pubkit.cli import (
    _WRITABLE,
    _CannotWrite,
    _emit,
    _load,
    _report,
    _UsageError,
    cli,
)
from pubkit.errors import PubkitError
from pubkit.formats import for_path
from pubkit.io import atomic_write_text, dumps
from pubkit.keys import assign_keys, is_valid_key
from pubkit.library import Library
from pubkit.match import (
    MERGE_MODES,
    MERGED_IDS,
    DuplicateReport,
    deduplicate,
    report_summary,
    report_to_json,
)

__all__ = ["dedupe"]

logger = logging.getLogger(__name__)


def _output_format(to: str | None, output: str | None) -> str:
    """The format asked for, else the output file's, else BibTeX."""
    if to is not None:
        return to
    by_suffix = for_path(output) if output not in (None, "-") else None
    return by_suffix.name if by_suffix and by_suffix.write else "bibtex"


def _cited_keys(
    keymap: dict[str, str], read_as: dict[str, str], merged: Library
) -> dict[str, str]:
    """A keymap from assigned keys turned into one from the keys inputs used.

    A dropped record read without a key keeps its assigned one; a key that
    would map to itself (two inputs gave one paper the same key) is left out.
    A kept record whose key was not usable (``O'Hara_1999``) maps it to the
    key it is written with, since a manuscript cites that one too.
    """
    cited = {}
    for dropped, kept in keymap.items():
        key = read_as.get(dropped) or dropped
        if key != kept:
            cited[key] = kept
    for pub in merged:
        given = _given_key(pub.id, read_as)
        if given and given not in cited:
            cited[given] = pub.id
    return cited


def _given_key(key: str, read_as: dict[str, str]) -> str:
    """The key the input gave a record now named ``key``, if it was another."""
    given = read_as.get(key, "")
    return given if given != key else ""


def _named_as_read(report: DuplicateReport, read_as: dict[str, str]) -> DuplicateReport:
    """The report with each record given a new key also named by the key it had.

    ``ajay2017intersubband (read as Ajay_2017a)`` tells the reader which
    entry of a file given twice, or which unusable key, the summary means.
    """
    names = tuple(
        f"{key} (read as {given})" if (given := _given_key(key, read_as)) else key
        for key in report.ids
    )
    return dataclasses.replace(report, ids=names)


def _warn_renamed(merged: Library, read_as: dict[str, str]) -> None:
    """Say which records written keep no key their input gave them.

    Only the records written are named: a dropped copy's key, taken by the
    record it merges into, is in the keymap and the ``ids`` field instead.
    """
    for pub in merged:
        given = _given_key(pub.id, read_as)
        if given:
            why = "is taken" if is_valid_key(given) else "is not a valid cite key"
            logger.warning("key %r %s; written as %r", given, why, pub.id)


def _with_alias_keys(merged: Library, fmt: str, read_as: dict[str, str]) -> Library:
    """In BibTeX output, a merged record lists its members' keys as ``ids``.

    biblatex resolves a citation of any key in ``ids`` to the entry, so a
    manuscript citing a dropped key still builds. BibTeX output keeps only
    this of the merge's bookkeeping; the members' other values for a field
    (``extra["variants"]``) are written by CSL-JSON output alone.
    """
    if fmt not in ("bibtex", "biblatex"):
        return merged
    # A key another entry of the output has is no alias: biber would skip it,
    # and the keymap says where that citation goes.
    written = {pub.id for pub in merged}
    records = []
    for pub in merged:
        members = (read_as.get(i) or i for i in pub.extra.get(MERGED_IDS, ()))
        aliases = [i for i in members if i and i not in written]
        if aliases:
            given = [k.strip() for k in pub.source_fields.get("ids", "").split(",")]
            keys = ", ".join(dict.fromkeys(k for k in (*given, *aliases) if k))
            pub = pub.evolve(source_fields={**pub.source_fields, "ids": keys})
        records.append(pub)
    return Library(records, merged.problems)


def _write(path: str, text: str) -> None:
    """Write ``text`` to ``path`` atomically; a failure is one line, status 2.

    A directory that does not exist or a read-only place is the user's to
    fix, so it is named without a traceback, as ``-o`` does.
    """
    try:
        atomic_write_text(path, text)
    except OSError as exc:
        raise _CannotWrite(f"cannot write {path}: {exc.strerror or exc}") from exc


def _write_json(path: str, data: object) -> None:
    """Write ``data`` as indented JSON to ``path``, atomically."""
    _write(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", help="Merged records to this file ('-': stdout).")
@click.option("--from", "from_", help="Input format (default: from suffix or content).")
@click.option("--to", "to", type=click.Choice(_WRITABLE), help="Output format.")
@click.option("--report", "report_path", help="Write the groups and pairs as JSON.")
@click.option("--keymap", "keymap_path", help="Write {dropped key: kept key} JSON.")
@click.option(
    "--merge",
    type=click.Choice(sorted(MERGE_MODES)),
    default="duplicates",
    show_default=True,
    help="Merge duplicates only, or versions of one work too.",
)
def dedupe(
    inputs: tuple[str, ...],
    output: str | None,
    from_: str | None,
    to: str | None,
    report_path: str | None,
    keymap_path: str | None,
    merge: str,
) -> None:
    """Find duplicate records and versions in INPUTS and merge them.

    Without -o a summary of the groups is printed; with it the merged
    records are written there. Records are named by their cite keys.
    """
    library = _load(inputs, from_)
    keys = assign_keys(library, keep_existing=True, warn=False)
    keyed = Library(keys, library.problems)
    read_as = {new.id: old.id for new, old in zip(keyed, library, strict=True)}
    merged, report = deduplicate(keyed, merge=merge)

    if report_path:
        _write(report_path, report_to_json(report) + "\n")
    if keymap_path:
        _write_json(keymap_path, _cited_keys(report.keymap(merge), read_as, merged))

    if output is None:
        click.echo(report_summary(_named_as_read(report, read_as)))
    else:
        _warn_renamed(merged, read_as)
        fmt = _output_format(to, output)
        try:
            text = dumps(_with_alias_keys(merged, fmt, read_as), format=fmt)
        except (PubkitError, ValueError) as exc:
            raise _UsageError(str(exc)) from exc
        _emit(text, output)
    sys.exit(_report(library))
