"""The answer distribution of every item: how many respondents gave each code (scale levels, don't know,
declared missing) or left the item empty. Counting only (numpy and pandas): the figure jobs use it without
importing scipy."""

from __future__ import annotations

import numpy as np
import pandas as pd

from likertpipe import tally
from likertpipe.codebook import Codebook, Item


def code_counts(data: pd.DataFrame, item: Item) -> dict[int, int]:
    """Respondents per answered code of `item` (from `<item>_code`; empty answers are not a code)."""
    answered = tally.encode(data[f"{item.column}_code"])
    return dict(zip(answered.values.astype(int).tolist(), tally.frequencies(answered).tolist(), strict=True))


def frequencies(data: pd.DataFrame, codebook: Codebook, language: str) -> pd.DataFrame:
    """One row per item and code: every scale level (zero counts kept), each don't-know and declared missing
    code, and empty answers. `percent` is of all respondents, `valid_percent` of valid answers (levels only)."""
    rows = []
    for item in codebook.items:
        count_of = code_counts(data, item)
        scale = item.scale
        n_valid = int(sum(count_of.get(c, 0) for c in scale.codes))
        entries = [(lv.code, "valid") for lv in scale.levels] + [(lv.code, "dont_know") for lv in scale.dont_know]
        entries += [(lv.code, "declared_missing") for lv in scale.missing]
        for code, kind in entries:
            count = int(count_of.get(code, 0))
            rows.append({
                "item": item.column, "code": code, "level": scale.level_label(code, language), "status": kind,
                "count": count, "percent": 100 * count / len(data),
                "valid_percent": 100 * count / n_valid if kind == "valid" and n_valid else np.nan,
            })
        declared = set(scale.codes) | set(scale.dont_know_codes) | set(scale.missing_codes)
        blank = len(data) - int(sum(count_of.get(c, 0) for c in declared))
        rows.append({
            "item": item.column, "code": pd.NA, "level": "", "status": "blank", "count": blank,
            "percent": 100 * blank / len(data), "valid_percent": np.nan,
        })
    frame = pd.DataFrame(rows)
    frame["code"] = frame["code"].astype("Int64")
    return frame
