"""bibtexparser's block splitter, without its log messages.

bibtexparser logs a warning for every block it cannot parse ("Parsing of
`@article` block ... aborted"). The reader reports each such block as a
:class:`pubkit.Problem` itself, so those messages would only repeat it on the
user's terminal. While :func:`split_blocks` runs, a filter on bibtexparser's
loggers passes their records to this module's logger at DEBUG level instead;
the filter is removed afterwards, so bibtexparser logs as usual elsewhere.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from bibtexparser import model as bp
from bibtexparser.splitter import Splitter

__all__ = ["split_blocks"]

logger = logging.getLogger(__name__)

_PREFIX = "bibtexparser"


def _demote(record: logging.LogRecord) -> bool:
    """Drop a bibtexparser record, repeating it here at DEBUG level."""
    if logger.isEnabledFor(logging.DEBUG):
        logger.debug("%s: %s", record.name, record.getMessage())
    return False


def _bibtexparser_loggers() -> list[logging.Logger]:
    """The bibtexparser logger and every logger below it that exists now."""
    names = [
        name
        for name in list(logging.root.manager.loggerDict)
        if name == _PREFIX or name.startswith(_PREFIX + ".")
    ]
    return [logging.getLogger(name) for name in {_PREFIX, *names}]


@contextmanager
def _quiet() -> Iterator[None]:
    """Demote bibtexparser's log records while the block runs."""
    loggers = _bibtexparser_loggers()
    for each in loggers:
        each.addFilter(_demote)
    try:
        yield
    finally:
        for each in loggers:
            each.removeFilter(_demote)


def split_blocks(text: str) -> list[bp.Block]:
    """Split BibTeX text into bibtexparser's blocks, in file order.

    Args:
        text: The BibTeX text.

    Returns:
        The blocks, failed ones included as ``ParsingFailedBlock``.
    """
    with _quiet():
        return list(Splitter(text).split().blocks)
