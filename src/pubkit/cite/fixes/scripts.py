"""Font style on text in scripts that have no italic or oblique forms.

Chinese, Japanese and Korean writing (and other scripts without a slanted
typeface tradition) is not set in italics: a ``font-style`` on a rendered
variable, term or value whose text holds no character of a script with
slanted forms (Latin, Greek, Cyrillic, Hebrew, Arabic, Thai, or digits) is
dropped, as citeproc-js drops it, so 计算机学报 stays upright where an English
journal title is italic. The rule applies to the element that renders the
text; a ``font-style`` on an enclosing group is kept.
"""

from __future__ import annotations

import re
from typing import Any

from citeproc.model import Date_Part, Et_Al, Formatted, Label, Name_Part, Number, Text

from pubkit.cite import markup
from pubkit.cite.fixes import Fix, register

_original_font_style = Formatted.font_style
#: Characters of scripts that are set in italics (the set citeproc-js uses).
SLANTABLE = re.compile(
    "[-0-9a-zA-Z\u00c0-\u017f\u0218-\u021b\u0370-\u03ff\u0400-\u052f"
    "\u0590-\u05d4\u05d6-\u05ff\u0600-\u06ff\u0e01-\u0e5b\u1f00-\u1fff"
    "\u200c-\u200e\u202a-\u202e]"
)
_TERMINAL = (Text, Number, Date_Part, Name_Part, Label, Et_Al)


def font_style(self: Any, text: Any) -> Any:
    """Apply ``font-style`` unless the text has no character that can slant."""
    if isinstance(self, _TERMINAL) and not SLANTABLE.search(markup.plain(str(text))):
        return text
    return _original_font_style(self, text)


FIX = register(
    Fix(
        name="unslanted-scripts",
        rule=(
            "font-style is not applied to text with no character of a script "
            "that has italic forms (CJK titles stay upright)."
        ),
        patches=((Formatted, "font_style", font_style),),
    )
)
