"""Accuracy and speed of pubkit's duplicate finder, with bib-dedupe beside it.

    python benchmarks/bench_dedupe.py                 # everything
    python benchmarks/bench_dedupe.py --part accuracy
    python benchmarks/bench_dedupe.py --part speed --sizes 10000 100000 1000000
    python benchmarks/bench_dedupe.py --part blocking

Accuracy is scored per record as the systematic-review literature does (a
record that should be removed is a positive) and per pair, on duplicates only:
the review sets keep a conference abstract and its article apart. Where a
set's labels place records wrongly (``label_corrections.json`` lists each
one with the facts that show it), both tools are scored a second time, on
the corrected labels, in a row marked ``*``; the labels as given come first. Each run is
timed in a fresh process, so its peak memory is its own. A speed size
above the large file's record count runs the whole file.
"""

from __future__ import annotations

import argparse
import bisect
import contextlib
import dataclasses
import importlib
import importlib.metadata
import json
import os
import pickle
import random
import re
import resource
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from itertools import combinations
from multiprocessing import get_context
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from dedupe_eval import Scores, corrected, read_cora, score

from pubkit.match.features import Features
from pubkit.model import Publication

SHARED = Path(__file__).resolve().parents[2] / "shared"
DEDUPE = SHARED / "data" / "dedupe"
LARGE = SHARED / "data" / "bib" / "large" / "conference-papers.bib"
#: Records some labelled sets place wrongly, each with the facts that show it.
CORRECTIONS = Path(__file__).resolve().parent / "label_corrections.json"
CACHE = Path("/tmp/pubkit-bench-conference-papers-all.pkl")
SETS = {
    "cytology": DEDUPE / "sra-rathbone2015" / "cytology_screening",
    "haematology": DEDUPE / "sra-rathbone2015" / "haematology",
    "stroke": DEDUPE / "sra-rathbone2015" / "stroke",
    "digital_work": DEDUPE / "colrev-digital-work",
    "special_cases": DEDUPE / "bib-dedupe-special-cases",
    "cora": DEDUPE / "cora-1295",
}

Groups = list[list[str]]

#: Least precision on every labelled set.
PRECISION = 0.999
#: Records, seconds and peak MB of the speed target on this 2-core machine.
TARGET_RECORDS, TARGET_SECONDS, TARGET_MB = 100_000, 60, 4096
#: Least share of exhaustively found matching pairs that blocking must keep.
BLOCKING_RECALL = 0.995


# Running one tool in its own process --------------------------------------


def _peak_mb() -> float:
    """This process's peak resident memory (VmHWM, which exec resets)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


Timing = tuple[Groups, float, float, float]


def _cpu_seconds() -> float:
    """CPU time of this process and of its finished children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _timed(tool: str, source: str | Sequence[Publication]) -> Timing:
    """Load the input, then time the tool alone: (groups, wall s, CPU s, peak MB).

    Peak memory includes the input. CPU time is given beside wall time
    because other work on a shared machine stretches wall time, not CPU time.
    """
    data = _load(source) if tool == "pubkit" else _bib_dedupe_frame(source)
    cpu = _cpu_seconds()
    start = time.perf_counter()
    if tool == "pubkit":
        groups = pubkit_groups(data)
    else:
        with _quiet_stdout():
            groups = bib_dedupe_groups(data)
    wall = time.perf_counter() - start
    return groups, wall, _cpu_seconds() - cpu, _peak_mb()


@contextlib.contextmanager
def _quiet_stdout() -> Iterator[None]:
    """Send this process's standard output, and its children's, to nowhere.

    bib-dedupe prints its block sizes whatever the verbosity asked for, from
    worker processes too, so only the file descriptor can silence it.
    """
    sys.stdout.flush()
    saved = os.dup(1)
    with open(os.devnull, "w") as sink:
        os.dup2(sink.fileno(), 1)
        try:
            yield
        finally:
            sys.stdout.flush()
            os.dup2(saved, 1)
            os.close(saved)


def bib_dedupe_status() -> str:
    """``""`` when bib-dedupe can run here, else why it cannot."""
    try:
        version = importlib.metadata.version("bib-dedupe")
        importlib.import_module("bib_dedupe.bib_dedupe")
    except Exception as error:  # not installed, or fails on import
        return f"bib-dedupe cannot run here ({error!r}); its rows are left out"
    print(f"bib-dedupe {version} runs beside pubkit on the same input")
    return ""


def _in_process(
    tool: str, source: str | Sequence[Publication], timeout: float | None = None
) -> Timing | None:
    """Run ``tool`` in a fresh process: see :func:`_timed`; None on failure."""
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
    corrections = json.loads(CORRECTIONS.read_text(encoding="utf-8"))
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
        found: dict[str, tuple[Groups, float]] = {}
        for tool in tools:
            result = _in_process(tool, source, timeout=1800)
            if result is not None:
                found[tool] = result[0], result[1]
        _print_scores(name, ids, gold, found)
        fixes = corrections.get(name, [])
        if fixes:
            print(
                f"{name + '*':14s} the same runs, {len(fixes)} labels corrected "
                f"(see {CORRECTIONS.name}):"
            )
            _print_scores(name + "*", ids, corrected(gold, fixes), found)
        sys.stdout.flush()


def _print_scores(
    name: str,
    ids: Sequence[str],
    gold: Sequence[Sequence[str]],
    found: Mapping[str, tuple[Groups, float]],
) -> None:
    """Score each tool's groups against ``gold``, then the verdict."""
    scores = {tool: score(ids, gold, groups) for tool, (groups, _) in found.items()}
    for tool, (_, seconds) in found.items():
        print(_row(name, tool, scores[tool], seconds))
    print(_accuracy_verdict(name, scores))


def _accuracy_verdict(name: str, scores: Mapping[str, Scores]) -> str:
    """Whether pubkit meets the targets on one set, with the numbers."""
    if "pubkit" not in scores:
        return f"{name:14s} target: pubkit did not finish"
    own = scores["pubkit"]
    checks = [f"precision {own.precision:.4f} {_mark(own.precision >= PRECISION)}"]
    other = scores.get("bib-dedupe")
    if other is None:
        checks.append("sensitivity not compared (no bib-dedupe result)")
    else:
        met = own.sensitivity >= other.sensitivity
        checks.append(
            f"sensitivity {own.sensitivity:.4f} vs bib-dedupe "
            f"{other.sensitivity:.4f} {_mark(met)}"
        )
    return f"{name:14s} target: " + "; ".join(checks)


def _mark(met: bool) -> str:
    return "met" if met else "NOT MET"


# Speed -------------------------------------------------------------------


def _cached_large() -> list[Publication]:
    """Every entry of the large file, those reusing a cite key included."""
    if CACHE.is_file():
        with CACHE.open("rb") as handle:
            cached: list[Publication] = pickle.load(handle)
        return cached
    import pubkit

    start = time.perf_counter()
    library = pubkit.read(LARGE, format="bibtex")
    pubs = list(library)
    # The reader keeps the first entry of a reused key, as BibTeX does; the
    # others are separate papers here, so they are read again under new keys.
    again = [p for p in library.problems if p.kind == "duplicate-entry-key" and p.raw]
    renamed = (
        re.sub(r"^(@\w+\s*\{)([^,]*),", rf"\g<1>\g<2>-{n},", p.raw.lstrip(), count=1)
        for n, p in enumerate(again)
    )
    pubs.extend(pubkit.loads("\n".join(renamed), format="bibtex"))
    print(
        f"read {len(pubs)} records ({len(again)} reusing a key) "
        f"in {time.perf_counter() - start:.1f} s"
    )
    with CACHE.open("wb") as handle:
        pickle.dump(pubs, handle)
    return pubs


def speed(
    sizes: Sequence[int], with_bib_dedupe: bool, bd_limit: int, timeout: float
) -> None:
    """Print wall time and peak memory per size for both tools."""
    pubs = _cached_large()
    print("records  tool        seconds    cpu s  peak MB  groups  cpu s per 10k")
    runs: dict[int, tuple[float, float]] = {}
    for size in sizes:
        count = min(size, len(pubs))
        path = f"/tmp/pubkit-bench-{count}.pkl"
        with open(path, "wb") as handle:
            pickle.dump(pubs[:count], handle)
        tools = ["pubkit"]
        if with_bib_dedupe and count <= bd_limit:
            tools.append("bib-dedupe")
        elif with_bib_dedupe:
            print(f"{count:7d}  bib-dedupe not run (above --bib-dedupe-max)")
        for tool in tools:
            result = _in_process(tool, path, timeout=timeout)
            if result is not None:
                groups, seconds, cpu, peak = result
                per = 10_000 * cpu / count
                print(
                    f"{count:7d}  {tool:10s} {seconds:8.1f} {cpu:8.1f} {peak:8.0f}  "
                    f"{len(groups):6d}  {per:13.2f}"
                )
                if tool == "pubkit":
                    runs[count] = (seconds, cpu)
                    _speed_verdict(count, seconds, peak)
            sys.stdout.flush()
    if len(runs) > 1:
        low, high = min(runs), max(runs)
        wall, cpu = (runs[high][k] / runs[low][k] for k in (0, 1))
        print(
            f"from {low} to {high} records ({high / low:.1f}x): wall time "
            f"grows {wall:.1f}x, CPU time {cpu:.1f}x"
        )


def _speed_verdict(count: int, seconds: float, peak_mb: float) -> None:
    """Print the time and memory target at 100,000 records."""
    if count == TARGET_RECORDS:
        met = seconds <= TARGET_SECONDS and peak_mb <= TARGET_MB
        print(
            f"target at {count} records: <= {TARGET_SECONDS} s and <= "
            f"{TARGET_MB} MB: {_mark(met)}"
        )


# Blocking recall ----------------------------------------------------------


def _key_pairs(keys: Sequence[str]) -> set[tuple[int, int]]:
    """Every pair of positions whose (non-empty) keys are equal."""
    by_key: dict[str, list[int]] = {}
    for index, key in enumerate(keys):
        if key:
            by_key.setdefault(key, []).append(index)
    return {pair for group in by_key.values() for pair in combinations(group, 2)}


def _prefix_pairs(titles: Sequence[str]) -> set[tuple[int, int]]:
    """Pairs where one title is the other's start followed by more words."""
    order = sorted(range(len(titles)), key=titles.__getitem__)
    ordered = [titles[i] for i in order]
    out: set[tuple[int, int]] = set()
    for rank, title in enumerate(ordered):
        if not title:
            continue
        stop = bisect.bisect_left(ordered, title + "!", rank + 1)
        for other in range(bisect.bisect_left(ordered, title + " ", rank + 1), stop):
            i, j = order[rank], order[other]
            out.add((min(i, j), max(i, j)))
    return out


def _similar_pairs(texts: Sequence[str], cutoff: float) -> set[tuple[int, int]]:
    """Pairs of non-empty texts whose ``fuzz.ratio`` reaches ``cutoff``."""
    import numpy as np
    from rapidfuzz import fuzz, process

    present = [i for i, text in enumerate(texts) if text]
    if len(present) < 2:
        return set()
    chosen = [texts[i] for i in present]
    matrix = process.cdist(
        chosen,
        chosen,
        scorer=fuzz.ratio,
        dtype=np.uint8,
        score_cutoff=int(cutoff),
        workers=-1,
    )
    rows, cols = np.nonzero(np.triu(matrix, k=1))
    return {
        (present[i], present[j])
        for i, j in zip(rows.tolist(), cols.tolist(), strict=True)
    }


def exhaustive_pairs(recs: Sequence[Features]) -> set[tuple[int, int]]:
    """Every pair any rule could accept, found without blocking.

    A rule accepts a pair only when the titles reach the title floor, one
    title starts the other, an identifier is shared, volume and page range
    agree, or the abstracts are near-equal; each is found exhaustively.
    """
    from pubkit.match.find import TITLE_FLOOR

    pairs = _similar_pairs([r.title for r in recs], TITLE_FLOOR)
    pairs |= _similar_pairs([r.abstract for r in recs], 95)
    pairs |= _prefix_pairs([r.title for r in recs])
    for key in ("doi", "pmid", "arxiv", "preprint_doi"):
        pairs |= _key_pairs([getattr(r, key) for r in recs])
    ranges = [
        f"{r.volume}:{r.pages[0]}-{r.pages[1]}" if r.pages[1] else "" for r in recs
    ]
    pairs |= _key_pairs(ranges)
    return pairs


def blocking_recall(records: Sequence[Publication], label: str) -> float:
    """Share of matching pairs an exhaustive comparison finds that blocking keeps.

    The exhaustive side scores every pair of :func:`exhaustive_pairs` with
    the full rule table; a pair counts as kept when blocking proposes it and
    the pre-filter lets it through to scoring.

    Returns:
        The share kept, 0-1.
    """
    from pubkit.match.blocking import candidate_pairs
    from pubkit.match.features import features
    from pubkit.match.find import _worth_comparing, score_pair

    recs = [features(p, i) for i, p in enumerate(records)]
    start = time.perf_counter()
    compared = exhaustive_pairs(recs)
    exhaustive = time.perf_counter() - start

    matches = set()
    for i, j in compared:
        pair = score_pair(recs[i], recs[j])
        if pair.relation in ("duplicate", "version") and pair.confidence >= 0.8:
            matches.add((i, j))
    candidates = set(candidate_pairs(recs))
    kept = sum(1 for i, j in matches & candidates if _worth_comparing(recs[i], recs[j]))
    share = kept / len(matches) if matches else 1.0
    print(
        f"{label}: {len(records)} records, {len(compared)} pairs a rule could "
        f"accept ({exhaustive:.1f} s to find), {len(matches)} matching; blocking "
        f"keeps {kept} = {100 * share:.2f} % with {len(candidates)} candidate pairs"
    )
    return share


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


def blocking(sample: int, quick: bool = False) -> None:
    """Blocking recall on samples of the large file and on each set."""
    pubs = _cached_large()
    rng = random.Random(20261203)
    chosen = rng.sample(pubs, min(sample, len(pubs)))
    share = blocking_recall(chosen, "conference sample")
    print(
        f"target: blocking keeps >= {100 * BLOCKING_RECALL:.1f} % on the "
        f"{len(chosen)}-record sample: {_mark(share >= BLOCKING_RECALL)}"
    )
    noisy = chosen[: sample * 9 // 10]
    noisy += [_variant(p, rng) for p in chosen[: sample // 10]]
    blocking_recall(noisy, "conference sample, 10 % noisy copies")
    blocking_recall(pubs[:sample], "conference first records")
    if quick:
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
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[10_000, 50_000, 100_000, 1_000_000]
    )
    parser.add_argument("--no-bib-dedupe", action="store_true")
    parser.add_argument(
        "--bib-dedupe-max", type=int, default=10_000, help="largest size to give it"
    )
    parser.add_argument("--sample", type=int, default=10_000)
    parser.add_argument(
        "--timeout", type=float, default=3600, help="speed: seconds per run at most"
    )
    parser.add_argument(
        "--quick", action="store_true", help="blocking: skip the labelled sets"
    )
    args = parser.parse_args()

    with_bd = not args.no_bib_dedupe
    if with_bd:
        status = bib_dedupe_status()
        if status:
            print(status)
            with_bd = False
    if args.part in ("accuracy", "all"):
        accuracy(with_bd)
    if args.part in ("speed", "all"):
        speed(args.sizes, with_bd, args.bib_dedupe_max, args.timeout)
    if args.part in ("blocking", "all"):
        blocking(args.sample, args.quick)


if __name__ == "__main__":
    main()
