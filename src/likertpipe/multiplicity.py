"""Multiple-testing adjustment of p-values within declared families of tests: Holm, Benjamini-Hochberg and
Bonferroni, the pipeline's only implementation of them (numpy; checked against R's p.adjust in
tests/reference/p_adjust_reference.csv)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from likertpipe.errors import LikertpipeError

METHODS = ("holm", "bh", "bonferroni")


def adjust(p: np.ndarray, method: str) -> np.ndarray:
    """Adjusted p-values as R's p.adjust(p, "holm" / "BH" / "bonferroni") computes them, over the m p-values
    that are not NaN (NaN entries, tests not run, are left out of the family and stay NaN):

    - Holm (1979): with p_(1) <= ... <= p_(m) sorted, p_(i) * (m - i + 1), running maximum from the smallest;
    - Benjamini-Hochberg (1995): p_(i) / (i / m), running minimum from the largest;
    - Bonferroni: p * m;

    each capped at 1. Ties get the same adjusted value whatever their order. O(m log m), no per-call overhead.
    """
    if method not in METHODS:
        raise ValueError(f"unknown adjustment {method!r}; one of {', '.join(METHODS)}")
    p = np.asarray(p, dtype=float)
    out = np.full_like(p, np.nan)
    present = np.flatnonzero(~np.isnan(p))
    m = len(present)
    if m == 0:
        return out
    if method == "bonferroni":
        adjusted = p[present] * float(m)
        adjusted[adjusted > 1] = 1
        out[present] = adjusted
        return out
    order = present[np.argsort(p[present], kind="stable")]
    ranked = p[order]
    if method == "holm":
        adjusted = np.maximum.accumulate(ranked * np.arange(m, 0, -1))
    else:
        adjusted = np.minimum.accumulate((ranked / (np.arange(1, m + 1) / float(m)))[::-1])[::-1]
    adjusted[adjusted > 1] = 1
    out[order] = adjusted
    return out


def add_adjusted(table: pd.DataFrame, family: list[str], methods=("holm", "bh"), column: str = "p") -> pd.DataFrame:
    """Add `p_<method>` columns after `column`, adjusting within each family: the rows sharing the values of
    the `family` columns (an empty list makes the whole table one family)."""
    unknown = [c for c in family if c not in table.columns]
    if unknown:
        raise LikertpipeError(f"config families: {', '.join(unknown)} not a column of the table (columns: "
                              f"{', '.join(table.columns)}). Name columns whose values define a family.")
    table = table.copy()
    positions = table.groupby(family, sort=False, dropna=False).indices.values() if family else [range(len(table))]
    groups = [table.index[list(rows)] for rows in positions]
    position = table.columns.get_loc(column)
    for offset, method in enumerate(methods, start=1):
        adjusted = pd.Series(np.nan, index=table.index)
        for index in groups:
            adjusted[index] = adjust(table.loc[index, column].to_numpy(dtype=float), method)
        table.insert(position + offset, f"{column}_{method}", adjusted)
    return table
