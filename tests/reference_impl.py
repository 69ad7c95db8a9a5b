"""The straightforward implementations that prove likertpipe's count-based statistics (likertpipe.count_statistics).

Each works on the values of the complete cases, the way a textbook or scipy computes it: ranks with
scipy.stats.rankdata, scipy.stats.kruskal, scipy.stats.spearmanr. The pipeline never calls them: its tables
come from tables of counts (`count_statistics.kruskal_from_table`, `count_statistics.dunn_from_kruskal`,
`count_statistics.spearman_from_table`), and tests/test_counts.py proves both give the same numbers; the benchmarks
(benchmarks/run.py) time the pipeline against them. They follow the pipeline's conventions for undefined
tests (NaN; `count_statistics.why_undefined`), so the two can be compared value for value.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pandas as pd
from scipy import stats

from likertpipe import count_statistics, tally
from likertpipe.multiplicity import adjust


def summary(values: np.ndarray) -> dict:
    """The straightforward numpy version of `describe.summary`: n, mean, SD (n-1), median, mode, quartiles and
    IQR of the valid values (NaN where undefined)."""
    n = len(values)
    if n == 0:
        return {"n_valid": 0, **dict.fromkeys(["mean", "sd", "median", "mode", "q1", "q3", "iqr"], np.nan)}
    q1, q3 = np.percentile(values, [25, 75], method="weibull")
    return {
        "n_valid": n,
        "mean": values.mean(),
        "sd": values.std(ddof=1) if n > 1 else np.nan,
        "median": np.median(values),
        "mode": float(stats.mode(values, keepdims=False).mode),
        "q1": q1,
        "q3": q3,
        "iqr": q3 - q1,
    }


def kruskal_wallis(values: np.ndarray, groups: np.ndarray) -> tuple[float, float, float]:
    """(H, p, df) for `values` split by `groups`, complete cases only.

    H is tie-corrected: H = [12 / (n(n+1)) * sum(R_j^2 / n_j) - 3(n+1)] / (1 - sum(t^3 - t) / (n^3 - n)),
    p from chi-squared with k-1 df (Kruskal & Wallis 1952; scipy.stats.kruskal, R kruskal.test). All three are
    NaN when the test is undefined (`count_statistics.why_undefined`: no answers, one level, every answer equal).
    """
    present = np.unique(groups)
    samples = [values[groups == g] for g in present]
    if count_statistics.why_undefined(len(values), len(samples), len(np.unique(values))):
        return np.nan, np.nan, np.nan
    result = stats.kruskal(*samples)
    return float(result.statistic), float(result.pvalue), len(samples) - 1


def mean_ranks(values: np.ndarray, groups: np.ndarray) -> dict:
    """{level: (n, mean rank)} with midranks for ties over the pooled complete cases."""
    ranks = stats.rankdata(values)
    return {g: (int((groups == g).sum()), float(ranks[groups == g].mean())) for g in np.unique(groups)}


def dunn(values: np.ndarray, groups: np.ndarray) -> pd.DataFrame:
    """Every pair of present levels: n and mean rank of each, z, two-sided p, and Holm (`p_holm_test`) and
    Bonferroni (`p_bonferroni_test`) adjusted p within this test (the columns of `posthoc.dunn_from_counts`).

    z = (Rbar_i - Rbar_j) / sqrt((N(N+1)/12 - sum(t^3 - t) / (12(N-1))) * (1/n_i + 1/n_j)), with midranks over
    the pooled complete cases and the tie correction of Dunn (1964), as R's rstatix::dunn_test and
    dunn.test compute it; p from the standard normal.
    """
    ranks = stats.rankdata(values)
    n = len(values)
    _, ties = np.unique(values, return_counts=True)
    variance = n * (n + 1) / 12 - (ties**3 - ties).sum() / (12 * (n - 1))
    levels = np.unique(groups)
    size = {g: int((groups == g).sum()) for g in levels}
    mean_rank = {g: float(ranks[groups == g].mean()) for g in levels}
    rows = []
    for a, b in combinations(levels, 2):
        se = np.sqrt(variance * (1 / size[a] + 1 / size[b]))
        z = (mean_rank[a] - mean_rank[b]) / se if se > 0 else np.nan
        rows.append({"level1": int(a), "level2": int(b), "n1": size[a], "n2": size[b],
                     "mean_rank1": mean_rank[a], "mean_rank2": mean_rank[b], "z": z,
                     "p": 2 * stats.norm.sf(abs(z)) if se > 0 else np.nan})
    table = pd.DataFrame(rows, columns=["level1", "level2", "n1", "n2", "mean_rank1", "mean_rank2", "z", "p"])
    table["p_holm_test"] = adjust(table["p"].to_numpy(), "holm")
    table["p_bonferroni_test"] = adjust(table["p"].to_numpy(), "bonferroni")
    return table


def spearman(x: np.ndarray, y: np.ndarray) -> tuple[int, float, float]:
    """(n, rho, p) over the pairs where both are present (pairwise deletion), by scipy.stats.spearmanr.

    rho is Pearson's r of the midranks; p is two-sided from t = rho * sqrt((n-2)/(1-rho^2)) with n-2 df,
    as SPSS and R's cor.test(method="spearman", exact=FALSE) report it. A perfectly monotone pair has rho
    exactly +-1 and p = 0 (t infinite; `count_statistics.perfect_order`), where the floating point rho may miss 1 by an
    ulp. NaN below three pairs or when either variable takes one value.
    """
    keep = ~(np.isnan(x) | np.isnan(y))
    x, y = x[keep], y[keep]
    if len(x) < 3 or np.all(x == x[0]) or np.all(y == y[0]):
        return len(x), np.nan, np.nan
    order = count_statistics.perfect_order(tally.crosstab(tally.encode(x), tally.encode(y)))
    if order:
        return len(x), float(order), count_statistics.t_test_p(float(order), len(x))
    result = stats.spearmanr(x, y)
    return len(x), float(result.statistic), float(result.pvalue)
