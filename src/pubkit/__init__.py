"""pubkit: publication data for researchers.

Read BibTeX, BibLaTeX, CSL-JSON, RIS and researcher profile pages into one
model built on CSL; find and merge near-duplicates; write clean BibTeX and
CSL-JSON; format citations in any CSL style.

    >>> import pubkit
    >>> lib = pubkit.loads("@article{k, title={Tides}, year=2020}", format="bibtex")
    >>> lib[0].title, lib[0].year
    ('Tides', 2020)
"""

from pubkit.cite import format_bibliography, format_citations, list_styles
from pubkit.errors import (
    Problem,
    PubkitError,
    UnknownFormatError,
    UnknownLocaleError,
    UnknownStyleError,
)
from pubkit.formats.profile import Profile
from pubkit.io import dumps, loads, read, read_profile, write
from pubkit.keys import assign_keys
from pubkit.library import Library
from pubkit.match import deduplicate, find_duplicates
from pubkit.model import Date, Person, Provenance, Publication

__all__ = [
    "Date",
    "Library",
    "Person",
    "Problem",
    "Profile",
    "Provenance",
    "PubkitError",
    "Publication",
    "UnknownFormatError",
    "UnknownLocaleError",
    "UnknownStyleError",
    "assign_keys",
    "deduplicate",
    "dumps",
    "find_duplicates",
    "format_bibliography",
    "format_citations",
    "list_styles",
    "loads",
    "read",
    "read_profile",
    "write",
]

__version__ = "0.1.0"
