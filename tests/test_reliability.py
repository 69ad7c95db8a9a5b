"""Composite indices and Cronbach's alpha (likertpipe.reliability) against formulas computed here."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pingouin
import pytest
from scipy import stats

from likertpipe.clean import clean
from likertpipe.codebook import Codebook, parse_codebook
from likertpipe.labels import attach
from likertpipe.reliability import cronbach_alpha, indices_table, reliability_table
from likertpipe.scores import index_scores, item_matrix

LANGUAGE = "en"
NAN = np.nan


def alpha_by_formula(matrix: np.ndarray) -> float:
    """k/(k-1) * (1 - sum of item variances / variance of the sum score), variances with n - 1."""
    k = matrix.shape[1]
    item_variances = sum(np.var(matrix[:, j], ddof=1) for j in range(k))
    return k / (k - 1) * (1 - item_variances / np.var(matrix.sum(axis=1), ddof=1))


def feldt(alpha: float, n: int, k: int, level: float = 0.95) -> tuple[float, float]:
    gamma = 1 - level
    df1, df2 = n - 1, (n - 1) * (k - 1)
    return (1 - (1 - alpha) * stats.f.isf(gamma / 2, df1, df2),
            1 - (1 - alpha) * stats.f.isf(1 - gamma / 2, df1, df2))


def correlated_items(n: int = 40, k: int = 4, seed: int = 7) -> np.ndarray:
    rng = np.random.default_rng(seed)
    trait = rng.normal(size=(n, 1))
    return np.clip(np.round(3 + trait + rng.normal(scale=0.9, size=(n, k))), 1, 5)


MATRIX = correlated_items()


# --- cronbach_alpha -------------------------------------------------------------------------------------


def test_alpha_matches_the_formula_and_pingouin():
    alpha, low, high = cronbach_alpha(MATRIX)
    assert alpha == pytest.approx(alpha_by_formula(MATRIX), rel=1e-12)
    pg_alpha, pg_ci = pingouin.cronbach_alpha(pd.DataFrame(MATRIX))
    assert alpha == pytest.approx(pg_alpha, rel=1e-10)
    assert (low, high) == pytest.approx(tuple(pg_ci), abs=5.1e-4)  # pingouin rounds to 3 decimals
    assert 0.5 < alpha < 1  # the items share a trait


@pytest.mark.parametrize("level", [0.95, 0.90])
def test_feldt_interval(level):
    alpha, low, high = cronbach_alpha(MATRIX, level=level)
    n, k = MATRIX.shape
    assert (low, high) == pytest.approx(feldt(alpha, n, k, level), rel=1e-12)
    assert low < alpha < high


def test_alpha_hand_example():
    # two identical items: item variances v + v, sum variance 4v -> alpha = 2 * (1 - 2/4) = 1
    x = np.array([1.0, 2, 4, 5, 3])
    alpha, low, high = cronbach_alpha(np.column_stack([x, x]))
    assert alpha == pytest.approx(1.0)
    assert low == pytest.approx(1.0) and high == pytest.approx(1.0)
    # items 1 2 3 / 1 3 2: variances 1 and 1, sums 2 5 5 with variance 3 -> alpha = 2 * (1 - 2/3) = 2/3
    assert cronbach_alpha(np.array([[1.0, 1], [2, 3], [3, 2]]))[0] == pytest.approx(2 / 3)


def test_alpha_can_be_negative():
    x = np.array([1.0, 2, 3, 4, 5])
    matrix = np.column_stack([x, 6 - x + np.array([0, 0.5, 0, -0.5, 0])])
    alpha = cronbach_alpha(matrix)[0]
    assert alpha == pytest.approx(alpha_by_formula(matrix))
    assert alpha < 0


def test_alpha_undefined_cases_give_nan():
    assert all(np.isnan(cronbach_alpha(np.full((6, 3), 4.0))))  # constant: 0/0
    assert all(np.isnan(cronbach_alpha(MATRIX[:1])))  # one respondent
    assert all(np.isnan(cronbach_alpha(MATRIX[:, :1])))  # one item
    assert all(np.isnan(cronbach_alpha(np.empty((0, 3)))))


# --- codebook-driven functions ----------------------------------------------------------------------------


def make_codebook(indices: list[dict], zero_based: bool = False) -> Codebook:
    codes = range(0, 5) if zero_based else range(1, 6)
    return parse_codebook({
        "study": {"id": "reliability", "language": LANGUAGE},
        "id_column": "id",
        "scales": {"s": {"levels": [{"code": c, "label": str(c)} for c in codes],
                         "dont_know": [{"code": 8, "label": "don't know"}]}},
        "items": [{"column": q, "scale": "s", "label": q} for q in ("a", "b", "c", "d", "b_rev")],
        "indices": indices,
    })


def frame(columns: dict[str, list]) -> pd.DataFrame:
    n = len(next(iter(columns.values())))
    return pd.DataFrame({"id": [f"r{i}" for i in range(n)], **{k: [float(v) for v in vs] for k, vs in columns.items()}})


def test_item_matrix_recodes_reversed_items_as_min_plus_max_minus_x():
    codebook = make_codebook([{"id": "idx", "label": "i", "items": ["a", "b"], "reversed": ["b"]}], zero_based=True)
    data = frame({"a": [0, 1, 4], "b": [0, 3, NAN], "c": [1, 1, 1], "d": [1, 1, 1], "b_rev": [1, 1, 1]})
    matrix = item_matrix(data, codebook.indices[0])
    assert list(matrix.columns) == ["a", "b"]
    assert matrix["a"].tolist() == [0, 1, 4]
    assert matrix["b"].tolist()[:2] == [4, 1]  # 0 + 4 - x
    assert np.isnan(matrix["b"].iloc[2])


def test_reversed_copy_of_an_item_gives_the_same_alpha_and_scores():
    codebook = make_codebook([
        {"id": "plain", "label": "plain", "items": ["a", "b", "c"]},
        {"id": "mirrored", "label": "mirrored", "items": ["a", "b_rev", "c"], "reversed": ["b_rev"]},
    ])
    columns = {name: MATRIX[:, j] for j, name in enumerate("abcd")}
    columns["b_rev"] = 6 - MATRIX[:, 1]
    data = frame(columns)
    table = reliability_table(data, codebook)
    plain, mirrored = (table[table["index"] == i].reset_index(drop=True) for i in ("plain", "mirrored"))
    for column in ("n", "k", "alpha", "alpha_ci_low", "alpha_ci_high", "item_rest_r", "alpha_if_deleted"):
        assert mirrored[column].to_numpy() == pytest.approx(plain[column].to_numpy(), rel=1e-12), column
    assert mirrored["reversed"].tolist() == [False, True, False]
    assert plain["reversed"].tolist() == [False, False, False]
    pd.testing.assert_series_equal(index_scores(data, codebook.indices[0]), index_scores(data, codebook.indices[1]))
    # without recoding the mirrored item would pull alpha down
    unreversed = np.column_stack([MATRIX[:, 0], 6 - MATRIX[:, 1], MATRIX[:, 2]])
    assert alpha_by_formula(unreversed) < plain["alpha"].iloc[0] - 0.3


def test_index_scores_by_hand_with_a_zero_based_scale():
    codebook = make_codebook([{"id": "idx", "label": "i", "items": ["a", "b", "c"], "reversed": ["c"]}],
                             zero_based=True)
    data = frame({"a": [0, 2], "b": [1, 4], "c": [4, 1], "d": [0, 0], "b_rev": [0, 0]})
    # c reversed as 4 - c: row 0 (0 + 1 + 0) / 3, row 1 (2 + 4 + 3) / 3
    assert index_scores(data, codebook.indices[0]).tolist() == pytest.approx([1 / 3, 3])


def test_index_scores_respect_min_answered():
    codebook = make_codebook([
        {"id": "two", "label": "two", "items": ["a", "b", "c"], "min_answered": 2},
        {"id": "all", "label": "all", "items": ["a", "b", "c"]},
    ])
    data = frame({"a": [1, 2, NAN, NAN], "b": [3, NAN, 5, NAN], "c": [5, 4, NAN, NAN],
                  "d": [1, 1, 1, 1], "b_rev": [1, 1, 1, 1]})
    two = index_scores(data, codebook.indices[0])
    assert two.iloc[0] == pytest.approx(3)
    assert two.iloc[1] == pytest.approx(3)  # mean of the two answered
    assert np.isnan(two.iloc[2]) and np.isnan(two.iloc[3])  # one and no answers
    every = index_scores(data, codebook.indices[1])
    assert every.iloc[0] == pytest.approx(3)
    assert every.iloc[1:].isna().all()


def test_reliability_table_item_statistics():
    codebook = make_codebook([{"id": "idx", "label": {"en": "Index", "nb": "Indeks"}, "items": ["a", "b", "c", "d"]}])
    data = frame({**{name: MATRIX[:, j] for j, name in enumerate("abcd")}, "b_rev": MATRIX[:, 0]})
    data.loc[[0, 5], "c"] = NAN  # two respondents without c leave every statistic of the index
    complete = np.delete(MATRIX, [0, 5], axis=0)
    table = attach("reliability", reliability_table(data, codebook), codebook, "en")
    assert table["item"].tolist() == ["a", "b", "c", "d"]
    assert (table["label"] == "Index").all()
    assert (table["n"] == len(complete)).all() and (table["k"] == 4).all()
    alpha = alpha_by_formula(complete)
    assert table["alpha"].to_numpy() == pytest.approx(np.full(4, alpha), rel=1e-12)
    low, high = feldt(alpha, len(complete), 4)
    assert table["alpha_ci_low"].iloc[0] == pytest.approx(low) and table["alpha_ci_high"].iloc[0] == pytest.approx(high)
    for j in range(4):
        rest = np.delete(complete, j, axis=1)
        expected_r = np.corrcoef(complete[:, j], rest.sum(axis=1))[0, 1]
        assert table.loc[j, "item_rest_r"] == pytest.approx(expected_r, rel=1e-12)
        assert table.loc[j, "alpha_if_deleted"] == pytest.approx(alpha_by_formula(rest), rel=1e-12)
        # item-rest, not item-total: the item-total correlation is larger
        assert table.loc[j, "item_rest_r"] < np.corrcoef(complete[:, j], complete.sum(axis=1))[0, 1]


def test_alpha_if_deleted_with_two_items_is_nan():
    codebook = make_codebook([{"id": "pair", "label": "p", "items": ["a", "b"]}])
    data = frame({**{name: MATRIX[:, j] for j, name in enumerate("abcd")}, "b_rev": MATRIX[:, 0]})
    table = reliability_table(data, codebook)
    assert table["alpha_if_deleted"].isna().all()
    assert table["alpha"].iloc[0] == pytest.approx(alpha_by_formula(MATRIX[:, :2]))


def test_constant_data_give_nan_without_crashing():
    codebook = make_codebook([{"id": "flat", "label": "f", "items": ["a", "b", "c"]}])
    data = frame({name: [3] * 6 for name in ("a", "b", "c", "d", "b_rev")})
    with np.errstate(all="ignore"):
        table = reliability_table(data, codebook)
    assert len(table) == 3
    for column in ("alpha", "alpha_ci_low", "alpha_ci_high", "item_rest_r", "alpha_if_deleted"):
        assert table[column].isna().all(), column
    scores = indices_table(data, codebook).iloc[0]
    assert scores["mean"] == 3 and scores["iqr"] == 0


def test_too_few_complete_cases_give_nan():
    codebook = make_codebook([{"id": "idx", "label": "i", "items": ["a", "b"]}])
    data = frame({"a": [1, NAN, 3], "b": [NAN, 2, 3], "c": [1, 1, 1], "d": [1, 1, 1], "b_rev": [1, 1, 1]})
    table = reliability_table(data, codebook)
    assert (table["n"] == 1).all()
    assert table[["alpha", "item_rest_r", "alpha_if_deleted"]].isna().all().all()


def test_indices_table_from_cleaned_answers():
    codebook = make_codebook([{"id": "idx", "label": "i", "items": ["a", "b", "c"], "min_answered": 2,
                               "reversed": ["c"]}])
    raw = pd.DataFrame({
        "id": ["r1", "r2", "r3", "r4", "r5"],
        "a": ["1", "2", "8", "", "5"],
        "b": ["3", "8", "8", "4", "4"],
        "c": ["5", "2", "1", "", "1"],
        "d": ["1"] * 5, "b_rev": ["1"] * 5,
    })
    data, _ = clean(raw, codebook, source="test")
    # c reversed as 6 - c; don't know (8) is not an answer
    # r1 (1 + 3 + 1) / 3; r2 (2 + 4) / 2; r3 one answer only; r4 one answer; r5 (5 + 4 + 5) / 3
    expected = [5 / 3, 3, NAN, NAN, 14 / 3]
    assert index_scores(data, codebook.indices[0]).to_numpy() == pytest.approx(expected, nan_ok=True)
    row = indices_table(data, codebook).iloc[0]
    valid = [v for v in expected if not np.isnan(v)]
    assert (row["index"], row["k"], row["min_answered"]) == ("idx", 3, 2)
    assert (row["n_valid"], row["n_missing"]) == (3, 2)
    assert row["mean"] == pytest.approx(np.mean(valid))
    assert row["sd"] == pytest.approx(np.std(valid, ddof=1))
    assert row["median"] == pytest.approx(3)


def test_item_rest_r_of_a_constant_item_is_empty_without_a_warning(recwarn):
    """Every respondent answers 3 to one item: its item-rest r is 0/0, empty, and numpy's divide warning is not
    let out into the job's log (found by tests/test_properties.py)."""
    import pandas as pd

    from likertpipe.codebook import parse_codebook
    from likertpipe.reliability import reliability_table

    scale = {"levels": [{"code": c, "label": str(c)} for c in range(1, 6)]}
    book = parse_codebook({
        "study": {"id": "r"}, "id_column": "id", "scales": {"s": scale},
        "items": [{"column": c, "scale": "s", "label": c} for c in ("a", "b", "c")],
        "indices": [{"id": "i", "label": "I", "items": ["a", "b", "c"]}]})
    data = pd.DataFrame({"a": [3, 3, 3, 3], "b": [1, 2, 4, 5], "c": [2, 2, 5, 4]}).astype("Int8")
    table = reliability_table(data, book).set_index("item")
    assert pd.isna(table.loc["a", "item_rest_r"]) and pd.notna(table.loc["b", "item_rest_r"])
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]
