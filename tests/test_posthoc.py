"""Dunn's post-hoc test (likertpipe.posthoc, from counts) against the textbook formula computed here with numpy."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from likertpipe import tally
from likertpipe.clean import clean
from likertpipe.codebook import Codebook, parse_codebook
from likertpipe.inference import kruskal_wallis_table
from likertpipe.labels import attach
from likertpipe.posthoc import dunn_from_counts, dunn_table

LANGUAGE = "en"
DUNN_COLUMNS = ["item", "factor", "level1", "level2", "n1", "n2", "mean_rank1", "mean_rank2", "z", "p", "p_holm_test",
                "p_bonferroni_test"]


def dunn(values: np.ndarray, groups: np.ndarray) -> pd.DataFrame:
    """`posthoc.dunn_from_counts` of the values x groups table of counts, as `dunn_table` calls it."""
    levels = tally.encode(groups)
    return dunn_from_counts(tally.crosstab(tally.encode(values), levels), levels.values.astype(int))


def midranks(values: np.ndarray) -> np.ndarray:
    below = (values[None, :] < values[:, None]).sum(axis=1)
    equal = (values[None, :] == values[:, None]).sum(axis=1)
    return below + (equal + 1) / 2


def textbook_dunn(values: np.ndarray, groups: np.ndarray) -> dict:
    """{(a, b): (z, p)} by Dunn (1964) with the tie term sum(t^3 - t) / (12(N-1))."""
    n = len(values)
    ranks = midranks(values)
    ties = np.array([(values == v).sum() for v in set(values.tolist())])
    tie_term = (ties**3 - ties).sum() / (12 * (n - 1))
    out = {}
    for a, b in combinations(sorted(set(groups.tolist())), 2):
        na, nb = (groups == a).sum(), (groups == b).sum()
        diff = ranks[groups == a].mean() - ranks[groups == b].mean()
        z = diff / np.sqrt((n * (n + 1) / 12 - tie_term) * (1 / na + 1 / nb))
        out[(a, b)] = (z, 2 * (1 - stats.norm.cdf(abs(z))))
    return out


# 14 answers with heavy ties, groups of 4, 5 and 5.
VALUES = np.array([1, 2, 2, 3, 2, 3, 3, 4, 4, 3, 4, 4, 5, 5], dtype=float)
GROUPS = np.array([1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3])


def test_z_and_p_match_the_textbook_formula_with_ties():
    table = dunn(VALUES, GROUPS)
    expected = textbook_dunn(VALUES, GROUPS)
    assert list(zip(table["level1"], table["level2"], strict=True)) == [(1, 2), (1, 3), (2, 3)]
    ranks = midranks(VALUES)
    for row in table.itertuples():
        z, p = expected[(row.level1, row.level2)]
        assert row.z == pytest.approx(z, rel=1e-12)
        assert row.p == pytest.approx(p, rel=1e-10)
        assert row.n1 == (GROUPS == row.level1).sum() and row.n2 == (GROUPS == row.level2).sum()
        assert row.mean_rank1 == pytest.approx(ranks[GROUPS == row.level1].mean())
        assert row.mean_rank2 == pytest.approx(ranks[GROUPS == row.level2].mean())


def test_tie_term_matters_so_a_missing_correction_is_caught():
    table = dunn(VALUES, GROUPS)
    n = len(VALUES)
    ranks = midranks(VALUES)
    diff = ranks[GROUPS == 1].mean() - ranks[GROUPS == 3].mean()
    z_without_ties = diff / np.sqrt(n * (n + 1) / 12 * (1 / 4 + 1 / 5))
    z = table.loc[(table["level1"] == 1) & (table["level2"] == 3), "z"].iloc[0]
    assert abs(z - z_without_ties) > 0.02


def test_hand_example_without_ties():
    # ranks 1..6; group 1 has ranks 1, 2, 3 (mean 2), group 2 has 4, 5, 6 (mean 5); variance 6*7/12 = 3.5
    table = dunn(np.array([1.0, 2, 3, 4, 5, 6]), np.array([1, 1, 1, 2, 2, 2]))
    assert len(table) == 1
    z = (2 - 5) / np.sqrt(3.5 * (1 / 3 + 1 / 3))
    assert table.loc[0, "z"] == pytest.approx(z)
    assert table.loc[0, "p"] == pytest.approx(2 * stats.norm.cdf(-abs(z)))
    assert table.loc[0, "p_holm_test"] == pytest.approx(table.loc[0, "p"])  # one pair: nothing to adjust


def test_pairs_are_symmetric():
    """Relabelling the levels in reverse order swaps each pair: z changes sign, p stays."""
    table = dunn(VALUES, GROUPS).set_index(["level1", "level2"])
    swapped = dunn(VALUES, 4 - GROUPS).set_index(["level1", "level2"])  # 1 <-> 3
    for (a, b), row in table.iterrows():
        other = swapped.loc[(4 - b, 4 - a)]
        assert other["z"] == pytest.approx(-row["z"], rel=1e-12)
        assert other["p"] == pytest.approx(row["p"], rel=1e-12)
        assert (other["n1"], other["n2"]) == (row["n2"], row["n1"])


def test_row_order_of_the_data_does_not_matter():
    order = np.random.default_rng(3).permutation(len(VALUES))
    pd.testing.assert_frame_equal(dunn(VALUES[order], GROUPS[order]), dunn(VALUES, GROUPS), rtol=1e-12)


def test_all_pairs_of_present_levels_only():
    values = np.array([1, 2, 3, 3, 4, 5, 2, 4], dtype=float)
    groups = np.array([1, 1, 4, 4, 7, 7, 7, 1])  # levels 2, 3, 5, 6 absent
    table = dunn(values, groups)
    assert list(zip(table["level1"], table["level2"], strict=True)) == [(1, 4), (1, 7), (4, 7)]
    assert set(table["level1"]) | set(table["level2"]) == {1, 4, 7}


def test_within_test_holm_and_bonferroni_by_hand():
    values = np.array([1, 1, 2, 2, 2, 3, 3, 4, 4, 4, 5, 5, 5, 5, 4, 3, 5, 5, 5, 4], dtype=float)
    groups = np.repeat([1, 2, 3, 4], 5)
    table = dunn(values, groups)
    p = table["p"].to_numpy()
    m = len(p)
    assert m == 6
    assert table["p_bonferroni_test"].to_numpy() == pytest.approx(np.minimum(1, m * p), rel=1e-12)
    order = np.argsort(p)
    holm = np.empty(m)
    running = 0.0
    for i, j in enumerate(order):
        running = max(running, min(1.0, (m - i) * p[j]))
        holm[j] = running
    assert table["p_holm_test"].to_numpy() == pytest.approx(holm, rel=1e-12)
    assert (table["p_bonferroni_test"] >= table["p_holm_test"] - 1e-15).all()


def test_constant_values_give_nan_without_crashing():
    table = dunn(np.array([3.0, 3, 3, 3, 3, 3]), np.array([1, 1, 2, 2, 3, 3]))
    assert len(table) == 3
    for column in ("z", "p", "p_holm_test", "p_bonferroni_test"):
        assert table[column].isna().all(), column
    assert (table["mean_rank1"] == 3.5).all()


def test_one_level_gives_an_empty_table():
    table = dunn(np.array([1.0, 2, 3]), np.array([2, 2, 2]))
    assert table.empty
    assert list(table.columns) == ["level1", "level2", "n1", "n2", "mean_rank1", "mean_rank2", "z", "p",
                                   "p_holm_test", "p_bonferroni_test"]


# --- dunn_table -----------------------------------------------------------------------------------------


def make_codebook() -> Codebook:
    return parse_codebook({
        "study": {"id": "posthoc", "language": LANGUAGE},
        "id_column": "id",
        "scales": {"agree5": {"levels": [{"code": c, "label": str(c)} for c in range(1, 6)],
                              "dont_know": [{"code": 6, "label": "don't know"}]}},
        "items": [{"column": q, "scale": "agree5", "label": q} for q in ("a", "b", "c")],
        "factors": [{"column": "g", "label": "group",
                     "levels": [{"code": 1, "label": {"en": "North", "nb": "Nord"}},
                                {"code": 2, "label": {"en": "Middle", "nb": "Midt"}},
                                {"code": 3, "label": {"en": "South", "nb": "Sør"}}]}],
    })


# a separates the groups clearly, b hardly, c has don't knows and no answer in group 2
RAW = pd.DataFrame({
    "id": [f"r{i}" for i in range(12)],
    "a": ["1", "1", "2", "2", "3", "3", "3", "4", "5", "5", "5", "4"],
    "b": ["3", "2", "4", "3", "2", "4", "3", "3", "4", "2", "3", "3"],
    "c": ["1", "2", "1", "2", "6", "6", "", "6", "4", "5", "5", "4"],
    "g": ["1", "1", "1", "1", "2", "2", "2", "2", "3", "3", "3", "3"],
})


@pytest.fixture
def prepared():
    codebook = make_codebook()
    data, _ = clean(RAW, codebook, source="test")
    return data, codebook


def test_dunn_table_only_significant_keeps_rows_of_kw_tests_below_alpha(prepared):
    data, codebook = prepared
    kruskal = pd.DataFrame({"item": ["a", "b", "c"], "factor": ["g", "g", "g"], "p": [0.001, 0.3, 0.04]})
    result = dunn_table(data, codebook, kruskal, only_significant=True, alpha=0.05)
    assert list(result.columns) == DUNN_COLUMNS
    assert result["item"].unique().tolist() == ["a", "c"]
    strict = dunn_table(data, codebook, kruskal, only_significant=True, alpha=0.04)
    assert strict["item"].unique().tolist() == ["a"]  # p == alpha is not significant
    everything = dunn_table(data, codebook, kruskal, only_significant=False, alpha=0.04)
    assert everything["item"].unique().tolist() == ["a", "b", "c"]


def test_dunn_table_with_the_real_kruskal_table(prepared):
    data, codebook = prepared
    kruskal = kruskal_wallis_table(data, codebook)
    alpha = 0.05
    result = dunn_table(data, codebook, kruskal, only_significant=True, alpha=alpha)
    significant = kruskal.loc[kruskal["p"] < alpha, "item"].tolist()
    assert significant  # the data are built so that item a differs
    assert "b" not in significant
    assert sorted(result["item"].unique()) == sorted(significant)


def test_dunn_table_rows_match_dunn_and_carry_labels(prepared):
    data, codebook = prepared
    kruskal = pd.DataFrame({"item": ["a", "c"], "factor": ["g", "g"], "p": [0.01, 0.01]})
    result = attach("dunn", dunn_table(data, codebook, kruskal, only_significant=False, alpha=0.05), codebook, "nb")
    a = result[result["item"] == "a"].reset_index(drop=True)
    values = RAW["a"].astype(float).to_numpy()
    groups = RAW["g"].astype(int).to_numpy()
    expected = textbook_dunn(values, groups)
    assert list(zip(a["level1"], a["level2"], strict=True)) == [(1, 2), (1, 3), (2, 3)]
    assert a["level1_label"].tolist() == ["Nord", "Nord", "Midt"]
    assert a["level2_label"].tolist() == ["Midt", "Sør", "Sør"]
    assert a["z"].tolist() == pytest.approx([expected[pair][0] for pair in [(1, 2), (1, 3), (2, 3)]], rel=1e-12)
    c = result[result["item"] == "c"]
    # group 2 answered only don't know or nothing: absent from the pairs; the test runs on the 8 answers
    assert list(zip(c["level1"], c["level2"], strict=True)) == [(1, 3)]
    assert (c["n1"] + c["n2"]).tolist() == [8]
    valid = RAW["c"].isin(list("12345"))
    z, _ = textbook_dunn(RAW.loc[valid, "c"].astype(float).to_numpy(), RAW.loc[valid, "g"].astype(int).to_numpy())[
        (1, 3)]
    assert c["z"].iloc[0] == pytest.approx(z, rel=1e-12)


def test_dunn_table_rows_without_p_are_skipped(prepared):
    data, codebook = prepared
    kruskal = pd.DataFrame({"item": ["a", "b"], "factor": ["g", "g"], "p": [np.nan, 0.2]})
    result = dunn_table(data, codebook, kruskal, only_significant=False, alpha=0.05)
    assert result["item"].unique().tolist() == ["b"]


def test_dunn_table_empty_has_the_documented_columns(prepared):
    data, codebook = prepared
    kruskal = pd.DataFrame({"item": ["a", "b"], "factor": ["g", "g"], "p": [0.5, np.nan]})
    result = dunn_table(data, codebook, kruskal, only_significant=True, alpha=0.05)
    assert result.empty
    assert list(result.columns) == DUNN_COLUMNS
