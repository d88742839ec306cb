"""Citations and bibliographies in any CSL style.

>>> from pubkit.cite import format_bibliography
>>> item = {"id": "k", "type": "book", "title": "Tides",
...         "author": [{"family": "Quill", "given": "Rosa"}],
...         "issued": {"date-parts": [[2020]]}}
>>> format_bibliography([item], style="apa")
['Quill, R. (2020). Tides.']
"""

from pubkit.cite.api import cite, engine_for, format_bibliography, format_citations
from pubkit.cite.engine import CitationItem, Engine
from pubkit.cite.styles import (
    InvalidStyleError,
    Style,
    list_styles,
    load_style,
    style_from_string,
)

__all__ = [
    "CitationItem",
    "Engine",
    "InvalidStyleError",
    "Style",
    "cite",
    "engine_for",
    "format_bibliography",
    "format_citations",
    "list_styles",
    "load_style",
    "style_from_string",
]
