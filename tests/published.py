"""The published kommunalsjef aggregates (the repository's data_raw/kommunalsjef/published_aggregates.yaml) and the
article's rounding."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import yaml

REFERENCE = Path(__file__).resolve().parents[1] / "data_raw" / "kommunalsjef" / "published_aggregates.yaml"


def load_published() -> dict:
    """The published figures, from the repository itself (a fresh clone compares without anything beside it)."""
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
