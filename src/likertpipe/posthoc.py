"""Dunn's post-hoc test of all level pairs after a Kruskal-Wallis test."""

from __future__ import annotations

import numpy as np
import pandas as pd

from likertpipe import count_statistics, tally
from likertpipe.codebook import Codebook
from likertpipe.multiplicity import adjust


def dunn_from_counts(table: np.ndarray, codes: np.ndarray) -> pd.DataFrame:
    """Dunn's test of every pair of levels with answers, from the item x level table of counts (rows: the item's
    values ascending; columns: the levels `codes`): n and mean rank of each level, z, two-sided p, and Holm
    (`p_holm_test`) and Bonferroni (`p_bonferroni_test`) adjusted p within this test.

    z = (Rbar_i - Rbar_j) / sqrt((N(N+1)/12 - sum(t^3 - t) / (12(N-1))) * (1/n_i + 1/n_j)), with midranks over
    the pooled complete cases and the tie correction of Dunn (1964), as R's rstatix::dunn_test and dunn.test
    compute it; p from the standard normal (`count_statistics.dunn_from_kruskal`)."""
    result = count_statistics.kruskal_from_table(table)
    pairs = count_statistics.dunn_from_kruskal(result)
    a, b = pairs["a"], pairs["b"]
    table = pd.DataFrame({
        "level1": codes[a].astype(int), "level2": codes[b].astype(int),
        "n1": result.sizes[a].astype(int), "n2": result.sizes[b].astype(int),
        "mean_rank1": result.mean_ranks[a], "mean_rank2": result.mean_ranks[b], "z": pairs["z"], "p": pairs["p"],
    }, columns=["level1", "level2", "n1", "n2", "mean_rank1", "mean_rank2", "z", "p"])
    table["p_holm_test"] = adjust(table["p"].to_numpy(), "holm")
    table["p_bonferroni_test"] = adjust(table["p"].to_numpy(), "bonferroni")
    return table


def dunn_table(data: pd.DataFrame, codebook: Codebook, kruskal: pd.DataFrame,
               only_significant: bool, alpha: float) -> pd.DataFrame:
    """Dunn tests after each Kruskal-Wallis test in `kruskal` (its rows with a p-value; with
    `only_significant`, only those with p < alpha)."""
    tests = kruskal.dropna(subset=["p"])
    if only_significant:
        tests = tests[tests["p"] < alpha]
    parts = []
    tested = list(zip(tests["item"], tests["factor"], strict=True))
    columns_used = list(dict.fromkeys(column for test in tested for column in test))
    encoded = [tally.encode(data[column]) for column in columns_used]
    position = {column: index for index, column in enumerate(columns_used)}
    tables = tally.pair_tables(encoded, [(position[i], position[f]) for i, f in tested])
    for item_column, factor_column in tested:
        item = next(i for i in codebook.items if i.column == item_column)
        factor = codebook.factor(factor_column)
        pairs = dunn_from_counts(tables[(position[item.column], position[factor.column])],
                                 encoded[position[factor.column]].values.astype(int))
        pairs.insert(0, "item", item.column)
        pairs.insert(1, "factor", factor.column)
        parts.append(pairs)
    columns = ["item", "factor", "level1", "level2", "n1", "n2", "mean_rank1", "mean_rank2", "z", "p", "p_holm_test",
               "p_bonferroni_test"]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)
