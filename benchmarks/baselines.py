"""Baselines of the benchmark's statistics stage: likertpipe's numbers computed without likertpipe.

- `numpy_stage`, the strongest baseline: every column becomes small integer codes once, and every statistic
  comes from a bincount of codes, one pass over the data per table: an item's frequencies (descriptives), an
  item x level table per test (Kruskal-Wallis, midranks and tie correction from its margins; Dunn from the same
  table), a joint table per item pair or item x covariate (Spearman from the midranks of its margins).
- `pandas_stage`, the straightforward way: the values of each test, scipy.stats.kruskal and rankdata,
  DataFrame.corr(method="spearman"), numpy's mean and percentiles (tests/reference_impl.py).

Both return the four tables of the stage (descriptives, kruskal, dunn, correlations) with likertpipe's column
names and row order, so `numbers` compares them value for value. Holm and BH adjust over each whole table
(`adjust`; statsmodels' multipletests would do, but it calls gc.collect() on every call: 20 ms each, 2 s for
the 90 Dunn tests).
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pandas as pd
from scipy import special

Z95 = special.ndtri(0.975)
# The values compared, per table (mean_rank_<code> columns are added from the table).
COMPARED = {
    "descriptives": ["n_valid", "mean", "sd", "median", "mode", "q1", "q3", "agree_percent", "agree_ci_low",
                     "agree_ci_high", "disagree_percent", "dont_know_percent"],
    "kruskal": ["n", "H", "p", "p_holm", "p_bh", "epsilon_sq", "eta_sq_h"],
    "dunn": ["n1", "n2", "mean_rank1", "mean_rank2", "z", "p", "p_holm", "p_bh", "p_holm_test"],
    "correlations": ["n", "rho", "ci_low", "ci_high", "p", "p_holm", "p_bh"],
}


def numbers(tables: dict[str, pd.DataFrame]) -> dict[str, list[float]]:
    """{"table.column": values} of the COMPARED columns (and each mean_rank_<code>), as floats (NaN = empty)."""
    out = {}
    for name, columns in COMPARED.items():
        table = tables[name]
        ranks = sorted((c for c in table.columns if c.startswith("mean_rank_")), key=lambda c: int(c.rsplit("_")[-1]))
        for column in columns + ranks:
            out[f"{name}.{column}"] = table[column].to_numpy(dtype=float, na_value=np.nan).tolist()
    return out


def adjust(p, method: str) -> np.ndarray:
    """Holm (p_(i) (m - i + 1), running maximum) or Benjamini-Hochberg (p_(i) m / i, running minimum from the
    largest) over the m p-values that are not NaN, capped at 1, as R's p.adjust."""
    p = np.asarray(p, dtype=float)
    out = np.full(len(p), np.nan)
    present = np.flatnonzero(~np.isnan(p))
    m = len(present)
    order = present[np.argsort(p[present], kind="stable")]
    if method == "holm":
        adjusted = np.maximum.accumulate(p[order] * np.arange(m, 0, -1))
    else:
        adjusted = np.minimum.accumulate((p[order] * m / np.arange(1, m + 1))[::-1])[::-1]
    out[order] = np.minimum(adjusted, 1)
    return out


def with_adjusted(table: pd.DataFrame) -> pd.DataFrame:
    """p_holm and p_bh over the whole table (one family)."""
    table["p_holm"], table["p_bh"] = adjust(table["p"], "holm"), adjust(table["p"], "bh")
    return table


def wilson(successes: int, n: int) -> tuple[float, float]:
    """Wilson score interval without continuity correction (R's prop.test(correct = FALSE)), in percent."""
    if n == 0:
        return np.nan, np.nan
    q, z2 = successes / n, Z95**2
    centre = (q + z2 / (2 * n)) / (1 + z2 / n)
    half = Z95 * np.sqrt(q * (1 - q) / n + z2 / (4 * n**2)) / (1 + z2 / n)
    low = 0.0 if successes == 0 else max(centre - half, 0.0)
    high = 1.0 if successes == n else min(centre + half, 1.0)
    return 100 * low, 100 * high


def spearman_row(n: int, rho: float) -> dict:
    """n, rho, its Fieller interval (SE sqrt(1.06 / (n-3))) and two-sided p by t with n-2 df."""
    if n < 3 or np.isnan(rho):
        return {"n": n, "rho": np.nan, "ci_low": np.nan, "ci_high": np.nan, "p": np.nan}
    half = Z95 * np.sqrt(1.06 / (n - 3)) if n > 3 else np.nan
    t = rho * np.sqrt((n - 2) / ((1 + rho) * (1 - rho)))
    return {"n": n, "rho": rho, "ci_low": np.tanh(np.arctanh(rho) - half), "ci_high": np.tanh(np.arctanh(rho) + half),
            "p": 2 * special.stdtr(n - 2, -abs(t))}


def effect_sizes(h: float, n: int, k: int) -> dict:
    return {"epsilon_sq": h / (n - 1), "eta_sq_h": (h - k + 1) / (n - k)}


def dont_know_percent(data: pd.DataFrame, item) -> float:
    codes = data[f"{item.column}_code"].to_numpy(dtype=float, na_value=np.nan)
    return 100 * np.isin(codes, [level.code for level in item.scale.dont_know]).sum() / len(data)


# --- the strongest baseline: tables of counts -------------------------------------------------------------

def codes(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(codes, values): codes[row] indexes the ascending distinct present `values`; missing = len(values)."""
    if pd.api.types.is_integer_dtype(column.dtype):  # Likert answers, factor levels: one bincount
        missing = column.isna().to_numpy()
        x = column.to_numpy(dtype=np.int64, na_value=0)
        low = int(x[~missing].min())
        seen = np.bincount(x[~missing] - low) > 0
        lookup = np.append(np.cumsum(seen) - 1, seen.sum())
        return lookup[np.where(missing, len(seen), x - low)], np.flatnonzero(seen) + float(low)
    x = column.to_numpy(dtype=float, na_value=np.nan)
    missing = np.isnan(x)
    values, inverse = np.unique(x[~missing], return_inverse=True)
    out = np.full(len(x), len(values))
    out[~missing] = inverse
    return out, values


def crosstab(a: tuple[np.ndarray, np.ndarray], b: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """Counts of the (a, b) value pairs where both are present: one bincount of a * (Lb + 1) + b."""
    la, lb = len(a[1]), len(b[1])
    table = np.bincount(a[0] * (lb + 1) + b[0], minlength=(la + 1) * (lb + 1)).reshape(la + 1, lb + 1)
    return table[:la, :lb].astype(float)


def midranks(margins: np.ndarray) -> np.ndarray:
    return np.cumsum(margins) - (margins - 1) / 2


def spearman_from_table(table: np.ndarray) -> dict:
    """Pearson's r of the centred midranks of the two margins, weighted by the joint counts."""
    rows, cols = table.sum(axis=1), table.sum(axis=0)
    n = int(rows.sum())
    if n < 3 or (rows > 0).sum() < 2 or (cols > 0).sum() < 2:
        return spearman_row(n, np.nan)
    a, b = midranks(rows) - (n + 1) / 2, midranks(cols) - (n + 1) / 2
    return spearman_row(n, float(a @ table @ b / np.sqrt((rows @ a**2) * (cols @ b**2))))


def kruskal_from_table(table: np.ndarray, levels: np.ndarray) -> tuple[dict, dict]:
    """(Kruskal-Wallis row, per present level (n, mean rank)) of an item (rows) x level (columns) table:
    H = 12 / (n(n+1)) sum_j n_j (Rbar_j - (n+1)/2)^2 / (1 - sum(t^3 - t) / (n^3 - n)), p from chi-squared."""
    margins, sizes = table.sum(axis=1), table.sum(axis=0)
    n = margins.sum()
    present = sizes > 0
    ranks = (midranks(margins) @ table)[present] / sizes[present]
    k = int(present.sum())
    ties = float((margins**3 - margins).sum())
    level_ranks = dict(zip(levels[present].astype(int).tolist(), zip(sizes[present], ranks, strict=True),
                           strict=True))
    if n == 0 or k < 2 or (margins > 0).sum() < 2:
        return {"n": int(n), "H": np.nan, "p": np.nan, "epsilon_sq": np.nan, "eta_sq_h": np.nan}, level_ranks
    h = 12 / (n * (n + 1)) * float((sizes[present] * (ranks - (n + 1) / 2) ** 2).sum()) / (1 - ties / (n**3 - n))
    return {"n": int(n), "H": h, "p": special.chdtrc(k - 1, h), **effect_sizes(h, n, k)}, level_ranks


def dunn_rows(level_ranks: dict, n: float, ties: float) -> list[dict]:
    """Dunn's z of every pair of present levels, z = (Rbar_a - Rbar_b) / sqrt((n(n+1)/12 - sum(t^3 - t) /
    (12(n-1))) (1/n_a + 1/n_b)), p two-sided from the normal, Holm within the test."""
    rows = []
    for (a, (n_a, rank_a)), (b, (n_b, rank_b)) in combinations(level_ranks.items(), 2):
        se = np.sqrt((n * (n + 1) / 12 - ties / (12 * (n - 1))) * (1 / n_a + 1 / n_b))
        z = (rank_a - rank_b) / se
        rows.append({"level1": a, "level2": b, "n1": n_a, "n2": n_b, "mean_rank1": rank_a, "mean_rank2": rank_b,
                     "z": z, "p": 2 * special.ndtr(-abs(z))})
    for row, p in zip(rows, adjust([r["p"] for r in rows], "holm"), strict=True):
        row["p_holm_test"] = p
    return rows


def quantile(values: np.ndarray, counts: np.ndarray, p: float) -> float:
    """SPSS's quantile (R type 6) from a frequency table: x_(j) + (h - j)(x_(j+1) - x_(j)), j = floor(h),
    h = p(n+1), clamped to x_(1) and x_(n); x_(k) is the first value whose cumulative count reaches k."""
    cumulative = np.cumsum(counts)
    n = int(cumulative[-1])
    h = p * (n + 1)
    j = int(np.floor(h))

    def x(k: int) -> float:
        return float(values[np.searchsorted(cumulative, min(max(k, 1), n))])

    return x(j) + (h - j) * (x(j + 1) - x(j)) if 1 <= j < n else x(min(max(j, 1), n))


def numpy_stage(data: pd.DataFrame, book) -> dict[str, pd.DataFrame]:
    """The stage from tables of counts, one bincount per table."""
    coded = {c: codes(data[c]) for c in [i.column for i in book.items] + [f.column for f in book.compared_factors]
             + [c.column for c in book.covariates]}
    rows = []
    for item in book.items:
        values = coded[item.column][1]
        counts = np.bincount(coded[item.column][0], minlength=len(values) + 1)[:-1].astype(float)
        n = int(counts.sum())
        mean = counts @ values / n
        agree = counts[np.isin(values, item.scale.agree_codes)].sum()
        disagree = counts[np.isin(values, item.scale.disagree_codes)].sum()
        low, high = wilson(int(agree), n)
        rows.append({"item": item.column, "n_valid": n, "mean": mean,
                     "sd": np.sqrt(counts @ (values - mean) ** 2 / (n - 1)), "median": quantile(values, counts, 0.5),
                     "mode": values[np.argmax(counts)], "q1": quantile(values, counts, 0.25),
                     "q3": quantile(values, counts, 0.75),
                     "agree_percent": 100 * agree / n, "agree_ci_low": low, "agree_ci_high": high,
                     "disagree_percent": 100 * disagree / n, "dont_know_percent": dont_know_percent(data, item)})
    descriptives = pd.DataFrame(rows)
    kruskal, dunn = [], []
    for factor in book.compared_factors:
        levels = coded[factor.column][1]
        for item in book.items:
            table = crosstab(coded[item.column], coded[factor.column])
            row, level_ranks = kruskal_from_table(table, levels)
            kruskal.append({"item": item.column, "factor": factor.column, **row,
                            **{f"mean_rank_{code}": rank for code, (_, rank) in level_ranks.items()}})
            if not np.isnan(row["p"]):
                margins = table.sum(axis=1)
                pairs = dunn_rows(level_ranks, row["n"], float((margins**3 - margins).sum()))
                dunn += [{"item": item.column, "factor": factor.column, **pair} for pair in pairs]
    correlations = []
    for a, b in combinations(book.items, 2):
        row = spearman_from_table(crosstab(coded[a.column], coded[b.column]))
        correlations.append({"var1": a.column, "var2": b.column, **row})
    for covariate in book.covariates:
        for item in book.items:
            row = spearman_from_table(crosstab(coded[covariate.column], coded[item.column]))
            correlations.append({"var1": item.column, "var2": covariate.column, **row})
    return {"descriptives": descriptives, "kruskal": with_adjusted(pd.DataFrame(kruskal)),
            "dunn": with_adjusted(pd.DataFrame(dunn)), "correlations": with_adjusted(pd.DataFrame(correlations))}


# --- the straightforward baseline: values, scipy.stats and pandas -----------------------------------------

def pandas_stage(data: pd.DataFrame, book) -> dict[str, pd.DataFrame]:
    """The stage on the values of each test."""
    import reference_impl  # tests/reference_impl.py: scipy.stats.kruskal, rankdata, numpy percentiles

    rows = []
    for item in book.items:
        values = data[item.column].dropna().to_numpy(dtype=float)
        n = len(values)
        agree, disagree = (int(np.isin(values, codes).sum()) for codes in (item.scale.agree_codes,
                                                                            item.scale.disagree_codes))
        low, high = wilson(agree, n)
        stat = reference_impl.summary(values)
        rows.append({"item": item.column, **{k: stat[k] for k in COMPARED["descriptives"] if k in stat},
                     "agree_percent": 100 * agree / n, "agree_ci_low": low, "agree_ci_high": high,
                     "disagree_percent": 100 * disagree / n, "dont_know_percent": dont_know_percent(data, item)})
    descriptives = pd.DataFrame(rows)
    kruskal, dunn = [], []
    for factor in book.compared_factors:
        for item in book.items:
            both = data[[item.column, factor.column]].dropna()
            values, groups = both[item.column].to_numpy(dtype=float), both[factor.column].to_numpy(dtype=int)
            h, p, df = reference_impl.kruskal_wallis(values, groups)
            ranks = reference_impl.mean_ranks(values, groups)
            kruskal.append({"item": item.column, "factor": factor.column, "n": len(values), "H": h, "p": p,
                            **effect_sizes(h, len(values), df + 1),
                            **{f"mean_rank_{code}": rank for code, (_, rank) in ranks.items()}})
            if not np.isnan(p):
                table = reference_impl.dunn(values, groups)
                table.insert(0, "item", item.column)
                table.insert(1, "factor", factor.column)
                dunn.append(table)
    columns = [i.column for i in book.items] + [c.column for c in book.covariates]
    frame = pd.DataFrame({c: data[c].to_numpy(dtype=float, na_value=np.nan) for c in columns})
    rho = frame.corr(method="spearman")
    present = frame.notna().to_numpy(dtype=float)
    pair_n = pd.DataFrame(present.T @ present, index=columns, columns=columns)
    pairs = list(combinations([i.column for i in book.items], 2))
    pairs += [(i.column, c.column) for c in book.covariates for i in book.items]
    correlations = [{"var1": a, "var2": b, **spearman_row(int(pair_n.loc[a, b]), float(rho.loc[a, b]))}
                    for a, b in pairs]
    return {"descriptives": descriptives, "kruskal": with_adjusted(pd.DataFrame(kruskal)),
            "dunn": with_adjusted(pd.concat(dunn, ignore_index=True)),
            "correlations": with_adjusted(pd.DataFrame(correlations))}
