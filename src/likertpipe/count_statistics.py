"""Statistics of discrete items from small tables of counts.

Likert answers take few values, so every statistic the pipeline computes for an item is a function of a small
table of counts: descriptives of the item's frequency table, Kruskal-Wallis and Dunn of the item x level table,
Spearman of two items of their cross-table. The counts (`tally`) are one pass over the data (`numpy.bincount`
of combined small integer codes); everything after is O(levels^2). A continuous covariate is sorted once and then ranked
within each pairwise-complete subset by counting, ties included.

Notation: a table T has rows i for the item's values v_1 < ... < v_L and columns j; m_i = sum_j T_ij are the
item's margins over the rows counted, n = sum_i m_i.

- Midranks from margins: r_i = (m_1 + ... + m_(i-1)) + (m_i + 1) / 2, the mean of the ranks the m_i tied
  answers v_i share. Centred scores are r_i - (n + 1) / 2.
- Tie term: sum_i (m_i^3 - m_i) over the margins.

The straightforward implementations on the values (scipy.stats.kruskal, rankdata, spearmanr; Dunn by its
formula; numpy's mean, SD, median and quartiles for `summary_from_counts`) are in tests/reference_impl.py, and
tests/test_counts.py proves both give the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import special


def midranks(margins: np.ndarray) -> np.ndarray:
    """r_i = (m_1 + ... + m_(i-1)) + (m_i + 1) / 2: the midrank shared by the m_i tied values of level i."""
    margins = np.asarray(margins, dtype=float)
    return np.cumsum(margins) - (margins - 1) / 2


def tie_sum(margins: np.ndarray) -> float:
    """sum (t^3 - t) over the tie groups (the margins)."""
    t = np.asarray(margins, dtype=float)
    return float((t**3 - t).sum())


@dataclass(frozen=True)
class KruskalResult:
    """H (tie-corrected), p, df = k - 1 and k (levels with answers), per column j of the table its n_j and mean
    rank (NaN where n_j = 0), n and the tie sum of the item's margins. H, p and df are NaN when the test is
    undefined (`why_undefined`)."""

    h: float
    p: float
    df: float
    sizes: np.ndarray
    mean_ranks: np.ndarray
    n: int
    ties: float
    k: int


def why_undefined(n: int, k: int, values: int) -> str:
    """Why a Kruskal-Wallis test of n answers in k levels taking `values` distinct values cannot be computed
    ("" when it can): no answers, one level with answers, or every answer equal (H = 0/0)."""
    if n == 0:
        return "no_answers"
    if k < 2:
        return "one_level"
    if values < 2:
        return "no_variation"
    return ""


def kruskal_from_table(table: np.ndarray) -> KruskalResult:
    """Kruskal-Wallis of an item (rows, ascending values) across levels (columns) from their counts.

    With midranks r_i of the item's margins, the rank sum of level j is R_j = sum_i r_i T_ij, n_j = sum_i T_ij,
    and H = 12 / (n(n+1)) * sum_j n_j (R_j / n_j - (n+1)/2)^2 / (1 - sum(t^3 - t) / (n^3 - n)) (the same H as
    [12 / (n(n+1)) sum R_j^2 / n_j - 3(n+1)] / C, in a form without cancellation); p from chi-squared with
    k-1 df. H, p and df are NaN (no test) without answers, with fewer than two levels with answers or when every
    answer is equal (`why_undefined`; R's kruskal.test stops or gives NaN there).
    """
    table = np.asarray(table, dtype=float)
    margins = table.sum(axis=1)
    sizes = table.sum(axis=0)
    n = float(margins.sum())
    ranks = midranks(margins)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_ranks = (ranks @ table) / sizes
    present = sizes > 0
    k = int(present.sum())
    ties = tie_sum(margins)
    if why_undefined(int(n), k, int((margins > 0).sum())):
        return KruskalResult(np.nan, np.nan, np.nan, sizes.astype(np.int64), mean_ranks, int(n), ties, k)
    deviation = mean_ranks[present] - (n + 1) / 2
    h = 12 / (n * (n + 1)) * float((sizes[present] * deviation**2).sum())
    h /= 1 - ties / (n**3 - n)
    return KruskalResult(h, float(special.chdtrc(k - 1, h)), k - 1, sizes.astype(np.int64), mean_ranks, int(n), ties,
                         k)


def dunn_from_kruskal(result: KruskalResult) -> dict[str, np.ndarray]:
    """Dunn's z for every pair (a < b) of columns with answers, from the Kruskal-Wallis counts:

    z = (Rbar_a - Rbar_b) / sqrt((n(n+1)/12 - sum(t^3 - t) / (12(n-1))) * (1/n_a + 1/n_b)), p = 2 * (1 - Phi(|z|)),
    NaN where the SE is 0. Returns the column indices `a`, `b` and arrays `z`, `p`.
    """
    n = result.n
    present = np.flatnonzero(result.sizes > 0)
    a, b = np.triu_indices(len(present), k=1)
    a, b = present[a], present[b]
    with np.errstate(invalid="ignore", divide="ignore"):
        variance = n * (n + 1) / 12 - result.ties / (12 * (n - 1))
        se = np.sqrt(variance * (1 / result.sizes[a] + 1 / result.sizes[b]))
        z = np.where(se > 0, (result.mean_ranks[a] - result.mean_ranks[b]) / se, np.nan)
    p = np.where(se > 0, 2 * special.ndtr(-np.abs(z)), np.nan)
    return {"a": a, "b": b, "z": z, "p": p}


def t_test_p(rho: float, n: int) -> float:
    """Two-sided p of a correlation by t = rho * sqrt((n-2) / ((1+rho)(1-rho))) with n-2 df (as scipy and R's
    cor.test(exact = FALSE)). NaN for n < 3 (no df) or rho NaN; 0 for |rho| = 1, where t is infinite (R gives
    pt(Inf) = 1, so p = 0, when its rho is exactly 1)."""
    if n < 3 or np.isnan(rho):
        return np.nan
    if abs(rho) >= 1:
        return 0.0
    dof = n - 2
    t = rho * np.sqrt(dof / ((rho + 1.0) * (1.0 - rho)))
    return float(2 * special.stdtr(dof, -abs(t)))


def _rho(sxy: float, sxx: float, syy: float) -> float:
    return float(np.clip(sxy / np.sqrt(sxx * syy), -1.0, 1.0))


def perfect_order(table: np.ndarray) -> int:
    """+1 (-1) when the cross-table's two variables are perfectly monotone, increasing (decreasing), so that
    rho = tau-b = +-1 exactly: every row and column with counts has a single non-zero cell, and those cells run
    down the diagonal (anti-diagonal) of the present rows and columns; 0 otherwise. Exact in integers, where
    the floating point rho may miss 1 by an ulp."""
    table = np.asarray(table)
    if np.count_nonzero(table) > min(table.shape):  # more cells than a diagonal has (a covariate's table)
        return 0
    cells = table > 0
    rows, cols = cells.any(axis=1), cells.any(axis=0)
    cells = cells[rows][:, cols]
    if cells.shape[0] != cells.shape[1] or cells.shape[0] < 2 or cells.sum() != cells.shape[0]:
        return 0
    if np.array_equal(cells, np.eye(len(cells), dtype=bool)):
        return 1
    return -1 if np.array_equal(cells, np.eye(len(cells), dtype=bool)[::-1]) else 0


def spearman_from_table(table: np.ndarray) -> tuple[int, float, float]:
    """(n, rho, p) of two discrete variables from their cross-table (pairwise complete rows).

    rho is Pearson's r of the midrank scores weighted by the counts: with centred midranks a_i, b_j of the two
    margins, rho = sum_ij T_ij a_i b_j / sqrt(sum_i m_i a_i^2 * sum_j m'_j b_j^2); p by t with n-2 df
    (`t_test_p`). A perfectly monotone pair has rho exactly +-1 (`perfect_order`) and p = 0.
    NaN when n < 3 or either variable takes one value.
    """
    table = np.asarray(table, dtype=float)
    rows, cols = table.sum(axis=1), table.sum(axis=0)
    n = int(rows.sum())
    if n < 3 or (rows > 0).sum() < 2 or (cols > 0).sum() < 2:
        return n, np.nan, np.nan
    order = perfect_order(table)
    if order:
        return n, float(order), t_test_p(float(order), n)
    a = midranks(rows) - (n + 1) / 2
    b = midranks(cols) - (n + 1) / 2
    rho = _rho(float(a @ table @ b), float(rows @ a**2), float(cols @ b**2))
    return n, rho, t_test_p(rho, n)


def quantile_type6(values: np.ndarray, counts: np.ndarray, p: float) -> float:
    """Quantile by SPSS's weighted average at h = p(n+1) (R's type 6, numpy's "weibull") from a frequency table:
    x_(j) + (h - j)(x_(j+1) - x_(j)) with j = floor(h), clamped to x_(1) and x_(n); the k-th order statistic
    x_(k) is the first value whose cumulative count reaches k."""
    cumulative = np.cumsum(counts)
    n = int(cumulative[-1])

    def order_statistic(k: int) -> float:
        return float(values[np.searchsorted(cumulative, min(max(k, 1), n))])

    h = p * (n + 1)
    j = int(np.floor(h))
    low, high = order_statistic(j), order_statistic(j + 1)
    if j < 1:
        return order_statistic(1)
    if j >= n:
        return order_statistic(n)
    return low + (h - j) * (high - low)


def summary_from_counts(values: np.ndarray, counts: np.ndarray) -> dict:
    """n, mean, SD, median, mode and quartiles from a frequency table (ascending distinct values, their counts):
    mean = sum c v / n, SD = sqrt(sum c (v - mean)^2 / (n-1)), median = mean of the middle order statistics,
    quartiles type 6, mode = the smallest most frequent value."""
    values = np.asarray(values, dtype=float)
    counts = np.asarray(counts, dtype=float)
    keep = counts > 0
    values, counts = values[keep], counts[keep]
    n = int(counts.sum())
    if n == 0:
        return {"n_valid": 0, **dict.fromkeys(["mean", "sd", "median", "mode", "q1", "q3", "iqr"], np.nan)}
    mean = float(counts @ values) / n
    q1, q3 = quantile_type6(values, counts, 0.25), quantile_type6(values, counts, 0.75)
    return {
        "n_valid": n,
        "mean": mean,
        "sd": float(np.sqrt(counts @ (values - mean) ** 2 / (n - 1))) if n > 1 else np.nan,
        "median": quantile_type6(values, counts, 0.5),
        "mode": float(values[np.argmax(counts)]),
        "q1": q1,
        "q3": q3,
        "iqr": q3 - q1,
    }
