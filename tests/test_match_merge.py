"""Merging a group into one record: every value of every member survives."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from pubkit import Date, Person, Provenance, Publication
from pubkit.match import (
    ALTERNATE_DOIS,
    MERGED_IDS,
    VARIANTS,
    deduplicate,
    merge_records,
)

QUILL = Person(family="Quill", given="Rosa")
MARSH = Person(family="Marsh", given="Ed M.")

PUBLISHED = Publication(
    type="paper-conference",
    id="pub",
    title="Seasonal drift of estuarine sediment plumes",
    author=(QUILL, MARSH),
    editor=(Person(family="Kim", given="Ana"),),
    contributors={"translator": (Person(family="Berg", given="Jan"),)},
    issued=Date((2014,)),
    container_title="Proceedings of Coastal Dynamics",
    page="12-20",
    doi="10.5555/cdr.2014.0042",
    keywords=("tides",),
    extra={"edition": "2", "event-place": "Porto"},
    source_fields={"mynote": "published copy"},
    provenance=(Provenance("pub.bib", "bibtex", key="pub"),),
)
PREPRINT = Publication(
    type="article",
    id="pre",
    title="Seasonal Drift of Estuarine Sediment Plumes",
    author=(Person(family="Quill", given="R."), Person(family="Marsh", given="E.")),
    editor=(Person(family="Lund", given="Per"),),
    contributors={"translator": (Person(family="Roth", given="Eva"),)},
    issued=Date((2013,)),
    doi="10.48550/arXiv.1611.00042",
    arxiv="1611.00042",
    abstract="We follow plumes through a year.",
    keywords=("plumes", "tides"),
    extra={"event-place": "Lisbon", "genre": "preprint"},
    source_fields={"mynote": "arXiv copy", "eprintclass": "physics.ao-ph"},
    provenance=(Provenance("pre.bib", "bibtex", key="pre"),),
)


def _display(people: tuple[Person, ...]) -> list[str]:
    return [p.display() for p in people]


def _kept(merged: Publication, name: str, value: Any) -> bool:
    """Whether ``value`` of field ``name`` is the merged value or a variant."""
    variants: Mapping[str, Any] = merged.extra.get(VARIANTS, {})
    if name == "doi" and value in merged.extra.get(ALTERNATE_DOIS, ()):
        return True
    if name in ("author", "editor"):
        shown = _display(value)
        return shown == _display(getattr(merged, name)) or shown in variants[name]
    if name == "issued":
        return value == merged.issued or str(value) in variants[name]
    return value == getattr(merged, name) or value in variants[name]


def _lost(merged: Publication, member: Publication) -> list[str]:
    """Every value of ``member`` that cannot be found in ``merged``."""
    variants: Mapping[str, Any] = merged.extra.get(VARIANTS, {})
    lost = []
    for field in dataclasses.fields(Publication):
        name, value = field.name, getattr(member, field.name)
        if not value or name in ("id", "authors_incomplete", "editors_incomplete"):
            continue
        if name in ("keywords", "implied_authors", "provenance"):
            ok = set(value) <= set(getattr(merged, name))
        elif name in ("extra", "contributors", "source_fields"):
            ok = all(
                getattr(merged, name).get(key) == item
                or item in variants.get(name, {}).get(key, ())
                or (name == "contributors" and _display(item) in variants[name][key])
                for key, item in value.items()
            )
        else:
            ok = _kept(merged, name, value)
        if not ok:
            lost.append(name)
    if member.id not in merged.extra[MERGED_IDS]:
        lost.append("id")
    return lost


def test_merging_loses_no_field_of_any_member() -> None:
    """Type, people, mappings and plain fields of the losing member survive."""
    merged = merge_records([PUBLISHED, PREPRINT])
    assert _lost(merged, PUBLISHED) == []
    assert _lost(merged, PREPRINT) == []
    assert merged.type == "paper-conference"
    assert merged.extra[VARIANTS]["type"] == ["article"]
    assert merged.extra[VARIANTS]["editor"] == [["Per Lund"]]
    assert merged.extra[VARIANTS]["extra"] == {
        "event-place": ["Lisbon"],
        "genre": ["preprint"],
    }
    assert "genre" not in merged.extra
    assert merged.extra[VARIANTS]["source_fields"] == {"mynote": ["arXiv copy"]}
    assert merged.source_fields["eprintclass"] == "physics.ao-ph"
    assert merged.extra[VARIANTS]["contributors"] == {"translator": [["Eva Roth"]]}
    assert merged.keywords == ("tides", "plumes")


def test_preprint_venue_never_fills_the_version_of_record() -> None:
    """A preprint's server, DOI and archive are variants of an article lacking them."""
    article = PUBLISHED.evolve(doi="", container_title="", page="")
    preprint = PREPRINT.evolve(
        type="manuscript",
        container_title="arXiv",
        publisher="arXiv",
        url="https://arxiv.org/abs/1611.00042",
        extra={"archive": "arXiv", "number": "arXiv:1611.00042"},
    )
    merged = merge_records([article, preprint])
    assert (merged.doi, merged.container_title, merged.publisher, merged.url) == (
        "",
        "",
        "",
        "",
    )
    assert merged.arxiv == "1611.00042"
    assert merged.extra[ALTERNATE_DOIS] == ["10.48550/arXiv.1611.00042"]
    assert merged.extra[VARIANTS]["container_title"] == ["arXiv"]
    assert merged.extra[VARIANTS]["publisher"] == ["arXiv"]
    assert merged.extra[VARIANTS]["url"] == ["https://arxiv.org/abs/1611.00042"]
    assert merged.extra[VARIANTS]["extra"] == {
        "archive": ["arXiv"],
        "number": ["arXiv:1611.00042"],
    }
    assert "archive" not in merged.extra
    assert _lost(merged, article) == []
    assert _lost(merged, preprint) == []


def test_two_preprints_fill_each_other_venue_fields() -> None:
    """Members of one kind still fill each other's gaps: two preprint copies."""
    bare = PREPRINT.evolve(id="bare", doi="", publisher="")
    full = PREPRINT.evolve(id="full", publisher="arXiv")
    merged = merge_records([bare, full])
    assert merged.publisher == "arXiv"
    assert merged.doi == "10.48550/arXiv.1611.00042"


def test_merging_a_merged_record_again_keeps_earlier_ids_and_variants() -> None:
    """Ids, other DOIs and variants absorbed by an earlier merge are carried on."""
    first = merge_records([PUBLISHED, PREPRINT])
    third = PUBLISHED.evolve(
        id="copy", title="Seasonal drift of estuarine sediment plumes.", doi=""
    )
    again = merge_records([first, third])
    assert again.extra[MERGED_IDS] == ["pub", "pre", "copy"]
    assert again.extra[ALTERNATE_DOIS] == ["10.48550/arXiv.1611.00042"]
    assert (
        "Seasonal Drift of Estuarine Sediment Plumes"
        in (again.extra[VARIANTS]["title"])
    )
    assert again.extra[VARIANTS]["type"] == ["article"]
    assert _lost(again, PREPRINT) == []
    assert _lost(again, third) == []


def test_deduplicate_versions_loses_nothing_of_preprint_or_article() -> None:
    """Found through matching, the version group merges without loss."""
    merged, report = deduplicate([PREPRINT, PUBLISHED], merge="versions")
    assert [g.relation for g in report.groups] == ["version"]
    (record,) = merged
    assert record.id == "pub"
    assert _lost(record, PUBLISHED) == []
    assert _lost(record, PREPRINT) == []


def test_merge_bookkeeping_travels_in_csl_json_custom() -> None:
    """What a merge records sits in CSL-JSON's custom, and reads back.

    Fields are named there by their CSL variables.
    """
    import json

    import pubkit
    from pubkit.formats.csljson import MERGE_KEYS
    from pubkit.match import ALTERNATE_DOIS, FIELD_SOURCES, MERGED_IDS, VARIANTS

    assert set(MERGE_KEYS) == {MERGED_IDS, ALTERNATE_DOIS, FIELD_SOURCES, VARIANTS}
    first = Publication(
        id="a",
        type="article-journal",
        title="Seasonal drift of estuarine sediment plumes",
        author=(Person(family="Quill", given="Rosa"),),
        issued=Date((2014,)),
        volume="4",
        page="1-9",
        doi="10.5555/Drift.7",
    )
    second = dataclasses.replace(
        first,
        id="b",
        container_title="Coastal Review",
        doi="https://doi.org/10.5555/drift.7",
    )
    merged, _ = deduplicate([first, second])
    (item,) = json.loads(pubkit.dumps(merged, format="csljson"))
    assert not set(MERGE_KEYS) & set(item)
    assert sorted(item["custom"][MERGED_IDS]) == ["a", "b"]
    assert item["custom"][FIELD_SOURCES]["container-title"] == "b"
    assert ALTERNATE_DOIS not in item["custom"]  # one DOI in two spellings
    (again,) = pubkit.loads(json.dumps([item]), format="csljson")
    assert again.extra[FIELD_SOURCES] == merged[0].extra[FIELD_SOURCES]


def test_variants_of_dates_and_source_fields_are_written_as_csl_json() -> None:
    """Two access dates and two attached files survive a merge written as CSL-JSON.

    The access date is a date, not text: its other value is listed as the
    reader wrote it, so JSON can hold it.
    """
    import json

    import pubkit

    records = pubkit.loads(
        """
        @online{a, author={Doe, J.}, title={Tidal dataset release notes},
                   year=2020, urldate={2021-01-01}, file={a.pdf}}
        @online{b, author={Doe, J.}, title={Tidal dataset release notes},
                   year=2020, urldate={2022-05-05}, file={b.pdf}}
        """,
        format="bibtex",
    )
    merged, _ = deduplicate(records)
    (item,) = json.loads(pubkit.dumps(merged, format="csljson"))
    assert item["accessed"] == {"date-parts": [[2021, 1, 1]]}
    assert item["custom"][VARIANTS]["extra"] == {"accessed": ["2022-05-05"]}
    assert item["custom"][VARIANTS]["source-fields"] == {"file": ["b.pdf"]}
    (again,) = pubkit.loads(json.dumps([item]), format="csljson")
    assert again.extra[VARIANTS]["source_fields"] == {"file": ["b.pdf"]}


def test_and_others_survives_a_merge_with_a_shorter_complete_list() -> None:
    """A list of one name beside the same name "and others": more authors."""
    import pubkit

    records = pubkit.loads(
        """
        @article{t1, author={Brown, Tom}, title={Language models are few-shot
          learners}, journal={NeurIPS}, year=2020}
        @article{t2, author={Brown, Tom and others}, title={Language Models are
          Few-Shot Learners}, journal={NeurIPS}, year=2020, volume=33}
        """,
        format="bibtex",
    )
    (merged,), _ = deduplicate(records)
    assert [p.family for p in merged.author] == ["Brown"]
    assert merged.authors_incomplete
    assert "author = {Brown, Tom and others}" in pubkit.dumps([merged], format="bibtex")


def test_the_written_out_accented_author_list_is_kept() -> None:
    """Full given names with their accents win over initials and ASCII spellings."""
    import pubkit

    records = pubkit.loads(
        """
        @article{a, author={Mueller, H. and Berg, J. van der},
          title={Sediment budgets of small estuaries}, journal={Estuaries},
          year=2010, volume=3, pages={1--9}}
        @article{b, author={M{\\"u}ller, Hans and van der Berg, Johan},
          title={Sediment budgets of small estuaries}, journal={Estuaries},
          year=2010}
        @article{c, author={An, Nguyen Van and Binh, Tran Thi},
          title={Tidal flats of the Mekong delta}, journal={Deltas}, year=2012}
        @article{d,
          author={Nguy{\\~{\\^e}}n, V{\\u{a}}n An and
                  Tr{\\`{\\^a}}n, Th{\\d{i}} B{\\`i}nh},
          title={Tidal flats of the Mekong delta}, journal={Deltas}, year=2012}
        """,
        format="bibtex",
    )
    merged, _ = deduplicate(records)
    lists = sorted([p.display() for p in pub.author] for pub in merged)
    assert lists == [
        ["Hans Müller", "Johan van der Berg"],
        ["Văn An Nguyễn", "Thị Bình Trần"],
    ]


def test_a_version_merge_keeps_the_published_authors() -> None:
    """A preprint's extra author never joins the article's author list."""
    import pubkit

    records = pubkit.loads(
        """
        @article{pre, author={Smith, John and Doe, Jane and Roe, Richard},
          title={Learning to forecast river floods with graph networks},
          journal={arXiv preprint arXiv:2101.05555}, year=2021}
        @article{pub, author={Smith, J. and Doe, J.},
          title={Learning to forecast river floods with graph networks},
          journal={Water Resources Research}, year=2022, volume=58,
          doi={10.1029/2021WR030000}}
        """,
        format="bibtex",
    )
    (merged,), _ = deduplicate(records, merge="versions")
    assert merged.id == "pub"
    assert [p.family for p in merged.author] == ["Smith", "Doe"]
    assert merged.extra[VARIANTS]["author"] == [
        ["John Smith", "Jane Doe", "Richard Roe"]
    ]
