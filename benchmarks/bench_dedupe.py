"""Accuracy and speed of pubkit's duplicate finder, with bib-dedupe beside it.

    python benchmarks/bench_dedupe.py                 # everything
    python benchmarks/bench_dedupe.py --part accuracy
    python benchmarks/bench_dedupe.py --part speed --sizes 10000 123617
    python benchmarks/bench_dedupe.py --part blocking

Accuracy is scored per record as the systematic-review literature does (a
record that should be removed is a positive) and per pair, on duplicates only:
the review sets keep a conference abstract and its article apart. Each run is
timed in a fresh process, so its peak memory is its own.
"""

from __future__ import annotations

import argparse
import copyreg
import dataclasses
import pickle
import random
import resource
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from types import MappingProxyType
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from dedupe_eval import Scores, read_cora, read_only, score

from pubkit.model import Publication

SHARED = Path(__file__).resolve().parents[2] / "shared"
DEDUPE = SHARED / "data" / "dedupe"
LARGE = SHARED / "data" / "bib" / "large" / "conference-papers.bib"
CACHE = Path("/tmp/pubkit-bench-conference-papers.pkl")
SETS = {
    "cytology": DEDUPE / "sra-rathbone2015" / "cytology_screening",
    "haematology": DEDUPE / "sra-rathbone2015" / "haematology",
    "stroke": DEDUPE / "sra-rathbone2015" / "stroke",
    "digital_work": DEDUPE / "colrev-digital-work",
    "special_cases": DEDUPE / "bib-dedupe-special-cases",
    "cora": DEDUPE / "cora-1295",
}

Groups = list[list[str]]


def _reduce_proxy(
    proxy: MappingProxyType[str, Any],
) -> tuple[Callable[[Mapping[str, Any]], Any], tuple[Mapping[str, Any]]]:
    return read_only, (dict(proxy),)


# Publications keep their mappings read-only; pickling them needs this.
copyreg.pickle(MappingProxyType, _reduce_proxy)


# Running one tool in its own process --------------------------------------


def _peak_mb() -> float:
    """This process's peak resident memory (VmHWM, which exec resets)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed(
    tool: str, source: str | Sequence[Publication]
) -> tuple[Groups, float, float]:
    """Load the input, then time the tool alone; peak memory includes the input."""
    data = _load(source) if tool == "pubkit" else _bib_dedupe_frame(source)
    start = time.perf_counter()
    groups = pubkit_groups(data) if tool == "pubkit" else bib_dedupe_groups(data)
    return groups, time.perf_counter() - start, _peak_mb()


def _in_process(
    tool: str, source: str | Sequence[Publication], timeout: float | None = None
) -> tuple[Groups, float, float] | None:
    """Run ``tool`` in a fresh process: (groups, seconds, peak MB), or None."""
    with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:
        future = pool.submit(_timed, tool, source)
        try:
            return future.result(timeout=timeout)
        except Exception as error:  # timeout or a failure of the tool
            print(f"    ({tool} did not finish: {error!r})", flush=True)
            for proc in list(getattr(pool, "_processes", {}).values()):
                proc.kill()
            return None


def pubkit_groups(records: Sequence[Publication]) -> Groups:
    """Pubkit's duplicate groups, as lists of record ids."""
    from pubkit.match import find_duplicates

    report = find_duplicates(records)
    return [
        [report.ids[m] for m in g.members]
        for g in report.groups
        if g.relation == "duplicate"
    ]


def bib_dedupe_groups(frame: Any) -> Groups:
    """bib-dedupe's duplicate groups (prep, block, match, cluster)."""
    from bib_dedupe import bib_dedupe as bd

    prepared = bd.prep(frame, verbosity_level=0, cpu=2)
    pairs = bd.block(prepared, verbosity_level=0, cpu=2)
    matched = bd.match(pairs, verbosity_level=0, cpu=2)
    return [list(g) for g in bd.cluster(matched, verbosity_level=0)]


def _bib_dedupe_frame(source: str | Sequence[Publication]) -> Any:
    import pandas as pd

    if isinstance(source, str) and source.endswith(".csv"):
        return pd.read_csv(source, dtype=str)
    return pd.DataFrame([_bib_dedupe_row(p) for p in _load(source)])


def _load(pubs: Sequence[Publication] | str) -> Sequence[Publication]:
    if isinstance(pubs, str):
        if pubs.endswith(".csv"):
            from pubkit.match.records_csv import read_records_csv

            return read_records_csv(pubs)
        with open(pubs, "rb") as handle:
            loaded: list[Publication] = pickle.load(handle)
        return loaded
    return pubs


def _bib_dedupe_row(pub: Publication) -> dict[str, str]:
    names = " and ".join(
        f"{p.last}, {p.given}" if p.given else p.last for p in pub.author
    )
    entry = "inproceedings" if pub.type == "paper-conference" else "article"
    return {
        "ID": pub.id,
        "ENTRYTYPE": entry,
        "title": pub.title,
        "author": names,
        "year": str(pub.year or ""),
        "journal" if entry == "article" else "booktitle": pub.container_title,
        "volume": pub.volume,
        "number": pub.issue,
        "pages": pub.page,
        "doi": pub.doi,
        "abstract": pub.abstract,
    }


# Accuracy ----------------------------------------------------------------


def _row(name: str, tool: str, s: Scores, seconds: float) -> str:
    return (
        f"{name:14s} {tool:10s} {s.tp:5d} {s.fp:4d} {s.fn:4d} "
        f"{s.sensitivity:7.4f} {s.specificity:7.4f} {s.precision:7.4f} "
        f"{s.f1:7.4f} {s.pair_precision:7.4f} {s.pair_recall:7.4f} "
        f"{s.pair_f1:7.4f} {seconds:7.1f}"
    )


def accuracy(with_bib_dedupe: bool) -> None:
    """Print per-record and per-pair scores of both tools on every set."""
    print(
        "set            tool          TP   FP   FN    sens    spec    prec      F1"
        "   pairP   pairR  pairF1       s"
    )
    for name, folder in SETS.items():
        if name == "cora":
            pubs, gold = read_cora(folder)
            source: Sequence[Publication] | str = pubs
            ids = [p.id for p in pubs]
        else:
            from pubkit.match.records_csv import read_gold_groups, read_records_csv

            csv = str(folder / "records_pre_merged.csv")
            gold = read_gold_groups(folder / "merged_record_ids.csv")
            ids = [p.id for p in read_records_csv(csv)]
            source = csv
        tools = ["pubkit", "bib-dedupe"] if with_bib_dedupe else ["pubkit"]
        for tool in tools:
            result = _in_process(tool, source, timeout=1800)
            if result is not None:
                print(_row(name, tool, score(ids, gold, result[0]), result[1]))
        sys.stdout.flush()


# Speed -------------------------------------------------------------------


def _cached_large() -> list[Publication]:
    if CACHE.is_file():
        with CACHE.open("rb") as handle:
            cached: list[Publication] = pickle.load(handle)
        return cached
    import pubkit

    start = time.perf_counter()
    pubs = list(pubkit.read(LARGE, format="bibtex"))
    print(f"read {len(pubs)} records in {time.perf_counter() - start:.1f} s")
    with CACHE.open("wb") as handle:
        pickle.dump(pubs, handle)
    return pubs


def speed(sizes: Sequence[int], with_bib_dedupe: bool, bd_limit: int) -> None:
    """Print wall time and peak memory per size for both tools."""
    pubs = _cached_large()
    print("records  tool        seconds  peak MB  groups")
    for size in sizes:
        path = f"/tmp/pubkit-bench-{size}.pkl"
        with open(path, "wb") as handle:
            pickle.dump(pubs[:size], handle)
        tools = ["pubkit"]
        if with_bib_dedupe and size <= bd_limit:
            tools.append("bib-dedupe")
        for tool in tools:
            result = _in_process(tool, path, timeout=3600)
            if result is not None:
                groups, seconds, peak = result
                count = min(size, len(pubs))
                print(
                    f"{count:7d}  {tool:10s} {seconds:8.1f} {peak:8.0f}  {len(groups)}"
                )
            sys.stdout.flush()


# Blocking recall ----------------------------------------------------------


def blocking_recall(records: Sequence[Publication], label: str) -> None:
    """Share of matching pairs an exhaustive comparison finds that blocking keeps.

    The exhaustive side scores every pair whose titles reach the title floor
    (found with ``rapidfuzz.process.cdist``) with the full rule table.
    """
    import numpy as np
    from rapidfuzz import fuzz, process

    from pubkit.match.blocking import candidate_pairs
    from pubkit.match.features import features
    from pubkit.match.find import TITLE_FLOOR, score_pair

    recs = [features(p, i) for i, p in enumerate(records)]
    titles = [r.title for r in recs]
    start = time.perf_counter()
    matrix = process.cdist(
        titles,
        titles,
        scorer=fuzz.ratio,
        dtype=np.uint8,
        score_cutoff=int(TITLE_FLOOR),
        workers=-1,
    )
    rows, cols = np.nonzero(np.triu(matrix, k=1))
    exhaustive = time.perf_counter() - start

    matches = set()
    for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
        pair = score_pair(recs[i], recs[j])
        if pair.relation in ("duplicate", "version") and pair.confidence >= 0.8:
            matches.add((i, j))
    candidates = set(candidate_pairs(recs))
    kept = len(matches & candidates)
    share = kept / len(matches) if matches else 1.0
    print(
        f"{label}: {len(records)} records, {len(rows)} title-similar pairs "
        f"({exhaustive:.1f} s cdist), {len(matches)} matching; blocking keeps "
        f"{kept} = {100 * share:.2f} % with {len(candidates)} candidate pairs"
    )


def _typo(text: str, rng: random.Random) -> str:
    """``text`` with one letter replaced, dropped or doubled."""
    if len(text) < 4:
        return text
    at = rng.randrange(len(text))
    edits = (
        text[:at] + rng.choice("aeiorstn") + text[at + 1 :],
        text[:at] + text[at + 1 :],
        text[:at] + text[at] + text[at:],
    )
    return rng.choice(edits)


def _variant(pub: Publication, rng: random.Random) -> Publication:
    """A noisy second record of ``pub``: typos, case, initials, lost fields."""
    title = _typo(pub.title, rng)
    if rng.random() < 0.3:
        title = _typo(title, rng)
    if rng.random() < 0.3:
        title = title.lower()
    authors = tuple(
        dataclasses.replace(p, given=p.given[:1] + ".") if rng.random() < 0.5 else p
        for p in pub.author
    )
    return pub.evolve(
        id=pub.id + "-variant",
        title=title,
        author=authors,
        container_title="" if rng.random() < 0.3 else pub.container_title,
    )


def blocking(sample: int) -> None:
    """Blocking recall on samples of the large file and on each set."""
    pubs = _cached_large()
    rng = random.Random(20261203)
    chosen = rng.sample(pubs, min(sample, len(pubs)))
    blocking_recall(chosen, "conference sample")
    noisy = chosen[: sample * 9 // 10]
    noisy += [_variant(p, rng) for p in chosen[: sample // 10]]
    blocking_recall(noisy, "conference sample, 10 % noisy copies")
    blocking_recall(pubs[:sample], "conference first records")
    if "--quick" in sys.argv:
        return
    from pubkit.match.records_csv import read_records_csv

    for name, folder in SETS.items():
        if name != "cora":
            blocking_recall(read_records_csv(folder / "records_pre_merged.csv"), name)


def main() -> None:
    """Run the parts chosen on the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--part", choices=["accuracy", "speed", "blocking", "all"], default="all"
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 123_617])
    parser.add_argument("--no-bib-dedupe", action="store_true")
    parser.add_argument(
        "--bib-dedupe-max", type=int, default=10_000, help="largest size to give it"
    )
    parser.add_argument("--sample", type=int, default=10_000)
    args = parser.parse_args()

    with_bd = not args.no_bib_dedupe
    if args.part in ("accuracy", "all"):
        accuracy(with_bd)
    if args.part in ("speed", "all"):
        speed(args.sizes, with_bd, args.bib_dedupe_max)
    if args.part in ("blocking", "all"):
        blocking(args.sample)


if __name__ == "__main__":
    main()
