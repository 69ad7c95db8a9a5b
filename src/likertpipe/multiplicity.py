"""Multiple-testing adjustment of p-values within declared families of tests."""

from __future__ import annotations

import numpy as np
import pandas as pd
from statsmodels.stats.multitest import multipletests

from likertpipe.errors import LikertpipeError

# Column suffix -> statsmodels method. Named explicitly: multipletests defaults to Holm-Sidak.
METHODS = {"holm": "holm", "bh": "fdr_bh", "bonferroni": "bonferroni"}


def adjust(p: np.ndarray, method: str) -> np.ndarray:
    """Adjusted p-values (Holm 1979, Benjamini-Hochberg 1995, Bonferroni); NaN entries (tests not run) are
    left out of the family and stay NaN."""
    p = np.asarray(p, dtype=float)
    out = np.full_like(p, np.nan)
    present = ~np.isnan(p)
    if present.any():
        out[present] = multipletests(p[present], method=METHODS[method])[1]
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
