"""The RIS ↔ CSL mapping: reference types and tags, as tables.

The reader and the writer share these tables, so a RIS → pubkit → RIS round
trip gives back the same records.
"""

from __future__ import annotations

from types import MappingProxyType

__all__ = [
    "CONTAINER_TAGS",
    "CSL_TYPE_FOR_RIS",
    "EXTRA_TAGS",
    "NAME_TAGS",
    "RIS_TYPE_FOR_CSL",
    "STRING_TAGS",
]

#: RIS reference types (TY) → CSL item types.
CSL_TYPE_FOR_RIS = MappingProxyType(
    {
        "JOUR": "article-journal",
        "JFULL": "article-journal",
        "EJOUR": "article-journal",
        "ABST": "article-journal",
        "INPR": "article-journal",
        "MGZN": "article-magazine",
        "NEWS": "article-newspaper",
        "BOOK": "book",
        "EBOOK": "book",
        "EDBOOK": "book",
        "CTLG": "book",
        "CHAP": "chapter",
        "ECHAP": "chapter",
        "CONF": "paper-conference",
        "CPAPER": "paper-conference",
        "THES": "thesis",
        "RPRT": "report",
        "GOVDOC": "report",
        "UNPB": "manuscript",
        "MANSCPT": "manuscript",
        "GEN": "document",
        "GRANT": "document",
        "EQUA": "document",
        "ELEC": "webpage",
        "MULTI": "webpage",
        "BLOG": "post-weblog",
        "ICOMM": "post",
        "COMP": "software",
        "DATA": "dataset",
        "DBASE": "dataset",
        "AGGR": "dataset",
        "PAT": "patent",
        "STAND": "standard",
        "MAP": "map",
        "MPCT": "motion_picture",
        "VIDEO": "motion_picture",
        "ADVS": "motion_picture",
        "SOUND": "song",
        "MUSIC": "musical_score",
        "ART": "graphic",
        "CHART": "graphic",
        "SLIDE": "graphic",
        "FIGURE": "figure",
        "BILL": "bill",
        "CASE": "legal_case",
        "STAT": "legislation",
        "LEGAL": "regulation",
        "HEAR": "hearing",
        "PCOMM": "personal_communication",
        "PAMP": "pamphlet",
        "DICT": "entry-dictionary",
        "ENCYC": "entry-encyclopedia",
        "SER": "periodical",
        "ANCIENT": "classic",
        "CLSWK": "classic",
    }
)

#: CSL item types → the RIS type written for them (each reads back the same,
#: except ``article``, which RIS has no type for and is written as GEN).
RIS_TYPE_FOR_CSL = MappingProxyType(
    {
        "article-journal": "JOUR",
        "article-magazine": "MGZN",
        "article-newspaper": "NEWS",
        "book": "BOOK",
        "chapter": "CHAP",
        "paper-conference": "CPAPER",
        "thesis": "THES",
        "report": "RPRT",
        "manuscript": "UNPB",
        "document": "GEN",
        "article": "GEN",
        "webpage": "ELEC",
        "post-weblog": "BLOG",
        "post": "ICOMM",
        "software": "COMP",
        "dataset": "DATA",
        "patent": "PAT",
        "standard": "STAND",
        "map": "MAP",
        "motion_picture": "MPCT",
        "song": "SOUND",
        "musical_score": "MUSIC",
        "graphic": "ART",
        "figure": "FIGURE",
        "bill": "BILL",
        "legal_case": "CASE",
        "legislation": "STAT",
        "regulation": "LEGAL",
        "hearing": "HEAR",
        "personal_communication": "PCOMM",
        "pamphlet": "PAMP",
        "entry-dictionary": "DICT",
        "entry-encyclopedia": "ENCYC",
        "periodical": "SER",
        "classic": "CLSWK",
    }
)

#: Name tags → the CSL name variable they fill, first tag written.
NAME_TAGS = MappingProxyType(
    {
        "AU": "author",
        "A1": "author",
        "ED": "editor",
        "A2": "editor",
        "A3": "collection-editor",
        "A4": "translator",
        "TA": "translator",
    }
)

#: Tags holding the container title, most specific first; the first one
#: present is the container, the rest are kept as they were.
CONTAINER_TAGS = ("T2", "JF", "JO", "BT")

#: Single-valued tags that fill a Publication attribute, first tag written.
STRING_TAGS = MappingProxyType(
    {
        "TI": "title",
        "T1": "title",
        "VL": "volume",
        "IS": "issue",
        "PB": "publisher",
        "CY": "publisher_place",
        "DO": "doi",
        "UR": "url",
        "AB": "abstract",
        "N2": "abstract",
        "LA": "language",
        "ID": "id",
    }
)

#: Tags that fill a CSL variable kept in Publication.extra.
EXTRA_TAGS = MappingProxyType(
    {
        "J2": "container-title-short",
        "JA": "container-title-short",
        "T3": "collection-title",
        "ET": "edition",
        "M3": "genre",
        "ST": "title-short",
        "DP": "source",
        "DB": "archive",
        "CN": "call-number",
        "NV": "number-of-volumes",
        "SE": "section",
    }
)
