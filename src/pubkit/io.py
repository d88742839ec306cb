"""Reading and writing files in any registered format.

These functions are the one verb set for every format: :func:`read` and
:func:`loads` take input, :func:`write` and :func:`dumps` produce output.
Formats are chosen by name, else by file suffix, else from the content.
"""

from __future__ import annotations

import dataclasses
import os
import stat
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from pubkit import formats
from pubkit.errors import Problem, PubkitError, UnknownFormatError
from pubkit.formats.profile import Profile, parse_profile
from pubkit.library import Library, publication_sequence
from pubkit.model import Publication

__all__ = [
    "atomic_write_text",
    "dumps",
    "loads",
    "normalize_text",
    "read",
    "read_profile",
    "write",
]


def normalize_text(text: str) -> str:
    """Drop a leading byte-order mark and turn CRLF and lone CR into LF.

    Every reader sees text in this form, so no format has to care about the
    platform the file was written on.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _decode(data: bytes, source: str) -> tuple[str, list[Problem]]:
    """Decode file bytes as UTF-8, falling back to Windows-1252 with a problem."""
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        problem = Problem(
            source,
            data[: exc.start].count(b"\n") + 1,
            "file is not valid UTF-8; read as Windows-1252, check accented letters",
            raw=data[max(0, exc.start - 40) : exc.end + 40].decode("latin-1"),
            kind="encoding",
        )
        return data.decode("cp1252", errors="replace"), [problem]


def loads(text: str, *, format: str | None = None, source: str = "<string>") -> Library:
    """Read publications from ``text``.

    Args:
        text: The input.
        format: A format name; recognised from the content when None.
        source: How problem reports name this input.

    Returns:
        The good records, with :attr:`Library.problems` listing what was wrong.

    Raises:
        TypeError: ``text`` is not a str (bytes, say) or ``format`` not a str.
        UnknownFormatError: ``format`` is unknown, or the content is not
            recognised as any format.
    """
    _check_text_input(text)
    _check_format(format)
    text = normalize_text(text)
    fmt = formats.get(format) if format else formats.detect(text)
    if fmt.read is None:
        raise PubkitError(f"format {fmt.name!r} cannot be read")
    records, problems = fmt.read(text, source)
    return Library(records, problems)


def _check_text_input(text: object) -> None:
    """Raise TypeError unless ``text`` is a str, saying what to do with bytes."""
    if isinstance(text, str):
        return
    if isinstance(text, (bytes, bytearray, memoryview)):
        raise TypeError(
            "pubkit.loads takes str, not bytes; decode it first "
            "(data.decode('utf-8')), or use pubkit.read to read a file"
        )
    raise TypeError(f"pubkit.loads takes str, not {type(text).__name__}")


def _check_format(format: object) -> None:
    """Raise TypeError unless ``format`` is a format name or None."""
    if format is not None and not isinstance(format, str):
        raise TypeError(
            f"format must be a format name (str) or None, not {type(format).__name__}"
        )


def _paths(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
) -> list[str | os.PathLike[str]]:
    """One path or several as a list; TypeError for anything that is no path."""
    if isinstance(paths, (str, os.PathLike)):
        return [paths]
    if isinstance(paths, (bytes, bytearray)) or not isinstance(paths, Iterable):
        raise TypeError(
            "pubkit.read takes a path (str or os.PathLike) or an iterable of "
            f"paths, not {type(paths).__name__}; use pubkit.loads for text"
        )
    found = list(paths)
    for path in found:
        if not isinstance(path, (str, os.PathLike)):
            raise TypeError(
                "pubkit.read takes paths as str or os.PathLike, not "
                f"{type(path).__name__} {path!r}"
            )
    return found


def read(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    format: str | None = None,
) -> Library:
    """Read publications from one file or several, in order.

    The format is ``format`` when given, else the one the file suffix selects,
    else the one recognised from the content.

    Raises:
        OSError: A file cannot be read.
        TypeError: ``paths`` is not a path or an iterable of paths.
        UnknownFormatError: As for :func:`loads`.
    """
    _check_format(format)
    result = Library()
    # Consecutive files of a format that reads several inputs as one database
    # (BibTeX: macros and crossref parents reach across files) go together.
    batch: list[tuple[str, str]] = []
    batch_format: formats.Format | None = None
    for path in _paths(paths):
        text, problems = _decode(Path(path).read_bytes(), str(path))
        text = normalize_text(text)
        fmt = _format_of(path, text, format)
        if batch and fmt is not batch_format:
            result = result + _read_batch(batch, batch_format)
            batch = []
        result = result + Library(problems=problems)
        batch_format = fmt
        batch.append((text, str(path)))
    return result + _read_batch(batch, batch_format) if batch else result


def _format_of(
    path: str | os.PathLike[str], text: str, name: str | None
) -> formats.Format:
    """The format a file is read in: named, else by suffix, else by content."""
    if name is None:
        by_suffix = formats.for_path(path)
        name = by_suffix.name if by_suffix and by_suffix.read else None
    fmt = formats.get(name) if name else formats.detect(text)
    if fmt.read is None:
        raise PubkitError(f"format {fmt.name!r} cannot be read")
    return fmt


def _read_batch(
    batch: Sequence[tuple[str, str]], fmt: formats.Format | None
) -> Library:
    """Read files of one format, as one database where the format has one."""
    if fmt is None or fmt.read is None:
        return Library()
    if fmt.read_all is not None:
        records, problems = fmt.read_all(batch)
        return Library(records, problems)
    result = Library()
    for text, source in batch:
        records, problems = fmt.read(text, source)
        result = result + Library(records, problems)
    return result


def read_profile(path: str | os.PathLike[str]) -> Profile:
    """Read a saved profile page with everything it says about its owner.

    :func:`read` gives only the page's publications; this gives the owner,
    positions, research topics and biography as well, with the same
    publications and problems.

    Raises:
        OSError: The file cannot be read.
    """
    text, problems = _decode(Path(path).read_bytes(), str(path))
    profile = parse_profile(normalize_text(text), source=str(path))
    if not problems:
        return profile
    return dataclasses.replace(profile, problems=(*problems, *profile.problems))


def dumps(publications: Iterable[Publication], *, format: str, **options: Any) -> str:
    """Write ``publications`` as text in ``format``.

    Options are the writer's own (see each format module's ``write``).

    Raises:
        TypeError: ``publications`` are not :class:`Publication` values.
        UnknownFormatError: ``format`` is unknown.
    """
    publications = publication_sequence(publications, "dumps")
    _check_format(format)
    fmt = formats.get(format)
    if fmt.write is None:
        raise PubkitError(f"format {fmt.name!r} cannot be written")
    return fmt.write(publications, **options)


def write(
    publications: Iterable[Publication],
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    **options: Any,
) -> None:
    """Write ``publications`` to ``path``, atomically if it is a regular file.

    The format is ``format`` when given, else the one the suffix selects. A
    regular file is replaced in one step: a failure leaves any old file
    untouched and no partial file behind. A symlink's target is replaced and
    the link kept; a FIFO or device is written to directly (see
    :func:`atomic_write_text`).

    Raises:
        OSError: ``path`` cannot be written; the error names ``path``.
        TypeError: ``publications`` are not :class:`Publication` values.
        UnknownFormatError: No format is given and the suffix selects none.
    """
    publications = publication_sequence(publications, "write")
    _check_format(format)
    if format is None:
        fmt = formats.for_path(path)
        if fmt is None or fmt.write is None:
            raise UnknownFormatError(
                Path(path).suffix or str(path), formats.names(writable=True)
            )
        format = fmt.name
    atomic_write_text(path, dumps(publications, format=format, **options))


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` as UTF-8 to ``path``, replacing a regular file atomically.

    A regular file (or a new one) is written to a temporary file beside it,
    which then replaces it in one step, keeping the old file's permission
    bits. A symlink is written through: its final target is replaced the same
    way and the link stays. A path that exists but is not a regular file (a
    FIFO, a character device such as ``/dev/stdout``) is written to directly,
    since renaming over it would put a plain file in its place. Such a direct
    write is not atomic, and writing to a FIFO waits until something reads it.

    Raises:
        OSError: The text cannot be written; its ``filename`` is ``path`` as
            given, never the temporary file.
    """
    target = Path(path)
    try:
        mode = _mode(target)
        if mode is not None and not stat.S_ISREG(mode):
            # Opened by the name given: /dev/stdout and its kind are links
            # into /proc whose resolved names cannot be opened.
            _write_in_place(target, text)
        else:
            if target.is_symlink():
                target = Path(os.path.realpath(target))
            _replace(target, text, mode)
    except OSError as exc:
        # Name the path the caller asked for: the temporary file or a
        # resolved link target would only confuse them.
        raise OSError(exc.errno, exc.strerror or str(exc), os.fspath(path)) from exc


def _mode(path: Path) -> int | None:
    """The ``st_mode`` of what ``path`` names (links followed), or None if absent."""
    try:
        return path.stat().st_mode
    except FileNotFoundError:
        return None


def _write_in_place(target: Path, text: str) -> None:
    """Write ``text`` straight into an existing file that is not a regular one."""
    with open(target, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)


def _replace(target: Path, text: str, mode: int | None) -> None:
    """Write a temporary file beside ``target`` and rename it over ``target``.

    Args:
        target: The regular file to create or replace.
        text: What to write.
        mode: The existing file's ``st_mode``, or None when there is none.
    """
    fd, tmp = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644 if mode is None else stat.S_IMODE(mode))
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
