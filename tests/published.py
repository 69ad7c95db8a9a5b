"""The published kommunalsjef aggregates (shared/reference, beside the repository) and the article's rounding."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
import yaml

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "published_kommunalsjef_2024.yaml"


def load_published() -> dict:
    """The published figures; the calling test is skipped (not passed) when the file is absent."""
    if not REFERENCE.is_file():
        pytest.skip(f"published reference not found at {REFERENCE}; cannot compare with published figures")
    return yaml.safe_load(REFERENCE.read_text(encoding="utf-8"))


def round_half_up(value: float, digits: int = 0) -> float:
    """Round as the printed tables do (halves up), not as Python's round() (halves to even)."""
    quantum = Decimal(1).scaleb(-digits)
    return float(Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP))


def percent(count: int, total: int) -> int:
    """Whole percent, rounded half up."""
    return int(round_half_up(100 * count / total))


def items_named_in(text: str) -> set[str]:
    """Item ids (E1, E2, ...) mentioned in a published sentence."""
    return set(re.findall(r"\bE\d\b", text))
