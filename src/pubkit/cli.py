"""The ``pubkit`` command: a thin shell over the Python API.

Exit status: 0 when all went well, 1 when the input had problems (the good
records are still written and the problems go to standard error), 2 for usage
errors (unknown options, formats or styles, unreadable files) and for an
output file that cannot be written.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from typing import IO, Any

import click

from pubkit import formats
from pubkit.errors import PubkitError
from pubkit.io import atomic_write_text, dumps, loads, read
from pubkit.library import Library

__all__ = ["main"]

_WRITABLE = ("bibtex", "biblatex", "csljson", "ris")
_OUTPUTS = ("text", "html", "markdown", "latex", "rst")


class _UsageError(click.UsageError):
    """A usage error whose message is the cause's own (exit status 2)."""


class _CannotWrite(click.ClickException):
    """An output that cannot be written: one line on standard error, status 2.

    Usage help would not help here: the command line was well formed, the
    path given just cannot be written.
    """

    exit_code = 2

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"pubkit: {self.format_message()}", err=True, file=file)


def _load(inputs: Sequence[str], fmt: str | None) -> Library:
    """Read every input ('-' is standard input) into one library.

    Consecutive files are read in one call, so that BibTeX macros and
    crossref parents reach from one file into the next.
    """
    library = Library()
    files: list[str] = []
    for name in inputs:
        if name != "-":
            files.append(name)
            continue
        library = library + _read_files(files, fmt)
        files = []
        try:
            library = library + loads(sys.stdin.read(), format=fmt, source="<stdin>")
        except PubkitError as exc:
            raise _UsageError(f"-: {exc}") from exc
    return library + _read_files(files, fmt)


def _read_files(names: Sequence[str], fmt: str | None) -> Library:
    """Read files with :func:`pubkit.read`, turning failures into usage errors."""
    if not names:
        return Library()
    try:
        return read(names, format=fmt)
    except OSError as exc:
        name = exc.filename or ", ".join(names)
        raise _UsageError(f"cannot read {name}: {exc.strerror or exc}") from exc
    except PubkitError as exc:
        raise _UsageError(f"{', '.join(names)}: {exc}") from exc


def _report(library: Library) -> int:
    """Print the library's problems to standard error; return the exit status."""
    for problem in library.problems:
        click.echo(f"pubkit: {problem}", err=True)
    return 1 if library.problems else 0


def _emit(text: str, output: str | None) -> None:
    """Write ``text`` to the output file (atomically) or to standard output.

    Raises:
        click.ClickException: The output file cannot be written (status 2).
    """
    if output in (None, "-"):
        click.echo(text, nl=not text.endswith("\n"))
        return
    try:
        atomic_write_text(output, text if text.endswith("\n") else text + "\n")
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise _CannotWrite(f"cannot write {output}: {reason}") from exc


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="pubkit")
def cli() -> None:
    """Read, convert, deduplicate and cite publication data."""


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", help="Output file, or '-' for standard output.")
@click.option("--from", "from_", help="Input format (default: from suffix or content).")
@click.option("--to", "to", type=click.Choice(_WRITABLE), help="Output format.")
@click.option("--ascii", "ascii_", is_flag=True, help="BibTeX in pure ASCII.")
@click.option("--key-pattern", help="Cite-key pattern, e.g. '{author}{year}{title}'.")
def convert(
    inputs: tuple[str, ...],
    output: str | None,
    from_: str | None,
    to: str | None,
    ascii_: bool,
    key_pattern: str | None,
) -> None:
    """Convert INPUTS to BibTeX, BibLaTeX, CSL-JSON or RIS."""
    if to is None:
        by_suffix = formats.for_path(output) if output not in (None, "-") else None
        to = by_suffix.name if by_suffix and by_suffix.write else "bibtex"
    library = _load(inputs, from_)
    options: dict[str, object] = {}
    if to in ("bibtex", "biblatex"):
        options["ascii"] = ascii_
    if key_pattern:
        options["key_pattern"] = key_pattern
    try:
        text = dumps(library, format=to, **options)
    except (PubkitError, ValueError) as exc:
        raise _UsageError(str(exc)) from exc
    _emit(text, output)
    sys.exit(_report(library))


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-s", "--style", default="apa", show_default=True, help="CSL style.")
@click.option("--locale", help="Locale such as en-GB (default: the style's).")
@click.option(
    "-f", "--format", "output_format", type=click.Choice(_OUTPUTS), default="text"
)
@click.option("--citations", is_flag=True, help="In-text citations, one per item.")
@click.option("--from", "from_", help="Input format (default: from suffix or content).")
def cite(
    inputs: tuple[str, ...],
    style: str,
    locale: str | None,
    output_format: str,
    citations: bool,
    from_: str | None,
) -> None:
    """Format INPUTS as a bibliography (one entry per line) in a CSL style."""
    from pubkit import cite as citing

    library = _load(inputs, from_)
    render = citing.format_citations if citations else citing.format_bibliography
    try:
        lines = render(library, style=style, locale=locale, output=output_format)
    except PubkitError as exc:
        raise _UsageError(str(exc)) from exc
    for line in lines:
        click.echo(" ".join(line.split("\n")))
    sys.exit(_report(library))


@cli.command(name="styles")
@click.argument("query", nargs=-1)
def list_styles(query: tuple[str, ...]) -> None:
    """List installed CSL styles whose id or title contains every QUERY word."""
    from pubkit import cite as citing

    for style_id, title in citing.list_styles(" ".join(query) or None):
        click.echo(f"{style_id}\t{title}")


@cli.command(name="formats")
def list_formats() -> None:
    """List the formats pubkit reads and writes."""
    for info in formats.describe():
        abilities = "/".join(a for a in ("read", "write") if info[a])
        suffixes = " ".join(info["suffixes"])
        line = (
            f"{info['name']:<10} {abilities:<11} {suffixes:<16} {info['description']}"
        )
        click.echo(line.rstrip())


from pubkit import cli_dedupe as _cli_dedupe  # noqa: E402, F401  (registers dedupe)


def main(argv: Sequence[str] | None = None) -> None:
    """Run the command line with ``argv`` (default: the process arguments)."""
    _log_warnings_to_stderr()
    cli.main(args=list(argv) if argv is not None else None, prog_name="pubkit")


def _log_warnings_to_stderr() -> None:
    """Show the library's warnings (a cite key written anew...) as its own lines.

    The library only logs; the command line is what decides they are printed,
    each as ``pubkit: message`` on standard error like the problem reports.
    """
    logger = logging.getLogger("pubkit")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("pubkit: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.WARNING)


if __name__ == "__main__":  # pragma: no cover
    main(sys.argv[1:])
