"""Cite keys: kept when usable, otherwise built from a pattern, always unique."""

from __future__ import annotations

from pathlib import Path

import pytest

import pubkit
from pubkit.keys import assign_keys, is_valid_key, make_key, to_ascii
from pubkit.model import Date, Person, Publication
from tests.conftest import EXAMPLES, SEED


def _pub(
    family: str = "Meulemans",
    year: int | None = 2025,
    title: str = "Multi-agent reinforcement learning",
    id: str = "",
) -> Publication:
    author = (Person(family=family, given="A."),) if family else ()
    issued = Date((year,)) if year else None
    return Publication(id=id, title=title, author=author, issued=issued)


def test_default_key_is_family_year_first_title_word() -> None:
    """The default key is family name, year and first significant title word."""
    assert make_key(_pub()) == "meulemans2025multiagent"


def test_minor_words_are_skipped_in_the_title() -> None:
    """Leading articles and prepositions do not become the title part."""
    assert make_key(_pub(title="On the Origin of Species")) == "meulemans2025origin"


@pytest.mark.parametrize(
    ("family", "expected"),
    [
        ("Sørensen", "sorensen"),
        ("Strauß", "strauss"),
        ("Łukasiewicz", "lukasiewicz"),
        ("Đoković", "dokovic"),
        ("Æsir", "aesir"),
        ("Dvořák", "dvorak"),
        ("Сычёв", "sychev"),
        ("García Márquez", "garciamarquez"),
    ],
)
def test_family_names_are_transliterated_to_ascii(family: str, expected: str) -> None:
    """Accents, special Latin letters and Cyrillic become plain ASCII letters."""
    assert make_key(_pub(family=family)) == f"{expected}2025multiagent"


def test_particles_are_not_part_of_the_key() -> None:
    """The family name is used without its particle ("van der")."""
    person = Person(family="Berg", given="Hendrik", non_dropping_particle="van der")
    pub = Publication(title="Tides", author=(person,), issued=Date((1998,)))
    assert make_key(pub) == "berg1998tides"


def test_missing_year_is_left_out() -> None:
    """A record without a year gets a key without one, never a made-up year."""
    assert make_key(_pub(year=None)) == "meulemansmultiagent"


def test_without_people_the_title_leads_the_key() -> None:
    """No author and no editor: the first title word takes the author's place."""
    pub = _pub(family="", title="Global tuberculosis report")
    assert make_key(pub) == "global2025tuberculosis"


def test_editor_stands_in_for_a_missing_author() -> None:
    """A collection without authors is keyed by its first editor."""
    pub = Publication(
        type="book",
        title="Handbook of tides",
        editor=(Person(family="Quill", given="Rosa"),),
        issued=Date((2001,)),
    )
    assert make_key(pub) == "quill2001handbook"


def test_organisation_author_uses_its_first_significant_word() -> None:
    """A literal (organisation) author contributes its first significant word."""
    pub = Publication(
        title="Report on malaria",
        author=(Person(literal="The World Health Organization"),),
        issued=Date((2020,)),
    )
    assert make_key(pub) == "world2020report"


def test_pattern_fields_counts_and_capitals() -> None:
    """``{Authors2}{year}{Title3}`` joins two names and three words, capitalised."""
    pub = Publication(
        title="Deep priors for MRI reconstruction",
        author=(Person(family="Quill"), Person(family="Marsh"), Person(family="Ng")),
        issued=Date((2019,)),
    )
    assert make_key(pub, "{Authors2}{year}{Title3}") == "QuillMarsh2019DeepPriorsMri"


def test_pattern_literal_text_is_copied() -> None:
    """Text outside braces in a pattern is copied into the key."""
    assert make_key(_pub(), "{author}:{year}") == "meulemans:2025"


def test_bad_pattern_raises() -> None:
    """An unknown field or characters keys cannot hold are a caller mistake."""
    with pytest.raises(ValueError, match="unknown key pattern field"):
        make_key(_pub(), "{journal}")
    with pytest.raises(ValueError, match="characters keys cannot hold"):
        make_key(_pub(), "{author} {year}")


def test_collisions_get_letter_suffixes_in_input_order() -> None:
    """Equal generated keys become key, keya, keyb in input order."""
    keys = [p.id for p in assign_keys([_pub(), _pub(), _pub()])]
    base = "meulemans2025multiagent"
    assert keys == [base, base + "a", base + "b"]


def test_valid_unique_ids_are_kept() -> None:
    """A usable id is kept; an invalid or repeated one is replaced."""
    pubs = [_pub(id="Smith:2020"), _pub(id="bad key"), _pub(id="smith:2020")]
    keys = [p.id for p in assign_keys(pubs)]
    assert keys == ["Smith:2020", "meulemans2025multiagent", "meulemans2025multiagenta"]


def test_generated_keys_avoid_kept_ids() -> None:
    """A generated key never takes an id that a later record keeps."""
    pubs = [_pub(), _pub(id="meulemans2025multiagent")]
    keys = [p.id for p in assign_keys(pubs)]
    assert keys == ["meulemans2025multiagenta", "meulemans2025multiagent"]


def test_keep_existing_false_regenerates_every_key() -> None:
    """With keep_existing=False even valid ids are rebuilt from the pattern."""
    keys = [p.id for p in assign_keys([_pub(id="Smith:2020")], keep_existing=False)]
    assert keys == ["meulemans2025multiagent"]


def test_key_validity() -> None:
    """Keys are ASCII without spaces, braces, commas or quotes."""
    assert is_valid_key("Lermontov:2009-a")
    assert not is_valid_key("")
    assert not is_valid_key("Сычёв2009")
    assert not is_valid_key("a,b")
    assert not is_valid_key("a b")


def test_to_ascii_drops_what_it_cannot_transliterate() -> None:
    """Letters with no ASCII form (CJK) are dropped, not kept as non-ASCII."""
    assert to_ascii("李Wei-Ling") == "WeiLing"


def _profile_keys(path: Path) -> dict[str, str]:
    """Title → generated key of every record read from a profile page."""
    library = pubkit.read(path, format="profile")
    return {pub.title: pub.id for pub in assign_keys(list(library))}


@pytest.mark.parametrize("where", ["seed", "example"])
def test_profile_keys_use_first_coauthor_else_owner(shared: Path, where: str) -> None:
    """A profile record's key names its first listed co-author, else the owner."""
    keys = _profile_keys(SEED if where == "seed" else EXAMPLES / "profile.txt")
    title = "Multi-agent cooperation through learning-aware policy gradients"
    assert keys[title] == "meulemansmultiagent"
    assert keys["Learning Versatile Optimizers on a Compute Diet"] == "lajoielearning"


def test_renamed_keys_are_logged_with_the_reason(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A source key that cannot be kept is reported with the key written instead."""
    pubs = [
        Publication(type="book", id="O'Hara_1999", title="Tides", issued=Date((1999,))),
        Publication(type="book", id="_ok*key", title="Waves"),
        Publication(type="book", id="_OK*key", title="Currents"),
    ]
    with caplog.at_level("WARNING", logger="pubkit.keys"):
        keys = [p.id for p in assign_keys(pubs)]
    assert keys == ["tides1999", "_ok*key", "currents"]
    assert caplog.messages == [
        "key \"O'Hara_1999\" is not a valid cite key; written as 'tides1999'",
        "key '_OK*key' is taken; written as 'currents'",
    ]
