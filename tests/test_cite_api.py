"""Formatting bibliographies and citations, finding styles, reading them safely."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest

import pubkit
from pubkit.cite import (
    CitationItem,
    InvalidStyleError,
    cite,
    format_bibliography,
    format_citations,
    list_styles,
    load_style,
)
from pubkit.errors import UnknownStyleError

ITEM = {
    "id": "k",
    "type": "article-journal",
    "title": "Tides & currents",
    "container-title": "Coastal Letters",
    "author": [{"family": "Quill", "given": "Rosa"}],
    "issued": {"date-parts": [[2020]]},
    "volume": "4",
    "page": "10-19",
}


def items(shared: Path) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(
        (shared / "data/csl/items.json").read_text(encoding="utf-8")
    )
    return data


def reference(shared: Path, style: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (shared / f"data/csl/reference/{style}.json").read_text(encoding="utf-8")
    )
    return data


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def test_apa_bibliography_matches_reference_order_and_first_entry(
    shared: Path,
) -> None:
    """APA entries come in citeproc-js's order; the first one is identical."""
    ref = reference(shared, "apa")
    got = format_bibliography(items(shared), style="apa")
    assert len(got) == len(ref["ids"])
    assert squash(got[0]) == squash(ref["text"][0])


def test_ieee_html_entry_matches_reference(shared: Path) -> None:
    """An IEEE HTML entry has citeproc-js's left-margin and right-inline divs."""
    ref = reference(shared, "ieee")
    got = format_bibliography(items(shared), style="ieee", output="html")
    assert squash(got[0]) == squash(ref["html"][0])


def test_citations_follow_input_order(shared: Path) -> None:
    """One citation per item, in input order, each as citeproc-js renders it."""
    ref = reference(shared, "ieee")
    data = items(shared)
    got = format_citations(data, style="ieee")
    assert got == [ref["cites"][item["id"]] for item in data]


@pytest.mark.parametrize(
    ("output", "expected"),
    [
        ("text", "Quill, R. (2020). Tides & currents. Coastal Letters, 4, 10–19."),
        (
            "html",
            '<div class="csl-entry">Quill, R. (2020). Tides &amp; currents. '
            "<i>Coastal Letters</i>, <i>4</i>, 10–19.</div>",
        ),
        (
            "markdown",
            "Quill, R. (2020). Tides & currents. *Coastal Letters*, *4*, 10–19.",
        ),
        (
            "latex",
            r"Quill, R. (2020). Tides \& currents. \textit{Coastal Letters}, "
            r"\textit{4}, 10–19.",
        ),
        ("rst", "Quill, R. (2020). Tides & currents. *Coastal Letters*, *4*, 10–19."),
    ],
)
def test_output_formats(output: str, expected: str) -> None:
    """Each output format marks italics its own way and escapes its specials."""
    assert format_bibliography([ITEM], style="apa", output=output) == [expected]


def test_item_dicts_are_read_as_csl_json_files_are(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A dict without an id, with a text date or Crossref's type name cites."""
    untidy = {
        "type": "journal-article",
        "title": "Drift of plumes",
        "author": [{"family": "Marsh", "given": "Ed"}],
        "issued": "2019-05",
        "DOI": "https://doi.org/10.5555/PLUMES.7",
    }
    assert format_bibliography([untidy, ITEM], style="apa") == [
        "Marsh, E. (2019). Drift of plumes. https://doi.org/10.5555/PLUMES.7",
        "Quill, R. (2020). Tides & currents. Coastal Letters, 4, 10–19.",
    ]
    with caplog.at_level("WARNING", logger="pubkit.cite.api"):
        format_bibliography([{**ITEM, "type": "tide-table"}], style="apa")
    assert "CSL-JSON item 0: unknown item type 'tide-table'" in caplog.text


def test_given_ids_are_kept_and_generated_keys_avoid_them() -> None:
    """An id given later is not taken by a key generated for an earlier item."""
    nameless = pubkit.Publication(
        title="Tides & currents",
        author=(pubkit.Person(family="Quill", given="Rosa"),),
        issued=pubkit.Date((2020,)),
    )
    generated = pubkit.keys.make_key(nameless, pubkit.keys.DEFAULT_PATTERN)
    later = {**ITEM, "id": generated, "author": [{"family": "Tovar", "given": "I."}]}
    got = cite([generated], [nameless, later], style="apa")
    assert got == "(Tovar, 2020)"


def test_unknown_output_is_refused() -> None:
    """An unknown output format is a caller mistake."""
    with pytest.raises(ValueError, match="unknown output"):
        format_bibliography([ITEM], output="pdf")


def test_cite_group_with_locator_prefix_and_suffix() -> None:
    """A group cite carries each item's locator and affixes."""
    other = {**ITEM, "id": "m", "author": [{"family": "Tovar", "given": "Ines"}]}
    got = cite(
        [
            CitationItem("k", locator="12", label="page", prefix="see "),
            CitationItem("m", suffix=", for example"),
        ],
        [ITEM, other],
        style="chicago-author-date",
    )
    assert got == "(see Quill 2020, 12; Tovar 2020, for example)"


def test_cite_unknown_id_raises() -> None:
    """Citing an id that was not registered raises KeyError."""
    with pytest.raises(KeyError):
        cite(["nope"], [ITEM], style="apa")


def test_locales_change_terms() -> None:
    """A chosen locale changes the terms: German 'S.' and French 'p.'."""
    group = [CitationItem("k", locator="12")]
    assert cite(group, [ITEM], style="chicago-author-date", locale="de-DE") == (
        "(Quill 2020, 12)"
    )
    ed = {
        **ITEM,
        "type": "book",
        "editor": [{"family": "Marsh", "given": "Ed"}],
        "author": [],
    }
    assert "(Hrsg.)" in format_bibliography([ed], style="apa", locale="de-DE")[0]
    assert "(éd.)" in format_bibliography([ed], style="apa", locale="fr-FR")[0]


def test_en_gb_uses_single_quotes() -> None:
    """en-GB quotes titles with single quotes and leaves the comma outside."""
    got = format_bibliography([ITEM], style="ieee", locale="en-GB")[0]
    assert "‘Tides & currents’," in got


def test_style_by_title_and_path(tmp_path: Path) -> None:
    """A style is found by id, by exact title, and by .csl path."""
    apa = load_style("apa")
    assert load_style(apa.title).id == "apa"
    path = tmp_path / "mine.csl"
    path.write_bytes(apa.xml)
    assert load_style(path).xml == apa.xml


def test_dependent_style_resolves_to_parent() -> None:
    """'vancouver' is the dependent vancouver-nlm, rendered by its parent."""
    style = load_style("vancouver")
    assert style.id == "vancouver-nlm"
    assert style.parent == "nlm-citation-sequence"
    assert b"<citation" in style.xml


def test_unknown_style_suggests_close_names() -> None:
    """A misspelt style name raises UnknownStyleError naming the right one."""
    with pytest.raises(UnknownStyleError) as info:
        load_style("chicago-author-dat")
    assert "chicago-author-date" in info.value.suggestions


def test_list_styles_filters_by_words() -> None:
    """list_styles keeps the styles whose id or title holds every word."""
    found = dict(list_styles("ieee"))
    assert found["ieee"].startswith("IEEE")
    assert all("ieee" in f"{k} {v}".lower() for k, v in found.items())


XXE = """<?xml version="1.0"?>
<!DOCTYPE style [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0"><info><title>&xxe;</title>
</info><citation><layout><text value="x"/></layout></citation></style>"""

LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE style [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;">]>
<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0"><info><title>&d;</title>
</info><citation><layout><text value="x"/></layout></citation></style>"""


@pytest.mark.parametrize("xml", [XXE, LAUGHS], ids=["xxe", "billion-laughs"])
def test_entity_declarations_are_refused(tmp_path: Path, xml: str) -> None:
    """A style declaring XML entities is refused before anything is expanded."""
    path = tmp_path / "evil.csl"
    path.write_text(xml, encoding="utf-8")
    with pytest.raises(InvalidStyleError, match="entities"):
        load_style(path)


def test_malformed_style_is_refused(tmp_path: Path) -> None:
    """A style that is not well-formed XML raises InvalidStyleError."""
    path = tmp_path / "broken.csl"
    path.write_text("<style xmlns='http://purl.org/net/xbiblio/csl'>", "utf-8")
    with pytest.raises(InvalidStyleError, match="malformed"):
        load_style(path)


def test_publications_use_to_csl_item() -> None:
    """Publications are formatted through the CSL-JSON writer's mapping."""
    csljson = pytest.importorskip("pubkit.formats.csljson")
    if not hasattr(csljson, "to_csl_item"):
        pytest.skip("pubkit.formats.csljson.to_csl_item is not available")
    from pubkit.model import Person, Publication

    pub = Publication(
        type="book",
        id="q",
        title="Tides",
        author=(Person("Quill", "Rosa"),),
        authors_incomplete=True,
        implied_authors=(Person("Marsh", "Ed"),),
    )
    assert format_citations([pub], style="apa") == ["(Quill et al., n.d.)"]
    assert format_bibliography([pub], style="apa") == [
        "Quill, R., Marsh, E., et al. (n.d.). Tides."
    ]


@pytest.mark.parametrize(
    ("locale", "suggested"), [("fr_FR", "fr-FR"), ("xx-YY", None), ("english", None)]
)
def test_a_locale_without_a_file_is_an_error_with_suggestions(
    locale: str, suggested: str | None
) -> None:
    """citeproc-py would fall back to en-US in silence; pubkit says so."""
    with pytest.raises(pubkit.UnknownLocaleError) as caught:
        pubkit.format_bibliography([_ITEM_FOR_LOCALE], style="apa", locale=locale)
    assert caught.value.name == locale
    if suggested:
        assert caught.value.suggestions[0] == suggested


def test_a_language_alone_takes_its_primary_dialect() -> None:
    """A language alone (de) formats as its primary dialect (de-DE) does."""
    alone = pubkit.format_bibliography([_ITEM_FOR_LOCALE], style="apa", locale="de")
    dialect = pubkit.format_bibliography(
        [_ITEM_FOR_LOCALE], style="apa", locale="de-DE"
    )
    assert alone == dialect
    assert "(o.\u00a0J.)" in alone[0]


_ITEM_FOR_LOCALE = {"id": "k", "type": "book", "title": "Gezeiten"}


# Rich text in CSL-JSON, and what citeproc-js 1.4 (Zotero's processor, run by
# ../shared/tools/csl-reference/render.js) renders for it in HTML.
RICH = [
    {
        "id": "a",
        "type": "article-journal",
        "title": "The <i>Drosophila</i> genome and H<sub>2</sub>O in "
        '<span class="nocase">iPhone</span> apps',
        "author": [{"family": "Quill", "given": "Rosa"}],
        "issued": {"date-parts": [[2014]]},
        "container-title": "Coastal Letters",
        "volume": "4",
        "page": "10-19",
    },
    {
        "id": "b",
        "type": "book",
        "title": "Studies of <i>Escherichia coli</i> at 10<sup>6</sup> cells and "
        '<b>bold</b> claims with <span style="font-variant:small-caps;">Nasa</span>'
        " data",
        "author": [{"family": "Marsh", "given": "Ed"}],
        "issued": {"date-parts": [[2015]]},
        "publisher": "Tide Press",
    },
]
UPRIGHT = '<span style="font-style:normal;">'
CAPS = '<span style="font-variant:small-caps;">'
CITEPROC_JS_HTML = {
    "apa": [
        f"Marsh, E. (2015). <i>Studies of {UPRIGHT}Escherichia coli</span> at "
        f"10<sup>6</sup> cells and <b>bold</b> claims with {CAPS}Nasa</span> data</i>."
        " Tide Press.",
        "Quill, R. (2014). The <i>Drosophila</i> genome and H<sub>2</sub>O in iPhone "
        "apps. <i>Coastal Letters</i>, <i>4</i>, 10–19.",
    ],
    "chicago-author-date": [
        f"Marsh, Ed. 2015. <i>Studies of {UPRIGHT}Escherichia Coli</span> at "
        f"10<sup>6</sup> Cells and <b>Bold</b> Claims with {CAPS}Nasa</span> Data</i>."
        " Tide Press.",
        "Quill, Rosa. 2014. “The <i>Drosophila</i> Genome and H<sub>2</sub>O in "
        "iPhone Apps.” <i>Coastal Letters</i> 4: 10–19.",
    ],
}


@pytest.mark.parametrize("style", sorted(CITEPROC_JS_HTML))
def test_rich_text_renders_as_citeproc_js_does(style: str) -> None:
    """Rich text as citeproc-js renders it, in HTML and in plain text.

    Italics flip upright inside italics; sub- and superscripts, bold, small
    capitals and nocase spans are kept.
    """
    html_entries = format_bibliography(RICH, style=style, output="html")
    assert [squash(e) for e in html_entries] == [
        f'<div class="csl-entry">{e}</div>' for e in CITEPROC_JS_HTML[style]
    ]
    text = format_bibliography(RICH, style=style)
    assert [re.sub(r"<[^>]+>", "", e) for e in CITEPROC_JS_HTML[style]] == text
