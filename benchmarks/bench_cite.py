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
"""

from __future__ import annotations

import argparse
import copy
import json
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


def time_pubkit(items: list[dict[str, Any]], style: str) -> float:
    start = time.perf_counter()
    format_bibliography(items, style=style)
    return time.perf_counter() - start


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


def time_node(render: Path, corpus: Path, style: str) -> tuple[float, float]:
    """Wall time of the node process, and citeproc-js's own time (seconds)."""
    style_obj = load_style(style)
    style_file = corpus.parent / f"{style_obj.id}.csl"
    style_file.write_bytes(style_obj.xml)
    locales = Path(citeproc.__file__).parent / "data" / "locales"
    start = time.perf_counter()
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
    wall = time.perf_counter() - start
    timing = json.loads(result.stderr.strip().splitlines()[-1])
    return wall, timing["total_text_ms"] / 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--styles", nargs="+", default=["apa", "chicago-author-date"])
    args = parser.parse_args()
    if not ITEMS.is_file():
        print(f"no items at {ITEMS}", file=sys.stderr)
        return 1

    base = json.loads(ITEMS.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        render = node_setup(workdir)
        print(
            f"{'style':22} {'items':>6} {'pubkit s':>9} {'node s':>8} "
            f"{'engine s':>9} {'ratio':>6}"
        )
        for size in args.sizes:
            items = replicate(base, size)
            corpus = workdir / f"items-{size}.json"
            corpus.write_text(json.dumps(items), encoding="utf-8")
            for style in args.styles:
                ours = time_pubkit(items, style)
                nan = float("nan")
                wall, engine = (
                    time_node(render, corpus, style) if render else (nan, nan)
                )
                ratio = ours / engine if render else nan
                print(
                    f"{style:22} {size:6d} {ours:9.2f} {wall:8.2f} "
                    f"{engine:9.2f} {ratio:6.1f}"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
