"""Rendering result tables for reading. CSV keeps full precision; rounding happens only here."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

# Decimals by column name; the first matching rule wins. Columns not listed are shown as they are.
_DECIMALS = (
    (("sd",), 3),
    (("rho", "p"), 3),
    (("mean", "median", "H"), 2),
    (("percent", "valid_percent", "agree_percent"), 1),
)
_PREFIX_DECIMALS = (("mean_rank_", 2),)


def decimals(column: str) -> int | None:
    for names, places in _DECIMALS:
        if column in names:
            return places
    for prefix, places in _PREFIX_DECIMALS:
        if column.startswith(prefix):
            return places
    return None


def format_value(value, column: str) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    places = decimals(column)
    if places is None:
        # CSV read-back turns integer columns with gaps into floats: show 14, not 14.0
        return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    if column == "p" and value < 0.001:
        return "<0.001"
    return round_half_up(value, places)


def round_half_up(value: float, places: int) -> str:
    """Text of `value` rounded as SPSS and the article print it (2.125 -> 2.13), not half to even."""
    return str(Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def to_markdown(table: pd.DataFrame) -> str:
    """A GitHub-flavoured Markdown pipe table, numbers rounded by column (see `decimals`)."""
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    header = "| " + " | ".join(cell(str(c)) for c in table.columns) + " |"
    align = "|" + "|".join("---:" if pd.api.types.is_numeric_dtype(table[c]) else "---" for c in table.columns) + "|"
    body = [
        "| " + " | ".join(cell(format_value(v, c)) for c, v in zip(table.columns, row, strict=True)) + " |"
        for row in table.itertuples(index=False)
    ]
    return "\n".join([header, align, *body]) + "\n"
