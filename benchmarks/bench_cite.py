"""Time pubkit's bibliography formatting against citeproc-js.

Usage: python benchmarks/bench_cite.py [--sizes 1000 5000] [--styles apa ...]

Replicates ../shared/data/csl/items.json to each size (copies get fresh ids,
suffixed titles and suffixed family names, so no copy collides with another),
then times registering, sorting and rendering the text bibliography with
pubkit. When ``node`` is on the PATH, the same corpus goes through citeproc-js
(``../shared/tools/csl-reference/render.js``, installed into a temporary copy
with ``npm install``) in the same run: the node process's wall time, and
citeproc-js's own time for setup, registration and the text bibliography as
render.js reports it. The ratio is pubkit's time over citeproc-js's own.
Because other processes on a shared machine stretch wall times unevenly, CPU
seconds are reported too (pubkit's process, and the node child process with
its start-up), with their ratio; ``--repeat N`` keeps the best of N runs.
"""

from __future__ import annotations

import argparse
import copy
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import citeproc

from pubkit.cite import format_bibliography, load_style

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
ITEMS = SHARED / "data" / "csl" / "items.json"
RENDER = SHARED / "tools" / "csl-reference"


def replicate(items: list[dict[str, Any]], size: int) -> list[dict[str, Any]]:
    """``size`` items: the originals, then numbered copies that never collide."""
    out: list[dict[str, Any]] = []
    copy_no = 0
    while len(out) < size:
        for item in items:
            if len(out) == size:
                break
            clone = copy.deepcopy(item)
            if copy_no:
                clone["id"] = f"{item['id']}_r{copy_no}"
                clone["title"] = f"{item.get('title', '')} {copy_no}"
                for role in ("author", "editor", "translator"):
                    for name in clone.get(role, []):
                        if "literal" in name:
                            name["literal"] += f" {copy_no}"
                        if "family" in name:
                            name["family"] += f"-{copy_no}"
            out.append(clone)
        copy_no += 1
    return out


def time_pubkit(items: list[dict[str, Any]], style: str) -> tuple[float, float]:
    """Wall and CPU seconds pubkit takes for one text bibliography."""
    start, cpu = time.perf_counter(), time.process_time()
    format_bibliography(items, style=style)
    return time.perf_counter() - start, time.process_time() - cpu


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def node_setup(workdir: Path) -> Path | None:
    """render.js with its npm dependency installed in a temporary copy."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        return None
    for name in ("render.js", "package.json", "package-lock.json"):
        if (RENDER / name).exists():
            shutil.copy(RENDER / name, workdir / name)
    result = subprocess.run(
        ["npm", "install", "--no-audit", "--no-fund", "--silent"],
        cwd=workdir,
        capture_output=True,
        text=True,
    )
    return workdir / "render.js" if result.returncode == 0 else None


def time_node(render: Path, corpus: Path, style: str) -> tuple[float, float, float]:
    """The node process's wall and CPU time, and citeproc-js's own (seconds)."""
    style_obj = load_style(style)
    style_file = corpus.parent / f"{style_obj.id}.csl"
    style_file.write_bytes(style_obj.xml)
    locales = Path(citeproc.__file__).parent / "data" / "locales"
    start, cpu = time.perf_counter(), _children_cpu()
    result = subprocess.run(
        [
            "node",
            str(render),
            str(corpus),
            str(style_file),
            "--locales",
            str(locales),
            "--quiet",
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    wall, cpu = time.perf_counter() - start, _children_cpu() - cpu
    timing = json.loads(result.stderr.strip().splitlines()[-1])
    return wall, cpu, timing["total_text_ms"] / 1000


def best(runs: list[tuple[float, ...]]) -> tuple[float, ...]:
    """Column by column, the smallest of several timings."""
    return tuple(min(column) for column in zip(*runs, strict=True))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--styles", nargs="+", default=["apa", "chicago-author-date"])
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    if not ITEMS.is_file():
        print(f"no items at {ITEMS}", file=sys.stderr)
        return 1

    base = json.loads(ITEMS.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        render = node_setup(workdir)
        print(
            f"{'style':20} {'items':>5} {'pubkit s':>8} {'cpu s':>6} "
            f"{'node s':>7} {'cpu s':>6} {'engine s':>8} {'ratio':>5} {'cpu':>5}"
        )
        for size in args.sizes:
            items = replicate(base, size)
            corpus = workdir / f"items-{size}.json"
            corpus.write_text(json.dumps(items), encoding="utf-8")
            for style in args.styles:
                print(row(style, size, items, render, corpus, args.repeat))
    return 0


def row(
    style: str,
    size: int,
    items: list[dict[str, Any]],
    render: Path | None,
    corpus: Path,
    repeat: int,
) -> str:
    """One line of the table: pubkit and citeproc-js on one style and size."""
    nan = float("nan")
    ours: list[tuple[float, ...]] = []
    theirs: list[tuple[float, ...]] = []
    for _ in range(max(repeat, 1)):
        # Alternate the two so that a burst of load elsewhere hits both.
        ours.append(time_pubkit(items, style))
        theirs.append(time_node(render, corpus, style) if render else (nan,) * 3)
    wall, cpu = best(ours)
    node_wall, node_cpu, engine = best(theirs)
    return (
        f"{style:20} {size:5d} {wall:8.2f} {cpu:6.2f} {node_wall:7.2f} "
        f"{node_cpu:6.2f} {engine:8.2f} {wall / engine:5.2f} {cpu / node_cpu:5.2f}"
    )


if __name__ == "__main__":
    sys.exit(main())
