r"""Real BibTeX, biber and pdfLaTeX accept what pubkit writes, and drop nothing.

Every real ``.bib`` file in ../shared is read with pubkit, written again (BibTeX
in UTF-8 and in ASCII, BibLaTeX in UTF-8), and run through the real tools with
``\nocite{*}``. The tools are the oracle: no error from ``bibtex`` or
``biber``, no LaTeX error when the bibliography is typeset, and every written
key in the ``.bbl``.

The LaTeX documents turn an undefined Unicode character into a ``?`` instead
of an error: pdfLaTeX's fonts lack Greek or CJK glyphs whatever the input, and
that says nothing about the file pubkit wrote.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

import pubkit
from pubkit import formats

from .conftest import SEED, SHARED

pytestmark = [
    pytest.mark.latex,
    pytest.mark.skipif(
        any(shutil.which(tool) is None for tool in ("pdflatex", "bibtex", "biber")),
        reason="pdflatex, bibtex and biber must all be on PATH",
    ),
]

REAL = SHARED / "data" / "bib" / "real"
FILES = sorted(REAL.glob("*.bib")) if REAL.is_dir() else []

_PREAMBLE = r"""\documentclass{article}
\usepackage[T1]{fontenc}
\usepackage[utf8]{inputenc}
\usepackage{textcomp}
\makeatletter
\def\UTFviii@undefined@err#1{?}
\makeatother
"""
_BIBTEX_DOC = (
    _PREAMBLE
    + r"""\begin{document}
\nocite{*}
\bibliographystyle{plain}
\bibliography{refs}
\end{document}
"""
)
_BIBLATEX_DOC = (
    _PREAMBLE
    + r"""\usepackage[backend=biber]{biblatex}
\addbibresource{refs.bib}
\begin{document}
\nocite{*}
\printbibliography
\end{document}
"""
)
_LATEX = ("pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex")
_CYRILLIC_COMMANDS = re.compile(r"\\cyr|\\CYR")


@dataclass(frozen=True)
class Run:
    """What the tools made of one written file."""

    bib: str
    keys: list[str]
    tool_status: int
    tool_log: str
    bbl: str
    latex_status: int
    latex_errors: list[str]


def _run(cmd: tuple[str, ...], cwd: Path) -> int:
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, timeout=300, check=False)
    return done.returncode


def _latex_errors(folder: Path) -> list[str]:
    log = (folder / "doc.log").read_text(encoding="utf-8", errors="replace")
    return [line for line in log.splitlines() if line.startswith("!")]


def _compile(bib: str, dialect: str, folder: Path) -> Run:
    """Write ``bib``, run bibtex or biber on it, then typeset the result."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "refs.bib").write_text(bib, encoding="utf-8")
    keys = re.findall(
        r"^@(?!comment\b)\w+\{([^,\s]+),$", bib, flags=re.MULTILINE | re.I
    )
    if dialect == "bibtex":
        (folder / "doc.tex").write_text(_BIBTEX_DOC, encoding="utf-8")
        aux = "\\relax\n\\citation{*}\n\\bibstyle{plain}\n\\bibdata{refs}\n"
        (folder / "doc.aux").write_text(aux, encoding="utf-8")
        status = _run(("bibtex", "doc"), folder)
    else:
        (folder / "doc.tex").write_text(_BIBLATEX_DOC, encoding="utf-8")
        _run(_LATEX, folder)
        status = _run(("biber", "doc"), folder)
    blg = (folder / "doc.blg").read_text(encoding="utf-8", errors="replace")
    bbl_path = folder / "doc.bbl"
    bbl = (
        bbl_path.read_text(encoding="utf-8", errors="replace")
        if bbl_path.exists()
        else ""
    )
    latex_status = _run(_LATEX, folder)
    return Run(bib, keys, status, blg, bbl, latex_status, _latex_errors(folder))


@cache
def _written(path: Path, dialect: str, ascii: bool, tmp: Path) -> Run:
    """Read ``path`` with pubkit, write it in ``dialect`` and run the tools."""
    library = pubkit.read(path, format="profile" if path == SEED else None)
    if not library:
        pytest.skip(f"pubkit reads no record from this file: {library.problems}")
    bib = pubkit.dumps(library, format=dialect, ascii=ascii)
    folder = tmp / f"{path.stem}-{dialect}-{'ascii' if ascii else 'utf8'}"
    return _compile(bib, dialect, folder)


@cache
def _original(path: Path, dialect: str, tmp: Path) -> Run:
    """Run the tools on the input file itself, as a baseline."""
    bib = path.read_text(encoding="utf-8", errors="replace")
    return _compile(bib, dialect, tmp / f"{path.stem}-{dialect}-original")


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("latex-oracle")


MODES = [
    pytest.param("bibtex", False, id="bibtex-utf8"),
    pytest.param("bibtex", True, id="bibtex-ascii"),
    pytest.param("biblatex", False, id="biblatex-utf8"),
]


@cache
def _has_t2a() -> bool:
    """Whether the T2A (Cyrillic) font encoding is installed."""
    if shutil.which("kpsewhich") is None:
        return False
    found = subprocess.run(
        ("kpsewhich", "t2aenc.def"), capture_output=True, text=True, check=False
    )
    return bool(found.stdout.strip())


def _check_tool(run: Run, dialect: str) -> None:
    """Assert the tool ran cleanly and every written key reached the .bbl."""
    if dialect == "bibtex":
        errors = re.findall(r"\(There (?:was|were) (\d+) error", run.tool_log)
        assert run.tool_status == 0, run.tool_log[-2000:]
        assert errors == [], run.tool_log[-2000:]
        in_bbl = re.findall(r"\\bibitem\{([^}]*)\}", run.bbl)
    else:
        errors = [ln for ln in run.tool_log.splitlines() if "ERROR -" in ln]
        assert run.tool_status == 0, run.tool_log[-2000:]
        assert errors == []
        in_bbl = re.findall(r"\\entry\{([^}]*)\}", run.bbl)
    assert run.keys, "nothing was written"
    assert [key for key in run.keys if key not in set(in_bbl)] == []


def _check_latex(run: Run, baseline: Run | None = None) -> None:
    """Assert pdfLaTeX typeset the bibliography without an error.

    A failure that the input file itself gives (``baseline``) is the input's,
    not pubkit's: the test is skipped with that error. So is a failure where
    the input file never reached LaTeX because the tool itself rejected it
    (its ``@preamble`` and commands were then never typeset).
    """
    if run.latex_errors and baseline and baseline.latex_errors:
        pytest.skip(f"the input file itself fails to typeset: {baseline.latex_errors}")
    if run.latex_errors and baseline and baseline.tool_status != 0:
        pytest.skip(f"the tool rejects the input file itself: {run.latex_errors}")
    if _CYRILLIC_COMMANDS.search(run.bib) and not _has_t2a():
        pytest.skip("Cyrillic LaTeX commands need T2A fonts, not installed here")
    assert run.latex_errors == []
    assert run.latex_status == 0


@pytest.mark.parametrize(("dialect", "ascii"), MODES)
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem[:48])
def test_tool_accepts_written_file(
    shared: Path, workdir: Path, path: Path, dialect: str, ascii: bool
) -> None:
    """bibtex/biber report no error on pubkit's output and keep every entry."""
    _check_tool(_written(path, dialect, ascii, workdir), dialect)


@pytest.mark.parametrize(("dialect", "ascii"), MODES)
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem[:48])
def test_latex_typesets_written_file(
    shared: Path, workdir: Path, path: Path, dialect: str, ascii: bool
) -> None:
    """The bibliography made from pubkit's output typesets without error."""
    run = _written(path, dialect, ascii, workdir)
    baseline = _original(path, dialect, workdir) if run.latex_errors else None
    _check_latex(run, baseline)


@pytest.mark.parametrize(("dialect", "ascii"), MODES)
def test_profile_page_output_is_accepted(
    shared: Path, workdir: Path, dialect: str, ascii: bool
) -> None:
    """Records read from a profile page go through bibtex/biber and LaTeX cleanly."""
    if not SEED.is_file():
        pytest.skip("the seed profile page is not present in ../shared/seeds")
    if "profile" not in formats.names(readable=True):
        pytest.skip("the profile format is not registered")
    run = _written(SEED, dialect, ascii, workdir)
    _check_tool(run, dialect)
    _check_latex(run)
