"""Writing files: atomic replacement, links, FIFOs, and errors that name the path."""

from __future__ import annotations

import errno
import os
import stat
import threading
from pathlib import Path
from typing import Any

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


def test_loads_bytes_raises_type_error_saying_what_to_do() -> None:
    """pubkit.loads given bytes raises TypeError pointing to decode and read."""
    with pytest.raises(TypeError) as caught:
        pubkit.loads(b"@article{k, title={Tides}}")
    assert str(caught.value) == (
        "pubkit.loads takes str, not bytes; decode it first "
        "(data.decode('utf-8')), or use pubkit.read to read a file"
    )


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: pubkit.loads("@article{k, title={Tides}}", format=3),
            "format must be a format name (str) or None, not int",
        ),
        (
            lambda: pubkit.read(b"refs.bib"),
            "pubkit.read takes a path (str or os.PathLike) or an iterable of "
            "paths, not bytes; use pubkit.loads for text",
        ),
        (
            lambda: pubkit.read([7]),
            "pubkit.read takes paths as str or os.PathLike, not int 7",
        ),
        (
            lambda: pubkit.dumps(pubkit.Publication(title="Tides"), format="ris"),
            "pubkit.dumps takes a sequence of Publication, not one; "
            "wrap it in a list: [pub]",
        ),
        (
            lambda: pubkit.dumps(["Tides"], format="ris"),
            "pubkit.dumps takes Publication values, not str 'Tides'",
        ),
    ],
    ids=["format-int", "read-bytes", "read-int", "dumps-one", "dumps-str"],
)
def test_wrong_argument_types_raise_type_error(call: Any, message: str) -> None:
    """Arguments of the wrong type raise TypeError saying what is expected."""
    with pytest.raises(TypeError) as caught:
        call()
    assert str(caught.value) == message


def test_dumps_accepts_a_generator() -> None:
    """Any iterable of publications can be written, a generator included."""
    pubs = (pubkit.Publication(title=t) for t in ("Tides", "Waves"))
    assert pubkit.dumps(pubs, format="ris") == (
        "TY  - GEN\nTI  - Tides\nER  - \n\nTY  - GEN\nTI  - Waves\nER  - \n"
    )
