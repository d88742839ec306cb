"""Profile pages through the Python API: exactly the groups a reader expects."""

from __future__ import annotations

from pathlib import Path

import pytest

import pubkit
from pubkit.match import DuplicateReport
from tests.conftest import EXAMPLES, SEED

Groups = set[tuple[str, tuple[str, ...]]]


def _groups(report: DuplicateReport, pubs: pubkit.Library) -> Groups:
    """(relation, sorted member titles) of every group."""
    return {
        (g.relation, tuple(sorted(pubs[m].title for m in g.members)))
        for g in report.groups
    }


EXPECTED = {
    ("duplicate", ("A Complexity-Based Theory of Compositionality",) * 2),
    (
        "duplicate",
        (
            "Brain-like neural dynamics for behavioral control develop through "
            "reinforcement learning",
        )
        * 2,
    ),
    (
        "version",
        (
            "Celo: Training Versatile Learned Optimizers on a Compute Diet",
            "Learning Versatile Optimizers on a Compute Diet",
        ),
    ),
}


@pytest.mark.parametrize("which", ["seed", "example"])
def test_profile_page_groups_through_the_api(shared: Path, which: str) -> None:
    """Library.find_duplicates and find_duplicates give the same three groups."""
    pubs = pubkit.read(SEED if which == "seed" else EXAMPLES / "profile.txt")
    report = pubs.find_duplicates()
    assert _groups(report, pubs) == EXPECTED
    assert report.review == ()
    assert _groups(pubkit.find_duplicates(pubs), pubs) == EXPECTED


@pytest.mark.parametrize(("merge", "count"), [("duplicates", 10), ("versions", 9)])
def test_profile_page_merges_to_expected_count(
    shared: Path, merge: str, count: int
) -> None:
    """The seed page merges to 10 records by default and 9 with versions."""
    merged = pubkit.read(SEED).deduplicate(merge=merge)
    assert len(merged) == count


def test_merging_records_without_ids_names_them_by_position(shared: Path) -> None:
    """Merged profile records list their members as the report names them."""
    pubs = pubkit.read(SEED)
    merged = pubs.deduplicate()
    merged_ids = [p.extra["merged-ids"] for p in merged if "merged-ids" in p.extra]
    assert merged_ids == [["#7", "#8"], ["#10", "#11"]]
    assert all(p.id == "" for p in merged)


def test_profile_listing_merges_into_the_owners_bibtex(tmp_path: Path) -> None:
    """The page's bare listings are duplicates of the owner's fuller records.

    A listing has no year or venue, so it may be the preprint or the paper;
    beside one record of either it is that record, and the record is kept.
    """
    bib = tmp_path / "mine.bib"
    bib.write_text(
        """
        @inproceedings{krishna2024,
          author = {Krishna, Nanda H. and Bredenberg, Colin and Lajoie, Guillaume
                    and Perich, Matthew G.},
          title = {Brain-like neural dynamics for behavioral control develop
                   through reinforcement learning},
          booktitle = {Advances in Neural Information Processing Systems},
          year = 2024}
        @misc{sheng2024,
          author = {Sheng, Kaiwen and Bicknell, Brendan A. and Clark, Beverley A.
                    and Lajoie, Guillaume},
          title = {Brain-like learning with exponentiated gradients},
          eprint = {2405.00001}, archivePrefix = {arXiv}, year = 2024}
        """,
        encoding="utf-8",
    )
    pubs = pubkit.read([EXAMPLES / "profile.txt", bib])
    merged = pubs.deduplicate()
    assert len(merged) == len(pubs) - 4
    kept = {p.id: p for p in merged if p.id}
    assert sorted(kept) == ["krishna2024", "sheng2024"]
    assert len(kept["krishna2024"].extra["merged-ids"]) == 3
    assert kept["krishna2024"].container_title.startswith("Advances in Neural")


def test_a_retitled_version_does_not_claim_its_title_agrees() -> None:
    """The Celo pair agrees on abstract and authors; its titles are only alike."""
    pubs = pubkit.read(EXAMPLES / "profile.txt")
    (version,) = [g for g in pubs.find_duplicates().groups if g.relation == "version"]
    (pair,) = version.pairs
    assert pair.rule == "same abstract under another title"
    assert pair.evidence["agreed"] == ["abstract", "authors"]
    assert "title" not in pair.evidence["disagreed"]
