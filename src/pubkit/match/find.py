"""Finding duplicates and versions: normalise, block, score, decide, cluster."""

from __future__ import annotations

import dataclasses
import gc
import logging
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import combinations
from operator import attrgetter

from pubkit.library import publication_sequence
from pubkit.match.blocking import candidate_pairs
from pubkit.match.cluster import Clusters
from pubkit.match.features import Features, features
from pubkit.match.report import DuplicateReport, Group, Pair
from pubkit.match.rules import (
    BARE_LISTING,
    could_be_one_record,
    decide,
    other_works,
    veto,
)
from pubkit.match.score import compare, title_score
from pubkit.model import Publication

__all__ = ["find_duplicates", "score_pair"]

logger = logging.getLogger(__name__)

#: Pairs whose titles score below this (and share no identifier or abstract)
#: are not compared further.
TITLE_FLOOR = 70.0

_AUTHORITY_FIELDS = (
    "title",
    "author",
    "issued",
    "container_title",
    "volume",
    "issue",
    "page",
    "doi",
    "abstract",
    "publisher",
)


def _worth_comparing(a: Features, b: Features) -> bool:
    if a.abstract and b.abstract:
        return True
    shared = (a.doi and a.doi == b.doi) or (a.pmid and a.pmid == b.pmid)
    shared = shared or (a.arxiv and a.arxiv == b.arxiv)
    shared = shared or (a.pages[1] and a.pages == b.pages and a.volume == b.volume)
    if shared:
        return True
    score = title_score(a, b)
    if score is None or score >= TITLE_FLOOR:
        return True
    short, long_ = sorted((a.title, b.title), key=len)
    return long_.startswith(short + " ")


def _scored(a: Features, b: Features) -> Pair | None:
    """The decided pair, or None for records not worth comparing."""
    return score_pair(a, b) if _worth_comparing(a, b) else None


def score_pair(a: Features, b: Features) -> Pair:
    """Compare and decide one pair of records.

    Args:
        a: Features of the record with the lower input position.
        b: Features of the other record.

    Returns:
        A :class:`Pair` whose relation may be ``"distinct"``.
    """
    ev = compare(a, b)
    decision = decide(a, b, ev)
    return Pair(
        a.index,
        b.index,
        decision.relation,
        decision.rule,
        decision.confidence,
        ev.as_dict(),
    )


def _authority(pub: Publication, rec: Features) -> tuple[int, int, int, int]:
    """Sort key of the record to keep.

    A version of record (a venue that is no preprint server, or a book's
    publisher) comes first, then a record with a cite key (the merged
    record keeps it), then the most complete. A record of unknown venue,
    such as a profile page's, is no version of record: beside a preprint
    with a key it is not kept.
    """
    filled = sum(bool(getattr(pub, name)) for name in _AUTHORITY_FIELDS)
    filled += not pub.authors_incomplete
    # A book names its publisher, not a venue.
    placed = bool(rec.venue) or (pub.type == "book" and bool(pub.publisher))
    published = placed and not rec.preprint
    # A key the record was read with, not one made up for it afterwards.
    keyed = bool(pub.id) and (not pub.provenance or any(p.key for p in pub.provenance))
    return (int(published), int(keyed), filled, -rec.index)


def _groups(
    relation: str,
    clusters: list[list[int]],
    pairs: list[Pair],
    pubs: Sequence[Publication],
    recs: Sequence[Features],
) -> list[Group]:
    """One group per cluster, each with the joined pairs inside it."""
    where = {member: n for n, members in enumerate(clusters) for member in members}
    inside: list[list[Pair]] = [[] for _ in clusters]
    for pair in pairs:
        if pair.a in where:
            inside[where[pair.a]].append(pair)
    groups = []
    for members, own in zip(clusters, inside, strict=True):
        kept = max(members, key=lambda m: _authority(pubs[m], recs[m]))
        ordered = (kept, *(m for m in members if m != kept))
        groups.append(Group(relation, ordered, kept, tuple(own)))
    return groups


#: Features that tell records apart without bearing on any comparison.
_IDENTITY = frozenset({"index", "key"})


def _kinds(recs: Sequence[Features]) -> list[int]:
    """A number per record, shared by records that compare alike with any other.

    Records whose compared features are all equal get the same number. A
    record that another names as its crossref parent is compared by its key
    too, so it is a kind of its own.
    """
    facts = attrgetter(
        *(f.name for f in dataclasses.fields(Features) if f.name not in _IDENTITY)
    )
    parents = {rec.crossref for rec in recs if rec.crossref}
    numbers: dict[tuple[object, ...], int] = {}
    kinds = []
    for rec in recs:
        if rec.key in parents:
            kinds.append(-1 - rec.index)
        else:
            kinds.append(numbers.setdefault(facts(rec), len(numbers)))
    return kinds


def _listings_of_one_form(
    pairs: list[Pair], recs: Sequence[Features], kinds: Sequence[int]
) -> list[Pair]:
    """Bare listings that match several forms of a work are versions of each.

    A listing with title and authors alone is a duplicate of the record it
    matches only while that record is the one form it could be. Beside a
    conference paper and the journal article that are not one record, it
    could be either: it is reported as a version of both, and merging it
    is left to ``merge="versions"``.
    """
    matched: defaultdict[int, list[Pair]] = defaultdict(list)
    for pair in pairs:
        if pair.rule == BARE_LISTING:
            bare = pair.a if recs[pair.a].listing else pair.b
            matched[bare].append(pair)
    several: set[tuple[int, int]] = set()
    for bare, own in matched.items():
        # One record of each kind stands for its copies.
        others = (p.b if p.a == bare else p.a for p in own)
        partners = {kinds[other]: other for other in others}
        if any(
            not could_be_one_record(recs[x], recs[y])
            for x, y in combinations(partners.values(), 2)
        ):
            several.update((p.a, p.b) for p in own)
    if not several:
        return pairs
    rule = f"{BARE_LISTING}, which matches several forms"
    return [
        dataclasses.replace(p, relation="version", rule=rule)
        if (p.a, p.b) in several
        else p
        for p in pairs
    ]


def _per_kind(
    test: Callable[[Features, Features], bool],
    recs: Sequence[Features],
    kinds: Sequence[int],
) -> Callable[[int, int], bool]:
    """``test`` on record positions, worked out once for each pair of kinds.

    Records of one kind compare alike (see :func:`_kinds`), so copies of a
    record share one answer.
    """
    answers: dict[tuple[int, int], bool] = {}

    def check(x: int, y: int) -> bool:
        key = (kinds[x], kinds[y])
        if key not in answers:
            answers[key] = test(recs[x], recs[y])
        return answers[key]

    return check


def _cluster(
    pubs: Sequence[Publication],
    recs: Sequence[Features],
    kinds: Sequence[int],
    ids: Sequence[str],
    accepted: list[Pair],
) -> tuple[list[Group], list[Pair]]:
    vetoed = _per_kind(lambda a, b: bool(veto(compare(a, b))), recs, kinds)
    other_records = _per_kind(lambda a, b: not could_be_one_record(a, b), recs, kinds)

    # A duplicate group is one record: a chain through an incomplete record
    # must not join two members that differ in form, year or pages.
    clusters = Clusters(len(recs), vetoed, kinds)
    duplicates = [p for p in accepted if p.relation == "duplicate"]
    dup_joined, refused = clusters.join_all(duplicates, other_records)
    groups = _groups("duplicate", clusters.groups(), dup_joined, pubs, recs)

    # Versions join whole duplicate groups, so a second pass continues the
    # same clusters with the version pairs; two other works (two articles of
    # one venue, two authors' papers) never become versions through a third.
    two_works = _per_kind(other_works, recs, kinds)
    versions = [p for p in accepted if p.relation == "version"]
    ver_joined, ver_refused = clusters.join_all(versions, two_works)
    dup_sets = {frozenset(g.members) for g in groups}
    joined = [m for m in clusters.groups() if frozenset(m) not in dup_sets]
    groups += _groups("version", joined, ver_joined, pubs, recs)
    # A version pair refused at first may have been joined through others.
    ver_refused = [p for p in ver_refused if clusters.find(p.a) != clusters.find(p.b)]
    explained = [
        _refused(p, ids, clusters.blocked_by(p.a, p.b), recs, "not one record")
        for p in refused
    ] + [
        _refused(p, ids, clusters.blocked_by(p.a, p.b), recs, "other works")
        for p in ver_refused
    ]
    return groups, explained


def _refused(
    pair: Pair,
    ids: Sequence[str],
    clash: tuple[int, int] | None,
    recs: Sequence[Features],
    guarded: str,
) -> Pair:
    """The refused pair for review, its rule naming the records that clashed.

    The reason is the veto between them, else ``guarded``: what the pass's
    own test of two members says.
    """
    if clash is None:
        why = "would join records that must stay apart"
    else:
        x, y = sorted(clash)
        reason = veto(compare(recs[x], recs[y])) or guarded
        why = f"would put {ids[x]} and {ids[y]} together ({reason})"
    return dataclasses.replace(
        pair, relation="review", rule=f"{pair.rule}; refused: {why}"
    )


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause the cyclic garbage collector while many small objects are made.

    Matching allocates several objects per record and pair but creates no
    reference cycles; without the pause, collection passes over the growing
    heap make the run grow faster than the input.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def find_duplicates(
    pubs: Iterable[Publication], *, min_confidence: float = 0.8
) -> DuplicateReport:
    """Find duplicate records and versions of the same work.

    Args:
        pubs: The records (a :class:`pubkit.Library` or any iterable).
        min_confidence: Matches by a rule less confident than this go to the
            review list instead of a group.

    Returns:
        A :class:`DuplicateReport` with duplicate groups, version groups,
        pairs to review and links (an erratum and its article). Records are
        named by their ids; a record without one is named ``"#<position>"``.

    Raises:
        TypeError: ``pubs`` are not Publication records, or
            ``min_confidence`` is not a number.
        ValueError: ``min_confidence`` is outside [0, 1].
    """
    records = list(publication_sequence(pubs, "find_duplicates"))
    checked = _confidence(min_confidence)
    with _no_cycle_collection():
        return _find(records, checked)


def _confidence(value: float) -> float:
    """``value`` if it is a confidence, from 0 to 1; ValueError otherwise."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(
            f"min_confidence must be a number from 0 to 1, not {type(value).__name__}"
        )
    if not 0 <= value <= 1:  # NaN fails this too
        raise ValueError(f"min_confidence must be from 0 to 1, not {value!r}")
    return value


def _find(pubs: list[Publication], min_confidence: float) -> DuplicateReport:
    recs = [features(pub, i) for i, pub in enumerate(pubs)]
    candidates = candidate_pairs(recs)
    kinds = _kinds(recs)
    repeated = {kind for kind, count in Counter(kinds).items() if count > 1}
    # Records of one kind compare alike, so a decision between two kinds is
    # made once however many copies they have; the pairs share its evidence.
    decided: dict[tuple[int, int], Pair | None] = {}

    accepted: list[Pair] = []
    review: list[Pair] = []
    links: list[Pair] = []
    for i, j in candidates:
        kind = (kinds[i], kinds[j])
        if kind[0] in repeated or kind[1] in repeated:
            if kind not in decided:
                decided[kind] = _scored(recs[i], recs[j])
            known = decided[kind]
            pair = None if known is None else dataclasses.replace(known, a=i, b=j)
        else:
            pair = _scored(recs[i], recs[j])
        if pair is None:
            continue
        if pair.relation in ("duplicate", "version"):
            target = accepted if pair.confidence >= min_confidence else review
            target.append(pair)
        elif pair.relation == "review":
            review.append(pair)
        elif pair.relation == "erratum":
            links.append(pair)

    accepted = _listings_of_one_form(accepted, recs, kinds)
    # Most certain first; ties go by the records' ids rather than their
    # positions, so that the same records in another order group alike.
    keys = [rec.key for rec in recs]
    accepted.sort(key=lambda p: (-p.confidence, *sorted((keys[p.a], keys[p.b]))))
    ids = tuple(p.id or f"#{i}" for i, p in enumerate(pubs))
    groups, refused = _cluster(pubs, recs, kinds, ids, accepted)
    review.extend(refused)
    # A pair left for review whose records became one record all the same
    # (through others) asks nothing more.
    record_of = {
        m: n
        for n, g in enumerate(groups)
        if g.relation == "duplicate"
        for m in g.members
    }
    review = [p for p in review if record_of.get(p.a, -1) != record_of.get(p.b, -2)]
    logger.info(
        "%d records, %d candidate pairs, %d groups",
        len(pubs),
        len(candidates),
        len(groups),
    )
    return DuplicateReport(
        ids=ids,
        groups=tuple(sorted(groups, key=lambda g: (g.relation, min(g.members)))),
        review=tuple(sorted(review, key=lambda p: (p.a, p.b))),
        links=tuple(links),
        candidates=len(candidates),
    )
