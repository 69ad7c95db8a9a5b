"""The count-based statistics (likertpipe.count_statistics) equal the straightforward implementations.

Seeded random surveys at several sizes, with heavy ties, missing answers, a level nobody answered and a
continuous covariate with ties; the references are scipy.stats (kruskal, spearmanr, rankdata), numpy and
pandas, the straightforward implementations in tests/reference_impl.py (kruskal_wallis, mean_ranks, dunn,
spearman) and reference_impl.summary.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from reference_impl import dunn, kruskal_wallis, mean_ranks, spearman, summary
from scipy import stats

from likertpipe import count_statistics, tally
from likertpipe.clean import clean
from likertpipe.codebook import parse_codebook
from likertpipe.correlate import correlation_table
from likertpipe.describe import descriptives
from likertpipe.inference import kruskal_wallis_table
from likertpipe.posthoc import dunn_table

TOL = 1e-12
SIZES = (50, 1_000, 100_000)
LANGUAGE = "en"


def close(got: float, expected: float, n: int = 1, scale: float = 1.0) -> bool:
    """Equal within rel 1e-12; `scale` * n * 1e-16 absolute allows for the reference's own rounding where it
    subtracts numbers of size n (scipy's H = 12/(n(n+1)) sum R^2/n_j - 3(n+1) loses digits at large n)."""
    if np.isnan(expected):
        return bool(np.isnan(got))
    return got == pytest.approx(expected, rel=TOL, abs=scale * n * 1e-16)


def survey(n: int, seed: int) -> pd.DataFrame:
    """Items a, b, c on 1-5 (c skewed, never 5), group g on 1-4 (level 4 empty), covariate x with ties."""
    rng = np.random.default_rng(seed)
    g = rng.integers(1, 4, n)
    a = np.clip(g + rng.integers(-1, 3, n), 1, 5)
    b = rng.integers(1, 6, n)
    c = rng.choice([1, 2, 3, 4], n, p=[0.6, 0.2, 0.15, 0.05])
    x = np.round(rng.normal(50, 10, n) + 2 * a)  # integers: many ties
    frame = pd.DataFrame({"a": a, "b": b, "c": c, "g": g, "x": x.astype(float)})
    for column in frame:
        frame.loc[rng.random(n) < 0.08, column] = np.nan
    return frame


def nullable(frame: pd.DataFrame) -> pd.DataFrame:
    """As cleaning writes it: items and factor nullable Int8, covariate Float64."""
    return frame.astype({"a": "Int8", "b": "Int8", "c": "Int8", "g": "Int8", "x": "Float64"})


@pytest.fixture(scope="module", params=SIZES, ids=[f"n{n}" for n in SIZES])
def data(request) -> pd.DataFrame:
    return survey(request.param, seed=request.param)


def test_encode_round_trips(data):
    for column in ("a", "g", "x"):
        for series in (data[column], nullable(data)[column]):
            encoded = tally.encode(series)
            x = data[column].to_numpy()
            present = ~np.isnan(x)
            assert (encoded.present == present).all()
            assert (encoded.values[encoded.codes[present]] == x[present]).all()
            assert (np.diff(encoded.values) > 0).all()


def test_crosstab_equals_pandas(data):
    table = tally.crosstab(tally.encode(data["a"]), tally.encode(data["g"]))
    expected = pd.crosstab(data["a"], data["g"]).to_numpy()
    assert (table == expected).all()


def test_midranks_equal_scipy_rankdata(data):
    values = data["a"].dropna().to_numpy()
    encoded = tally.encode(values)
    ranks = count_statistics.midranks(tally.frequencies(encoded))[encoded.codes]
    assert np.array_equal(ranks, stats.rankdata(values))


@pytest.mark.parametrize("item", ["a", "b", "c"])
def test_kruskal_wallis_equals_scipy(data, item):
    both = data[[item, "g"]].dropna()
    values, groups = both[item].to_numpy(), both["g"].to_numpy().astype(int)
    result = count_statistics.kruskal_from_table(tally.crosstab(tally.encode(data[item]), tally.encode(data["g"])))
    scipy_result = stats.kruskal(*[values[groups == level] for level in np.unique(groups)])
    n = len(values)
    assert result.n == n
    assert result.df == len(np.unique(groups)) - 1
    assert close(result.h, scipy_result.statistic, n, scale=30 * 12)
    assert close(result.p, scipy_result.pvalue, n, scale=30 * 12 * max(1.0, scipy_result.statistic))
    assert close(result.h, kruskal_wallis(values, groups)[0], n, scale=30 * 12)
    ranks = stats.rankdata(values)
    for index, level in enumerate(np.unique(groups)):
        assert result.sizes[index] == (groups == level).sum()
        assert close(result.mean_ranks[index], ranks[groups == level].mean())
        assert mean_ranks(values, groups)[level][0] == result.sizes[index]


@pytest.mark.parametrize("item", ["a", "c"])
def test_dunn_equals_straightforward(data, item):
    both = data[[item, "g"]].dropna()
    values, groups = both[item].to_numpy(), both["g"].to_numpy().astype(int)
    expected = dunn(values, groups)
    result = count_statistics.kruskal_from_table(tally.crosstab(tally.encode(data[item]), tally.encode(data["g"])))
    pairs = count_statistics.dunn_from_kruskal(result)
    assert len(pairs["z"]) == len(expected)
    for got_z, got_p, z, p in zip(pairs["z"], pairs["p"], expected["z"], expected["p"], strict=True):
        assert close(got_z, z, len(values), scale=10)
        assert close(got_p, p, len(values), scale=10 * max(1.0, z * z))


@pytest.mark.parametrize(("var1", "var2"), [("a", "b"), ("a", "c"), ("b", "c"), ("a", "g")])
def test_spearman_from_cross_table_equals_scipy(data, var1, var2):
    x, y = data[var1].to_numpy(), data[var2].to_numpy()
    keep = ~(np.isnan(x) | np.isnan(y))
    n, rho, p = count_statistics.spearman_from_table(tally.crosstab(tally.encode(data[var1]), tally.encode(data[var2])))
    expected = stats.spearmanr(x[keep], y[keep])
    assert n == keep.sum()
    assert close(rho, expected.statistic, scale=1e-3)
    assert close(p, expected.pvalue, scale=1e-3 * max(1.0, n * expected.statistic**2))
    assert (n, rho) == (spearman(x, y)[0], pytest.approx(spearman(x, y)[1], rel=TOL, abs=1e-19 * n))


@pytest.mark.parametrize("item", ["a", "b", "c"])
def test_spearman_with_covariate_equals_scipy(data, item):
    """From the covariate x item table as the correlation table counts it (a row per distinct covariate value)."""
    x, y = data[item].to_numpy(), data["x"].to_numpy()
    keep = ~(np.isnan(x) | np.isnan(y))
    n, rho, p = count_statistics.spearman_from_table(tally.Tallies(data).tables([("x", item)])[("x", item)])
    expected = stats.spearmanr(x[keep], y[keep])
    assert n == keep.sum()
    assert close(rho, expected.statistic, scale=1e-3)
    assert close(p, expected.pvalue, scale=1e-3 * max(1.0, n * expected.statistic**2))


def test_covariate_ranks_within_subset_equal_rankdata(data):
    """Midranks of the covariate's margins over the rows where an item is present are scipy's ranks there."""
    covariate, item = tally.encode(data["x"]), tally.encode(data["c"])
    table = tally.crosstab(covariate, item)
    ranks = count_statistics.midranks(table.sum(axis=1))
    keep = covariate.present & item.present
    assert np.array_equal(ranks[covariate.codes[keep]], stats.rankdata(data["x"].to_numpy()[keep]))


@pytest.mark.parametrize("item", ["a", "c"])
def test_summary_from_counts_equals_numpy(data, item):
    values = data[item].dropna().to_numpy()
    encoded = tally.encode(values)
    got = count_statistics.summary_from_counts(encoded.values, tally.frequencies(encoded))
    expected = summary(values)
    assert got["n_valid"] == expected["n_valid"]
    for key in ("mean", "sd", "median", "mode", "q1", "q3", "iqr"):
        assert close(got[key], expected[key]), key
    assert got["median"] == np.median(values)
    assert (got["q1"], got["q3"]) == tuple(np.percentile(values, [25, 75], method="weibull"))


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 7, 10])
def test_quantiles_of_tiny_samples(n):
    values = np.arange(1, n + 1, dtype=float)[::-1] % 3 + 1
    encoded = tally.encode(values)
    freq = tally.frequencies(encoded)
    for p in (0.25, 0.5, 0.75):
        expected = np.percentile(values, 100 * p, method="weibull")
        assert count_statistics.quantile_type6(encoded.values, freq, p) == expected


def test_undefined_cases_give_nan():
    constant = count_statistics.kruskal_from_table(np.array([[0, 0], [3, 4]]))
    assert np.isnan(constant.h) and np.isnan(constant.p) and np.isnan(constant.df) and constant.k == 2
    one_level = count_statistics.kruskal_from_table(np.array([[2, 0], [3, 0]]))
    assert np.isnan(one_level.h) and np.isnan(one_level.df) and one_level.k == 1
    empty = count_statistics.kruskal_from_table(np.zeros((0, 3)))
    assert empty.n == 0 and empty.k == 0 and np.isnan(empty.df)  # df was -1 (#13)
    assert count_statistics.why_undefined(0, 0, 0) == "no_answers"
    assert count_statistics.why_undefined(5, 1, 3) == "one_level"
    assert count_statistics.why_undefined(5, 2, 1) == "no_variation"
    assert count_statistics.why_undefined(5, 2, 2) == ""
    assert np.isnan(count_statistics.spearman_from_table(np.array([[1, 1], [0, 0]]))[1])
    assert count_statistics.spearman_from_table(np.array([[1, 0], [0, 1]]))[0] == 2
    assert np.isnan(count_statistics.spearman_from_table(np.array([[1, 0], [0, 1]]))[1])
    assert count_statistics.summary_from_counts(np.array([]), np.array([]))["n_valid"] == 0


def test_perfectly_monotone_pair_has_rho_one_and_p_zero():
    """(2,4,5) against (1,3,5): rho = 1, t infinite; R's cor.test(method = "spearman", exact = FALSE) gives
    rho 1, S 0, p 0 (tests/reference/degenerate_reference.R). This raised ZeroDivisionError (#13)."""
    x, y = tally.encode(np.array([2.0, 4, 5])), tally.encode(np.array([1.0, 3, 5]))
    assert count_statistics.spearman_from_table(tally.crosstab(x, y)) == (3, 1.0, 0.0)
    reversed_order = tally.crosstab(x, tally.encode(np.array([5.0, 3, 1])))
    assert count_statistics.spearman_from_table(reversed_order) == (3, -1.0, 0.0)
    # with ties: R gives rho 1, p 0 for (1,1,2,2,3,3,4) against (1,1,2,2,3,3,5)
    tied = tally.crosstab(tally.encode(np.array([1.0, 1, 2, 2, 3, 3, 4])),
                          tally.encode(np.array([1.0, 1, 2, 2, 3, 3, 5])))
    assert count_statistics.spearman_from_table(tied) == (7, 1.0, 0.0)


def test_perfect_order_only_for_one_cell_per_row_and_column_on_a_diagonal():
    assert count_statistics.perfect_order(np.array([[2, 0, 0], [0, 0, 0], [0, 0, 1]])) == 1
    assert count_statistics.perfect_order(np.array([[0, 3], [1, 0]])) == -1
    assert count_statistics.perfect_order(np.array([[1, 1], [0, 1]])) == 0
    assert count_statistics.perfect_order(np.array([[1, 0, 0], [0, 0, 1], [0, 1, 0]])) == 0  # a bijection, not monotone
    assert count_statistics.perfect_order(np.array([[4]])) == 0


def test_t_test_p_at_the_edges():
    assert np.isnan(count_statistics.t_test_p(0.5, 2)) and np.isnan(count_statistics.t_test_p(np.nan, 10))
    assert count_statistics.t_test_p(1.0, 3) == 0.0 and count_statistics.t_test_p(-1.0, 50) == 0.0
    # R: cor.test(c(1,2,3,4,5), c(2,1,4,3,5), method="spearman", exact=FALSE)$p.value; rho = 0.8
    assert count_statistics.t_test_p(0.8, 5) == pytest.approx(0.10408803866182796, rel=1e-12)


# --- the pipeline's tables: fast path against the straightforward functions -------------------------------

def codebook():
    return parse_codebook({
        "study": {"id": "counts", "language": LANGUAGE},
        "id_column": "id",
        "scales": {"agree5": {"levels": [{"code": c, "label": str(c)} for c in range(1, 6)],
                              "dont_know": [{"code": 6, "label": "don't know"}]}},
        "items": [{"column": q, "scale": "agree5", "label": q} for q in ("a", "b", "c")],
        "factors": [{"column": "g", "label": "g", "levels": [{"code": c, "label": str(c)} for c in (1, 2, 3, 4)]}],
        "covariates": [{"column": "x", "label": "x"}],
    })


@pytest.fixture(scope="module", params=(50, 1_000, 20_000), ids=lambda n: f"n{n}")
def cleaned(request):
    n = request.param
    frame = survey(n, seed=n + 1)
    rng = np.random.default_rng(n)
    raw = pd.DataFrame({"id": [f"r{i}" for i in range(n)]})
    for column in ("a", "b", "c", "g"):
        cells = frame[column].map(lambda v: "" if np.isnan(v) else str(int(v)))
        if column != "g":
            cells = cells.where(rng.random(n) > 0.05, "6")  # don't know
        raw[column] = cells
    raw["x"] = frame["x"].map(lambda v: "" if np.isnan(v) else f"{v:g}")
    book = codebook()
    data, _ = clean(raw, book, source="test")
    return data, book


def test_kruskal_wallis_table_equals_functions(cleaned):
    data, book = cleaned
    table = kruskal_wallis_table(data, book)
    for row in table.itertuples():
        both = data[[row.item, "g"]].dropna()
        values, groups = both[row.item].to_numpy(dtype=float), both["g"].to_numpy(dtype=int)
        h, p, df = kruskal_wallis(values, groups)
        assert (row.n, row.df, row.dropped_levels) == (len(values), df, "4")
        assert close(row.H, h, len(values), scale=360)
        assert close(row.p, p, len(values), scale=360 * max(1.0, h))
        for level, (size, rank) in mean_ranks(values, groups).items():
            assert getattr(row, f"n_{level}") == size
            assert close(getattr(row, f"mean_rank_{level}"), rank)


def test_dunn_table_equals_function(cleaned):
    data, book = cleaned
    kruskal = kruskal_wallis_table(data, book)
    table = dunn_table(data, book, kruskal, only_significant=False, alpha=0.05)
    for item in ("a", "b", "c"):
        both = data[[item, "g"]].dropna()
        expected = dunn(both[item].to_numpy(dtype=float), both["g"].to_numpy(dtype=int))
        got = table[table["item"] == item].reset_index(drop=True)
        assert list(got["level1"]) == list(expected["level1"]) and list(got["n2"]) == list(expected["n2"])
        for column in ("mean_rank1", "mean_rank2", "z", "p", "p_holm_test", "p_bonferroni_test"):
            for a, b in zip(got[column], expected[column], strict=True):
                assert close(a, b, len(both), scale=10 * max(1.0, abs(b))), column


def test_correlation_table_equals_spearman(cleaned):
    data, book = cleaned
    table = correlation_table(data, book)
    assert len(table) == 3 + 3
    for row in table.itertuples():
        n, rho, p = spearman(data[row.var1].to_numpy(dtype=float, na_value=np.nan),
                             data[row.var2].to_numpy(dtype=float, na_value=np.nan))
        assert row.n == n
        assert close(row.rho, rho, scale=1e-3)
        assert close(row.p, p, scale=1e-3 * max(1.0, n * rho**2))


def test_descriptives_equal_summary(cleaned):
    data, book = cleaned
    table = descriptives(data, book).set_index("item")
    for item in ("a", "b", "c"):
        values = data[item].dropna().to_numpy(dtype=float)
        expected = summary(values)
        for key in ("n_valid", "mean", "sd", "median", "mode", "q1", "q3", "iqr"):
            assert close(float(table.loc[item, key]), float(expected[key])), key
        codes = data[f"{item}_code"]
        assert table.loc[item, "n_dont_know"] == (codes == 6).sum()
        assert table.loc[item, "agree_percent"] == pytest.approx(100 * np.isin(values, [4, 5]).mean(), rel=TOL)
        assert table.loc[item, "disagree_percent"] == pytest.approx(100 * np.isin(values, [1, 2]).mean(), rel=TOL)


@pytest.mark.parametrize("n", [0, 1, 500, 20_000])
def test_pair_tables_equal_crosstab(n):
    """Blocked joint tables give every pair's cross-table, any order, mixed widths (one too wide for a block)."""
    rng = np.random.default_rng(n)
    variables = []
    for width in (5, 5, 3, 7, 5, 2, 5, 5, 40, 1, 5, 5):
        column = pd.Series(rng.integers(1, width + 1, n), dtype="Int8")
        column[rng.random(n) < 0.1] = pd.NA
        variables.append(tally.encode(column))
    pairs = [(i, j) for i in range(len(variables)) for j in range(len(variables)) if i != j]
    for (i, j), table in tally.pair_tables(variables, pairs).items():
        assert np.array_equal(table, tally.crosstab(variables[i], variables[j])), (i, j)


def test_tallies_count_each_table_once_in_either_orientation():
    """Tallies' tables equal crosstab, (b, a) is the transpose of (a, b) and is not counted again."""
    rng = np.random.default_rng(7)
    frame = pd.DataFrame({name: pd.Series(rng.integers(1, width + 1, 3_000), dtype="Int8")
                          for name, width in (("a", 5), ("b", 4), ("g", 3))})
    frame.loc[rng.random(3_000) < 0.1, "a"] = pd.NA
    tallies = tally.Tallies(frame)
    first = tallies.tables([("a", "g"), ("b", "g"), ("a", "b")])
    for (x, y), table in first.items():
        assert np.array_equal(table, tally.crosstab(tally.encode(frame[x]), tally.encode(frame[y])))
    again = tallies.tables([("g", "a"), ("a", "b")])
    assert np.array_equal(again[("g", "a")], first[("a", "g")].T) and again[("a", "b")] is first[("a", "b")]


def test_counts_of_equals_the_encoded_counts_or_declines():
    column = pd.Series([1, 2, 2, None, 6, 6, 6], dtype="Int16")
    encoded = tally.encode(column)
    expected = dict(zip(encoded.values.astype(int).tolist(), encoded.counts.tolist(), strict=True))
    assert tally.counts_of(column, (1, 2, 3, 6, 300_000)) == expected == {1: 1, 2: 2, 6: 3}
    assert tally.counts_of(column, (1, 2)) is None  # 6 is not among the values asked for
    assert tally.counts_of(column.astype(float), (1, 2, 6)) is None  # not a nullable integer column
