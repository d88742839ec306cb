"""Reading what pubkit wrote gives the same records, for the large real file.

The twenty smaller real files are checked the same way, with what a dialect
is documented to keep, in ``test_bibtex_writer.py``.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

import pubkit
from pubkit import Publication


def _bare(pubs: pubkit.Library) -> list[Publication]:
    """The records without provenance, which names the text read."""
    return [dataclasses.replace(p, provenance=()) for p in pubs]


@pytest.mark.large
@pytest.mark.parametrize("dialect", ["bibtex", "biblatex"])
def test_large_file_round_trip_is_a_fixpoint(shared: Path, dialect: str) -> None:
    """write(read(write(read(f)))) repeats the bytes, and every record is kept."""
    path = shared / "data" / "bib" / "large" / "conference-papers.bib"
    first = pubkit.read(path)
    written = pubkit.dumps(first, format=dialect)
    second = pubkit.loads(written, format=dialect)
    again = pubkit.dumps(second, format=dialect)
    assert len(second) == len(first)
    assert again == written
    assert _bare(pubkit.loads(again, format=dialect)) == _bare(second)
