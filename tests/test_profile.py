from __future__ import annotations

from pathlib import Path

import pytest

import pubkit
from pubkit.formats import profile as profile_format
from pubkit.formats.profile import parse_profile, repair_abstract
from pubkit.formats.profile_lines import label_lines, score
from pubkit.model import Person
from tests.conftest import EXAMPLES, SEED, load_case

SEED_TITLES = [
    "Learning Versatile Optimizers on a Compute Diet",
    "Multi-agent cooperation through learning-aware policy gradients",
    "The oneirogen hypothesis: modeling the hallucinatory effects of classical "
    "psychedelics in terms of replay-dependent plasticity mechanisms",
    "Celo: Training Versatile Learned Optimizers on a Compute Diet",
    "Robust prior-biased acquisition function for human-in-the-loop Bayesian "
    "optimization",
    "Neural networks with optimized single-neuron adaptation uncover "
    "biologically plausible regularization",
    "Brain-like learning with exponentiated gradients",
    "A Complexity-Based Theory of Compositionality",
    "A Complexity-Based Theory of Compositionality",
    "Learning Stochastic Rainbow Networks",
    "Brain-like neural dynamics for behavioral control develop through "
    "reinforcement learning",
    "Brain-like neural dynamics for behavioral control develop through "
    "reinforcement learning",
]

# Co-authors per work, as (given, particle, family), in page order.
SEED_AUTHORS = [
    [],
    [
        ("Alexander", "", "Meulemans"),
        ("Seijin", "", "Kobayashi"),
        ("Johannes", "Von", "Oswald"),
        ("Nino", "", "Scherrer"),
        ("Blaise", "", "Aguera y Arcas"),
        ("João", "", "Sacramento"),
    ],
    [],
    [],
    [],
    [("Victor", "", "Geadah"), ("Giancarlo", "", "Kerg")],
    [
        ("Kaiwen", "", "Sheng"),
        ("Brendan A.", "", "Bicknell"),
        ("Beverley A.", "", "Clark"),
    ],
    [],
    [],
    [
        ("Vivian", "", "White"),
        ("Muawiz Sajjad", "", "Chaudhary"),
        ("Kameron Decker", "", "Harris"),
    ],
    [("Nanda H.", "", "Krishna"), ("M. G.", "", "Perich")],
    [("Nanda H.", "", "Krishna"), ("M. G.", "", "Perich")],
]

# Works with an abstract on both the seed page and the example page.
WITH_ABSTRACT = [0, 1, 2, 3, 5, 7, 9, 10, 11]

OWNER = Person(family="Lajoie", given="Guillaume")


def _parts(person: Person) -> tuple[str, str, str]:
    return (person.given, person.non_dropping_particle, person.family)


@pytest.fixture
def seed_profile(shared: Path) -> profile_format.Profile:
    if not SEED.is_file():
        pytest.skip("the seed profile page is not present")
    return parse_profile(SEED.read_text(encoding="utf-8"), str(SEED))


@pytest.fixture
def example_profile() -> profile_format.Profile:
    path = EXAMPLES / "profile.txt"
    return parse_profile(path.read_text(encoding="utf-8"), str(path))


@pytest.fixture(params=["seed", "example"])
def any_profile(request: pytest.FixtureRequest, shared: Path) -> profile_format.Profile:
    if request.param == "example":
        path = EXAMPLES / "profile.txt"
    elif SEED.is_file():
        path = SEED
    else:
        pytest.skip("the seed profile page is not present")
    return parse_profile(path.read_text(encoding="utf-8"), str(path))


def test_twelve_works_with_exact_titles(any_profile: profile_format.Profile) -> None:
    """Both pages yield exactly the 12 listed works, titles verbatim, in order."""
    assert [p.title for p in any_profile.publications] == SEED_TITLES
    assert any_profile.problems == ()


def test_coauthors_in_page_order(any_profile: profile_format.Profile) -> None:
    """Co-authors are the listed names in page order, with their name parts."""
    found = [[_parts(a) for a in p.author] for p in any_profile.publications]
    assert found == SEED_AUTHORS


def test_owner_is_implied_not_placed(any_profile: profile_format.Profile) -> None:
    """The owner is an implied author of every work and never put in the list."""
    assert any_profile.owner == OWNER
    for pub in any_profile.publications:
        assert pub.implied_authors == (OWNER,)
        assert pub.authors_incomplete is True
        assert OWNER not in pub.author


def test_records_invent_nothing(any_profile: profile_format.Profile) -> None:
    """Records are articles without id or year, and know their title line."""
    pubs = any_profile.publications
    assert {p.type for p in pubs} == {"article"}
    assert {p.id for p in pubs} == {""}
    assert all(p.issued is None for p in pubs)
    assert [p.provenance[0].index for p in pubs] == list(range(12))
    assert {p.provenance[0].format for p in pubs} == {"profile"}


def test_abstracts_present_and_clean(any_profile: profile_format.Profile) -> None:
    """Exactly the works with an abstract have one, free of every cut mark."""
    pubs = any_profile.publications
    assert [i for i, p in enumerate(pubs) if p.abstract] == WITH_ABSTRACT
    for pub in pubs:
        assert "(see more)" not in pub.abstract
        assert "…" not in pub.abstract


def test_seed_split_words_rejoin(seed_profile: profile_format.Profile) -> None:
    """Words cut by a "… (see more)" mark on the seed page are whole again."""
    abstracts = [p.abstract for p in seed_profile.publications]
    assert "stronger learned update rules" in abstracts[0]
    assert "achieve cooperation among self-interested" in abstracts[1]
    assert "but which have surreal" in abstracts[2]
    assert "spike frequency adaptation are known" in abstracts[5]
    assert "and higher-level reasoning" in abstracts[7]
    assert "simpler than traditional training" in abstracts[9]
    assert "to produce neural dynamics" in abstracts[10]


def test_seed_title_lines(seed_profile: profile_format.Profile) -> None:
    """Provenance points at the line of each title on the seed page."""
    lines = [p.provenance[0].line for p in seed_profile.publications]
    assert lines == [77, 79, 87, 89, 91, 92, 96, 100, 102, 103, 108, 112]


def test_seed_page_data(seed_profile: profile_format.Profile) -> None:
    """The seed's positions, topics and biography are read; students are not people."""
    assert seed_profile.positions[0] == "Core Academic Member"
    assert seed_profile.positions[-1] == "Visiting Researcher, Google"
    assert len(seed_profile.topics) == 10
    assert seed_profile.topics[0] == "AI for Science"
    assert seed_profile.biography.count("\n\n") == 1
    assert len(seed_profile.students) == 45


def test_example_page_data(example_profile: profile_format.Profile) -> None:
    """The example page's header, topics, biography and student roles are read."""
    assert example_profile.positions == (
        "Core Academic Member",
        "Canada CIFAR AI Chair",
        "Associate Professor, Université de Montréal, "
        "Department of Mathematics and Statistics",
        "Visiting Researcher, Google",
    )
    assert example_profile.topics[-1] == "Representation Learning"
    assert example_profile.biography.startswith("This sample page stands in")
    assert example_profile.students[0] == "Collaborating researcher - ETH Zurich"
    abstracts = [p.abstract for p in example_profile.publications]
    assert "before they generalise to unseen" in abstracts[0]
    assert "with recordings from animals" in abstracts[10]


def test_example_reads_through_pubkit_read() -> None:
    """pubkit.read recognises the example page from its content alone."""
    library = pubkit.read(EXAMPLES / "profile.txt")
    assert len(library) == 12
    assert library.problems == ()


def test_read_profile_gives_owner_and_publications_from_a_file(tmp_path: Path) -> None:
    """pubkit.read_profile decodes the file and keeps the page's owner data."""
    latin1 = tmp_path / "page.txt"
    text = (EXAMPLES / "profile.txt").read_text(encoding="utf-8")
    latin1.write_bytes(text.replace("\n", "\r\n").encode("cp1252", "replace"))

    profile = pubkit.read_profile(latin1)

    assert profile.owner == pubkit.Person(given="Guillaume", family="Lajoie")
    assert profile.positions[2].startswith("Associate Professor, Université")
    assert profile.topics[0] == "AI for Science"
    assert [p.title for p in profile.publications] == [
        p.title for p in pubkit.read(EXAMPLES / "profile.txt")
    ]
    assert [p.kind for p in profile.problems] == ["encoding"]


def test_file_that_is_no_profile_names_no_owner() -> None:
    """A BibTeX file read as a profile invents no owner from its first line."""
    profile = pubkit.read_profile(EXAMPLES / "refs.bib")
    assert profile.owner == pubkit.Person()
    assert profile.publications == ()
    assert [(p.line, p.reason) for p in profile.problems] == [
        (1, "the page's first line is not a person's name, so it names no owner"),
        (None, "the page has no Publications section"),
    ]


@pytest.mark.parametrize(
    "heading", ["Tomas E. Brandt III", "d'Souza, Kevin", "Søren Kierkegaard"]
)
def test_owner_names_of_many_forms_are_names(heading: str) -> None:
    """Initials, suffixes, particles, commas and accents all make a name."""
    page = f"{heading}\nProfessor\n\nPublications\nA Study of Things\n"
    assert parse_profile(page).owner != pubkit.Person()


def test_repair_abstract_rejoins_and_spaces() -> None:
    """A mark inside a word rejoins it; a mark between words leaves one space."""
    assert repair_abstract("a learned upda… (see more)te rule") == (
        "a learned update rule"
    )
    assert repair_abstract("cooperation… (see more) among agents") == (
        "cooperation among agents"
    )
    assert repair_abstract("one... (see more)two… (see more) three") == ("onetwo three")


VARIANT = """\
Portrait of Hendrik van der Berg

Hendrik van der Berg

Professor, Example University
Research Topics
Tides

Publications

Sparse Tidal Inversion
Graph Neural Operators
Ana María de la Cruz
J. R. R. Tolkien
Will Dabney
We study how to recover tidal fields from sparse gauges… (see more) and report results.
A second paragraph of the same abstract that runs on for more than twenty-five words, \
so that it can only be prose and never a title or a list of names.
Attention Mechanisms in Coastal Forecasting
Wei Zhang
Jean-Pierre Dupont
Mary-Jane O'Neil
Why Do Tides Matter? Evidence from Forty Harbours
"""


def test_variant_page_generalises() -> None:
    """Another page of the format: particles, hyphens, initials, two paragraphs."""
    page = parse_profile(VARIANT, "variant")
    titles = [p.title for p in page.publications]
    assert titles == [
        "Sparse Tidal Inversion",
        "Graph Neural Operators",
        "Attention Mechanisms in Coastal Forecasting",
        "Why Do Tides Matter? Evidence from Forty Harbours",
    ]
    authors = [[a.display() for a in p.author] for p in page.publications]
    assert authors[1] == ["Ana María de la Cruz", "J. R. R. Tolkien", "Will Dabney"]
    assert authors[2] == ["Wei Zhang", "Jean-Pierre Dupont", "Mary-Jane O'Neil"]
    assert page.publications[1].abstract.count("\n\n") == 1
    assert page.owner.non_dropping_particle == "van der"
    assert page.problems == ()


def test_name_like_title_after_abstract_is_reported() -> None:
    """A line that must be a title by position but reads as a name is flagged."""
    prose = "Prose. " * 30
    text = f"Jo Owner\nPublications\nA Title\nAda B. Lovelace\n{prose}\nE. F. Codd\n"
    page = parse_profile(text, "odd")
    assert [p.title for p in page.publications] == ["A Title", "E. F. Codd"]
    assert [(p.line, p.kind) for p in page.problems] == [(6, "doubtful")]


def test_missing_publications_section_is_a_problem() -> None:
    """A page without a Publications heading yields no records and says why."""
    page = parse_profile("Jane Roe\nResearch Topics\nTides\n", "bare")
    assert page.publications == ()
    assert page.owner == Person(family="Roe", given="Jane")
    assert [p.kind for p in page.problems] == ["missing"]


def test_classifier_scores() -> None:
    """Lexical evidence points titles up and names down."""
    assert score("Learning Stochastic Rainbow Networks") > 0
    assert score("Kameron Decker Harris") <= 0
    assert score("Blaise Aguera y Arcas") < 0
    assert score("M.G. Perich") < 0
    assert score("A Complexity-Based Theory of Compositionality") > 0


def test_short_titles_after_titles() -> None:
    """One-word and two-word titles with title evidence are not read as names."""
    numbered = list(
        enumerate(
            ["Dropout", "Batch Normalization", "World Models", "Reward Is Enough"],
            start=1,
        )
    )
    assert {line.label for line in label_lines(numbered)} == {"title"}


def test_position_decides_neutral_lines() -> None:
    """A line with no lexical evidence after a title is read as a name."""
    lines = label_lines([(1, "Deep Tidal Models"), (2, "Kameron Decker Harris")])
    assert [line.label for line in lines] == ["title", "name"]


def test_sniff_tells_profiles_from_other_formats() -> None:
    """Profile pages sniff high; BibTeX and RIS text sniff zero."""
    assert profile_format.sniff((EXAMPLES / "profile.txt").read_text()) >= 80
    assert profile_format.sniff("@article{k, title={Publications}}") == 0
    assert profile_format.sniff("TY  - JOUR\nTI  - Publications\nER  - \n") == 0


def test_case_11_names_with_suffixes_and_commas_are_coauthors() -> None:
    """Handed case 11: "McAllister, John W., Jr." on a page is one co-author."""
    case = load_case("11")
    names = case["input"]["free_text_names_from_profile_pages"]
    page = "\n".join(
        [
            "Olga Tester",
            "",
            "Publications",
            "",
            "A Survey of Tidal Records",
            *names,
            "This abstract is long enough to be read as prose, for it runs on "
            "past twenty-five words and so cannot be taken for a title or for "
            "a name by the reader of the page.",
        ]
    )
    (pub,) = pubkit.loads(page, format="profile")
    expected = case["expected"]["free_text_names_from_profile_pages"]
    assert [(a.family, a.given, a.suffix) for a in pub.author] == [
        (e["family"], e["given"], e["suffix"]) for e in expected
    ]


def test_family_names_with_an_elided_particle_are_coauthors() -> None:
    """A co-author such as Kevin d'Souza is a name, though it has a lowercase word."""
    page = "\n".join(
        [
            "Olga Tester",
            "",
            "Publications",
            "",
            "A paper about tides",
            "Alexander D'Amour",
            "Kevin d'Souza",
            "Jean-Luc d'Alembert",
            "Rosa Quill",
        ]
    )
    (pub,) = pubkit.loads(page, format="profile")
    assert [a.family for a in pub.author] == [
        "D'Amour",
        "d'Souza",
        "d'Alembert",
        "Quill",
    ]
