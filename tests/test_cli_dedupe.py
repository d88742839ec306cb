"""The ``pubkit dedupe`` command: groups, report, keymap, output and exit status."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLES, SEED

PUBKIT = [sys.executable, "-m", "pubkit"]

#: The groups a profile page of this structure must give, by relation and titles.
EXPECTED_GROUPS = {
    ("duplicate", "A Complexity-Based Theory of Compositionality"),
    ("duplicate", "Brain-like neural dynamics for behavioral control develop"),
    ("version", "Learning Versatile Optimizers on a Compute Diet"),
}

TWO_RECORDS = (
    "@article{good, title={Tide tables}, author={Marsh, Ed}, year={2020}}\n"
    "@article{bad, title={Broken\n\n"
    "@article{good2, title={Tide Tables.}, author={Ed Marsh}, year={2020}}\n"
)


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*PUBKIT, *args], capture_output=True, text=True, check=False, cwd=cwd
    )


def _dedupe_page(page: Path, tmp_path: Path, *extra: str) -> dict[str, Any]:
    """Run dedupe on a page; return its report, keymap and CSL-JSON output."""
    out, report, keymap = (tmp_path / n for n in ("out.json", "r.json", "k.json"))
    done = run(
        "dedupe",
        str(page),
        "-o",
        str(out),
        "--report",
        str(report),
        "--keymap",
        str(keymap),
        *extra,
    )
    assert done.returncode == 0, done.stderr
    return {
        "report": json.loads(report.read_text(encoding="utf-8")),
        "keymap": json.loads(keymap.read_text(encoding="utf-8")),
        "items": json.loads(out.read_text(encoding="utf-8")),
    }


def _titles(result: dict[str, Any]) -> dict[str, str]:
    return {item["id"]: item["title"] for item in result["items"]}


@pytest.mark.parametrize("which", ["seed", "example"])
def test_profile_page_gives_exactly_three_groups(
    shared: Path, tmp_path: Path, which: str
) -> None:
    """A profile page gives two duplicate groups and one version group, no more."""
    page = SEED if which == "seed" else EXAMPLES / "profile.txt"
    result = _dedupe_page(page, tmp_path)
    groups = result["report"]["groups"]
    titles = _titles(_dedupe_page(page, tmp_path, "--merge", "versions"))
    titles.update(_titles(result))

    found = set()
    for group in groups:
        kept_title = titles[group["kept"]]
        found.add((group["relation"], kept_title[:58].rstrip()))
        assert len(group["members"]) == 2
    assert found == EXPECTED_GROUPS
    assert result["report"]["review"] == []
    assert len(result["items"]) == 10
    assert len(result["keymap"]) == 2


@pytest.mark.parametrize("which", ["seed", "example"])
def test_merge_versions_leaves_nine_records(
    shared: Path, tmp_path: Path, which: str
) -> None:
    """--merge versions also merges the optimiser paper into its retitled version."""
    page = SEED if which == "seed" else EXAMPLES / "profile.txt"
    result = _dedupe_page(page, tmp_path, "--merge", "versions")
    assert len(result["items"]) == 9
    assert len(result["keymap"]) == 3
    assert "Celo" not in " ".join(_titles(result).values())


def test_report_keymap_and_output_use_the_same_ids(
    shared: Path, tmp_path: Path
) -> None:
    """Generated keys name the records alike in report, keymap and output."""
    result = _dedupe_page(SEED, tmp_path)
    out_ids = {item["id"] for item in result["items"]}
    for group in result["report"]["groups"]:
        assert group["kept"] in out_ids
        dropped = [m for m in group["members"] if m != group["kept"]]
        if group["relation"] == "duplicate":
            assert all(result["keymap"][m] == group["kept"] for m in dropped)
            assert not out_ids & set(dropped)
        pair = group["pairs"][0]
        assert {pair["a"], pair["b"]} == set(group["members"])
        assert isinstance(pair["score"], float)
        assert "rule" in pair["evidence"]


def test_summary_without_output_and_problems_exit_one(tmp_path: Path) -> None:
    """Without -o a summary is printed; a broken entry is reported with status 1."""
    bib = tmp_path / "p.bib"
    bib.write_text(TWO_RECORDS, encoding="utf-8")
    done = run("dedupe", str(bib))
    assert done.returncode == 1
    assert "duplicate: keep good of good, good2" in done.stdout
    assert "unbalanced braces" in done.stderr


def test_bibtex_output_keeps_first_key(tmp_path: Path) -> None:
    """The merged BibTeX keeps the kept record's key and drops the other."""
    bib = tmp_path / "p.bib"
    bib.write_text(TWO_RECORDS, encoding="utf-8")
    out = tmp_path / "out.bib"
    done = run("dedupe", str(bib), "-o", str(out))
    assert done.returncode == 1
    text = out.read_text(encoding="utf-8")
    assert text.count("@article{") == 1
    assert "@article{good," in text


def test_missing_input_and_bad_mode_are_usage_errors(tmp_path: Path) -> None:
    """An unreadable input or an unknown merge mode exits with status 2."""
    assert run("dedupe", str(tmp_path / "none.bib")).returncode == 2
    bib = tmp_path / "p.bib"
    bib.write_text(TWO_RECORDS, encoding="utf-8")
    assert run("dedupe", str(bib), "--merge", "all").returncode == 2


@pytest.mark.parametrize("option", ["--report", "--keymap"])
def test_unwritable_report_or_keymap_is_one_line(tmp_path: Path, option: str) -> None:
    """A --report or --keymap path that cannot be written is one line, status 2."""
    bib = tmp_path / "p.bib"
    bib.write_text(TWO_RECORDS, encoding="utf-8")
    target = tmp_path / "no" / "dir" / "r.json"
    done = run("dedupe", str(bib), option, str(target))
    assert done.returncode == 2
    assert done.stderr == f"pubkit: cannot write {target}: No such file or directory\n"
    assert done.stdout == ""


def test_bibtex_output_names_dropped_keys_as_ids(tmp_path: Path) -> None:
    """A merged BibTeX entry lists the dropped keys in biblatex's ``ids`` field."""
    bib = tmp_path / "p.bib"
    bib.write_text(TWO_RECORDS, encoding="utf-8")
    out = tmp_path / "out.bib"
    run("dedupe", str(bib), "-o", str(out))
    text = out.read_text(encoding="utf-8")
    assert "  ids = {good2}" in text
    keymap = tmp_path / "k.json"
    run("dedupe", str(bib), "--keymap", str(keymap))
    assert json.loads(keymap.read_text(encoding="utf-8")) == {"good2": "good"}


def test_keymap_uses_the_keys_the_inputs_cite(tmp_path: Path) -> None:
    """Across files, the keymap maps cited keys; one paper under one key maps none."""
    mine, theirs = tmp_path / "mine.bib", tmp_path / "theirs.bib"
    paper = "title={Tide tables of the north}, author={Smith, Ann}, year={2020}"
    mine.write_text(f"@article{{smith2020, {paper}}}\n", encoding="utf-8")
    theirs.write_text(
        f"@article{{smith2020, {paper}}}\n@article{{tides, {paper}}}\n",
        encoding="utf-8",
    )
    keymap, out = tmp_path / "k.json", tmp_path / "out.bib"
    done = run(
        "dedupe", str(mine), str(theirs), "--keymap", str(keymap), "-o", str(out)
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(keymap.read_text(encoding="utf-8")) == {"tides": "smith2020"}
    assert "  ids = {tides}" in out.read_text(encoding="utf-8")


def test_a_file_read_twice_warns_only_of_keys_written_anew(tmp_path: Path) -> None:
    """Copies dropped into the records they repeat are not each a warning.

    A kept record whose own key is unusable is named once on stderr and
    mapped in the keymap to the key it is written with.
    """
    bib = tmp_path / "refs.bib"
    bib.write_text(
        "@article{smith2020, title={Tide tables of the north}, author={Smith, Ann},"
        " year={2020}}\n"
        "@article{O'Hara_1999, title={Relaxation of tidal flats},"
        " author={O'Hara, K.}, year={1999}}\n",
        encoding="utf-8",
    )
    keymap, out = tmp_path / "k.json", tmp_path / "out.bib"
    done = run("dedupe", str(bib), str(bib), "--keymap", str(keymap), "-o", str(out))
    assert done.returncode == 0, done.stderr
    warnings = [line for line in done.stderr.splitlines() if "key" in line]
    assert warnings == [
        'pubkit: key "O\'Hara_1999" is not a valid cite key; '
        "written as 'ohara1999relaxation'"
    ]
    assert json.loads(keymap.read_text(encoding="utf-8")) == {
        "O'Hara_1999": "ohara1999relaxation"
    }


def test_summary_names_a_renamed_copy_by_the_key_it_was_read_with(
    tmp_path: Path,
) -> None:
    """A file given twice: the second copy's new key is shown with its own."""
    bib = tmp_path / "refs.bib"
    bib.write_text(
        "@article{smith2020, title={Tide tables of the north},"
        " author={Smith, Ann}, year={2020}}\n",
        encoding="utf-8",
    )
    done = run("dedupe", str(bib), str(bib))
    assert done.returncode == 0, done.stderr
    assert (
        "duplicate: keep smith2020 of smith2020, "
        "smith2020tide (read as smith2020)" in done.stdout
    )


def test_a_dropped_key_that_names_another_entry_is_no_alias(tmp_path: Path) -> None:
    """Two files use one key for two papers: the copy's key stays off ``ids``.

    biber skips an alias that is also an entry's key, so writing it would
    only warn; the keymap is where such a key is resolved.
    """
    mine, theirs = tmp_path / "mine.bib", tmp_path / "theirs.bib"
    plumes = "title={Seasonal drift of sediment plumes}, author={Quill, Rosa}"
    mine.write_text(
        f"@article{{p, {plumes}, year=2014}}\n"
        "@article{q, title={Tide tables of the north}, author={Smith, Ann},"
        " year=2020}\n",
        encoding="utf-8",
    )
    theirs.write_text(f"@article{{q, {plumes}, year=2014}}\n", encoding="utf-8")
    out = tmp_path / "out.bib"
    done = run("dedupe", str(mine), str(theirs), "-o", str(out))
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    assert text.count("@article{") == 2
    assert "ids = " not in text


def test_the_record_read_with_a_key_is_kept_over_one_given_a_key(
    tmp_path: Path,
) -> None:
    """A RIS record without an ID gets a made-up key; the BibTeX key is kept."""
    ris, bib = tmp_path / "a.ris", tmp_path / "b.bib"
    ris.write_text(
        "TY  - JOUR\nAU  - Haddad, Samir\nTI  - Permafrost thaw in peatlands\n"
        "JO  - Global Change Biology\nPY  - 2020\nVL  - 26\nSP  - 3001\n"
        "EP  - 3015\nER  - \n",
        encoding="utf-8",
    )
    bib.write_text(
        "@article{Haddad_2020, author={Haddad, Samir}, year=2020,"
        " title={Permafrost thaw in peatlands}, journal={Global Change Biology}}\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.bib"
    done = run("dedupe", str(ris), str(bib), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8").startswith("@article{Haddad_2020,")
