"""Writing files: atomic replacement, links, FIFOs, and errors that name the path."""

from __future__ import annotations

import errno
import os
import stat
import threading
from pathlib import Path

import pytest

import pubkit
from pubkit.io import atomic_write_text


def test_symlink_is_written_through_and_kept(tmp_path: Path) -> None:
    """Writing to a symlink replaces its target's content and leaves the link."""
    target = tmp_path / "real.bib"
    target.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.bib"
    link.symlink_to("real.bib")
    atomic_write_text(link, "new\n")
    assert link.is_symlink()
    assert os.readlink(link) == "real.bib"
    assert target.read_text(encoding="utf-8") == "new\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.bib", "real.bib"]


def test_symlink_chain_into_other_directory_replaces_final_target(
    tmp_path: Path,
) -> None:
    """A chain of links is followed to the last target; the temp file goes beside it."""
    data = tmp_path / "data"
    data.mkdir()
    target = data / "refs.bib"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o600)
    (tmp_path / "middle.bib").symlink_to(target)
    first = tmp_path / "first.bib"
    first.symlink_to("middle.bib")
    atomic_write_text(first, "new\n")
    assert first.is_symlink() and (tmp_path / "middle.bib").is_symlink()
    assert target.read_text(encoding="utf-8") == "new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in data.iterdir()] == ["refs.bib"]


def test_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    """A link to a file not yet there is kept, and the file it names is created."""
    link = tmp_path / "out.bib"
    link.symlink_to("made.bib")
    atomic_write_text(link, "text\n")
    assert link.is_symlink()
    assert (tmp_path / "made.bib").read_text(encoding="utf-8") == "text\n"


def test_fifo_is_written_to_directly(tmp_path: Path) -> None:
    """A FIFO receives the text through itself and stays a FIFO."""
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    received: list[str] = []

    def drain() -> None:
        with open(fifo, encoding="utf-8") as handle:
            received.append(handle.read())

    # A daemon reader, so that a FIFO wrongly replaced fails the test instead
    # of leaving the reader blocked for ever.
    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    atomic_write_text(fifo, "through the pipe\n")
    reader.join(timeout=10)
    assert received == ["through the pipe\n"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["out.fifo"]


def test_regular_file_keeps_permission_bits(tmp_path: Path) -> None:
    """Replacing a regular file keeps its mode; a new file is created 0644."""
    old = tmp_path / "old.bib"
    old.write_text("old\n", encoding="utf-8")
    old.chmod(0o640)
    atomic_write_text(old, "new\n")
    fresh = tmp_path / "fresh.bib"
    atomic_write_text(fresh, "new\n")
    assert old.read_text(encoding="utf-8") == "new\n"
    assert stat.S_IMODE(old.stat().st_mode) == 0o640
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o644
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fresh.bib", "old.bib"]


def test_unwritable_path_error_names_the_path(tmp_path: Path) -> None:
    """A missing directory raises FileNotFoundError naming the requested path."""
    path = tmp_path / "no" / "dir" / "out.bib"
    with pytest.raises(FileNotFoundError) as caught:
        atomic_write_text(path, "text\n")
    assert caught.value.errno == errno.ENOENT
    assert caught.value.filename == str(path)
    assert ".tmp" not in str(caught.value)


def test_write_error_names_the_path(tmp_path: Path) -> None:
    """pubkit.write to a directory raises IsADirectoryError naming that path."""
    pub = pubkit.Publication(title="Tides")
    with pytest.raises(IsADirectoryError) as caught:
        pubkit.write([pub], tmp_path, format="bibtex")
    assert caught.value.filename == str(tmp_path)
