"""Telling titles, author names and abstracts apart on a profile page.

A profile page lists each work as a title line, zero or more co-author lines
(one name a line) and at most one abstract line, with no markup saying which
line is which. Abstract lines are recognised first (:func:`is_abstract`): a
line with a "(see more)" mark, of 25 words or more, or of 12 words or more
ending in a full stop. The short lines are then labelled in two steps.

1. **Lexical evidence.** Each line gets a score: positive means "looks like a
   title", negative "looks like a name". The rules, each a row of
   :data:`WEIGHTS`:

   - ``punctuation``: a colon, question mark, comma, digit, bracket or quote
     (names as written on these pages carry none of them);
   - ``lowercase``: a lowercase word that is not a name particle ("of",
     "with", "through"), the surest sign of a title;
   - ``hyphen-lower``: a hyphenated word with a lowercase half
     ("Brain-like", "prior-biased"); hyphenated names capitalise both halves;
   - ``function-word``: a capitalised English function word ("Is", "With",
     "Beyond"), from :data:`FUNCTION_WORDS`;
   - ``title-word``: a word of common title vocabulary ("Learning",
     "Networks", "Theory"), from :data:`TITLE_WORDS`; words that are also
     names ("Deep", "Fast", "Young") are kept out of it;
   - ``abstract-noun``: an ending no name has ("-tion", "-ity", "-ness",
     "-ology", "-ization");
   - ``morphology``: a weaker ending that a few family names share ("-ing",
     "-ics", "-ment": "Manning", "Fleming");
   - ``acronym``: an all-capital word of three letters or more;
   - ``article``: "A", "An" or "The" opening a line of several words;
   - length: six words or more (``long``), five or four lean to a title, two
     words to a name; a single word leans to a title, since one-word titles
     ("Dropout") are commoner on these pages than one-word names;
   - ``initial``: a single capital after the first word ("Nanda H
     Krishna"), or initials with full stops anywhere ("M.G. Perich"), the
     surest sign of a name;
   - ``particle``: a name particle or joiner after the first word ("Von",
     "y"), as in "Blaise Aguera y Arcas", or a family name opening with an
     elided one ("Kevin d'Souza");
   - ``suffix``: a generational suffix after the first word ("Jr.", "III"),
     which also keeps "III" from counting as an acronym; the commas of a name
     written family first ("McAllister, John W., Jr.") are not counted as
     punctuation;
   - ``owner``: the line is the page owner's own name.

   A line equal to a line whose label is certain elsewhere on the page (a
   title placed right after an abstract, a name with an initial) inherits that
   evidence, since works listed twice repeat their titles and co-authors
   recur.

2. **Structure.** The page is a sequence: a work starts with a title; names
   may follow a title or a name; an abstract follows a title or a name; after
   an abstract comes the next title. A title with neither authors nor
   abstract, or a work without an abstract, is allowed but a little less
   likely. The best labelling under these rules is found by dynamic
   programming over the lines (:func:`label_lines`), so a line with no
   lexical evidence either way takes the label its position makes likelier.

A title made only of capitalised words that are neither title vocabulary nor
abstract-noun forms ("Compute Diet", "Tidal Pools") cannot be told from a
two-word name by these rules; when it follows a title it is read as a name.
A person known by one name only is read as a title.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from types import MappingProxyType

from pubkit.text.names import PARTICLES

__all__ = [
    "FUNCTION_WORDS",
    "TITLE_WORDS",
    "WEIGHTS",
    "Line",
    "is_abstract",
    "label_lines",
    "score",
]

#: Evidence weights: positive points to a title, negative to a name.
WEIGHTS = MappingProxyType(
    {
        "punctuation": 5.0,
        "lowercase": 5.0,
        "hyphen-lower": 4.0,
        "function-word": 4.0,
        "title-word": 4.0,
        "abstract-noun": 4.0,
        "morphology": 2.0,
        "acronym": 3.0,
        "article": 2.0,
        "long": 4.0,
        "five-words": 2.0,
        "four-words": 1.0,
        "two-words": -2.0,
        "one-word": 2.0,
        "initial": -4.0,
        "particle": -2.0,
        "suffix": -4.0,
        "owner": -6.0,
        "repeat": 4.0,
    }
)

#: Capitalised words common in titles and rare as given or family names.
TITLE_WORDS = frozenset(
    """
    adaptive agents algorithm algorithms analysis approach approaches
    architecture architectures attention bayesian behavior behaviour benchmark
    causal circuits classification cognitive complexity computation
    computational control cortex data dataset design detection diffusion discovery
    distributed dynamic dynamics efficient embeddings emergence evaluation
    evidence exploration feature features framework frameworks functions
    gaussian generalization generative gradient gradients graph graphs
    hierarchical hypothesis inference information language latent learned
    learning linear machine memory method methods model models modeling modelling
    multi network networks neural neuronal neurons nonlinear optimal
    optimization optimizers planning policy prediction predictive principles
    probabilistic problem problems recurrent reinforcement representation
    representations robust sampling scalable search sequence sequences signal
    sparse spiking
    statistical stochastic structure structured supervised synaptic systems
    theory towards training transfer transformer transformers understanding
    unsupervised variational vision
    """.split()  # noqa: SIM905 - a table of words reads best as words
)

#: English function words, capitalised in title case but never in a name.
#: Words that are also common names ("Will", "May", "Can", "Long") are left out.
FUNCTION_WORDS = frozenset(
    """
    a about after against all and are as at be been before between beyond by
    does enough for from has have how in into is it its more need needs not of
    on our over than that the their these this those through to toward towards
    under using via was we were what when where which why with within without
    you your
    """.split()  # noqa: SIM905 - a table of words reads best as words
)

# Endings of abstract nouns that no name has, and weaker endings (gerunds,
# "-ics", "-ment") that a few family names share ("Manning", "Fleming").
_STRONG_MORPHOLOGY = re.compile(
    r"(?:[a-z]{3,}tions?|[a-z]{3,}sions?|[a-z]{3,}it(?:y|ies)|[a-z]{3,}ness"
    r"|[a-z]{3,}isms?|[a-z]{2,}olog(?:y|ies)|[a-z]{3,}i[sz]ation)$"
)
_WEAK_MORPHOLOGY = re.compile(r"(?:[a-z]{4,}ing|[a-z]{3,}ics|[a-z]{4,}ments?)$")
_PUNCTUATION = re.compile(r"[:;?!,()\[\]{}\"“”‘’«»0-9/&+=<>|]")
_INITIAL = re.compile(r"^(?:[A-Z]\.-?)+$|^[A-Z]$")
_NAME_WORD = re.compile(r"^[^\W\d_][\w'’.-]*$")
_ARTICLES = frozenset({"a", "an", "the"})

# Lowercase words allowed inside a name: particles and the joiners of
# compound Spanish or Portuguese family names. "a" is left out because it is
# far more often the English article.
_NAME_PARTICLES = (PARTICLES | {"y", "e", "i"}) - {"a"}

# A family name that opens with an elided particle: "d'Souza", "dell'Acqua".
_ELIDED_PARTICLE = re.compile(r"^(?:d|l|dell|dall|degl|nell|sull)['’][A-Z]")

_SEE_MORE = "(see more)"

#: Generational suffixes of names, lowercase.
_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})


def _is_comma_name(text: str) -> bool:
    """Whether the line's only punctuation is the commas of a name.

    That is "Family, Given" or "Family, Given, Suffix" (or BibTeX's
    "Family, Suffix, Given"), each part of one to three name words or
    initials.
    """
    parts = [part.strip() for part in text.split(",")]
    if len(parts) not in (2, 3) or not all(parts):
        return False
    if len(parts) == 3 and not {parts[1].lower(), parts[2].lower()} & _SUFFIXES:
        return False
    words = [word for part in parts for word in part.split()]
    named = all(
        _NAME_WORD.match(word) and (word[:1].isupper() or word in _NAME_PARTICLES)
        for word in words
    )
    return named and all(len(part.split()) <= 3 for part in parts)


@dataclass(frozen=True, slots=True)
class Line:
    """One non-empty line of the publication list.

    Attributes:
        number: 1-based line number in the page.
        text: The line, stripped.
        label: ``"title"``, ``"name"`` or ``"abstract"``.
        score: The lexical score (positive: title-like, negative: name-like).
    """

    number: int
    text: str
    label: str
    score: float


def is_abstract(text: str) -> bool:
    """Whether a line is abstract prose rather than a title or a name."""
    words = text.split()
    if _SEE_MORE in text or len(words) >= 25:
        return True
    return len(words) >= 12 and text.rstrip().endswith((".", "…"))


def score(text: str, owner: str = "") -> float:
    """The lexical evidence that ``text`` is a title rather than a name.

    Args:
        text: One line, stripped.
        owner: The page owner's name as written, if known.

    Returns:
        The sum of the :data:`WEIGHTS` that apply; positive for title-like.
    """
    comma_name = _is_comma_name(text)
    words = text.replace(",", " ").split() if comma_name else text.split()
    total = _length_evidence(len(words))
    if owner and text.casefold() == owner.casefold():
        total += WEIGHTS["owner"]
    if _PUNCTUATION.search(text) and not comma_name:
        total += WEIGHTS["punctuation"]
    if len(words) > 2 and words[0].lower() in _ARTICLES:
        total += WEIGHTS["article"]
    for position, word in enumerate(words):
        total += _word_evidence(word, position)
    return total


def _length_evidence(count: int) -> float:
    """Evidence from the number of words on the line."""
    table = {1: "one-word", 2: "two-words", 4: "four-words", 5: "five-words"}
    if count >= 6:
        return WEIGHTS["long"]
    return WEIGHTS[table[count]] if count in table else 0.0


def _word_evidence(word: str, position: int) -> float:
    """Evidence from one word at ``position`` (0-based) on its line."""
    lower = word.lower()
    # A bare capital opening a line may be the article "A"; "M.G." may not.
    if _INITIAL.match(word) and (position > 0 or "." in word):
        return WEIGHTS["initial"]
    if position > 0 and (lower in _NAME_PARTICLES or _ELIDED_PARTICLE.match(word)):
        return WEIGHTS["particle"]
    if position > 0 and lower in _SUFFIXES:
        return WEIGHTS["suffix"]
    if word[:1].islower() or not _NAME_WORD.match(word):
        return WEIGHTS["lowercase"]
    if "-" in word and any(p[:1].islower() for p in word.split("-")):
        return WEIGHTS["hyphen-lower"]
    if len(word) >= 3 and word.isupper():
        return WEIGHTS["acronym"]
    parts = lower.split("-")
    if any(part in FUNCTION_WORDS for part in parts):
        return WEIGHTS["function-word"]
    if any(part in TITLE_WORDS for part in parts):
        return WEIGHTS["title-word"]
    if any(_STRONG_MORPHOLOGY.search(part) for part in parts):
        return WEIGHTS["abstract-noun"]
    if any(_WEAK_MORPHOLOGY.search(part) for part in parts):
        return WEIGHTS["morphology"]
    return 0.0


# Transition costs between labels; None marks an impossible transition.
_START = "start"
_TRANSITIONS: dict[tuple[str, str], float | None] = {
    (_START, "title"): 0.0,
    (_START, "name"): None,
    (_START, "abstract"): None,
    ("title", "title"): 1.5,
    ("title", "name"): 0.0,
    ("title", "abstract"): 0.0,
    ("name", "title"): 1.0,
    ("name", "name"): 0.0,
    ("name", "abstract"): 0.0,
    ("abstract", "title"): 0.0,
    ("abstract", "name"): None,
    ("abstract", "abstract"): 0.0,
}


def label_lines(numbered: Sequence[tuple[int, str]], owner: str = "") -> list[Line]:
    """Label each line of a publication list as title, name or abstract.

    Args:
        numbered: ``(line number, text)`` pairs of the non-empty lines, in
            page order.
        owner: The page owner's name as written, if known.

    Returns:
        One :class:`Line` per input pair, in the same order.
    """
    scores = [score(text, owner) for _, text in numbered]
    abstract = [is_abstract(text) for _, text in numbered]
    scores = _add_repeat_evidence(numbered, scores, abstract)
    labels = _best_labels(scores, abstract)
    return [
        Line(number, text, label, value)
        for (number, text), label, value in zip(numbered, labels, scores, strict=True)
    ]


def _add_repeat_evidence(
    numbered: Sequence[tuple[int, str]], scores: list[float], abstract: list[bool]
) -> list[float]:
    """Let a line inherit the certain label of an identical line elsewhere."""
    certain: dict[str, float] = {}
    for index, (_, text) in enumerate(numbered):
        after_abstract = index == 0 or abstract[index - 1]
        if abstract[index]:
            continue
        if after_abstract or scores[index] >= WEIGHTS["lowercase"]:
            certain[text] = WEIGHTS["repeat"]
        elif scores[index] <= WEIGHTS["initial"]:
            certain.setdefault(text, -WEIGHTS["repeat"])
    return [
        value + certain.get(text, 0.0) if not abstract[i] else value
        for i, ((_, text), value) in enumerate(zip(numbered, scores, strict=True))
    ]


def _emission(label: str, value: float, is_prose: bool) -> float | None:
    """The cost of giving ``label`` to a line with this score."""
    if is_prose:
        return 0.0 if label == "abstract" else None
    if label == "abstract":
        return None
    return -value / 2 if label == "title" else value / 2


def _best_labels(scores: list[float], abstract: list[bool]) -> list[str]:
    """The cheapest label sequence under the transition rules (Viterbi)."""
    labels = ("title", "name", "abstract")
    costs: dict[str, float] = {_START: 0.0}
    history: list[dict[str, str]] = []
    for value, is_prose in zip(scores, abstract, strict=True):
        step: dict[str, float] = {}
        back: dict[str, str] = {}
        for label in labels:
            emit = _emission(label, value, is_prose)
            if emit is None:
                continue
            for previous, cost in costs.items():
                move = _TRANSITIONS[(previous, label)]
                if move is None:
                    continue
                total = cost + move + emit
                if label not in step or total < step[label]:
                    step[label], back[label] = total, previous
        costs = step
        history.append(back)

    # Walk back from the cheapest final label.
    if not history:
        return []
    label = min(costs, key=lambda name: (costs[name], labels.index(name)))
    path = [label]
    for back in reversed(history[1:]):
        label = back[label]
        path.append(label)
    return path[::-1]
