"""Handed duplicate-detection cases 25, 26, 27 and 29, with their expected values."""

from __future__ import annotations

import json
from typing import Any

import pytest

import pubkit
from pubkit.match import ALTERNATE_DOIS, VARIANTS, deduplicate, find_duplicates
from pubkit.model import Date, Person, Publication
from tests.conftest import load_case


def _crossref_like(item: dict[str, Any]) -> Publication:
    """A Crossref-style item, whose subtitle sits in its own field."""
    base = {k: v for k, v in item.items() if k != "subtitle"}
    pub = pubkit.loads(json.dumps([base]), format="csl-json")[0]
    return pub.evolve(extra={**pub.extra, "subtitle": item.get("subtitle", "")})


def _scraped_profile(item: dict[str, Any]) -> Publication:
    """A scraped profile row: one author string, a year and a venue."""
    names = [n.strip() for n in item.get("authors", "").split(",") if n.strip()]
    return Publication(
        type="article-journal",
        title=item["title"],
        author=tuple(Person(literal=n) for n in names),
        issued=Date((int(item["year"]),)) if item.get("year") else None,
        container_title=item.get("venue", ""),
    )


def _read(side: dict[str, Any], record_id: str) -> Publication:
    if side["format"] == "bibtex":
        pub = pubkit.loads(side["text"], format="bibtex")[0]
    elif side["format"] == "csl-json":
        pub = pubkit.loads(json.dumps([side["item"]]), format="csl-json")[0]
    elif side["format"] == "crossref-like":
        pub = _crossref_like(side["item"])
    else:
        pub = _scraped_profile(side["item"])
    return pub.evolve(id=record_id)


def _pair(case: dict[str, Any]) -> list[Publication]:
    return [_read(case["left"], "left"), _read(case["right"], "right")]


def _relations(pubs: list[Publication]) -> set[str]:
    return {g.relation for g in find_duplicates(pubs).groups}


def _pairs(name: str) -> list[tuple[str, list[Publication], dict[str, Any]]]:
    case = load_case(name)
    return [
        (p["id"], _pair(p), case["expected"][p["id"]]) for p in case["input"]["pairs"]
    ]


@pytest.mark.parametrize("pair_id", ["A", "B", "C", "D"])
def test_case25_format_variants_are_duplicates(shared: object, pair_id: str) -> None:
    """Case 25: format variants of one record are duplicates."""
    chosen = [c for c in _pairs("25-") if c[0].startswith(pair_id)]
    assert len(chosen) == 1
    _, pubs, expected = chosen[0]
    assert expected["duplicate"] is True
    assert _relations(pubs) == {"duplicate"}


def test_case26_preprint_and_published_version(shared: object) -> None:
    """Case 26: preprint and article are versions; the article's fields win."""
    case = load_case("26-")
    pubs = _pair(case["input"])
    assert case["expected"]["duplicate"] is True
    assert _relations(pubs) == {"version"}

    merged, report = deduplicate(pubs, merge="versions")
    keep = case["expected"]["merge"]
    assert len(merged) == 1
    assert merged[0].type == "paper-conference"  # BibTeX inproceedings
    assert merged[0].doi == keep["keep_doi"]
    assert str(merged[0].year) == keep["keep_year"]
    assert f"arXiv:{merged[0].arxiv}" == keep["retain_as_alternate_identifier"]
    assert report.keymap("versions") == {"left": "right"}


def test_case26_merged_article_keeps_its_own_venue(shared: object) -> None:
    """Case 26: the preprint's publisher "arXiv" stays a variant, not the article's."""
    merged, _ = deduplicate(_pair(load_case("26-")["input"]), merge="versions")
    record = merged[0]
    assert record.publisher == ""
    assert record.extra[VARIANTS]["publisher"] == ["arXiv"]
    assert record.extra[ALTERNATE_DOIS] == ["10.48550/arXiv.1611.00042"]
    assert record.container_title == (
        "Proceedings of the 2017 Conference on Coastal Language Processing"
    )
    bibtex = pubkit.dumps(merged, format="bibtex")
    assert "publisher" not in bibtex
    assert "  eprint = {1611.00042},\n" in bibtex
    assert "  doi = {10.5555/cclp.2017.0239}\n" in bibtex


def test_case26_duplicates_mode_keeps_versions_apart(shared: object) -> None:
    """Case 26: the default merge (duplicates only) keeps preprint and article."""
    pubs = _pair(load_case("26-")["input"])
    merged, report = deduplicate(pubs)
    assert [p.id for p in merged] == ["left", "right"]
    assert report.keymap() == {}


@pytest.mark.parametrize("name", ["27-", "29-"])
def test_cases_27_29_different_works_never_match(shared: object, name: str) -> None:
    """Cases 27, 29: parts, editions, generic titles, chapters never match."""
    for case_id, pubs, expected in _pairs(name):
        assert expected["duplicate"] is False, case_id
        report = find_duplicates(pubs)
        assert report.groups == (), case_id
        merged, _ = deduplicate(pubs, merge="versions")
        assert len(merged) == 2, case_id


def test_case25_subtitle_read_by_the_csl_json_reader(shared: object) -> None:
    """Case 25 D: a subtitle read from CSL-JSON as is still matches its twin."""
    (pair,) = [p for p in load_case("25-")["input"]["pairs"] if p["id"][0] == "D"]
    left = pubkit.loads(json.dumps([pair["left"]["item"]]), format="csl-json")[0]
    pubs = [left.evolve(id="left"), _scraped_profile(pair["right"]["item"])]
    assert _relations([pubs[0], pubs[1].evolve(id="right")]) == {"duplicate"}
