"""Reading labelled deduplication sets: ``records_pre_merged.csv`` files.

This CSV layout (one record a row; ``ID``, ``ENTRYTYPE`` and BibTeX field
names as columns; authors as ``"Family, G. and Family, G."``) is what
systematic-review tools such as bib-dedupe and CoLRev exchange, with
``merged_record_ids.csv`` listing the true duplicate groups beside it.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from pubkit.model import Date, Person, Provenance, Publication

__all__ = ["read_gold_groups", "read_records_csv", "split_author_list"]

# BibTeX entry types to CSL item types, for the types these files use.
_TYPES = {
    "article": "article-journal",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "incollection": "chapter",
    "inbook": "chapter",
    "book": "book",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "techreport": "report",
    "misc": "article",
    "unpublished": "manuscript",
}
_PLACEHOLDERS = frozenset({"", "unknown", "nan", "none", "n/a"})


def _cell(row: dict[str, str], *names: str) -> str:
    for name in names:
        value = (row.get(name) or "").strip()
        if value.lower() not in _PLACEHOLDERS:
            return value
    return ""


def split_author_list(text: str) -> tuple[Person, ...]:
    """People of an ``"and"``-separated list of ``"Family, Given"`` names.

    A name without a comma is read as ``"Given Family"``.
    """
    people = []
    for name in text.replace(" AND ", " and ").split(" and "):
        name = name.strip().strip(",;")
        if not name:
            continue
        if "," in name:
            family, given = name.split(",", 1)
            people.append(Person(family=family.strip(), given=given.strip()))
        elif " " in name:
            given, family = name.rsplit(" ", 1)
            people.append(Person(family=family, given=given))
        else:
            people.append(Person(family=name))
    return tuple(people)


def _year(text: str) -> Date | None:
    digits = text.strip()[:4]
    return Date((int(digits),)) if digits.isdigit() else None


def _record(row: dict[str, str], index: int, source: str) -> Publication:
    entry_type = _cell(row, "ENTRYTYPE").lower()
    record_id = _cell(row, "ID")
    return Publication(
        type=_TYPES.get(entry_type, "article"),
        id=record_id,
        title=_cell(row, "title"),
        author=split_author_list(_cell(row, "author")),
        editor=split_author_list(_cell(row, "editor")),
        issued=_year(_cell(row, "year")),
        container_title=_cell(row, "journal", "booktitle"),
        volume=_cell(row, "volume"),
        issue=_cell(row, "number", "issue"),
        page=_cell(row, "pages"),
        publisher=_cell(row, "publisher"),
        doi=_cell(row, "doi"),
        isbn=_cell(row, "isbn"),
        abstract=_cell(row, "abstract"),
        provenance=(Provenance(source, "records-csv", index=index, key=record_id),),
    )


def read_records_csv(path: str | Path) -> list[Publication]:
    """Read a ``records_pre_merged.csv`` file into publications.

    Args:
        path: The CSV file.

    Returns:
        One publication per row, with the row's ``ID`` as its id.
    """
    with Path(path).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [_record(row, i, str(path)) for i, row in enumerate(rows)]


def read_gold_groups(path: str | Path) -> list[tuple[str, ...]]:
    """Read ``merged_record_ids.csv``: one true duplicate group per row."""
    with Path(path).open(encoding="utf-8", newline="") as handle:
        rows: Iterable[dict[str, str]] = csv.DictReader(handle)
        return [tuple(r["merged_ids"].split(";")) for r in rows if r.get("merged_ids")]
