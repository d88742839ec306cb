"""The command line: the main job end to end, and its exit statuses."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from pubkit.cite import load_style
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


def _reference(shared: Path, style: str) -> dict[str, Any]:
    path = shared / "data" / "csl" / "reference" / f"{style}.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def test_cite_html_is_one_entry_per_line_as_citeproc_js(shared: Path) -> None:
    """--format html prints citeproc-js's IEEE entries, one csl-entry per line."""
    items = shared / "data" / "csl" / "items.json"
    done = run("cite", str(items), "--style", "ieee", "--format", "html")
    assert done.returncode == 0, done.stderr
    reference = _reference(shared, "ieee")
    expected = [_squash(entry) for entry in reference["html"]]
    # The reader keeps a DOI given as a doi.org link as the bare DOI, so this
    # entry prints "doi: 10.1111/…" where citeproc-js repeats the link.
    where = reference["ids"].index("doiurl2022")
    expected[where] = expected[where].replace("doi: https://doi.org/", "doi: ")
    assert [_squash(line) for line in done.stdout.splitlines()] == expected


def test_cite_citations_follow_input_order_as_citeproc_js(shared: Path) -> None:
    """--citations prints citeproc-js's APA citation of each item, in input order."""
    items = shared / "data" / "csl" / "items.json"
    done = run("cite", str(items), "--style", "apa", "--citations")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == list(_reference(shared, "apa")["cites"].values())


def test_cite_with_chosen_locale(shared: Path, tmp_path: Path) -> None:
    """--locale de-DE gives German terms, as citeproc-js renders them."""
    items = json.loads((shared / "data" / "csl" / "items.json").read_text("utf-8"))
    path = tmp_path / "one.json"
    path.write_text(json.dumps([i for i in items if i["id"] == "delavega2005"]))
    done = run("cite", str(path), "--style", "apa", "--locale", "de-DE")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "de la Vega, G. (2005). Égloga primera. In E. L. Rivers (Hrsg.), "
        "Poesía castellana completa (S. 119–140). Cátedra."
    ]


def test_cite_style_by_title_path_and_dependent_id(tmp_path: Path) -> None:
    """A style named by title, by file path or as a dependent id formats alike."""
    source = EXAMPLES / "refs.bib"
    by_id = run("cite", str(source), "--style", "nature").stdout
    copied = tmp_path / "mine.csl"
    copied.write_bytes(load_style("nature").xml)
    assert run("cite", str(source), "--style", "Nature").stdout == by_id
    assert run("cite", str(source), "--style", str(copied)).stdout == by_id
    dependent = run("cite", str(source), "--style", "nature-communications")
    assert dependent.returncode == 0, dependent.stderr
    assert dependent.stdout == by_id


@pytest.mark.parametrize(
    "declaration",
    [
        '<!ENTITY x SYSTEM "file:///etc/passwd">',
        '<!ENTITY a "lol"><!ENTITY x "&a;&a;&a;&a;&a;&a;&a;&a;">',
    ],
    ids=["xxe", "entity-expansion"],
)
def test_cite_refuses_styles_with_entities(tmp_path: Path, declaration: str) -> None:
    """A style file declaring XML entities is a usage error, never expanded."""
    path = tmp_path / "evil.csl"
    path.write_text(
        f"<?xml version='1.0'?><!DOCTYPE style [{declaration}]>"
        '<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0"><info>'
        "<title>&x;</title></info><citation><layout><text value='&x;'/></layout>"
        "</citation></style>",
        encoding="utf-8",
    )
    done = run("cite", str(EXAMPLES / "refs.bib"), "--style", str(path))
    assert done.returncode == 2
    assert "it declares XML entities" in done.stderr
    assert "root:" not in done.stdout


def test_styles_lists_matching_ids_and_titles() -> None:
    """'pubkit styles WORDS' lists the installed styles matching every word."""
    done = run("styles", "nature", "communications")
    assert done.returncode == 0, done.stderr
    assert "nature-communications\tNature Communications" in done.stdout.splitlines()
    assert all("nature" in line.lower() for line in done.stdout.splitlines())


def test_a_key_written_anew_is_reported_on_stderr(tmp_path: Path) -> None:
    """A source key biber rejects is renamed, and the rename is one stderr line."""
    source = tmp_path / "k.bib"
    source.write_text("@misc{O'Hara_1999, title = {Tides}, year = 1999}\n", "utf-8")
    done = run("convert", str(source), "--to", "bibtex")
    assert done.returncode == 0
    assert done.stdout.startswith("@misc{tides1999,")
    assert done.stderr == (
        "pubkit: key \"O'Hara_1999\" is not a valid cite key; written as 'tides1999'\n"
    )
