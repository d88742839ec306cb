"""Shared fixtures: where the shared test data lives, and skipping without it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXAMPLES = ROOT / "examples"
SEED = SHARED / "seeds" / "000_d16d5734d9bcde79.txt"


@pytest.fixture
def shared() -> Path:
    """The shared data folder beside the project; skips the test when absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present beside the project")
    return SHARED


def load_case(name: str) -> dict[str, Any]:
    """A handed case from ../shared/cases by its file-name prefix, or skip."""
    matches = sorted((SHARED / "cases").glob(f"{name}*.json"))
    if not matches:
        pytest.skip(f"handed case {name} is not present in ../shared/cases")
    data: dict[str, Any] = json.loads(matches[0].read_text(encoding="utf-8"))
    return data
