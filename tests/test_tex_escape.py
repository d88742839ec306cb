"""Unicode to LaTeX for BibTeX values: escapes, accents, capital protection."""

from __future__ import annotations

import logging
import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pubkit.text.latex import latex_to_unicode, protected_words
from pubkit.text.tex_escape import escape_latex, title_to_latex


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dvořák", r"Dvo{\v{r}}{\'a}k"),
        ("Örsted", r"{\"O}rsted"),
        ("Straße", r"Stra{\ss}e"),
        ("Sørensen", r"S{\o}rensen"),
        ("Kırşehir", r"K{\i}r{\c{s}}ehir"),
        ("Łódź", r"{\L}{\'o}d{\'z}"),
        ("Erdős", r"Erd{\H{o}}s"),
        ("Győző Űr", r"Gy{\H{o}}z{\H{o}} {\H{U}}r"),
    ],
)
def test_ascii_mode_gives_one_brace_group_per_accent(text: str, expected: str) -> None:
    r"""ASCII mode writes each accented letter as its own ``{\cmd{x}}`` group."""
    assert escape_latex(text, ascii=True) == expected


def test_utf8_mode_keeps_non_ascii_letters() -> None:
    """UTF-8 mode leaves accented letters as they are and escapes only specials."""
    assert escape_latex("Dvořák & Łódź") == r"Dvořák \& Łódź"


def test_every_special_character_is_escaped() -> None:
    """The ten LaTeX specials never appear bare in an escaped value."""
    escaped = escape_latex("& % $ # _ { } ~ ^ \\")
    assert escaped == (
        r"\& \% \$ \# \_ \{ \} {\textasciitilde} {\textasciicircum} {\textbackslash}"
    )


def test_braces_that_do_not_nest_are_written_as_commands() -> None:
    r"""A lone ``}`` cannot be ``\}``: BibTeX would count it and fail."""
    assert (
        escape_latex("a } b {") == r"a {\ensuremath{\rbrace}} b {\ensuremath{\lbrace}}"
    )


def test_dash_and_quote_ligatures_are_broken() -> None:
    """Two hyphens stay two hyphens instead of becoming an en dash."""
    assert escape_latex("a--b ``q''") == "a-{}-b `{}`q'{}'"


def test_no_break_space_becomes_a_tie() -> None:
    """U+00A0 is written as LaTeX's ``~``, its own meaning."""
    assert escape_latex("p.\u00a05") == "p.~5"


def test_character_without_latex_form_is_replaced_and_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A CJK character cannot be pure ASCII: ``?`` is written and a warning logged."""
    with caplog.at_level(logging.WARNING, logger="pubkit.text.tex_escape"):
        assert escape_latex("李 Wei", ascii=True) == "? Wei"
    assert "U+674E" in caplog.text


def test_decomposable_letters_get_accent_commands() -> None:
    """A letter pylatexenc lacks is written from its decomposition."""
    assert escape_latex("ṃ", ascii=True) == r"{\d{m}}"


def test_protected_words_keep_their_accents_inside_one_group() -> None:
    """A protected accented word is one brace group holding its accent groups."""
    title = "Lumen et umbra: Schrödinger on the shape of comets"
    assert title_to_latex(title, ascii=True) == (
        r"Lumen et umbra: {Schr{\"o}dinger} on the shape of comets"
    )


def test_title_case_titles_leave_ordinary_capitals_free() -> None:
    """In Title Case only acronyms and inner capitals are protected."""
    assert title_to_latex("A Survey of GPU Methods for Tidal Models") == (
        "A Survey of {GPU} Methods for Tidal Models"
    )


def _canonical(text: str) -> str:
    """Text as the model holds it: whitespace runs collapsed, ends trimmed."""
    return re.sub(r"[ \t\n\r\f\v]+", " ", text).strip()


_PRINTABLE = st.text(
    st.characters(
        blacklist_categories=("Cc", "Cs", "Co", "Cn", "Zl", "Zp"),
        # pylatexenc decodes \textasciicircum to U+02C6, not "^".
        blacklist_characters="^",
    ),
    max_size=40,
).map(_canonical)

_LATIN_GREEK = st.text(
    st.sampled_from(
        [chr(c) for c in range(0x20, 0x7F) if chr(c) != "^"]
        # Latin-1 and Latin Extended-A letters, without the few that have no
        # LaTeX command (see tex_escape).
        + [chr(c) for c in range(0xC0, 0x180) if chr(c) not in "×÷ĦħĸĿŀŉŦŧſ"]
        # Greek letters with a LaTeX command of their own (see tex_escape).
        + list("ΓΔΘΛΞΠΣΥΦΨΩαβγδεζηθικλμνξπρςστυφχψω")
    ),
    max_size=40,
).map(_canonical)


@given(_PRINTABLE)
def test_utf8_escaping_decodes_to_the_original(text: str) -> None:
    """Decoding an escaped value (UTF-8 mode) gives back the original text."""
    assert latex_to_unicode(escape_latex(text)) == text


@given(_LATIN_GREEK)
def test_ascii_escaping_of_latin_and_greek_decodes_to_the_original(text: str) -> None:
    """Decoding an ASCII-escaped Latin or Greek value gives back the original."""
    escaped = escape_latex(text, ascii=True)
    assert escaped.isascii()
    assert latex_to_unicode(escaped) == unicodedata.normalize("NFC", text)


@given(_PRINTABLE)
def test_title_protection_decodes_to_the_original(text: str) -> None:
    """Capital protection adds only braces, which decoding removes again."""
    assert latex_to_unicode(title_to_latex(text)) == text


def test_unknown_commands_are_written_back_unescaped() -> None:
    """A command kept raw by decoding is written as the command it was."""
    assert escape_latex("\\aap & 50%") == "\\aap \\& 50\\%"
    assert title_to_latex("\\noopsort{1999}The DNA story") == (
        "\\noopsort{1999}The {DNA} story"
    )
    assert escape_latex("\\textbf x") == "{\\textbackslash}textbf x"


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("\\A~", "{\\A}{\\textasciitilde}"),
        ("\\A{", "{\\A}{\\ensuremath{\\lbrace}}"),
        ("\\A\\B é", "\\A\\B {\\'e}"),
        ("\\A\\Bé", "{\\A}{\\B}{\\'e}"),
        ("\\noopsort{1999}Smith", "\\noopsort{1999}Smith"),
    ],
)
def test_raw_command_is_braced_before_a_group_it_would_take(
    text: str, escaped: str
) -> None:
    """A kept command right before an escape group is braced, so it reads back."""
    assert escape_latex(text, ascii=True) == escaped
    assert latex_to_unicode(escaped) == text


def test_raw_command_is_braced_before_a_non_ascii_letter() -> None:
    """UTF-8 mode braces a kept command before "À", which would join its name."""
    assert escape_latex("\\AÀ\\") == "{\\A}À{\\textbackslash}"
    assert latex_to_unicode("{\\A}À{\\textbackslash}") == "\\AÀ\\"


def test_a_proper_noun_is_protected_wherever_it_stands() -> None:
    """A sentence-case title's proper noun is braced as its first word too."""
    title = "Bayesian methods for robust Bayesian updating"
    written = title_to_latex(title)
    assert written == "{Bayesian} methods for robust {Bayesian} updating"
    assert title_to_latex(title, protect=protected_words(written)) == written
