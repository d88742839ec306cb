r"""What real BibTeX and biber make of the names, types and values pubkit writes.

BibTeX is asked through a small style whose only job is to print, for every
entry, its type, each name split by ``format.name$`` into von, last, first and
jr parts, and the journal; biber is asked through the ``.bbl`` it writes for
``biblatex``. Their answers are the expected values.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import pubkit
from pubkit.formats.bibtex.writer import write_biblatex, write_bibtex
from pubkit.model import Date, Person, Publication
from pubkit.text.names import parse_plain_name, split_names

pytestmark = [
    pytest.mark.latex,
    pytest.mark.skipif(
        any(shutil.which(tool) is None for tool in ("pdflatex", "bibtex", "biber")),
        reason="pdflatex, bibtex and biber must all be on PATH",
    ),
]

# Prints "@type{key", then "author", one "von|last|first|jr" line a name,
# "editor" and its names, and "journal=..." for every entry. BibTeX gives
# ``type$`` only for types the style defines, hence the list of functions.
_DUMP_BST = r"""
ENTRY { author editor journal } {} {}
INTEGERS { i n }
STRINGS { s }
FUNCTION {names}
{ 's :=
  s num.names$ 'n :=
  #1 'i :=
  { i n #1 + < }
  { s i "{vv}|{ll}|{ff}|{jj}" format.name$ write$ newline$
    i #1 + 'i :=
  }
  while$
}
FUNCTION {dump}
{ "@" type$ * "{" * cite$ * write$ newline$
  "author" write$ newline$
  author empty$ { } { author names } if$
  "editor" write$ newline$
  editor empty$ { } { editor names } if$
  "journal=" journal empty$ { "" } { journal } if$ * write$ newline$
}
FUNCTION {default.type} { dump }
FUNCTION {article} { dump }
FUNCTION {book} { dump }
FUNCTION {misc} { dump }
FUNCTION {software} { dump }
FUNCTION {foo} { dump }
READ
ITERATE {call.type$}
"""

_BIBLATEX_DOC = r"""\documentclass{article}
\usepackage[backend=biber]{biblatex}
\addbibresource{refs.bib}
\begin{document}
\nocite{*}
\end{document}
"""

Name = tuple[str, str, str, str]


def _bibtex(bib: str, folder: Path) -> dict[str, dict[str, object]]:
    """BibTeX's view of each entry: type, author and editor parts, journal."""
    (folder / "refs.bib").write_text(bib, encoding="utf-8")
    (folder / "dump.bst").write_text(_DUMP_BST, encoding="utf-8")
    aux = "\\relax\n\\citation{*}\n\\bibstyle{dump}\n\\bibdata{refs}\n"
    (folder / "doc.aux").write_text(aux, encoding="utf-8")
    subprocess.run(("bibtex", "doc"), cwd=folder, capture_output=True, check=False)
    entries: dict[str, dict[str, object]] = {}
    current: dict[str, object] = {}
    names: list[Name] = []
    for line in (folder / "doc.bbl").read_text(encoding="utf-8").splitlines():
        if line.startswith("@"):
            kind, key = line[1:].split("{", 1)
            current = entries.setdefault(key, {"type": kind})
        elif line in ("author", "editor"):
            names = []
            current[line] = names
        elif line.startswith("journal="):
            current["journal"] = line.removeprefix("journal=")
        else:
            parts = line.replace("~", " ").split("|")
            names.append((parts[0], parts[1], parts[2], parts[3]))
    return entries


def _biber(bib: str, folder: Path) -> str:
    """The ``.bbl`` biber writes for ``bib``."""
    (folder / "refs.bib").write_text(bib, encoding="utf-8")
    (folder / "doc.tex").write_text(_BIBLATEX_DOC, encoding="utf-8")
    latex = ("pdflatex", "-interaction=nonstopmode", "doc.tex")
    subprocess.run(latex, cwd=folder, capture_output=True, check=False)
    subprocess.run(("biber", "doc"), cwd=folder, capture_output=True, check=False)
    return (folder / "doc.bbl").read_text(encoding="utf-8")


def _bbl_entry(bbl: str, key: str) -> str:
    r"""The text of one ``\entry`` of a biber ``.bbl``."""
    match = re.search(r"\\entry\{" + re.escape(key) + r"\}.*?\\endentry", bbl, re.S)
    assert match is not None, bbl
    return match.group()


def _bbl_names(entry: str) -> list[dict[str, str]]:
    """The name parts of each name in one ``.bbl`` entry, in order."""
    names = []
    for block in entry.split("{{")[1:]:
        block = re.sub(r"\\bibnamedelim[a-z]\s*", " ", block)
        parts = dict(re.findall(r"\b(family|given|prefix|suffix)=\{([^{}]*)\}", block))
        if parts:
            names.append(parts)
    return names


_VON_OSWALD = parse_plain_name("Johannes Von Oswald")
_DE_LA_FONTAINE = Person(family="Fontaine", given="Jean", non_dropping_particle="De La")
_PARTICLES = Publication(
    type="article-journal",
    id="particles",
    title="Particles",
    author=(_VON_OSWALD, _DE_LA_FONTAINE),
)


def test_capitalised_particle_is_a_von_part_for_bibtex(tmp_path: Path) -> None:
    """BibTeX splits a written capitalised particle into its von part."""
    entry = _bibtex(write_bibtex([_PARTICLES]), tmp_path)["particles"]
    assert entry["author"] == [
        ("{\\uppercase{v}}on", "Oswald", "Johannes", ""),
        ("{\\uppercase{d}}e {\\uppercase{l}}a", "Fontaine", "Jean", ""),
    ]
    (again,) = pubkit.loads(write_bibtex([_PARTICLES]), format="bibtex")
    assert again.author == (_VON_OSWALD, _DE_LA_FONTAINE)


def test_capitalised_particle_is_a_prefix_for_biber(tmp_path: Path) -> None:
    """Biber reads a written capitalised particle as the name's prefix."""
    entry = _bbl_entry(_biber(write_biblatex([_PARTICLES]), tmp_path), "particles")
    assert _bbl_names(entry) == [
        {"family": "Oswald", "given": "Johannes", "prefix": "Von"},
        {"family": "Fontaine", "given": "Jean", "prefix": "De La"},
    ]
    assert "useprefix=true" in entry
    (again,) = pubkit.loads(write_biblatex([_PARTICLES]), format="biblatex")
    assert again.author == (_VON_OSWALD, _DE_LA_FONTAINE)


_SOURCE = r"""@book{ed,
  editor = {Quill, Rosa and others},
  title = {Collected}
}

@article{aas,
  author = {Brandt, Tomas},
  title = {Tides},
  journal = {\aap}
}

@software{tool,
  author = {Brandt, Tomas},
  title = {Tool}
}

@foo{odd,
  author = {Brandt, Tomas},
  title = {Odd}
}
"""


def test_bibtex_sees_what_was_read(tmp_path: Path) -> None:
    """Editors' ``others``, an unknown macro and entry types reach BibTeX again."""
    library = pubkit.loads(_SOURCE, format="bibtex")
    seen = _bibtex(pubkit.dumps(library, format="bibtex"), tmp_path)
    original = _bibtex(_SOURCE, tmp_path)
    assert seen == original
    assert seen["ed"]["editor"] == [("", "Quill", "Rosa", ""), ("", "others", "", "")]
    assert seen["aas"]["journal"] == "\\aap"
    assert [seen[k]["type"] for k in ("tool", "odd")] == ["software", "foo"]


def test_biber_sees_what_was_read(tmp_path: Path) -> None:
    """Editors' ``others``, an unknown macro and entry types reach biber again."""
    library = pubkit.loads(_SOURCE, format="biblatex")
    bbl = _biber(pubkit.dumps(library, format="biblatex"), tmp_path)
    assert "\\true{moreeditor}" in _bbl_entry(bbl, "ed")
    assert "\\field{journaltitle}{\\aap}" in _bbl_entry(bbl, "aas")
    assert _bbl_entry(bbl, "tool").startswith("\\entry{tool}{software}")
    assert _bbl_entry(bbl, "odd").startswith("\\entry{odd}{foo}")


def test_doubled_and_is_an_empty_name_as_in_bibtex(tmp_path: Path) -> None:
    """``and and`` leaves an empty name, which BibTeX counts and pubkit drops."""
    bib = "@article{k, author = {Ronald Ashri and Michael Luck and and Mark Inverno}}"
    names = _bibtex(bib, tmp_path)["k"]["author"]
    assert names == [
        ("", "Ashri", "Ronald", ""),
        ("", "Luck", "Michael", ""),
        ("", "", "", ""),
        ("", "Inverno", "Mark", ""),
    ]
    raw, _ = split_names("Ronald Ashri and Michael Luck and and Mark Inverno")
    assert raw == ["Ronald Ashri", "Michael Luck", "Mark Inverno"]


# Prints each entry's title as a sentence-case style lowers it.
_TITLE_BST = r"""
ENTRY { title } {} {}
FUNCTION {dump} { cite$ "=" * title "t" change.case$ * write$ newline$ }
FUNCTION {default.type} { dump }
FUNCTION {article} { dump }
READ
ITERATE {call.type$}
"""

_PROTECTED_TITLES = r"""
@article{baltic, title = {Standing Waves in Narrow {B}altic Inlets}}
@article{whole, title = "{The Magnetic Topology of Solar Eruptions}"}
@article{mixed, title = {A Study of {M}arkov Chains in {GPS} Data from {\"O}land}}
@article{group, title = {Tides of the {North Sea} and Open Water}}
"""


def _lowered_titles(bib: str, folder: Path) -> dict[str, str]:
    """Each entry's title after BibTeX's sentence-case change, braces dropped."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "refs.bib").write_text(bib, encoding="utf-8")
    (folder / "titles.bst").write_text(_TITLE_BST, encoding="utf-8")
    aux = "\\relax\n\\citation{*}\n\\bibstyle{titles}\n\\bibdata{refs}\n"
    (folder / "doc.aux").write_text(aux, encoding="utf-8")
    subprocess.run(("bibtex", "doc"), cwd=folder, capture_output=True, check=False)
    lines = (folder / "doc.bbl").read_text(encoding="utf-8").splitlines()
    plain = [re.sub(r"[{}]", "", line) for line in lines if "=" in line]
    return dict(line.split("=", 1) for line in plain)


@pytest.mark.parametrize("ascii", [False, True], ids=["utf8", "ascii"])
def test_source_protection_survives_a_sentence_case_style(
    tmp_path: Path, ascii: bool
) -> None:
    """BibTeX lowers pubkit's titles just as it lowers the source's own."""
    expected = _lowered_titles(_PROTECTED_TITLES, tmp_path / "source")
    written = pubkit.dumps(
        pubkit.loads(_PROTECTED_TITLES), format="bibtex", ascii=ascii
    )
    got = _lowered_titles(written, tmp_path / "written")
    assert expected["baltic"] == "Standing waves in narrow Baltic inlets"
    assert got == expected


def test_csl_rich_text_keeps_its_capitals_under_a_sentence_case_style(
    tmp_path: Path,
) -> None:
    """BibTeX leaves a species name, a formula and a nocase word as written."""
    item = {
        "id": "rich",
        "type": "article-journal",
        "title": "<i>Drosophila</i> and H<sub>2</sub>O in "
        '<span class="nocase">iPhone</span> Apps',
    }
    lib = pubkit.loads(json.dumps([item]), format="csljson")
    got = _lowered_titles(pubkit.dumps(lib, format="bibtex"), tmp_path)
    assert got == {"rich": r"\textitDrosophila and H\textsubscript2O in iPhone apps"}


_KEYS_KEPT = ("wang*_x_2019", "_preprintx_2015", "AAAI/IAAI99*570", "Lermontov:2009-a")


def test_source_keys_that_bibtex_and_biber_accept_are_kept(tmp_path: Path) -> None:
    """Keys both tools accept stay as they were; one biber rejects is renamed."""
    source = "".join(
        f"@misc{{{key}, title = {{Work {n}}}, year = 2019}}\n"
        for n, key in enumerate((*_KEYS_KEPT, "O'Hara_1999"))
    )
    biber_dir = tmp_path / "source-biber"
    biber_dir.mkdir()
    in_source_bbl = re.findall(r"\\entry\{([^}]*)\}", _biber(source, biber_dir))
    assert "O'Hara_1999" not in in_source_bbl  # biber's own verdict

    written = pubkit.dumps(pubkit.loads(source, format="bibtex"), format="bibtex")
    keys = re.findall(r"^@misc\{([^,]*),", written, flags=re.MULTILINE)
    assert keys[:4] == list(_KEYS_KEPT)
    assert keys[4] == "work20194"  # built from the title: there is no author

    bibtex_dir = tmp_path / "written-bibtex"
    bibtex_dir.mkdir()
    assert set(_bibtex(written, bibtex_dir)) == set(keys)
    written_dir = tmp_path / "written-biber"
    written_dir.mkdir()
    in_bbl = re.findall(r"\\entry\{([^}]*)\}", _biber(written, written_dir))
    assert sorted(in_bbl) == sorted(keys)


def test_dates_before_the_common_era_are_what_biber_reads(tmp_path: Path) -> None:
    """CSL's -44 (44 BCE) is written -0044, which biber reads as 44 BCE."""
    caesar = Publication(
        type="book",
        id="caesar",
        title="Commentarii",
        author=(Person(family="Caesar"),),
        issued=Date((-44, 3, 15)),
    )
    bib = write_biblatex([caesar])
    assert "date = {-0044-03-15}" in bib
    entry = _bbl_entry(_biber(bib, tmp_path), "caesar")
    assert r"\field{year}{44}" in entry
    assert r"\field{dateera}{bce}" in entry
    assert pubkit.loads(bib, format="biblatex")[0].issued == caesar.issued
