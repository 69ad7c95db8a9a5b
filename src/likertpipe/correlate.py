"""Spearman rank correlations: every item pair, and every item with every covariate."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pandas as pd
from scipy import stats

from likertpipe.codebook import Codebook, text


def spearman(x: np.ndarray, y: np.ndarray) -> tuple[int, float, float]:
    """(n, rho, p) over the pairs where both are present (pairwise deletion).

    rho is Pearson's r of the midranks; p is two-sided from t = rho * sqrt((n-2)/(1-rho^2)) with n-2 df,
    as SPSS and R's cor.test(method="spearman", exact=FALSE) report it.
    """
    keep = ~(np.isnan(x) | np.isnan(y))
    x, y = x[keep], y[keep]
    n = int(keep.sum())
    if n < 3 or np.all(x == x[0]) or np.all(y == y[0]):
        return n, np.nan, np.nan
    result = stats.spearmanr(x, y)
    return n, float(result.statistic), float(result.pvalue)


def correlation_table(data: pd.DataFrame, codebook: Codebook, language: str) -> pd.DataFrame:
    """Rows: each item pair (kind item-item), then each item with each covariate (kind item-covariate)."""
    labels = {v.column: text(v.label, language) for v in codebook.items + codebook.covariates}
    pairs = [(a.column, b.column, "item-item") for a, b in combinations(codebook.items, 2)]
    pairs += [(item.column, cov.column, "item-covariate") for cov in codebook.covariates for item in codebook.items]
    rows = []
    for var1, var2, kind in pairs:
        n, rho, p = spearman(data[var1].to_numpy(dtype=float, na_value=np.nan),
                             data[var2].to_numpy(dtype=float, na_value=np.nan))
        rows.append({"var1": var1, "var2": var2, "kind": kind, "var1_label": labels[var1],
                     "var2_label": labels[var2], "n": n, "rho": rho, "p": p})
    return pd.DataFrame(rows, columns=["var1", "var2", "kind", "var1_label", "var2_label", "n", "rho", "p"])
