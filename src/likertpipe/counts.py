"""Statistics of discrete items from small tables of counts.

Likert answers take few values, so every statistic the pipeline computes for an item is a function of a small
table of counts: descriptives of the item's frequency table, Kruskal-Wallis and Dunn of the item x level table,
Spearman of two items of their cross-table. The counts are one pass over the data (`numpy.bincount` of combined
small integer codes); everything after is O(levels^2). A continuous covariate is sorted once and then ranked
within each pairwise-complete subset by counting, ties included.

Notation: a table T has rows i for the item's values v_1 < ... < v_L and columns j; m_i = sum_j T_ij are the
item's margins over the rows counted, n = sum_i m_i.

- Midranks from margins: r_i = (m_1 + ... + m_(i-1)) + (m_i + 1) / 2, the mean of the ranks the m_i tied
  answers v_i share. Centred scores are r_i - (n + 1) / 2.
- Tie term: sum_i (m_i^3 - m_i) over the margins.

The straightforward implementations (`inference.kruskal_wallis`, `correlate.spearman`, `posthoc.dunn`,
`describe.summary`) stay as references; tests/test_counts.py proves both give the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import special, stats

# Widest code range counted with bincount; wider (or non-integer) values are encoded with numpy.unique.
DENSE_RANGE = 1 << 16


@dataclass(frozen=True)
class Encoded:
    """A column as small integer codes: `codes[row]` in 0..L-1 indexes `values` (ascending), L = missing."""

    codes: np.ndarray
    values: np.ndarray

    @property
    def levels(self) -> int:
        return len(self.values)

    @property
    def present(self) -> np.ndarray:
        return self.codes < self.levels


def encode(column: pd.Series | np.ndarray) -> Encoded:
    """Codes of the distinct present values of `column` (pandas nullable or numpy; missing = NA or NaN).

    Integer columns with a narrow range (Likert codes, factor levels) are encoded in one pass with bincount;
    anything else through numpy.unique.
    """
    series = pd.Series(column) if not isinstance(column, pd.Series) else column
    if pd.api.types.is_integer_dtype(series.dtype):
        array = series.array
        if isinstance(array, pd.arrays.IntegerArray):  # nullable: values and mask without a copy
            x, missing = getattr(array, "_data", None), getattr(array, "_mask", None)
            if x is None or missing is None:  # pragma: no cover - pandas without the (stable) internals
                x, missing = array.to_numpy(dtype=array.dtype.numpy_dtype, na_value=0), np.asarray(array.isna())
        else:
            x, missing = series.to_numpy(), np.zeros(len(series), dtype=bool)
        if x.dtype.itemsize <= 2:  # int8/int16: index a table over the dtype's whole range, one pass
            offset = int(np.iinfo(x.dtype).min)
            size = int(np.iinfo(x.dtype).max) - offset + 1
            index = x.astype(np.int32) - offset
            index[missing] = size
            seen = np.bincount(index, minlength=size + 1)[:size] > 0
            lookup = np.append(np.cumsum(seen) - 1, int(seen.sum())).astype(np.int32)
            return Encoded(lookup[index], np.flatnonzero(seen).astype(float) + offset)
        present = x[~missing]
        if len(present):
            lo, hi = int(present.min()), int(present.max())
            if hi - lo < DENSE_RANGE:
                seen = np.bincount(present - lo, minlength=hi - lo + 1) > 0
                values = np.flatnonzero(seen).astype(float) + lo
                lookup = np.append(np.cumsum(seen) - 1, len(values)).astype(np.int32)
                index = np.where(missing, hi - lo + 1, x - lo)
                return Encoded(lookup[index], values)
    x = series.to_numpy(dtype=float, na_value=np.nan)
    missing = np.isnan(x)
    values, inverse = np.unique(x[~missing], return_inverse=True)
    codes = np.full(len(x), len(values), dtype=np.int32)
    codes[~missing] = inverse
    return Encoded(codes, values.astype(float))


def crosstab(a: Encoded, b: Encoded) -> np.ndarray:
    """Counts of (a, b) value pairs over the rows where both are present, shape (La, Lb): one bincount of
    the combined code a * (Lb + 1) + b, the missing row and column dropped."""
    width = b.levels + 1
    combined = a.codes.astype(np.int64) * width + b.codes if a.levels * width > 2**31 - 1 else a.codes * width + b.codes
    table = np.bincount(combined, minlength=(a.levels + 1) * width).reshape(a.levels + 1, width)
    return table[:-1, :-1]


# Largest joint table of one block of variables in `pair_tables` (two blocks: its square).
BLOCK_CELLS = 1 << 10


def _blocks(variables: list[Encoded]) -> list[list[int]]:
    """Consecutive variables grouped so that each group's joint table (missing included) has <= BLOCK_CELLS."""
    blocks: list[list[int]] = []
    cells = BLOCK_CELLS + 1
    for index, variable in enumerate(variables):
        width = variable.levels + 1
        if cells * width > BLOCK_CELLS or not blocks:
            blocks.append([])
            cells = 1
        blocks[-1].append(index)
        cells *= width
    return blocks


def pair_tables(variables: list[Encoded], pairs: list[tuple[int, int]]) -> dict[tuple[int, int], np.ndarray]:
    """`crosstab(variables[i], variables[j])` for every (i, j) in `pairs`, with far fewer passes over the data.

    The variables are grouped into blocks of a few; each block gets one joint code (mixed radix over the codes,
    missing included), and one bincount of two blocks' combined code gives the joint table of all their
    variables, from which every pair's table is a sum over the other axes. With 30 five-point items that is
    55 passes over the data instead of 435. Blocks too wide for this (many levels) fall back to `crosstab`.
    """
    blocks = _blocks(variables)
    block_of = {index: b for b, block in enumerate(blocks) for index in block}
    shapes = [[variables[i].levels + 1 for i in block] for block in blocks]
    joint: dict[int, np.ndarray] = {}

    def code(b: int) -> np.ndarray:
        if b not in joint:
            total = np.zeros(len(variables[blocks[b][0]].codes), dtype=np.intp)
            for i, width in zip(blocks[b], shapes[b], strict=True):
                total *= width
                total += variables[i].codes
            joint[b] = total
        return joint[b]

    wanted: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for i, j in pairs:
        key = tuple(sorted((block_of[i], block_of[j])))
        wanted.setdefault(key, []).append((i, j))
    out: dict[tuple[int, int], np.ndarray] = {}
    for (b, c), members in wanted.items():
        if int(np.prod(shapes[b])) > BLOCK_CELLS or int(np.prod(shapes[c])) > BLOCK_CELLS:
            out.update({(i, j): crosstab(variables[i], variables[j]) for i, j in members})
            continue
        if b == c:
            axes_of = {index: position for position, index in enumerate(blocks[b])}
            table = np.bincount(code(b), minlength=int(np.prod(shapes[b]))).reshape(shapes[b])
        else:
            size_c = int(np.prod(shapes[c]))
            combined = code(b) * size_c + code(c)
            table = np.bincount(combined, minlength=int(np.prod(shapes[b])) * size_c).reshape(shapes[b] + shapes[c])
            axes_of = {index: position for position, index in enumerate(blocks[b] + blocks[c])}
        for i, j in members:
            keep = (axes_of[i], axes_of[j])
            other = tuple(axis for axis in range(table.ndim) if axis not in keep)
            two = table.sum(axis=other)
            if keep[0] > keep[1]:
                two = two.T
            out[(i, j)] = two[:-1, :-1]
    return out


def frequencies(a: Encoded) -> np.ndarray:
    """Count of each value of `a` (missing left out)."""
    return np.bincount(a.codes, minlength=a.levels + 1)[:-1]


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
    """H (tie-corrected), p, df = k - 1 (k levels with answers), per column j of the table its n_j and mean
    rank (NaN where n_j = 0), n and the tie sum of the item's margins."""

    h: float
    p: float
    df: int
    sizes: np.ndarray
    mean_ranks: np.ndarray
    n: int
    ties: float


def kruskal_from_table(table: np.ndarray) -> KruskalResult:
    """Kruskal-Wallis of an item (rows, ascending values) across levels (columns) from their counts.

    With midranks r_i of the item's margins, the rank sum of level j is R_j = sum_i r_i T_ij, n_j = sum_i T_ij,
    and H = 12 / (n(n+1)) * sum_j n_j (R_j / n_j - (n+1)/2)^2 / (1 - sum(t^3 - t) / (n^3 - n)) (the same H as
    [12 / (n(n+1)) sum R_j^2 / n_j - 3(n+1)] / C, in a form without cancellation); p from chi-squared with
    k-1 df. H is NaN with fewer than two levels or no variation (as `inference.kruskal_wallis`).
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
    if k < 2 or (margins > 0).sum() < 2:
        return KruskalResult(np.nan, np.nan, k - 1, sizes.astype(np.int64), mean_ranks, int(n), ties)
    deviation = mean_ranks[present] - (n + 1) / 2
    h = 12 / (n * (n + 1)) * float((sizes[present] * deviation**2).sum())
    h /= 1 - ties / (n**3 - n)
    return KruskalResult(h, float(stats.chi2.sf(h, k - 1)), k - 1, sizes.astype(np.int64), mean_ranks, int(n), ties)


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
    p = np.where(se > 0, 2 * stats.norm.sf(np.abs(z)), np.nan)
    return {"a": a, "b": b, "z": z, "p": p}


def _t_test(rho: float, n: int) -> float:
    """Two-sided p of a correlation by t = rho * sqrt((n-2) / ((1+rho)(1-rho))) with n-2 df (as scipy)."""
    dof = n - 2
    with np.errstate(divide="ignore"):
        t = rho * np.sqrt(np.clip(dof / ((rho + 1.0) * (1.0 - rho)), 0, None))
    return float(2 * special.stdtr(dof, -abs(t)))


def _rho(sxy: float, sxx: float, syy: float) -> float:
    return float(np.clip(sxy / np.sqrt(sxx * syy), -1.0, 1.0))


def spearman_from_table(table: np.ndarray) -> tuple[int, float, float]:
    """(n, rho, p) of two discrete variables from their cross-table (pairwise complete rows).

    rho is Pearson's r of the midrank scores weighted by the counts: with centred midranks a_i, b_j of the two
    margins, rho = sum_ij T_ij a_i b_j / sqrt(sum_i m_i a_i^2 * sum_j m'_j b_j^2); p by t with n-2 df.
    NaN when n < 3 or either variable takes one value (as `correlate.spearman`).
    """
    table = np.asarray(table, dtype=float)
    rows, cols = table.sum(axis=1), table.sum(axis=0)
    n = int(rows.sum())
    if n < 3 or (rows > 0).sum() < 2 or (cols > 0).sum() < 2:
        return n, np.nan, np.nan
    a = midranks(rows) - (n + 1) / 2
    b = midranks(cols) - (n + 1) / 2
    rho = _rho(float(a @ table @ b), float(rows @ a**2), float(cols @ b**2))
    return n, rho, _t_test(rho, n)


def spearman_with_covariate(item: Encoded, covariate: Encoded) -> tuple[int, float, float]:
    """(n, rho, p) of an item with a continuous covariate over the rows where both are present.

    The covariate is encoded once (`encode`: sorted distinct values, ties share a code); its cross-table with
    the item has a row per distinct covariate value, and `spearman_from_table` of it ranks the covariate
    within the complete pairs by counting: the midrank of value g is c_1 + ... + c_(g-1) + (c_g + 1) / 2 with
    c_g the complete pairs at value g, exactly the ranks of the subset, ties included. O(N) per item plus
    O(distinct values x item levels).
    """
    return spearman_from_table(crosstab(covariate, item))


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
    """`describe.summary` from a frequency table (ascending distinct values, their counts):
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
