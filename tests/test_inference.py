"""Edge cases of the Kruskal-Wallis test (likertpipe.inference, computed by likertpipe.count_statistics) that a
plausible bug would break."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from likertpipe import count_statistics, tally
from likertpipe.clean import clean
from likertpipe.codebook import Codebook, parse_codebook
from likertpipe.inference import effect_sizes, kruskal_wallis_table

LANGUAGE = "en"


def make_codebook(items: list[str], factor_codes: tuple[int, ...] = (1, 2, 3)) -> Codebook:
    return parse_codebook({
        "study": {"id": "edge", "language": LANGUAGE},
        "id_column": "id",
        "scales": {"agree5": {"levels": [{"code": c, "label": str(c)} for c in range(1, 6)],
                              "dont_know": [{"code": 6, "label": "don't know"}]}},
        "items": [{"column": q, "scale": "agree5", "label": q} for q in items],
        "factors": [{"column": "g", "label": "group", "levels": [{"code": c, "label": str(c)} for c in factor_codes]}],
    })


def cleaned(answers: list[str], groups: list[str], codebook: Codebook) -> pd.DataFrame:
    raw = pd.DataFrame({"id": [f"r{i}" for i in range(len(answers))], "q": answers, "g": groups})
    data, _ = clean(raw, codebook, source="test")
    return data


def kruskal_wallis(values: np.ndarray, groups: np.ndarray) -> tuple[float, float, float]:
    """(H, p, df) as the pipeline computes them: `count_statistics.kruskal_from_table` of the values x groups counts."""
    result = count_statistics.kruskal_from_table(tally.crosstab(tally.encode(values), tally.encode(groups)))
    return result.h, result.p, result.df


def mean_ranks(values: np.ndarray, groups: np.ndarray) -> dict:
    """{level: (n, mean rank)} of the levels with values, from `count_statistics.kruskal_from_table`."""
    levels = tally.encode(groups)
    result = count_statistics.kruskal_from_table(tally.crosstab(tally.encode(values), levels))
    return {int(code): (int(size), float(rank))
            for code, size, rank in zip(levels.values, result.sizes, result.mean_ranks, strict=True) if size > 0}


def midranks(values: np.ndarray) -> np.ndarray:
    """Midranks with plain numpy: (number below) + (number equal + 1) / 2."""
    below = (values[None, :] < values[:, None]).sum(axis=1)
    equal = (values[None, :] == values[:, None]).sum(axis=1)
    return below + (equal + 1) / 2


def textbook_h(values: np.ndarray, groups: np.ndarray, tie_correction: bool = True) -> float:
    """H = [12/(n(n+1)) sum R_j^2/n_j - 3(n+1)] / (1 - sum(t^3 - t)/(n^3 - n))."""
    n = len(values)
    ranks = midranks(values)
    h = 12 / (n * (n + 1)) * sum(ranks[groups == g].sum() ** 2 / (groups == g).sum()
                                 for g in np.unique(groups)) - 3 * (n + 1)
    if tie_correction:
        _, t = np.unique(values, return_counts=True)
        h /= 1 - (t**3 - t).sum() / (n**3 - n)
    return h


# Small example with heavy ties: 14 answers, three groups of 4, 5 and 5.
TIED_VALUES = np.array([1, 2, 2, 3, 2, 3, 3, 4, 4, 3, 4, 4, 5, 5], dtype=float)
TIED_GROUPS = np.array([1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3])


def test_tie_corrected_h_matches_textbook_formula():
    h, p, df = kruskal_wallis(TIED_VALUES, TIED_GROUPS)
    assert h == pytest.approx(textbook_h(TIED_VALUES, TIED_GROUPS), rel=1e-12)
    assert df == 2
    assert p == pytest.approx(stats.chi2.sf(h, 2), rel=1e-12)


def test_uncorrected_h_differs_so_a_missing_correction_is_caught():
    corrected = textbook_h(TIED_VALUES, TIED_GROUPS)
    uncorrected = textbook_h(TIED_VALUES, TIED_GROUPS, tie_correction=False)
    assert abs(uncorrected - corrected) / corrected > 0.03
    h, _, _ = kruskal_wallis(TIED_VALUES, TIED_GROUPS)
    assert h != pytest.approx(uncorrected, rel=1e-3)


def test_mean_ranks_are_midranks_per_group():
    ranks = mean_ranks(TIED_VALUES, TIED_GROUPS)
    r = midranks(TIED_VALUES)
    assert set(ranks) == {1, 2, 3}
    for g in (1, 2, 3):
        n, mean_rank = ranks[g]
        assert n == (TIED_GROUPS == g).sum()
        assert mean_rank == pytest.approx(r[TIED_GROUPS == g].mean(), rel=1e-12)
    assert ranks[1] == (4, pytest.approx((1 + 3 + 3 + 6.5) / 4))


def test_level_nobody_answered_is_left_out_of_k_and_df():
    codebook = make_codebook(["q"], factor_codes=(1, 2, 3))
    answers = ["1", "2", "3", "2", "4", "5", "4", "6", ""]
    groups = ["1", "1", "1", "2", "2", "2", "2", "3", "3"]  # group 3: don't know and empty only
    row = kruskal_wallis_table(cleaned(answers, groups, codebook), codebook).iloc[0]
    assert row["k"] == 2
    assert row["df"] == 1
    assert row["n"] == 7
    assert row["n_3"] == 0
    assert pd.isna(row["mean_rank_3"])
    values = np.array([1, 2, 3, 2, 4, 5, 4], dtype=float)
    groups_present = np.array([1, 1, 1, 2, 2, 2, 2])
    assert row["H"] == pytest.approx(textbook_h(values, groups_present), rel=1e-12)
    assert row["p"] == pytest.approx(stats.chi2.sf(row["H"], 1), rel=1e-12)


def test_fewer_than_two_levels_gives_nan_without_crashing():
    h, p, df = kruskal_wallis(np.array([1.0, 2.0, 3.0]), np.array([2, 2, 2]))
    assert np.isnan(h) and np.isnan(p)
    assert np.isnan(df)  # no test, so no df (it would be 0, out of range)
    codebook = make_codebook(["q"])
    data = cleaned(["1", "3", "4", "6", ""], ["2", "2", "2", "1", "3"], codebook)
    row = kruskal_wallis_table(data, codebook).iloc[0]
    assert row["k"] == 1 and row["n"] == 3
    assert np.isnan(row["H"]) and np.isnan(row["p"]) and pd.isna(row["df"])


def test_item_without_any_valid_answer_gives_nan_without_crashing():
    codebook = make_codebook(["q"])
    data = cleaned(["6", "", "6"], ["1", "2", "3"], codebook)
    row = kruskal_wallis_table(data, codebook).iloc[0]
    assert row["n"] == 0 and row["k"] == 0
    assert np.isnan(row["H"]) and np.isnan(row["p"])
    assert pd.isna(row["df"])  # was reported as -1 (#13)


def test_constant_item_gives_nan():
    h, p, df = kruskal_wallis(np.array([3.0, 3.0, 3.0, 3.0, 3.0]), np.array([1, 1, 2, 2, 3]))
    assert np.isnan(h) and np.isnan(p)
    assert np.isnan(df)  # H = 0/0: no test, so no df reported either


def test_no_answers_gives_no_df():
    h, p, df = kruskal_wallis(np.array([]), np.array([]))
    assert np.isnan(h) and np.isnan(p) and np.isnan(df)


# A don't-know answer (6) must be missing, never the value 6 or any other number.
DK_ANSWERS = ["1", "2", "2", "3", "6", "3", "4", "4", "5", "2", "3"]
DK_GROUPS = ["1", "1", "1", "1", "2", "2", "2", "2", "3", "3", "3"]
DK_ROW = 4


def _table_row(answers: list[str], groups: list[str]) -> pd.Series:
    codebook = make_codebook(["q"])
    return kruskal_wallis_table(cleaned(answers, groups, codebook), codebook).iloc[0]


def test_dont_know_is_not_an_answer():
    with_dk = _table_row(DK_ANSWERS, DK_GROUPS)
    as_five = _table_row(DK_ANSWERS[:DK_ROW] + ["5"] + DK_ANSWERS[DK_ROW + 1:], DK_GROUPS)
    dropped = _table_row(DK_ANSWERS[:DK_ROW] + DK_ANSWERS[DK_ROW + 1:], DK_GROUPS[:DK_ROW] + DK_GROUPS[DK_ROW + 1:])
    assert with_dk["n"] == len(DK_ANSWERS) - 1
    assert as_five["H"] != pytest.approx(with_dk["H"], rel=1e-6)
    assert as_five["mean_rank_2"] != pytest.approx(with_dk["mean_rank_2"], rel=1e-6)
    columns = ["n", "k", "H", "df", "p", "n_1", "mean_rank_1", "n_2", "mean_rank_2", "n_3", "mean_rank_3"]
    for column in columns:
        assert with_dk[column] == pytest.approx(dropped[column], rel=1e-12), column


# --- effect sizes ---------------------------------------------------------------------------------------


def test_effect_sizes_by_hand():
    sizes = effect_sizes(10.0, 51, 3)
    assert sizes["epsilon_sq"] == pytest.approx(10 / 50)
    assert sizes["eta_sq_h"] == pytest.approx((10 - 3 + 1) / (51 - 3))
    assert sizes["eta_sq_h"] == pytest.approx(1 / 6)


def test_eta_sq_h_may_be_negative_and_is_not_clamped():
    sizes = effect_sizes(0.5, 20, 3)
    assert sizes["eta_sq_h"] == pytest.approx((0.5 - 2) / 17)
    assert sizes["eta_sq_h"] < 0
    assert sizes["epsilon_sq"] == pytest.approx(0.5 / 19)


def test_effect_sizes_undefined_for_tiny_n():
    assert np.isnan(effect_sizes(1.0, 1, 2)["epsilon_sq"])
    assert np.isnan(effect_sizes(1.0, 3, 3)["eta_sq_h"])
    assert effect_sizes(1.0, 3, 3)["epsilon_sq"] == pytest.approx(0.5)
    nan = effect_sizes(np.nan, 10, 3)
    assert np.isnan(nan["epsilon_sq"]) and np.isnan(nan["eta_sq_h"])


def test_table_effect_sizes_follow_the_formulas():
    codebook = make_codebook(["q"])
    answers = [str(int(v)) for v in TIED_VALUES]
    groups = [str(g) for g in TIED_GROUPS]
    row = kruskal_wallis_table(cleaned(answers, groups, codebook), codebook).iloc[0]
    h = textbook_h(TIED_VALUES, TIED_GROUPS)
    n, k = len(TIED_VALUES), 3
    assert row["epsilon_sq"] == pytest.approx(h / (n - 1), rel=1e-12)
    assert row["eta_sq_h"] == pytest.approx((h - k + 1) / (n - k), rel=1e-12)


def test_table_reports_a_negative_eta_sq_h():
    codebook = make_codebook(["q"])
    answers = ["1", "3", "5", "2", "4", "1", "3", "5", "2", "4", "3", "3"]
    groups = ["1", "1", "1", "1", "2", "2", "2", "2", "3", "3", "3", "3"]
    row = kruskal_wallis_table(cleaned(answers, groups, codebook), codebook).iloc[0]
    values = np.array(answers, dtype=float)
    h = textbook_h(values, np.array(groups, dtype=int))
    assert h < 2  # H below k - 1: eta-squared_H is negative
    assert row["eta_sq_h"] == pytest.approx((h - 2) / (12 - 3), rel=1e-12)
    assert row["eta_sq_h"] < 0


# --- dropped levels -------------------------------------------------------------------------------------


def test_dropped_levels_lists_codes_of_levels_without_answers():
    codebook = make_codebook(["q", "r"], factor_codes=(10, 20, 30, 40))
    raw = pd.DataFrame({
        "id": [f"r{i}" for i in range(8)],
        "q": ["1", "2", "3", "4", "6", "", "5", "2"],
        "r": ["1", "2", "3", "4", "5", "1", "2", "3"],
        "g": ["10", "10", "30", "30", "20", "20", "10", "30"],
    })
    data, _ = clean(raw, codebook, source="test")
    table = kruskal_wallis_table(data, codebook).set_index("item")
    assert table.loc["q", "dropped_levels"] == "20 40"  # 20: don't know and empty only; 40: nobody
    assert table.loc["r", "dropped_levels"] == "40"
    assert table.loc["q", "k"] == 2 and table.loc["r", "k"] == 3
    assert table.loc["q", "n_20"] == 0 and table.loc["q", "n_40"] == 0


def test_dropped_levels_empty_when_every_level_answered():
    row = _table_row(DK_ANSWERS, DK_GROUPS)
    assert row["dropped_levels"] == ""
    assert row["k"] == 3


def test_dropped_levels_lists_every_code_when_nobody_answered():
    codebook = make_codebook(["q"])
    row = kruskal_wallis_table(cleaned(["6", "", "6"], ["1", "2", "3"], codebook), codebook).iloc[0]
    assert row["dropped_levels"] == "1 2 3"
    assert np.isnan(row["epsilon_sq"]) and np.isnan(row["eta_sq_h"])
