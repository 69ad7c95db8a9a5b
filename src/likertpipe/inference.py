"""Group comparisons: Kruskal-Wallis tests of every item across the levels of every compared factor."""

from __future__ import annotations

import numpy as np
import pandas as pd

from likertpipe import count_statistics, tally
from likertpipe.codebook import Codebook
from likertpipe.disclosure import HiddenLevels, pool_hidden, pooled_codes

POOLED_ONE_GROUP = "pooled_one_group"  # the hidden levels pooled, the test has one group left


def effect_sizes(h: float, n: int, k: int) -> dict:
    """epsilon-squared = H / (n - 1) and eta-squared_H = (H - k + 1) / (n - k) (Tomczak & Tomczak 2014).

    eta-squared_H is reported as computed: a negative value means no effect (it is not clamped to 0).
    """
    return {
        "epsilon_sq": h / (n - 1) if n > 1 else np.nan,
        "eta_sq_h": (h - k + 1) / (n - k) if n > k else np.nan,
    }


def kruskal_wallis_table(data: pd.DataFrame, codebook: Codebook, hidden: HiddenLevels | None = None,
                         tallies: tally.Tallies | None = None) -> pd.DataFrame:
    """One row per item x compared factor: n, k (levels with answers), H, df, p, effect sizes, and per level
    code the n (`n_<code>`) and mean rank (`mean_rank_<code>`). Levels nobody in the test answered are left
    out of the test and listed in `dropped_levels`. H, df and p are empty when the test is undefined (no
    answers, one level with answers, every answer equal; `count_statistics.why_undefined`), the reason in
    `test_note`. The levels the protection plan hides for the item (`hidden`) are one group in the test
    (`disclosure.pool_hidden`), listed in `pooled_levels` (`test_note` POOLED_ONE_GROUP when that leaves one
    group); their own n and mean rank are in the row as computed (protect hides them).

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
            table = tables[(item.column, factor.column)]
            result = count_statistics.kruskal_from_table(table)
            present = {int(code): (int(size), float(rank))
                       for code, size, rank in zip(levels.values, result.sizes, result.mean_ranks, strict=True)
                       if size > 0}
            pooled = hidden(item.column, factor.column) if hidden else set()
            codes = [int(code) for code in levels.values]
            test = count_statistics.kruskal_from_table(pool_hidden(table, codes, pooled)) if pooled else result
            why = count_statistics.why_undefined(test.n, test.k, int((table.sum(axis=1) > 0).sum()))
            if why == "one_level" and result.k >= 2:
                why = POOLED_ONE_GROUP
            row = {
                "item": item.column, "factor": factor.column,
                "n": result.n, "k": result.k, "H": test.h, "df": test.df, "p": test.p,
                **effect_sizes(test.h, test.n, test.k),
                "dropped_levels": " ".join(str(code) for code in factor.codes if code not in present),
                "pooled_levels": pooled_codes(pooled), "test_note": why,
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
