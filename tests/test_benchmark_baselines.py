"""The benchmark's baselines (benchmarks/baselines.py) compute what they claim: the count-based numpy
baseline against scipy.stats and numpy on the values, and both baselines against likertpipe's statistics stage
on a small synthetic survey (what benchmarks/run.py compares at every size)."""

from __future__ import annotations

import sys
from itertools import combinations
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.multitest import multipletests

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import baselines  # noqa: E402
import reference_impl  # noqa: E402


def likert(rng, n: int, levels: int = 5, missing: float = 0.1) -> pd.Series:
    values = pd.Series(rng.integers(1, levels + 1, n), dtype="Int8")
    values[rng.random(n) < missing] = pd.NA
    return values


def complete(*columns: pd.Series) -> list[np.ndarray]:
    frame = pd.concat(columns, axis=1).dropna()
    return [frame.iloc[:, i].to_numpy(dtype=float) for i in range(len(columns))]


@pytest.mark.parametrize("seed", range(5))
def test_spearman_of_item_pairs_and_a_covariate_equals_scipy(seed):
    rng = np.random.default_rng(seed)
    a = likert(rng, 300)
    b = pd.Series(np.clip(a.astype("Float64") + rng.integers(-2, 3, 300), 1, 5)).astype("Int8")
    covariate = pd.Series(np.round(rng.normal(50, 10, 300)), dtype="Float64")  # rounded: ties
    covariate[rng.random(300) < 0.1] = pd.NA
    for x, y in ((a, b), (covariate, a)):
        row = baselines.spearman_from_table(baselines.crosstab(baselines.codes(x), baselines.codes(y)))
        xs, ys = complete(x, y)
        expected = stats.spearmanr(xs, ys)
        assert row["n"] == len(xs)
        assert row["rho"] == pytest.approx(expected.statistic, rel=1e-12)
        assert row["p"] == pytest.approx(expected.pvalue, rel=1e-10)
        half = stats.norm.ppf(0.975) * np.sqrt(1.06 / (len(xs) - 3))
        assert row["ci_low"] == pytest.approx(np.tanh(np.arctanh(expected.statistic) - half), rel=1e-12)


@pytest.mark.parametrize("seed", range(5))
def test_kruskal_wallis_and_dunn_from_counts_equal_the_values(seed):
    rng = np.random.default_rng(seed)
    item, factor = likert(rng, 400), likert(rng, 400, levels=4)
    levels = baselines.codes(factor)[1]
    table = baselines.crosstab(baselines.codes(item), baselines.codes(factor))
    row, level_ranks = baselines.kruskal_from_table(table, levels)
    values, groups = complete(item, factor)
    expected = stats.kruskal(*(values[groups == g] for g in np.unique(groups)))
    assert row["n"] == len(values)
    assert row["H"] == pytest.approx(expected.statistic, rel=1e-10)
    assert row["p"] == pytest.approx(expected.pvalue, rel=1e-9)
    ranks = reference_impl.mean_ranks(values, groups.astype(int))
    assert {code: (n, pytest.approx(rank, rel=1e-12)) for code, (n, rank) in level_ranks.items()} == ranks
    margins = table.sum(axis=1)
    dunn = pd.DataFrame(baselines.dunn_rows(level_ranks, row["n"], float((margins**3 - margins).sum())))
    reference = reference_impl.dunn(values, groups.astype(int))
    for column in ("z", "p", "p_holm_test"):
        np.testing.assert_allclose(dunn[column], reference[column], rtol=1e-10)


@pytest.mark.parametrize("n", [1, 2, 3, 7, 50])
def test_quantiles_from_counts_equal_numpy_type_6(n):
    values = np.random.default_rng(n).integers(1, 6, n).astype(float)
    distinct, counts = np.unique(values, return_counts=True)
    for p in (0.25, 0.5, 0.75):
        assert baselines.quantile(distinct, counts.astype(float), p) == pytest.approx(
            np.percentile(values, 100 * p, method="weibull"), rel=1e-15)


def test_adjustments_equal_statsmodels_with_ties_and_missing_tests():
    p = np.array([0.01, 0.04, np.nan, 0.03, 0.04, 0.2, 0.001])
    present = ~np.isnan(p)
    for method, name in (("holm", "holm"), ("bh", "fdr_bh")):
        adjusted = baselines.adjust(p, method)
        assert np.isnan(adjusted[~present]).all()
        np.testing.assert_allclose(adjusted[present], multipletests(p[present], method=name)[1], rtol=1e-15)


def test_baselines_give_likertpipe_s_numbers_on_a_small_survey(tmp_path):
    import run
    from make_survey import make_survey

    from likertpipe import clean, io
    from likertpipe.codebook import load_codebook

    folder = make_survey(2_000, tmp_path)
    book = load_codebook(folder / "codebook.yaml")
    data, _ = clean.clean(io.read_export(folder / "export.csv"), book, str(folder / "export.csv"))
    ours = baselines.numbers(run.likertpipe_stage(data, book))
    assert len(ours["correlations.rho"]) == len(list(combinations(book.items, 2))) + len(book.items)
    assert run._max_rel_diff(ours, baselines.numbers(baselines.numpy_stage(data, book)))[0] <= 1e-12
    # scipy's H = [12 / (n(n+1)) sum R^2 / n - 3(n+1)] / C cancels digits: equal to about 1e-10 at this size
    assert run._max_rel_diff(ours, baselines.numbers(baselines.pandas_stage(data, book)))[0] <= 1e-8
