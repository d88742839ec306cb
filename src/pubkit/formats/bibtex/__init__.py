"""BibTeX and BibLaTeX: reading and writing.

Both formats share one reader. The writers live in
:mod:`pubkit.formats.bibtex.writer`; until that module is importable the
formats are registered as read-only.
"""

from __future__ import annotations

import functools
import importlib
import logging

from pubkit.formats import Format, Writer, register
from pubkit.formats.bibtex.reader import (
    read_biblatex,
    read_bibtex,
    read_bibtex_all,
    sniff_biblatex,
    sniff_bibtex,
)

__all__ = ["read_biblatex", "read_bibtex"]

logger = logging.getLogger(__name__)


_WRITER_MODULE = "pubkit.formats.bibtex.writer"


def _writer(name: str) -> Writer | None:
    """The writer function ``name`` of the writer module, if it is available."""
    try:
        module = importlib.import_module(_WRITER_MODULE)
    except ModuleNotFoundError as exc:
        if exc.name != _WRITER_MODULE:
            raise
        logger.debug("no BibTeX writer module; %s is registered read-only", name)
        return None
    writer: Writer | None = getattr(module, name, None)
    return writer


register(
    Format(
        "bibtex",
        suffixes=(".bib", ".bibtex"),
        read=read_bibtex,
        write=_writer("write_bibtex"),
        sniff=sniff_bibtex,
        description="BibTeX database (.bib)",
        read_all=read_bibtex_all,
    )
)
register(
    Format(
        "biblatex",
        suffixes=(".bbl.bib",),
        read=read_biblatex,
        write=_writer("write_biblatex"),
        sniff=sniff_biblatex,
        description="BibLaTeX database (.bib with BibLaTeX fields and types)",
        read_all=functools.partial(read_bibtex_all, format="biblatex"),
    )
)
