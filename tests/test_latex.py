from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import pubkit
from pubkit.text.latex import (
    has_markup,
    latex_to_unicode,
    protected_words,
    strip_braces,
)
from tests.conftest import load_case


def test_case_06_accents_escapes_and_math() -> None:
    """Case 06: accents, dotless i, escaped specials and math decode."""
    case = load_case("06")
    lib = pubkit.loads(case["input"]["text"], format="bibtex")
    view = case["expected"]["unicode_view"]
    (pub,) = lib
    assert [p.sort_name() for p in pub.author] == view["authors"]
    assert pub.title == view["title"]
    assert pub.container_title == view["journal"]


def test_case_06_omega_never_becomes_slashed_o() -> None:
    r"""Case 06: \omega is a Greek letter, never \o followed by "mega"."""
    assert latex_to_unicode(r"$\omega$-rewriting") == "ω-rewriting"
    assert "ø" not in latex_to_unicode(r"{$\omega$-rewriting} of laws")


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"{\'{\i}}ndices", "índices"),
        (r"Na{\"\i}ve", "Naïve"),
        (r"Fran{\c c}ois", "François"),
        (r"\& \% \_ \# \$", "& % _ # $"),
        ("100% & more", "100% & more"),
        (r"{\O}degaard", "Ødegaard"),
        ("{DNA} {R}epair", "DNA Repair"),
        ("Fig.~3", "Fig.\u00a03"),
        ("pages 1--10 --- done", "pages 1–10 — done"),
        (r"\url{https://example.org/a_b}", "https://example.org/a_b"),
        (r"\href{https://example.org}{the site}", "the site"),
        ("Line one\n    continues", "Line one continues"),
        (r"The \TeX book and \LaTeX\ for authors", "The TeXbook and LaTeX for authors"),
        (r"Bib\TeX{} styles in \LaTeXe", "BibTeX styles in LaTeX2ε"),
    ],
)
def test_latex_to_unicode(latex: str, text: str) -> None:
    """LaTeX markup in bibliographic values decodes to the expected text."""
    assert latex_to_unicode(latex) == text


def test_tex_logos_read_as_words_and_are_written_back_as_commands() -> None:
    r"""A title about \TeX reads as text and keeps its commands in BibTeX."""
    bib = "@book{knuth, title = {The {\\TeX}book}, year = 1984}"
    (pub,) = pubkit.loads(bib, format="bibtex")
    assert pub.title == "The TeXbook"
    assert "title = {The {\\TeX}book}" in pubkit.dumps([pub], format="bibtex")


def test_malformed_markup_falls_back_to_brace_stripping() -> None:
    """Markup pylatexenc cannot parse still loses its braces, not its text."""
    assert latex_to_unicode(r"\'{}") == ""
    assert latex_to_unicode("{Open {brace") == "Open brace"


def test_strip_braces_keeps_escaped_braces() -> None:
    """strip_braces removes grouping braces but not escaped ones."""
    assert strip_braces(r"{A} \{b\}") == r"A \{b\}"


_PLAIN = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp"),
        blacklist_characters="\\{}$~%&-`'",
    ),
)


@given(st.lists(_PLAIN.filter(bool), max_size=6).map(" ".join))
def test_plain_text_is_unchanged(text: str) -> None:
    """Text without LaTeX markup comes back exactly as it went in."""
    assert not has_markup(text)
    assert latex_to_unicode(text) == text


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        ("\\aap", "\\aap"),
        ("{\\apj}, 500", "\\apj, 500"),
        ("\\noopsort{1999}Title", "\\noopsort{1999}Title"),
        ("\\aap {A}", "\\aap A"),
        ("a\\/b", "ab"),
    ],
)
def test_unknown_commands_keep_their_text(latex: str, text: str) -> None:
    """A command with no Unicode meaning is kept raw, with groups right after it."""
    assert latex_to_unicode(latex) == text


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        ("{\\uppercase{v}}on", "Von"),
        ("\\MakeLowercase{ABC}", "abc"),
        ("{\\sc Adl}: In\\textsubscript{x}Ga", "Adl: InxGa"),
        ("AND\\slash OR \\texttt{x}", "AND/OR x"),
        ("see \\verb+a_b+ now", "see a_b now"),
    ],
)
def test_common_commands_pylatexenc_lacks(latex: str, text: str) -> None:
    """Case changes, font switches and text commands decode to their text."""
    assert latex_to_unicode(latex) == text


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (r"Standing Waves in Narrow {B}altic Inlets", ("Baltic",)),
        (
            r"{The Magnetic Topology of Solar Eruptions}",
            ("The", "Magnetic", "Topology", "Solar", "Eruptions"),
        ),
        (
            r"{The} {Magnetic} {Topology} of {Solar}",
            ("The", "Magnetic", "Topology", "Solar"),
        ),
        (r"Tides of the {North Sea}", ("North", "Sea")),
        # A group that starts with a command is a special character, which
        # BibTeX lowers like any letter.
        (r"{\"O}land and {\em Open} Water", ()),
        (r"An {\"O}land {{\"O}sterreich}", ("Österreich",)),
        # The braces of a command's argument cannot be told from protection
        # once decoded: nothing is claimed.
        (r"\"{O}land {GPS}", ()),
        (r"Lower {case} only", ()),
        (r"Unbalanced {GPS", ()),
        (r"Escaped \{GPS\}", ()),
    ],
)
def test_protected_words_are_those_bibtex_keeps_from_case_change(
    value: str, words: tuple[str, ...]
) -> None:
    """Words a top-level, non-command brace group touches count, if capitalised."""
    assert protected_words(value) == words
