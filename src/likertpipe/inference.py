"""Group comparisons: Kruskal-Wallis tests of every item across the levels of every compared factor."""

from __future__ import annotations

import numpy as np
import pandas as pd

from likertpipe import count_statistics, tally
from likertpipe.codebook import Codebook


def effect_sizes(h: float, n: int, k: int) -> dict:
    """epsilon-squared = H / (n - 1) and eta-squared_H = (H - k + 1) / (n - k) (Tomczak & Tomczak 2014).

    eta-squared_H is reported as computed: a negative value means no effect (it is not clamped to 0).
    """
    return {
        "epsilon_sq": h / (n - 1) if n > 1 else np.nan,
        "eta_sq_h": (h - k + 1) / (n - k) if n > k else np.nan,
    }


def kruskal_wallis_table(data: pd.DataFrame, codebook: Codebook, tallies: tally.Tallies | None = None) -> pd.DataFrame:
    """One row per item x compared factor: n, k (levels with answers), H, df, p, effect sizes, and per level
    code the n (`n_<code>`) and mean rank (`mean_rank_<code>`). Levels nobody in the test answered are left
    out of the test and listed in `dropped_levels`. H, df and p are empty when the test is undefined (no
    answers, one level with answers, every answer equal; `count_statistics.why_undefined`).

    Computed from the item x level table of counts (`count_statistics.kruskal_from_table`; tests/test_counts.py
    proves it equal to scipy.stats.kruskal and midranks on the complete cases), the tables counted together
    (`tally.Tallies`, shared with the other statistics of the job when given)."""
    tallies = tallies or tally.Tallies(data)
    rows = []
    factors = codebook.compared_factors
    tables = tallies.tables([(item.column, factor.column) for factor in factors for item in codebook.items])
    for factor in factors:
        levels = tallies.encoded(factor.column)
        for item in codebook.items:
            result = count_statistics.kruskal_from_table(tables[(item.column, factor.column)])
            present = {int(code): (int(size), float(rank))
                       for code, size, rank in zip(levels.values, result.sizes, result.mean_ranks, strict=True)
                       if size > 0}
            row = {
                "item": item.column, "factor": factor.column,
                "n": result.n, "k": result.k, "H": result.h, "df": result.df, "p": result.p,
                **effect_sizes(result.h, result.n, result.k),
                "dropped_levels": " ".join(str(code) for code in factor.codes if code not in present),
            }
            for code in factor.codes:
                n_level, rank = present.get(code, (0, np.nan))
                row[f"n_{code}"] = n_level
                row[f"mean_rank_{code}"] = rank
            rows.append(row)
    return _order_level_columns(pd.DataFrame(rows))


def _order_level_columns(table: pd.DataFrame) -> pd.DataFrame:
    """Level columns of factors with different codes side by side, by code; absent levels stay empty."""
    fixed = [c for c in table.columns if not c.startswith(("n_", "mean_rank_"))]
    codes = sorted({int(c.rsplit("_", 1)[1]) for c in table.columns if c.startswith("n_")})
    level_columns = [c for code in codes for c in (f"n_{code}", f"mean_rank_{code}")]
    table = table[fixed + level_columns]
    integers = (["df"] if "df" in table else []) + [c for c in level_columns if c.startswith("n_")]
    return table.astype(dict.fromkeys(integers, "Int64"))
