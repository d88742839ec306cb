"""Near-duplicate records: find them, explain them, merge them.

Two relations are told apart. A *duplicate* is the same publication recorded
twice (differing in case, markup, author format or missing fields); a
*version* is the same work in another form (a preprint and its article, a
retitled revision sharing its abstract). :func:`find_duplicates` reports both
with the evidence for every pair; :func:`deduplicate` merges duplicates, or
versions too with ``merge="versions"``.

    >>> from pubkit import Publication
    >>> a = Publication(id="a", title="Tide tables", doi="10.5555/t1")
    >>> b = Publication(id="b", title="Tide Tables.", doi="https://doi.org/10.5555/T1")
    >>> merged, report = deduplicate([a, b])
    >>> [p.id for p in merged], report.keymap()
    (['a'], {'b': 'a'})
"""

from pubkit.match.find import find_duplicates, score_pair
from pubkit.match.merge import (
    ALTERNATE_DOIS,
    FIELD_SOURCES,
    MERGED_IDS,
    VARIANTS,
    deduplicate,
    merge_records,
)
from pubkit.match.report import (
    MERGE_MODES,
    DuplicateReport,
    Group,
    Pair,
    report_summary,
    report_to_dict,
    report_to_json,
)
from pubkit.match.rules import RULES, VETOES

__all__ = [
    "ALTERNATE_DOIS",
    "FIELD_SOURCES",
    "MERGED_IDS",
    "MERGE_MODES",
    "RULES",
    "VARIANTS",
    "VETOES",
    "DuplicateReport",
    "Group",
    "Pair",
    "deduplicate",
    "find_duplicates",
    "merge_records",
    "report_summary",
    "report_to_dict",
    "report_to_json",
    "score_pair",
]
