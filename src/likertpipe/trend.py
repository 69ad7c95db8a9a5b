"""Trend tests across the levels of ordered factors: the Jonckheere-Terpstra test of every item (and index) by
every compared factor the codebook marks `ordered: true`, from the level x answer table of counts.

Jonckheere (1954), Terpstra (1952); with ties as in Hollander & Wolfe (1999, sec. 6.2) and Lehmann (1975).
For groups 1..k in their order with n_i answers (N in all) and answer values tied in groups of t_j:

    J = sum over group pairs a < b of the pairs (x in a, y in b) with x < y, a tie counting one half;
    E(J) = (N^2 - sum n_i^2) / 4;
    Var(J) = [N(N-1)(2N+5) - sum n_i(n_i-1)(2n_i+5) - sum t_j(t_j-1)(2t_j+5)] / 72
             + [sum n_i(n_i-1)(n_i-2)] [sum t_j(t_j-1)(t_j-2)] / [36 N(N-1)(N-2)]
             + [sum n_i(n_i-1)] [sum t_j(t_j-1)] / [8 N(N-1)];
    z = (J - E(J)) / sqrt(Var(J)), two-sided p = 2 Phi(-|z|), no continuity correction.

This z is Kendall's tau z between the answer and the level (tie-corrected in both; J = (S + P) / 2 with S
Kendall's S and P the pairs in different groups), so the standardised effect reported is Kendall's tau-b
between answer and level: from -1 (answers fall with every step up the levels) to 1 (they rise). `direction`
says which way the answers move (increasing, decreasing; none when J = E(J)). Levels nobody answered are left
out (as in Kruskal-Wallis); the test is undefined (empty, with a reason) with fewer than two levels with
answers or when every answer is equal.

Levels the protection plan hides for the item (`hidden`) are pooled into one group at their place in the order
when they are adjacent (a coarser ordered factor, whose counts the published margins give anyway), listed in
`pooled_levels`; hidden levels with a shown level between them cannot be pooled without breaking the order, so
the test is computed unpooled and `likertpipe.protect` hides it (E(J) and Var(J) are functions of sum n_i^2).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import special

from likertpipe import tally
from likertpipe.codebook import Codebook
from likertpipe.disclosure import HiddenLevels, pooled_codes

COLUMNS = ["item", "factor", "n", "k", "J", "expected", "variance", "z", "p", "direction", "tau_b",
           "dropped_levels", "pooled_levels", "note"]


def _sums(sizes: np.ndarray) -> tuple[float, float, float]:
    """sum s(s-1)(2s+5), sum s(s-1)(s-2), sum s(s-1) over the group sizes s."""
    s = sizes.astype(float)
    return float((s * (s - 1) * (2 * s + 5)).sum()), float((s * (s - 1) * (s - 2)).sum()), float((s * (s - 1)).sum())


def jonckheere_terpstra(table: np.ndarray) -> dict:
    """The test from a table of counts: rows the factor's levels in their order, columns the answer values in
    increasing order (rows and columns without answers are ignored). See the module docstring."""
    table = np.asarray(table, dtype=float)
    table = table[table.sum(axis=1) > 0][:, table.sum(axis=0) > 0]
    groups, ties = table.sum(axis=1), table.sum(axis=0)
    n = float(table.sum())
    empty = {"n": int(n), "k": len(groups), "J": np.nan, "expected": np.nan, "variance": np.nan, "z": np.nan,
             "p": np.nan, "direction": "", "tau_b": np.nan}
    if len(groups) < 2:
        return empty | {"note": "fewer than two levels with answers"}
    if len(ties) < 2:
        return empty | {"note": "every answer is the same"}
    # answers in later groups above (and equal to) each answer value, per row
    later = np.cumsum(table[::-1], axis=0)[::-1]  # later[i] = counts of rows i.. ; shift by one for "after i"
    after = np.vstack([later[1:], np.zeros((1, table.shape[1]))])
    above = np.cumsum(after[:, ::-1], axis=1)[:, ::-1] - after  # strictly higher values in later rows
    j_stat = float((table * (above + after / 2)).sum())
    expected = (n * n - float((groups ** 2).sum())) / 4
    g1, g2, g3 = _sums(groups)
    t1, t2, t3 = _sums(ties)
    variance = ((n * (n - 1) * (2 * n + 5) - g1 - t1) / 72 + g2 * t2 / (36 * n * (n - 1) * (n - 2))
                + g3 * t3 / (8 * n * (n - 1)))
    z = (j_stat - expected) / np.sqrt(variance)
    pairs = n * (n - 1) / 2
    kendall_s = 2 * j_stat - (n * n - float((groups ** 2).sum())) / 2
    tau_b = kendall_s / np.sqrt((pairs - t3 / 2) * (pairs - g3 / 2))
    direction = "increasing" if j_stat > expected else "decreasing" if j_stat < expected else "none"
    return {"n": int(n), "k": len(groups), "J": j_stat, "expected": expected, "variance": variance, "z": z,
            "p": float(2 * special.ndtr(-abs(z))), "direction": direction, "tau_b": tau_b, "note": ""}


def _pool_adjacent(table: np.ndarray, positions: list[int]) -> np.ndarray | None:
    """`table` with the rows at `positions` summed into one at the first of them, or None when they are not
    adjacent (pooling them would break the order)."""
    if positions != list(range(positions[0], positions[0] + len(positions))):
        return None
    rest = [i for i in range(table.shape[0]) if i not in positions[1:]]
    pooled = table.copy()
    pooled[positions[0]] = table[positions].sum(axis=0)
    return pooled[rest]


def trend_table(data: pd.DataFrame, codebook: Codebook, hidden: HiddenLevels | None = None) -> pd.DataFrame:
    """One row per item x compared ordered factor: `jonckheere_terpstra` over the respondents with both an
    answer and a level, levels nobody answered listed in `dropped_levels`, adjacent levels the plan hides
    (`hidden`) pooled (module docstring) and listed in `pooled_levels`."""
    rows = []
    for factor in (f for f in codebook.compared_factors if f.ordered):
        levels = data[factor.column]
        rank = {code: position for position, code in enumerate(factor.codes)}
        for item in codebook.items:
            both = data[item.column].notna() & levels.notna()
            answers = tally.encode(data.loc[both, item.column])
            level_index = levels[both].astype(int).map(rank).to_numpy()
            table = np.zeros((len(factor.codes), max(len(answers.values), 1)))
            np.add.at(table, (level_index, answers.codes), 1)
            present = table.sum(axis=1) > 0
            pooled = sorted(hidden(item.column, factor.column)) if hidden else []
            merged = _pool_adjacent(table, [rank[code] for code in pooled]) if pooled else table
            rows.append({"item": item.column, "factor": factor.column,
                         **jonckheere_terpstra(table if merged is None else merged),
                         "dropped_levels": " ".join(str(c) for c, p in zip(factor.codes, present, strict=True)
                                                    if not p),
                         "pooled_levels": pooled_codes(set(pooled)) if merged is not None else ""})
    return pd.DataFrame(rows, columns=COLUMNS).astype({"n": "Int64", "k": "Int64"})
