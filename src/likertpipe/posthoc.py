"""Dunn's post-hoc test of all level pairs after a Kruskal-Wallis test."""

from __future__ import annotations

import numpy as np
import pandas as pd

from likertpipe import count_statistics, tally
from likertpipe.codebook import Codebook
from likertpipe.multiplicity import adjust

COLUMNS = ["level1", "level2", "n1", "n2", "mean_rank1", "mean_rank2", "z", "p", "p_holm_test", "p_bonferroni_test"]


def _dunn_columns(table: np.ndarray, codes: np.ndarray) -> dict[str, np.ndarray]:
    """The COLUMNS of `dunn_from_counts` as arrays."""
    result = count_statistics.kruskal_from_table(table)
    pairs = count_statistics.dunn_from_kruskal(result)
    a, b = pairs["a"], pairs["b"]
    return {"level1": codes[a].astype(int), "level2": codes[b].astype(int),
            "n1": result.sizes[a].astype(int), "n2": result.sizes[b].astype(int),
            "mean_rank1": result.mean_ranks[a], "mean_rank2": result.mean_ranks[b], "z": pairs["z"], "p": pairs["p"],
            "p_holm_test": adjust(pairs["p"], "holm"), "p_bonferroni_test": adjust(pairs["p"], "bonferroni")}


def dunn_from_counts(table: np.ndarray, codes: np.ndarray) -> pd.DataFrame:
    """Dunn's test of every pair of levels with answers, from the item x level table of counts (rows: the item's
    values ascending; columns: the levels `codes`): n and mean rank of each level, z, two-sided p, and Holm
    (`p_holm_test`) and Bonferroni (`p_bonferroni_test`) adjusted p within this test.

    z = (Rbar_i - Rbar_j) / sqrt((N(N+1)/12 - sum(t^3 - t) / (12(N-1))) * (1/n_i + 1/n_j)), with midranks over
    the pooled complete cases and the tie correction of Dunn (1964), as R's rstatix::dunn_test and dunn.test
    compute it; p from the standard normal (`count_statistics.dunn_from_kruskal`)."""
    return pd.DataFrame(_dunn_columns(table, codes), columns=COLUMNS)


def dunn_table(data: pd.DataFrame, codebook: Codebook, kruskal: pd.DataFrame,
               only_significant: bool, alpha: float, tallies: tally.Tallies | None = None) -> pd.DataFrame:
    """Dunn tests after each Kruskal-Wallis test in `kruskal` (its rows with a p-value; with
    `only_significant`, only those with p < alpha), from the item x level tables (`tally.Tallies`: those the
    Kruskal-Wallis tests counted, when it is given), the tests' columns joined into one table."""
    tallies = tallies or tally.Tallies(data)
    tests = kruskal.dropna(subset=["p"])
    if only_significant:
        tests = tests[tests["p"] < alpha]
    tested = list(zip(tests["item"], tests["factor"], strict=True))
    tables = tallies.tables(tested)
    parts = [_dunn_columns(tables[test], tallies.encoded(test[1]).values.astype(int)) for test in tested]
    if not parts:
        return pd.DataFrame(columns=["item", "factor", *COLUMNS])
    sizes = [len(part["p"]) for part in parts]
    columns = {"item": [item for (item, _), size in zip(tested, sizes, strict=True) for _ in range(size)],
               "factor": [factor for (_, factor), size in zip(tested, sizes, strict=True) for _ in range(size)]}
    columns |= {name: np.concatenate([part[name] for part in parts]) for name in COLUMNS}
    return pd.DataFrame(columns)
