"""Read and write a large BibTeX file with pubkit and its peers, in one run.

Usage::

    python benchmarks/bench_read.py [FILE.bib] [--limit N]

FILE defaults to ``../shared/data/bib/large/conference-papers.bib``. Each
contender runs in a fresh subprocess, so peak memory (max RSS) is its own:

- pubkit: ``pubkit.read`` into the full model (LaTeX decoded, names split),
  then ``pubkit.dumps(..., format="bibtex")``;
- bibtexparser v2, bare parse, and its full stack (LaTeX decoding, co-author
  separation, name splitting), then its writer on the bare library;
- pybtex, non-strict (the file repeats keys), which splits names as it parses.

Ratios are contender time over pubkit's time: above 1 means pubkit is faster.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "bib" / "large" / "conference-papers.bib"


def _text(path: str, limit: int | None) -> str:
    text = Path(path).read_text(encoding="utf-8")
    if limit:
        # Cut at an entry boundary so every contender sees whole entries.
        starts = [m.start() for m in re.finditer(r"\n@", text)]
        text = text[: starts[limit]] if len(starts) > limit else text
    return text


def run_pubkit(text: str) -> dict[str, float]:
    import pubkit

    start = time.perf_counter()
    library = pubkit.loads(text, format="bibtex", source="bench")
    read_s = time.perf_counter() - start
    start = time.perf_counter()
    pubkit.dumps(library, format="bibtex")
    write_s = time.perf_counter() - start
    return {"read": read_s, "write": write_s, "records": len(library)}


def run_bibtexparser_bare(text: str) -> dict[str, float]:
    import bibtexparser

    start = time.perf_counter()
    library = bibtexparser.parse_string(text)
    read_s = time.perf_counter() - start
    start = time.perf_counter()
    bibtexparser.write_string(library)
    write_s = time.perf_counter() - start
    return {"read": read_s, "write": write_s, "records": len(library.entries)}


def run_bibtexparser_full(text: str) -> dict[str, float]:
    import bibtexparser
    from bibtexparser import middlewares as mw

    stack = [
        mw.LatexDecodingMiddleware(),
        mw.MonthIntMiddleware(True),
        mw.SeparateCoAuthors(),
        mw.SplitNameParts(),
    ]
    start = time.perf_counter()
    library = bibtexparser.parse_string(text, append_middleware=stack)
    return {"read": time.perf_counter() - start, "records": len(library.entries)}


def run_pybtex(text: str) -> dict[str, float]:
    import pybtex.errors
    from pybtex.database import parse_string

    pybtex.errors.set_strict_mode(False)
    pybtex.errors.print_error = lambda *args, **kwargs: None  # silence warnings
    start = time.perf_counter()
    data = parse_string(text, "bibtex")
    return {"read": time.perf_counter() - start, "records": len(data.entries)}


CONTENDERS = {
    "pubkit": run_pubkit,
    "bibtexparser-bare": run_bibtexparser_bare,
    "bibtexparser-full": run_bibtexparser_full,
    "pybtex": run_pybtex,
}


def _child(name: str, path: str, limit: int | None) -> None:
    """Run one contender in this process and print its figures as JSON."""
    result = CONTENDERS[name](_text(path, limit))
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({**result, "peak_mib": peak_kib / 1024}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", default=str(DEFAULT))
    parser.add_argument("--limit", type=int, help="Only the first N entries.")
    parser.add_argument("--only", help="Comma-separated contenders to run.")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child, args.file, args.limit)
        return

    names = args.only.split(",") if args.only else list(CONTENDERS)
    results: dict[str, dict[str, float]] = {}
    for name in names:
        command = [sys.executable, __file__, args.file, "--child", name]
        if args.limit:
            command += ["--limit", str(args.limit)]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            print(f"{name}: failed\n{done.stderr[-2000:]}", file=sys.stderr)
            continue
        results[name] = json.loads(done.stdout.strip().splitlines()[-1])
        print(f"{name:<18} done", file=sys.stderr)

    _print_table(results)


def _print_table(results: dict[str, dict[str, float]]) -> None:
    base = results.get("pubkit", {})
    print(
        f"{'contender':<18} {'records':>8} {'read s':>8} {'×pubkit':>8} "
        f"{'write s':>8} {'×pubkit':>8} {'peak MiB':>9}"
    )
    for name, row in results.items():
        read_ratio = row["read"] / base["read"] if base else float("nan")
        write = row.get("write")
        write_ratio = (
            write / base["write"] if write is not None and base else float("nan")
        )
        write_text = f"{write:8.2f}" if write is not None else f"{'-':>8}"
        print(
            f"{name:<18} {int(row['records']):>8} {row['read']:8.2f} "
            f"{read_ratio:8.2f} {write_text} {write_ratio:8.2f} "
            f"{row['peak_mib']:9.0f}"
        )


if __name__ == "__main__":
    main()
