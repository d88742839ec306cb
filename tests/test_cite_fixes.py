"""The citeproc-py corrections, each on a minimal inline style."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import citeproc
import pytest

from pubkit.cite import (
    engine_for,
    fixes,
    format_bibliography,
    format_citations,
    style_from_string,
)

HEAD = (
    '<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">'
    "<info><id>t</id><title>t</title><updated>2020-01-01T00:00:00+00:00</updated>"
    "</info>"
)


def load_case(shared: Path, prefix: str) -> dict[str, Any]:
    """A handed case by its file-name prefix."""
    path = next((shared / "cases").glob(f"{prefix}-*.json"))
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def style(citation: str, bibliography: str = "", **attrs: str) -> Any:
    """An inline style from a citation layout and an optional bibliography."""
    head = HEAD.replace(
        'version="1.0"',
        'version="1.0" '
        + " ".join(f'{k.replace("_", "-")}="{v}"' for k, v in attrs.items()),
    )
    bib = f"<bibliography>{bibliography}</bibliography>" if bibliography else ""
    return style_from_string(f"{head}<citation>{citation}</citation>{bib}</style>")


def book(item_id: str, given: str = "Rosa", **extra: Any) -> dict[str, Any]:
    return {
        "id": item_id,
        "type": "book",
        "author": [{"family": "Quill", "given": given}],
        **extra,
    }


def test_checked_version_is_installed() -> None:
    """The installed citeproc-py is one the fixes were checked against."""
    assert citeproc.__version__ in fixes.CHECKED_AGAINST


@pytest.mark.parametrize(
    "part",
    [
        "A_initialize_false",
        "B_unspaced_initials_vancouver_like",
        "C_hyphenated_given_name",
    ],
)
def test_case_18_initials(shared: Path, part: str) -> None:
    """Given names are initialised, or kept, as case 18 expects."""
    case = load_case(shared, "18")
    data = case["input"][part]
    got = format_citations(data["items"], style=style_from_string(data["csl_style"]))
    assert got == [case["expected"][part][i["id"]] for i in data["items"]]


@pytest.mark.parametrize("locale", ["en-US", "en-GB"])
def test_case_19_punctuation_in_quote(shared: Path, locale: str) -> None:
    """A following period goes inside the quote in en-US only; none after '?'."""
    case = load_case(shared, "19")
    data = case["input"]
    got = format_bibliography(
        data["items"], style=style_from_string(data["csl_style"]), locale=locale
    )
    assert got == case["expected"][locale]


def test_case_21_year_suffix(shared: Path) -> None:
    """Look-alike cites get year suffixes in bibliography order, per group."""
    case = load_case(shared, "21")
    data = case["input"]
    csl = style_from_string(data["csl_style"])
    cites = format_citations(data["items"], style=csl)
    assert (
        dict(zip([i["id"] for i in data["items"]], cites, strict=False))
        == case["expected"]["citations"]
    )
    assert (
        format_bibliography(data["items"], style=csl)
        == case["expected"]["bibliography"]
    )


def test_case_22_missing_date(shared: Path) -> None:
    """An undated item cites as n.d. and sorts after dated ones."""
    case = load_case(shared, "22")
    data = case["input"]
    csl = style_from_string(data["csl_style"])
    cites = format_citations(data["items"], style=csl)
    assert (
        dict(zip([i["id"] for i in data["items"]], cites, strict=False))
        == case["expected"]["citations"]
    )
    assert (
        format_bibliography(data["items"], style=csl)
        == case["expected"]["bibliography"]
    )


def test_case_13_incomplete_author_lists(shared: Path) -> None:
    """An incomplete author list counts one longer and always ends in et al."""
    case = load_case(shared, "13")
    csl = style_from_string(case["input"]["csl_style"])
    names = {
        "two": ["Quill, Rosa", "Marsh, Ed"],
        "three": ["Quill, Rosa", "Marsh, Ed", "Tovar, Ines"],
        "five": [
            "Quill, Rosa",
            "Marsh, Ed",
            "Tovar, Ines",
            "Pike, Olaf",
            "Varga, Zita",
        ],
    }
    items = [book(k, author=[_name(n) for n in v]) for k, v in names.items()]
    for key, parsed in case["expected"]["parsed"].items():
        if key == "rule":
            continue
        custom = {"authors-incomplete": parsed["et_al"]}
        authors = [_name(n) for n in parsed["authors"]]
        items.append(book(key, author=authors, custom=custom))
    ids = [i["id"] for i in items]
    cites = dict(zip(ids, format_citations(items, style=csl), strict=False))
    assert cites == case["expected"]["citations"]
    entries = format_bibliography(items, style=csl)
    assert dict(zip(ids, entries, strict=False)) == case["expected"]["bibliography"]


def _name(text: str) -> dict[str, str]:
    family, given = text.split(", ")
    return {"family": family, "given": given}


def test_implied_authors_follow_listed_ones() -> None:
    """Implied authors of an incomplete list render after the listed authors."""
    csl = style(
        '<layout><names variable="author"><name delimiter=", "/></names></layout>'
    )
    item = book(
        "x",
        custom={
            "authors-incomplete": True,
            "implied-authors": [{"family": "Marsh", "given": "Ed"}],
        },
    )
    assert format_citations([item], style=csl) == ["Rosa Quill, Ed Marsh, et al."]


# Each fix must still be needed: unpatched citeproc-py shows the fault.
UNFIXED = {
    "initialize": (
        style(
            '<layout><names variable="author"><name initialize-with="." '
            'initialize="false"/></names></layout>'
        ),
        [book("a", given="Rufus M.E.")],
        ["R.M.E. Quill"],
        ["Rufus M.E. Quill"],
    ),
    "punctuation-in-quote": (
        style('<layout suffix="."><text variable="title" quotes="true"/></layout>'),
        [book("a", title="Tides")],
        ["“Tides”."],
        ["“Tides.”"],
    ),
    "year-suffix": (
        style(
            '<layout><names variable="author"><name form="short"/></names>'
            '<date variable="issued" prefix=" "><date-part name="year"/></date>'
            "</layout>",
            '<layout><text variable="title"/></layout>',
        ),
        [
            book("a", issued={"date-parts": [[2003]]}, title="A"),
            book("b", issued={"date-parts": [[2003]]}, title="B"),
        ],
        ["Quill 2003", "Quill 2003"],
        ["Quill 2003a", "Quill 2003b"],
    ),
    "text-case": (
        style('<layout><text variable="title" text-case="capitalize-first"/></layout>'),
        [book("a", title="arXiv preprint")],
        ["ArXiv preprint"],
        ["arXiv preprint"],
    ),
}


#: An author and an editor of one item who share family name and initials.
LOOKALIKE_NAMES = (
    '<names variable="author"><name initialize-with="." delimiter=", "/></names>'
    '<names variable="editor" prefix="; "><name initialize-with="." '
    'delimiter=", "/></names>'
)
LOOKALIKE_ITEMS = [
    {
        "id": "a",
        "type": "book",
        "author": [
            {"family": "Orr", "given": "Genevieve B."},
            {"family": "Lund", "given": "Ann"},
        ],
        "editor": [{"family": "Orr", "given": "Geneviève B."}],
    },
    {"id": "b", "type": "book", "author": [{"family": "Orr", "given": "Gina B."}]},
]

UNFIXED_BIB = {
    "chicago-16": (
        style(
            "<layout/>",
            '<layout><text variable="page"/></layout>',
            page_range_format="chicago-16",
        ),
        [book("a", page="3890-3905")],
        ["3890–3905"],
        ["3890–905"],
    ),
    "number-of-pages-label": (
        style(
            "<layout/>",
            '<layout><text variable="number-of-pages" suffix=" "/>'
            '<label variable="number-of-pages" form="short"/></layout>',
        ),
        [book("a", **{"number-of-pages": "198"})],
        ["198"],
        ["198 pp."],
    ),
    "doubled-period": (
        style(
            "<layout/>",
            '<layout suffix="."><names variable="author"><name form="short" '
            'et-al-min="2" et-al-use-first="1"/><et-al font-style="italic"/>'
            "</names></layout>",
        ),
        [
            {
                "id": "a",
                "type": "book",
                "author": [{"family": "Lee", "given": "M"}, {"family": "Kim"}],
            }
        ],
        ["Lee et al.."],
        ["Lee et al."],
    ),
    "name-particles": (
        style(
            "<layout/>",
            '<layout><names variable="author"><name name-as-sort-order="all"/>'
            "</names></layout>",
        ),
        [
            {
                "id": "a",
                "type": "book",
                "author": [{"family": "van der Waals", "given": "Johannes"}],
            }
        ],
        ["van der Waals, Johannes"],
        ["Waals, Johannes van der"],
    ),
    "label-plural-roman": (
        style(
            "<layout/>",
            '<layout><label variable="page" form="short" suffix=" "/>'
            '<text variable="page"/></layout>',
        ),
        [book("a", page="xi-xv")],
        ["p. xi–xv"],
        ["pp. xi–xv"],
    ),
    "chicago-prefixed-range": (
        style(
            "<layout/>",
            '<layout><text variable="page"/></layout>',
            page_range_format="chicago",
        ),
        [book("a", page="S12-S19")],
        ["S12–S19"],
        ["S12–19"],
    ),
    "title-case-compounds": (
        style(
            "<layout/>",
            '<layout><text variable="title" text-case="title"/></layout>',
        ),
        [book("a", title="pre-training under pandas-dev/pandas")],
        ["Pre-training Under Pandas-dev/pandas"],
        ["Pre-Training under Pandas-Dev/Pandas"],
    ),
    "page-range-format": (
        style(
            "<layout/>",
            '<layout><text variable="page"/></layout>',
            page_range_format="expanded",
        ),
        [book("a", page="321-28")],
        ["321–28"],
        ["321–328"],
    ),
    "minimal-two": (
        style(
            "<layout/>",
            '<layout><text variable="page"/></layout>',
            page_range_format="minimal-two",
        ),
        [book("a", page="1-29")],
        ["1–9"],
        ["1–29"],
    ),
    "label-empty-variable": (
        style(
            "<layout/>",
            '<layout><text variable="title"/><label variable="page" '
            'form="short" prefix=", "/></layout>',
        ),
        [book("a", title="Tides")],
        ["Tides, p."],
        ["Tides"],
    ),
    "substitute-suppression": (
        style(
            "<layout/>",
            '<layout><group delimiter=". "><names variable="author"><substitute>'
            '<names variable="editor"/></substitute></names>'
            '<names variable="editor" prefix="Edited by "/></group></layout>',
        ),
        [{"id": "a", "type": "book", "editor": [{"family": "Marsh", "given": "Ed"}]}],
        ["Ed Marsh. Edited by Ed Marsh"],
        ["Ed Marsh"],
    ),
    "cjk-names": (
        style(
            "<layout/>",
            '<layout><names variable="author"><name name-as-sort-order="all"/>'
            "</names></layout>",
        ),
        [{"id": "a", "type": "book", "author": [{"family": "王", "given": "小明"}]}],
        ["王, 小明"],
        ["王小明"],
    ),
    "sort-collation": (
        style(
            "<layout/>",
            '<sort><key variable="title"/></sort><layout><text variable="title"/>'
            "</layout>",
        ),
        [book("a", title="Okafor"), book("b", title="O’Brien")],
        ["Okafor", "O’Brien"],
        ["O’Brien", "Okafor"],
    ),
    "number-is-numeric": (
        style(
            "<layout/>",
            '<layout><choose><if is-numeric="number"><text value="numeric"/>'
            '</if><else><text value="text"/></else></choose></layout>',
        ),
        [
            book("a", number="800-53 Rev. 5"),
            book("b", number="53 Rev. 5"),
            book("c", number="12-15"),
            book("d", number="2 & 4"),
        ],
        ["text", "text", "text", "text"],
        ["numeric", "text", "numeric", "numeric"],
    ),
    "number-range-delimiter": (
        style("<layout/>", '<layout><text variable="number"/></layout>'),
        [book("a", number="12-15"), book("b", number="800-53 Rev. 5")],
        ["12-15", "800-53 Rev. 5"],
        ["12–15", "800–53 Rev. 5"],
    ),
    "number-prefix-in-group": (
        style(
            "<layout/>",
            '<layout><group delimiter=" "><text value="X"/>'
            '<text variable="number" prefix="No. "/></group></layout>',
        ),
        [book("a", number="800-53 Rev. 5"), book("b", number="W-670-ORD-4926")],
        ["X No. 800-53 Rev. 5", "X No. W-670-ORD-4926"],
        ["X No. 800– 53 Rev. 5", "X No. W-670-ORD-4926"],
    ),
    "givenname-by-cite": (
        style_from_string(
            HEAD + '<citation disambiguate-add-givenname="true"><layout>'
            '<names variable="author"><name form="short"/></names></layout>'
            "</citation><bibliography><layout>" + LOOKALIKE_NAMES + "</layout>"
            "</bibliography></style>"
        ),
        LOOKALIKE_ITEMS,
        ["G.B. Orr, A. Lund; G.B. Orr", "G.B. Orr"],
        ["G.B. Orr, A. Lund; Geneviève B. Orr", "G.B. Orr"],
    ),
}


@pytest.mark.parametrize("name", sorted(UNFIXED_BIB))
def test_bibliography_fix_is_still_needed_and_works(name: str) -> None:
    """Plain citeproc-py still gets this bibliography rule wrong; pubkit not."""
    csl, items, faulty, right = UNFIXED_BIB[name]
    with fixes.disabled():
        assert format_bibliography(items, style=csl) == faulty
    assert format_bibliography(items, style=csl) == right


def test_given_names_tell_authors_apart() -> None:
    """Look-alike cites of different authors show initials, not year suffixes."""
    csl = style(
        '<layout><names variable="author"><name form="short"/></names>'
        '<date variable="issued" prefix=" "><date-part name="year"/></date>'
        "</layout>"
    )
    csl = style_from_string(
        csl.xml.decode().replace(
            "<citation>",
            '<citation disambiguate-add-givenname="true" '
            'disambiguate-add-year-suffix="true">',
        )
    )
    year = {"date-parts": [[2021]]}
    items = [
        {
            "id": "w",
            "type": "book",
            "issued": year,
            "author": [{"family": "Zhang", "given": "Wei"}],
        },
        {
            "id": "l",
            "type": "book",
            "issued": year,
            "author": [{"family": "Zhang", "given": "Li"}],
        },
    ]
    with fixes.disabled():
        assert format_citations(items, style=csl) == ["Zhang 2021", "Zhang 2021"]
    assert format_citations(items, style=csl) == ["W. Zhang 2021", "L. Zhang 2021"]


def test_localized_date_uses_locale_delimiter() -> None:
    """A localized date joins its parts with the in-style locale's delimiter."""
    csl = style_from_string(
        HEAD + '<locale><date form="text" delimiter=" "><date-part name="year"/>'
        '<date-part name="month" form="short" strip-periods="true"/></date>'
        '</locale><citation><layout><date variable="issued" form="text"/>'
        "</layout></citation></style>"
    )
    items = [book("a", issued={"date-parts": [[2020, 3]]})]
    with fixes.disabled():
        assert format_citations(items, style=csl) == ["2020Mar"]
    assert format_citations(items, style=csl) == ["2020 Mar"]


def test_demoted_particles_sort_under_family_name() -> None:
    """With demote "sort-only", de la Vega sorts under V but displays whole."""
    csl = style(
        "<layout/>",
        '<sort><key macro="a"/></sort><layout><text macro="a"/></layout>',
        demote_non_dropping_particle="sort-only",
    )
    csl = style_from_string(
        csl.xml.decode().replace(
            "<citation>",
            '<macro name="a"><names variable="author"><name/></names></macro>'
            "<citation>",
        )
    )
    vega = {"family": "Vega", "given": "G.", "non-dropping-particle": "de la"}
    items = [
        {"id": "v", "type": "book", "author": [vega]},
        {"id": "m", "type": "book", "author": [{"family": "Marsh", "given": "E."}]},
    ]
    with fixes.disabled():
        assert format_bibliography(items, style=csl) == ["G. de la Vega", "E. Marsh"]
    assert format_bibliography(items, style=csl) == ["E. Marsh", "G. de la Vega"]


@pytest.mark.parametrize("name", sorted(UNFIXED))
def test_fix_is_still_needed_and_works(name: str) -> None:
    """Plain citeproc-py still gets this wrong, and the fix gets it right."""
    csl, items, faulty, right = UNFIXED[name]
    if name == "year-suffix":
        csl = style_from_string(
            csl.xml.decode().replace(
                "<citation>", '<citation disambiguate-add-year-suffix="true">'
            )
        )
    with fixes.disabled():
        assert format_citations(items, style=csl) == faulty
    assert format_citations(items, style=csl) == right


def test_display_fault_and_fix() -> None:
    """second-field-align sets the number apart; plain citeproc-py runs it in."""
    csl = style(
        '<layout><text variable="citation-number"/></layout>',
        '<layout><text variable="citation-number" prefix="[" suffix="]"/>'
        '<text variable="title"/></layout>',
    )
    csl = style_from_string(
        csl.xml.decode().replace(
            "<bibliography>", '<bibliography second-field-align="flush">'
        )
    )
    items = [book("a", title="Tides")]
    with fixes.disabled():
        assert format_bibliography(items, style=csl) == ["[1]Tides"]
    assert format_bibliography(items, style=csl) == ["[1] Tides"]
    html = format_bibliography(items, style=csl, output="html")[0]
    assert '<div class="csl-left-margin">[1]</div>' in html
    assert '<div class="csl-right-inline">Tides</div>' in html


def test_number_hyphen_kept_where_not_a_range() -> None:
    """A hyphen stays between ends with different prefixes or before text."""
    csl = style("<layout/>", '<layout><text variable="number"/></layout>')
    items = [book("a", number="A12-14"), book("b", number="100-530 Rev. 5")]
    assert format_bibliography(items, style=csl) == ["A12-14", "100-530 Rev. 5"]


def test_number_range_with_text_under_page_range_format() -> None:
    """With a page-range-format, "800-53 Rev. 5" keeps its hyphen."""
    csl = style(
        "<layout/>",
        '<layout><text variable="number"/></layout>',
        page_range_format="expanded",
    )
    items = [book("a", number="800-53 Rev. 5"), book("b", number="12-15")]
    assert format_bibliography(items, style=csl) == ["800-53 Rev. 5", "12–15"]


def test_lookalike_name_expands_once_seen() -> None:
    """A second bibliography also expands the author seen before the editor."""
    csl = UNFIXED_BIB["givenname-by-cite"][0]
    engine = engine_for(LOOKALIKE_ITEMS, style=csl)
    first = engine.bibliography("text")
    assert engine.bibliography("text") == [
        "Genevieve B. Orr, A. Lund; Geneviève B. Orr",
        "G.B. Orr",
    ]
    assert first == ["G.B. Orr, A. Lund; Geneviève B. Orr", "G.B. Orr"]


def test_rich_text_fault_and_fix() -> None:
    """Plain citeproc-py prints CSL's <i> and <sub> tags; pubkit formats them."""
    csl = style(
        '<layout><text variable="title"/></layout>',
        '<layout><text variable="title" font-style="italic"/></layout>',
    )
    items = [book("a", title="On <i>Vibrio</i> in H<sub>2</sub>O")]
    with fixes.disabled():
        faulty = format_bibliography(items, style=csl, output="html")
    entry = '<div class="csl-entry">{}</div>'
    faulty_title = "On &lt;i&gt;Vibrio&lt;/i&gt; in H&lt;sub&gt;2&lt;/sub&gt;O"
    assert faulty == [entry.format(f"<i>{faulty_title}</i>")]
    upright = '<span style="font-style:normal;">Vibrio</span>'
    assert format_bibliography(items, style=csl, output="html") == [
        entry.format(f"<i>On {upright} in H<sub>2</sub>O</i>")
    ]
    assert format_bibliography(items, style=csl) == ["On Vibrio in H2O"]
    assert format_bibliography(items, style=csl, output="latex") == [
        r"\textit{On \textup{Vibrio} in H\textsubscript{2}O}"
    ]


@pytest.mark.parametrize(
    "value",
    ["a <i>b</b> c", "a <i>b c", "a </i>b", "x < y and y > z", "<span>plain</span>"],
)
def test_badly_nested_or_no_tags_stay_as_written(value: str) -> None:
    """Tags that do not nest, and comparisons, are text; a bare span is dropped."""
    from pubkit.cite.fixes.rich_text import to_markers

    expected = "plain" if value.startswith("<span>") else value
    assert to_markers(value) == expected
