"""Researcher profile pages saved as text.

An institute's profile page, saved as plain text, reads top to bottom as: an
optional "Portrait of ..." line, the owner's name, the owner's positions, then
sections under fixed headings: "Research Topics", "Biography", "Current
Students" (roles and affiliations only, never names) and "Publications".

The publication list has no markup: each work is a title line, then zero or
more co-author lines (one name a line, in page order), then at most one
abstract, cut short by "… (see more)" marks that this reader removes. Which
short line is a title and which a name is decided in
:mod:`pubkit.formats.profile_lines`.

Every work becomes a :class:`~pubkit.model.Publication` of CSL type
``"article"``, the CSL type for an article whose venue is unknown (a preprint,
or a paper the page does not place), since the page never says where a work
appeared. The page owner is an author of every listed work, but the page does
not say in which position, so the owner goes into ``implied_authors`` and the
listed co-authors into ``author`` with ``authors_incomplete=True``; no author
order is invented and no year is guessed. Ids are left empty for the writers
to generate.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from pubkit.errors import Problem
from pubkit.formats import Format, ReadResult, register
from pubkit.formats.profile_lines import Line, label_lines
from pubkit.model import Person, Provenance, Publication
from pubkit.text.names import parse_plain_name

__all__ = ["HEADINGS", "Profile", "parse_profile", "read", "repair_abstract", "sniff"]

logger = logging.getLogger(__name__)

#: Section headings (case-insensitive) and the part of the profile they hold.
HEADINGS = {
    "research topics": "topics",
    "research interests": "topics",
    "biography": "biography",
    "current students": "students",
    "former students": "students",
    "past students": "students",
    "alumni": "students",
    "publications": "publications",
}

_PORTRAIT = re.compile(r"^Portrait of\s+(?P<name>.+)$")

# "upda… (see more)te" and "cooperation… (see more) among": the mark and the
# spaces before it go, so a split word rejoins and a word gap stays one space.
_SEE_MORE = re.compile(r"\s*(?:…|\.\.\.)?\s*\(see more\)")


@dataclass(frozen=True, slots=True)
class Profile:
    """Everything a profile page says, as values.

    Attributes:
        owner: The person the page is about.
        positions: The owner's positions and affiliations, one a line.
        topics: Research topics, in page order.
        biography: The biography, paragraphs separated by a blank line.
        students: The current students' roles as listed (the page gives no
            names, so these are not people).
        publications: The listed works, in page order; works listed twice
            stay two records.
        problems: Lines that could not be used, or whose reading is doubtful.
    """

    owner: Person
    positions: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    biography: str = ""
    students: tuple[str, ...] = ()
    publications: tuple[Publication, ...] = ()
    problems: tuple[Problem, ...] = ()


def repair_abstract(text: str) -> str:
    """Remove every "… (see more)" mark so that split words rejoin.

    >>> repair_abstract("stronger upda… (see more)te rules")
    'stronger update rules'
    """
    return " ".join(_SEE_MORE.sub("", text).split())


def sniff(text: str) -> int:
    """How likely ``text`` is a saved profile page, from 0 to 100."""
    lines = {line.strip().casefold() for line in text.split("\n")}
    if "publications" not in lines:
        return 0
    if "(see more)" in text:
        return 90
    others = {h for h in HEADINGS if h != "publications"} & lines
    if others:
        return 80
    first = next((line for line in text.split("\n") if line.strip()), "")
    return 60 if _PORTRAIT.match(first.strip()) else 0


def parse_profile(text: str, source: str = "<string>") -> Profile:
    """Read a saved profile page into a :class:`Profile`.

    Args:
        text: The page as text, with LF line ends.
        source: How problem reports and provenance name the page.

    Returns:
        The profile; lines that could not be used are in ``problems``.
    """
    sections = _split_sections(text.split("\n"))
    problems: list[Problem] = []
    owner_text, positions = _read_header(sections.get("header", []), source, problems)
    owner = parse_plain_name(owner_text) if owner_text else Person()

    if "publications" not in sections:
        problems.append(
            Problem(
                source, None, "the page has no Publications section", kind="missing"
            )
        )
    publications = _read_publications(
        sections.get("publications", []), owner, owner_text, source, problems
    )
    return Profile(
        owner=owner,
        positions=tuple(positions),
        topics=tuple(t for _, t in sections.get("topics", []) if t),
        biography=_paragraphs(sections.get("biography", [])),
        students=tuple(s for _, s in sections.get("students", []) if s),
        publications=tuple(publications),
        problems=tuple(problems),
    )


def read(text: str, source: str) -> ReadResult:
    """Read the publications of a saved profile page (the format's reader)."""
    profile = parse_profile(text, source)
    return list(profile.publications), list(profile.problems)


def _split_sections(lines: Sequence[str]) -> dict[str, list[tuple[int, str]]]:
    """Group ``(line number, stripped text)`` pairs under their headings.

    Lines before the first heading are the ``"header"``. A heading met twice
    adds to the same section.
    """
    sections: dict[str, list[tuple[int, str]]] = {"header": []}
    current = "header"
    for number, raw in enumerate(lines, start=1):
        text = raw.strip()
        kind = HEADINGS.get(text.casefold())
        if kind is not None:
            current = kind
            sections.setdefault(kind, [])
            continue
        sections[current].append((number, text))
    return sections


# A heading that can be a person's name: a few words of letters, with the
# dots, hyphens, apostrophes and commas names use ("Tomas E. Brandt III",
# "d'Souza, Kevin").
_NAME_LIKE = re.compile(r"[^\W\d_][\w.'’,-]*(?: [\w.'’,()-]+){0,6}")


def _read_header(
    header: Sequence[tuple[int, str]], source: str, problems: list[Problem]
) -> tuple[str, list[str]]:
    """The owner's name and positions from the lines above the first heading."""
    filled = [(number, text) for number, text in header if text]
    portrait = ""
    if filled and (match := _PORTRAIT.match(filled[0][1])):
        portrait = match["name"].strip()
        filled = filled[1:]
    if not filled:
        if not portrait:
            problems.append(
                Problem(source, None, "the page names no owner", kind="missing")
            )
        return portrait, []

    number, owner = filled[0]
    if not portrait and not _NAME_LIKE.fullmatch(owner):
        problems.append(
            Problem(
                source,
                number,
                "the page's first line is not a person's name, so it names no owner",
                raw=owner,
                kind="missing",
            )
        )
        return "", []
    if portrait and portrait != owner:
        problems.append(
            Problem(
                source,
                number,
                f"the portrait names {portrait!r} but the page is headed {owner!r}",
                raw=owner,
                kind="inconsistent",
            )
        )
    return owner, [text for _, text in filled[1:]]


def _paragraphs(lines: Sequence[tuple[int, str]]) -> str:
    """Join lines into paragraphs, a blank line separating paragraphs."""
    paragraphs: list[list[str]] = [[]]
    for _, text in lines:
        if text:
            paragraphs[-1].append(text)
        elif paragraphs[-1]:
            paragraphs.append([])
    return "\n\n".join(" ".join(p) for p in paragraphs if p)


@dataclass
class _Work:
    """A work being assembled from its lines."""

    title: Line
    names: list[Line] = field(default_factory=list)
    abstracts: list[str] = field(default_factory=list)


def _read_publications(
    lines: Sequence[tuple[int, str]],
    owner: Person,
    owner_text: str,
    source: str,
    problems: list[Problem],
) -> list[Publication]:
    """The works of the publication list, in page order."""
    labelled = label_lines([(n, t) for n, t in lines if t], owner_text)
    works: list[_Work] = []
    for line in labelled:
        if line.label == "title":
            works.append(_Work(line))
            _check_title(line, source, problems)
        elif line.label == "name":
            works[-1].names.append(line)
        else:
            works[-1].abstracts.append(repair_abstract(line.text))
    logger.debug("profile %s: %d works", source, len(works))
    return [
        _publication(index, work, owner, source, problems)
        for index, work in enumerate(works)
    ]


def _check_title(line: Line, source: str, problems: list[Problem]) -> None:
    """Report a title whose position overruled strong name-like evidence."""
    if line.score <= -4:
        problems.append(
            Problem(
                source,
                line.number,
                "read as a title from its position, but it looks like a name",
                raw=line.text,
                kind="doubtful",
            )
        )


def _publication(
    index: int, work: _Work, owner: Person, source: str, problems: list[Problem]
) -> Publication:
    """Build the record of one work."""
    authors: list[Person] = []
    for line in work.names:
        person = parse_plain_name(line.text)
        if person == Person():
            problems.append(
                Problem(source, line.number, "unusable author name", raw=line.text)
            )
            continue
        authors.append(person)
    return Publication(
        type="article",
        title=work.title.text,
        author=tuple(authors),
        authors_incomplete=True,
        implied_authors=(owner,) if owner != Person() else (),
        abstract="\n\n".join(work.abstracts),
        provenance=(Provenance(source, "profile", work.title.number, index),),
    )


register(
    Format(
        name="profile",
        suffixes=(),
        read=read,
        write=None,
        sniff=sniff,
        description="Researcher profile page saved as text (read only)",
    )
)
