"""How often pubkit's citations equal citeproc-js's, style by style.

Usage: python benchmarks/csl_conformance.py [--unfixed] [--show STYLE] [--json]

Reads ../shared/data/csl (items.json and reference/<style>.json) and prints,
for each reference style, the share of bibliography entries (text and HTML)
and of in-text citations (text) identical to the reference after collapsing
whitespace and unescaping HTML entities. The reference holds citations only as
text, so citations are compared in text alone. ``--unfixed`` renders with
citeproc-py as it is; ``--show`` prints each differing entry of one style.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
from pathlib import Path
from typing import Any

from pubkit.cite import Engine, fixes, load_style

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "csl"
KINDS = ("bib-text", "bib-html", "cite-text")


def normalise(text: str, *, unescape: bool = False) -> str:
    """Collapse whitespace and trim, and unescape HTML entities if asked."""
    if unescape:
        text = html.unescape(text)
    return re.sub(r"\s+", " ", text).strip()


def compare(reference: dict[str, Any], items: list[dict[str, Any]]) -> dict[str, Any]:
    """Render one reference style and pair each output with the reference."""
    # The engine gets the very CSL the reference was rendered from, not the
    # CSL-JSON reader's reading of it (which drops a DOI's resolver prefix).
    engine = Engine(load_style(reference["style"]), items)
    order = engine.bibliography_ids()
    pairs: dict[str, list[tuple[str, str, str]]] = {k: [] for k in KINDS}

    ours = dict(zip(order, engine.bibliography("text"), strict=False))
    for item_id, ref in zip(reference["ids"], reference["text"], strict=False):
        pairs["bib-text"].append(
            (item_id, normalise(ref), normalise(ours.get(item_id, "")))
        )
    ours = dict(zip(order, engine.bibliography("html"), strict=False))
    for item_id, ref in zip(reference["ids"], reference["html"], strict=False):
        got = normalise(ours.get(item_id, ""), unescape=True)
        pairs["bib-html"].append((item_id, normalise(ref, unescape=True), got))
    if order != reference["ids"]:
        pairs["bib-text"].append(
            ("<order>", " ".join(reference["ids"]), " ".join(order))
        )

    from pubkit.cite import CitationItem

    for item_id, ref in (reference.get("cites") or {}).items():
        got = engine.cite([CitationItem(item_id)], fresh=True)
        pairs["cite-text"].append((item_id, normalise(ref), normalise(got)))
    return pairs


def rate(pairs: list[tuple[str, str, str]]) -> float:
    """Percentage of pairs whose two texts are identical."""
    return 100.0 * sum(r == g for _, r, g in pairs) / len(pairs) if pairs else 100.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--unfixed", action="store_true")
    parser.add_argument("--show", metavar="STYLE")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not DATA.is_dir():
        print(f"no reference data at {DATA}", file=sys.stderr)
        return 1

    items = json.loads((DATA / "items.json").read_text(encoding="utf-8"))
    table: dict[str, dict[str, float]] = {}
    context = fixes.disabled() if args.unfixed else _nothing()
    with context:
        for path in sorted((DATA / "reference").glob("*.json")):
            reference = json.loads(path.read_text(encoding="utf-8"))
            pairs = compare(reference, items)
            table[reference["style"]] = {k: rate(v) for k, v in pairs.items()}
            if args.show == reference["style"]:
                for kind, rows in pairs.items():
                    for item_id, ref, got in rows:
                        if ref != got:
                            print(f"--- {kind} {item_id}\n  ref: {ref}\n  got: {got}")

    if args.json:
        print(json.dumps(table, indent=1))
        return 0
    print(f"{'style':40} " + " ".join(f"{k:>9}" for k in KINDS))
    for style, rates in table.items():
        print(f"{style:40} " + " ".join(f"{rates[k]:9.1f}" for k in KINDS))
    means = {k: sum(r[k] for r in table.values()) / len(table) for k in KINDS}
    print(f"{'mean':40} " + " ".join(f"{means[k]:9.1f}" for k in KINDS))
    return 0


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


if __name__ == "__main__":
    sys.exit(main())
