"""Rendering result tables for reading. CSV keeps full precision; rounding happens only here."""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

# Decimals by column name: the first pattern that matches wins; "p" marks p-values (3 decimals, "<0.001").
# Columns matching none (counts, labels) are shown as they are.
_DECIMALS = (
    (r"^p$|^p_", "p"),
    (r"percent|^agree_ci_|^n_effective$", 1),
    (r"^sd|^(rho|tau_b|ci_low|ci_high|epsilon_sq|eta_sq_h|item_rest_r)$|^alpha", 3),
    (r"^(mean|median|mode|q1|q3|iqr|H|z|deff)$|^mean_", 2),
)


def decimals(column: str) -> int | None:
    for pattern, places in _DECIMALS:
        if re.search(pattern, column):
            return 3 if places == "p" else places
    return None


def _is_p(column: str) -> bool:
    return re.search(_DECIMALS[0][0], column) is not None


def format_value(value, column: str) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    places = decimals(column)
    if isinstance(value, str):  # a suppression marker, or a number in a column that also holds markers
        try:
            value = float(value)
        except ValueError:
            return value
    if places is None:
        # CSV read-back turns integer columns with gaps into floats: show 14, not 14.0
        return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    if _is_p(column) and value < 0.001:
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
