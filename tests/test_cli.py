"""The command line: the main job end to end, and its exit statuses."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, SEED

PUBKIT = [sys.executable, "-m", "pubkit"]


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*PUBKIT, *args], input=stdin, capture_output=True, text=True, check=False
    )


def test_convert_profile_example_to_bibtex() -> None:
    """The shipped profile page converts to BibTeX with every work and no problem."""
    done = run("convert", str(EXAMPLES / "profile.txt"), "--to", "bibtex")
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("\n@") + done.stdout.startswith("@") == 12
    assert "and others}" in done.stdout


def test_cite_profile_example_in_apa() -> None:
    """The shipped profile page formats as an APA list, one entry per line."""
    done = run("cite", str(EXAMPLES / "profile.txt"), "--style", "apa")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 12
    assert all("Lajoie, G." in line for line in lines)


def test_seed_page_to_csljson(shared: Path) -> None:
    """The seed profile page gives its 12 works as CSL-JSON, owner implied."""
    done = run("convert", str(SEED), "--to", "csljson", "-o", "-")
    assert done.returncode == 0, done.stderr
    items = json.loads(done.stdout)
    assert len(items) == 12
    multi = items[1]
    assert (
        multi["title"]
        == "Multi-agent cooperation through learning-aware policy gradients"
    )
    assert multi["author"][2] == {
        "family": "Oswald",
        "given": "Johannes",
        "non-dropping-particle": "Von",
    }
    assert multi["author"][4] == {"family": "Aguera y Arcas", "given": "Blaise"}
    assert "(see more)" not in json.dumps(items)
    assert len({item["id"] for item in items}) == 12


def test_problems_give_exit_status_1_and_keep_good_records() -> None:
    """Bad input: good records still written, problems on stderr, exit 1."""
    text = "@article{good, title={Fine}, year=2020}\n@article{bad, title={Open\n"
    done = run("convert", "-", "--from", "bibtex", "--to", "csljson", stdin=text)
    assert done.returncode == 1
    assert [item["id"] for item in json.loads(done.stdout)] == ["good"]
    assert "<stdin>" in done.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("convert", "no-such-file.bib"),
        ("convert", "-", "--from", "nosuchformat"),
        ("cite", str(EXAMPLES / "refs.bib"), "--style", "apaa"),
        ("convert",),
    ],
)
def test_usage_errors_exit_2(args: tuple[str, ...]) -> None:
    """Unreadable files, unknown formats and styles, missing arguments: exit 2."""
    done = run(*args, stdin="")
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert done.stderr.strip()


def test_unknown_style_suggests_close_names() -> None:
    """An unknown style name is an error that names the closest styles."""
    done = run("cite", str(EXAMPLES / "refs.bib"), "--style", "apaa")
    assert "apa" in done.stderr


def test_output_file_is_written_atomically(tmp_path: Path) -> None:
    """-o writes the whole file; its suffix picks the format."""
    out = tmp_path / "refs.json"
    done = run("convert", str(EXAMPLES / "refs.bib"), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert isinstance(json.loads(out.read_text(encoding="utf-8")), list)
    assert [p.name for p in tmp_path.iterdir()] == ["refs.json"]


def test_unwritable_output_is_one_line_and_exit_2(tmp_path: Path) -> None:
    """An -o path that cannot be written: one line naming it, no traceback, exit 2."""
    out = tmp_path / "no" / "dir" / "out.bib"
    done = run("convert", str(EXAMPLES / "refs.bib"), "-o", str(out))
    assert done.returncode == 2
    assert done.stderr == f"pubkit: cannot write {out}: No such file or directory\n"
    assert done.stdout == ""


def test_output_through_symlink_keeps_the_link(tmp_path: Path) -> None:
    """-o onto a symlink writes the file it points to and leaves the link."""
    target = tmp_path / "real.bib"
    target.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.bib"
    link.symlink_to(target)
    done = run("convert", str(EXAMPLES / "refs.bib"), "-o", str(link))
    assert done.returncode == 0, done.stderr
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8").startswith("@")
