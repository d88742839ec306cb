from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

import pubkit
from pubkit.model import Date, Person
from tests.conftest import EXAMPLES

REFS = EXAMPLES / "refs.bib"
KEYS = [
    "lemaire2020sparse",
    "schrodinger2019waves",
    "quill2021tables",
    "coastal2021",
    "ito2018model",
    "nakamura2023diffusion",
    "berg2015coasts",
    "duarte2017estuary",
    "tidekit2022",
]


def _bbl(tmp_path: Path) -> str:
    """The .bbl that real bibtex makes of refs.bib with plain.bst."""
    if shutil.which("bibtex") is None:
        pytest.skip("bibtex is not installed")
    shutil.copy(REFS, tmp_path / "refs.bib")
    aux = "\\relax\n\\citation{*}\n\\bibstyle{plain}\n\\bibdata{refs}\n"
    (tmp_path / "t.aux").write_text(aux)
    subprocess.run(["bibtex", "t"], cwd=tmp_path, capture_output=True, check=False)
    return (tmp_path / "t.bbl").read_text()


@pytest.mark.latex
def test_refs_bib_is_valid_for_bibtex(tmp_path: Path) -> None:
    """Real bibtex reads every entry of refs.bib, resolving strings and crossref."""
    bbl = _bbl(tmp_path)
    assert sorted(re.findall(r"\\bibitem\{([^}]+)\}", bbl)) == sorted(KEYS)
    assert "Tidal Letters (Special Issue)" in bbl
    assert "Kova{\\v{c}}evi{\\'c}, et~al." in bbl
    assert "In Quill \\cite{coastal2021}, pages 33--40." in bbl


def test_refs_bib_reads_with_pubkit() -> None:
    """The refs.bib example reads into the values bibtex prints, decoded to Unicode."""
    library = pubkit.read(REFS)
    assert list(library.ids) == KEYS
    assert library.problems == ()
    waves = library.get("schrodinger2019waves")
    assert waves is not None
    assert waves.container_title == "Tidal Letters (Special Issue)"
    assert [p.display() for p in waves.author] == ["Jörg Schrödinger", "Ana Kovačević"]
    assert waves.authors_incomplete is True
    sparse = library.get("lemaire2020sparse")
    assert sparse is not None
    assert sparse.author[1] == Person(
        "Berg", "Hendrik", non_dropping_particle="van der"
    )
    assert sparse.issued == Date((2020, 5))


def test_refs_bib_special_entries() -> None:
    """Crossref, organisation authors, a BibLaTeX date and an arXiv eprint."""
    library = pubkit.read(REFS)
    tables = library.get("quill2021tables")
    assert tables is not None
    assert (
        tables.container_title
        == "Proceedings of the Workshop on Coastal Computing 2021"
    )
    assert tables.publisher_place == "Gdańsk"
    report = library.get("ito2018model")
    assert report is not None
    assert report.author == (Person(literal="International Tide Observatory"),)
    preprint = library.get("nakamura2023diffusion")
    assert preprint is not None
    assert preprint.issued == Date((2023, 3, 14))
    assert preprint.arxiv == "2303.01234"
    assert preprint.author[1].non_dropping_particle == "von"


def test_profile_example_reads_twelve_works() -> None:
    """examples/profile.txt reads as twelve works by its owner and co-authors."""
    library = pubkit.read(EXAMPLES / "profile.txt")
    assert len(library) == 12
    assert {p.implied_authors for p in library} == {(Person("Lajoie", "Guillaume"),)}
    assert library[9].title == "Learning Stochastic Rainbow Networks"
    assert [p.family for p in library[9].author] == ["White", "Chaudhary", "Harris"]
