"""Rank correlations: every item pair, and every item with every covariate, with confidence intervals.

Spearman's rho is the default; Kendall's tau-b is the alternative (config `correlation.method`).
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pandas as pd
from scipy import special

from likertpipe import count_statistics, tally
from likertpipe.codebook import Codebook

COEFFICIENT = {"spearman": "rho", "kendall": "tau_b"}
CI_METHODS = ("fieller", "bonett_wright", "fisher")


def _complete(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    keep = ~(np.isnan(x) | np.isnan(y))
    return x[keep], y[keep]


def _undefined(x: np.ndarray, y: np.ndarray) -> bool:
    return len(x) < 3 or np.all(x == x[0]) or np.all(y == y[0])


def kendall(x: np.ndarray, y: np.ndarray) -> tuple[int, float, float]:
    """(n, tau-b, p), pairwise deletion; p from the normal approximation with the tie-corrected variance,
    as R's cor.test(method="kendall", exact=FALSE)."""
    x, y = _complete(x, y)
    if _undefined(x, y):
        return len(x), np.nan, np.nan
    from scipy import stats  # only for Kendall's tau (the config's correlation.method): not imported otherwise

    result = stats.kendalltau(x, y, variant="b", method="asymptotic")
    return len(x), float(result.statistic), float(result.pvalue)


def confidence_interval(r: float, n: int, method: str = "fieller", coefficient: str = "spearman",
                        level: float = 0.95) -> tuple[float, float]:
    """Interval for a rank correlation by Fisher's z: tanh(atanh(r) -+ z_(1-a/2) * SE), with

    - fieller: SE = sqrt(1.06 / (n-3)) for Spearman (Fieller, Hartley & Pearson 1957; SPSS's default),
      sqrt(0.437 / (n-4)) for Kendall;
    - bonett_wright: SE = sqrt((1 + r^2/2) / (n-3)) for Spearman (Bonett & Wright 2000), and for Kendall
      their recommended sqrt(0.437 / (n-4));
    - fisher: SE = 1 / sqrt(n-3).

    NaN below the n the SE needs, and for |r| = 1, where atanh(r) is infinite and the interval degenerates to
    the point +-1 (no interval is reported rather than a zero-width one).
    """
    kendall_se = coefficient == "kendall" and method != "fisher"
    if np.isnan(r) or abs(r) >= 1 or n <= (4 if kendall_se else 3):
        return np.nan, np.nan
    if method == "fisher":
        se = 1 / np.sqrt(n - 3)
    elif kendall_se:
        se = np.sqrt(0.437 / (n - 4))
    elif method == "fieller":
        se = np.sqrt(1.06 / (n - 3))
    else:
        se = np.sqrt((1 + r**2 / 2) / (n - 3))
    z = np.arctanh(r)
    half = special.ndtri(1 - (1 - level) / 2) * se
    return float(np.tanh(z - half)), float(np.tanh(z + half))


def correlation_table(data: pd.DataFrame, codebook: Codebook, method: str = "spearman",
                      ci_method: str = "fieller", level: float = 0.95,
                      tallies: tally.Tallies | None = None) -> pd.DataFrame:
    """Rows: each item pair (kind item-item), then each item with each covariate (kind item-covariate):
    n (pairwise complete), the coefficient (`rho` or `tau_b`), its interval, p.

    Spearman's rho is Pearson's r of the midranks over the pairs where both are present (pairwise deletion), p
    two-sided from t = rho * sqrt((n-2)/(1-rho^2)) with n-2 df (SPSS; R's cor.test(method = "spearman",
    exact = FALSE)); NaN below three pairs or when either variable takes one value. It is computed from the
    pair's cross-table (`count_statistics.spearman_from_table`; tests/test_counts.py proves it equal to
    scipy.stats.spearmanr on each pair), the tables counted together (`tally.Tallies`, shared with the other
    statistics of the job when given). A covariate's table has a row per distinct value, so its midranks are
    counted within the complete pairs, ties included. Kendall's tau-b goes through `kendall` pair by pair."""
    coefficient = COEFFICIENT[method]
    pairs = [(a.column, b.column, "item-item") for a, b in combinations(codebook.items, 2)]
    pairs += [(item.column, cov.column, "item-covariate") for cov in codebook.covariates for item in codebook.items]
    if method == "spearman":  # a covariate's table has the covariate's values as rows
        tables = (tallies or tally.Tallies(data)).tables(
            [(a, b) if kind == "item-item" else (b, a) for a, b, kind in pairs])
    rows = []
    for var1, var2, kind in pairs:
        if method == "spearman":
            n, r, p = count_statistics.spearman_from_table(
                tables[(var1, var2) if kind == "item-item" else (var2, var1)])
        else:
            n, r, p = kendall(data[var1].to_numpy(dtype=float, na_value=np.nan),
                              data[var2].to_numpy(dtype=float, na_value=np.nan))
        low, high = confidence_interval(r, n, ci_method, method, level)
        rows.append({"var1": var1, "var2": var2, "kind": kind, "n": n, coefficient: r, "ci_low": low,
                     "ci_high": high, "p": p})
    columns = ["var1", "var2", "kind", "n", coefficient, "ci_low", "ci_high", "p"]
    return pd.DataFrame(rows, columns=columns)
