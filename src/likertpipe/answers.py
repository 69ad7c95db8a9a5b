"""The answer distribution of every item: how many respondents gave each code (scale levels, don't know,
declared missing) or left the item empty. Counting only (numpy and pandas): the figure jobs use it without
importing scipy."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from likertpipe import tally
from likertpipe.codebook import Codebook, Item, Scale

STATUSES = ("valid", "dont_know", "declared_missing", "blank")


@dataclass(frozen=True)
class StatusCounts:
    """An item's respondents by the status of their answer: a scale level, a don't-know code, another declared
    missing code, or an empty cell. The four add up to the respondents."""

    valid: int
    dont_know: int
    declared_missing: int
    blank: int

    def as_row(self) -> dict[str, int]:
        return {status: getattr(self, status) for status in STATUSES}


def code_counts(data: pd.DataFrame, item: Item) -> dict[int, int]:
    """Respondents per answered code of `item` (from `<item>_code`; empty answers are not a code): one comparison
    per code the scale declares (`tally.counts_of`; after cleaning no other code is left), or, should the column
    hold others, all of its codes counted."""
    scale, column = item.scale, data[f"{item.column}_code"]
    counted = tally.counts_of(column, scale.codes + scale.dont_know_codes + scale.missing_codes)
    if counted is not None:
        return counted
    answered = tally.encode(column)
    return dict(zip(answered.values.astype(int).tolist(), tally.frequencies(answered).tolist(), strict=True))


def status_counts(count_of: dict[int, int], scale: Scale, respondents: int) -> StatusCounts:
    """The one count of an item's answers by status, from its respondents per answered code (`code_counts`)
    among `respondents`: every table, report and figure that counts valid, don't-know, declared missing or empty
    answers takes them from here."""
    valid, dont_know, declared = (int(sum(count_of.get(code, 0) for code in codes))
                                  for codes in (scale.codes, scale.dont_know_codes, scale.missing_codes))
    return StatusCounts(valid, dont_know, declared, respondents - valid - dont_know - declared)


def item_status_counts(data: pd.DataFrame, item: Item) -> StatusCounts:
    """`status_counts` of `item` over the respondents of `data`."""
    return status_counts(code_counts(data, item), item.scale, len(data))


def frequencies(data: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """One row per item and code: every scale level (zero counts kept), each don't-know and declared missing
    code, and empty answers. `percent` is of all respondents, `valid_percent` of valid answers (levels only)."""
    rows = []
    for item in codebook.items:
        count_of = code_counts(data, item)
        scale = item.scale
        status = status_counts(count_of, scale, len(data))
        n_valid = status.valid
        entries = [(lv.code, "valid") for lv in scale.levels] + [(lv.code, "dont_know") for lv in scale.dont_know]
        entries += [(lv.code, "declared_missing") for lv in scale.missing]
        for code, kind in entries:
            count = int(count_of.get(code, 0))
            rows.append({
                "item": item.column, "code": code, "status": kind,
                "count": count, "percent": 100 * count / len(data) if len(data) else np.nan,
                "valid_percent": 100 * count / n_valid if kind == "valid" and n_valid else np.nan,
            })
        blank = status.blank
        rows.append({
            "item": item.column, "code": pd.NA, "status": "blank", "count": blank,
            "percent": 100 * blank / len(data) if len(data) else np.nan, "valid_percent": np.nan,
        })
    frame = pd.DataFrame(rows)
    frame["code"] = frame["code"].astype("Int64")
    return frame


def frequencies_by_factor(data: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """`frequencies` within each level of each compared factor (columns factor and group first): the
    counts the answer distribution by level shows, so that the figure reads protected counts, not the data."""
    parts = []
    answers = data[[f"{item.column}_code" for item in codebook.items]]  # all `frequencies` reads: rows copied once
    for factor in codebook.compared_factors:
        for code in factor.codes:
            members = answers[(data[factor.column] == code).fillna(False).astype(bool)]
            parts.append(frequencies(members, codebook).assign(factor=factor.column, group=code))
    if not parts:
        return pd.DataFrame(columns=["factor", "group", "item", "code", "status", "count", "percent",
                                     "valid_percent"])
    table = pd.concat(parts, ignore_index=True)
    first = ["factor", "group"]
    return table[first + [c for c in table.columns if c not in first]].astype({"group": "Int64"})

