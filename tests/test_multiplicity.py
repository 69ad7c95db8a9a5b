"""Multiple-testing adjustment (likertpipe.multiplicity) against R's p.adjust and hand computations."""

from __future__ import annotations

import gc
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from likertpipe.errors import LikertpipeError
from likertpipe.multiplicity import add_adjusted, adjust

NAN = np.nan
R_REFERENCE = Path(__file__).parent / "reference" / "p_adjust_reference.csv"
R_METHODS = {"holm": "holm", "bh": "BH", "bonferroni": "bonferroni"}


def holm_by_hand(p: list[float]) -> np.ndarray:
    """Holm (1979): sort ascending, multiply the i-th smallest (0-based) by m - i, running max, cap at 1."""
    p = np.asarray(p, dtype=float)
    m = len(p)
    order = np.argsort(p, kind="stable")
    out = np.empty(m)
    running = 0.0
    for i, j in enumerate(order):
        running = max(running, min(1.0, (m - i) * p[j]))
        out[j] = running
    return out


def bh_by_hand(p: list[float]) -> np.ndarray:
    """Benjamini-Hochberg (1995): p_(i) * m / i, running min from the largest, cap at 1."""
    p = np.asarray(p, dtype=float)
    m = len(p)
    order = np.argsort(p, kind="stable")
    out = np.empty(m)
    running = 1.0
    for rank in range(m, 0, -1):
        j = order[rank - 1]
        running = min(running, p[j] * m / rank)
        out[j] = running
    return out


P = [0.01, 0.04, 0.03, 0.005]
P_TIES = [0.02, 0.02, 0.5, 1.0]


def test_holm_by_hand():
    # sorted 0.005*4 = 0.02, 0.01*3 = 0.03, 0.03*2 = 0.06, 0.04*1 = 0.04 -> running max 0.06
    assert adjust(np.array(P), "holm") == pytest.approx([0.03, 0.06, 0.06, 0.02], abs=1e-12)
    assert adjust(np.array(P), "holm") == pytest.approx(holm_by_hand(P), abs=1e-12)


def test_holm_with_ties_and_p_one():
    # 0.02*4 = 0.08, 0.02*3 = 0.06 -> 0.08, 0.5*2 = 1, 1*1 = 1
    assert adjust(np.array(P_TIES), "holm") == pytest.approx([0.08, 0.08, 1.0, 1.0], abs=1e-12)


def test_bh_by_hand():
    # 0.005*4/1 = 0.02, 0.01*4/2 = 0.02, 0.03*4/3 = 0.04, 0.04*4/4 = 0.04
    assert adjust(np.array(P), "bh") == pytest.approx([0.02, 0.04, 0.04, 0.02], abs=1e-12)
    assert adjust(np.array(P), "bh") == pytest.approx(bh_by_hand(P), abs=1e-12)


def test_bh_with_ties_and_p_one():
    # 0.02*4/1 = 0.08, 0.02*4/2 = 0.04, 0.5*4/3, 1*4/4 = 1; running min from the top
    assert adjust(np.array(P_TIES), "bh") == pytest.approx([0.04, 0.04, 2 / 3, 1.0], abs=1e-12)


def test_bonferroni_is_m_times_p_capped_at_one():
    assert adjust(np.array(P), "bonferroni") == pytest.approx([0.04, 0.16, 0.12, 0.02], abs=1e-12)
    assert adjust(np.array([0.3, 0.5, 1.0]), "bonferroni") == pytest.approx([0.9, 1.0, 1.0], abs=1e-12)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_random_vectors_match_the_hand_implementations(seed):
    rng = np.random.default_rng(seed)
    p = np.round(rng.uniform(0, 0.2, size=12), 3)  # rounding gives ties
    assert adjust(p, "holm") == pytest.approx(holm_by_hand(p), abs=1e-12)
    assert adjust(p, "bh") == pytest.approx(bh_by_hand(p), abs=1e-12)
    assert adjust(p, "bonferroni") == pytest.approx(np.minimum(1, 12 * p), abs=1e-12)


def test_adjusted_p_is_never_below_raw_p_and_bh_never_above_holm():
    p = np.array([0.001, 0.01, 0.02, 0.03, 0.2, 0.7])
    holm, bh, bonf = (adjust(p, m) for m in ("holm", "bh", "bonferroni"))
    assert np.all(holm >= p) and np.all(bh >= p)
    assert np.all(bh <= holm + 1e-15) and np.all(holm <= bonf + 1e-15)


@pytest.mark.parametrize("method", ["holm", "bh", "bonferroni"])
def test_nan_stays_nan_and_is_left_out_of_the_family(method):
    with_nan = np.array([0.01, NAN, 0.04, NAN])
    out = adjust(with_nan, method)
    assert np.isnan(out[1]) and np.isnan(out[3])
    assert out[[0, 2]] == pytest.approx(adjust(np.array([0.01, 0.04]), method), abs=1e-12)


def test_nan_family_size_by_hand():
    assert adjust(np.array([0.01, NAN, 0.04]), "bonferroni")[[0, 2]] == pytest.approx([0.02, 0.08])
    assert adjust(np.array([0.01, NAN, 0.04]), "holm")[[0, 2]] == pytest.approx([0.02, 0.04])


@pytest.mark.parametrize("method", ["holm", "bh", "bonferroni"])
def test_all_nan_and_empty(method):
    assert np.isnan(adjust(np.array([NAN, NAN]), method)).all()
    assert len(adjust(np.array([]), method)) == 0


# --- R's p.adjust: random vectors of lengths 1-200 with ties, 0, 1 and NA -------------------------------


def r_vectors() -> list[pd.DataFrame]:
    """tests/reference/p_adjust_reference.csv (tests/reference/p_adjust_reference.R), one frame per vector."""
    table = pd.read_csv(R_REFERENCE, na_values=["NaN"], keep_default_na=False)
    return [rows for _, rows in table.groupby("vector", sort=True)]


def test_r_reference_covers_ties_zero_one_nan_and_lengths_to_200():
    vectors = r_vectors()
    lengths = {len(v) for v in vectors}
    assert set(range(1, 21)) <= lengths and max(lengths) == 200
    assert sum(v["p"].isna().any() for v in vectors) >= 10
    assert sum((v["p"] == 0).any() for v in vectors) >= 10 and sum((v["p"] == 1).any() for v in vectors) >= 5
    assert sum(v["p"].dropna().duplicated().any() for v in vectors) >= 20
    assert any(v["p"].isna().all() for v in vectors)


@pytest.mark.parametrize("method", list(R_METHODS))
def test_adjust_equals_r_p_adjust(method):
    worst = 0.0
    for vector in r_vectors():
        p, expected = vector["p"].to_numpy(), vector[R_METHODS[method]].to_numpy()
        got = adjust(p, method)
        assert np.array_equal(np.isnan(got), np.isnan(expected)), vector["vector"].iloc[0]
        worst = max(worst, float(np.nanmax(np.abs(got - expected), initial=0.0)))
    assert worst <= 1e-12


def test_a_wrong_family_size_is_caught_by_the_r_reference():
    """NaN counted into m (as a careless implementation would) differs from R by more than the tolerance."""
    vector = next(v for v in r_vectors() if v["p"].isna().any() and (v["p"].dropna() < 0.05).sum() >= 2)
    p = vector["p"].to_numpy()
    careless = np.minimum(1, np.where(np.isnan(p), np.nan, p * len(p)))
    assert np.nanmax(np.abs(careless - vector["bonferroni"].to_numpy())) > 1e-6
    assert np.nanmax(np.abs(adjust(p, "bonferroni") - vector["bonferroni"].to_numpy())) <= 1e-12


@pytest.mark.parametrize("method", list(R_METHODS))
def test_adjust_is_bit_for_bit_what_statsmodels_gave(method, monkeypatch):
    """The pipeline used statsmodels' multipletests until #14: the same floating point operations, so every
    adjusted p it writes stays byte-identical. (multipletests runs gc.collect() for Holm, which is what made
    this comparison take a minute; it is switched off here.)"""
    from statsmodels.stats import multitest

    monkeypatch.setattr(gc, "collect", lambda generation=2: 0)
    name = {"holm": "holm", "bh": "fdr_bh", "bonferroni": "bonferroni"}[method]
    rng = np.random.default_rng(14)
    for _ in range(500):
        m = int(rng.integers(1, 60))
        p = rng.random(m) ** rng.integers(1, 6)
        p[rng.random(m) < 0.25] = p[0]  # ties
        p[rng.random(m) < 0.05] = 0.0
        p[rng.random(m) < 0.05] = 1.0
        p[rng.random(m) < 0.1] = NAN
        expected = np.full(m, NAN)
        present = ~np.isnan(p)
        if present.any():
            expected[present] = multitest.multipletests(p[present], method=name)[1]
        assert np.array_equal(adjust(p, method), expected, equal_nan=True)


def test_unknown_method_is_an_error():
    with pytest.raises(ValueError, match="holm"):
        adjust(np.array([0.1]), "fdr_by")


# --- add_adjusted ---------------------------------------------------------------------------------------

TABLE = pd.DataFrame({
    "item": ["q1", "q1", "q2", "q2", "q3", "q1", "q2"],
    "factor": ["a", "b", "a", "b", "a", "a", "b"],
    "p": [0.01, 0.04, 0.03, 0.005, 0.2, NAN, 0.02],
})


def test_empty_family_adjusts_the_whole_table():
    out = add_adjusted(TABLE, [])
    for method in ("holm", "bh"):
        assert out[f"p_{method}"].to_numpy() == pytest.approx(adjust(TABLE["p"].to_numpy(), method), nan_ok=True)
    assert "p_bonferroni" not in out.columns
    assert "p_holm" not in TABLE.columns  # the input is not modified


@pytest.mark.parametrize("family", [["factor"], ["item"], ["item", "factor"]])
def test_each_family_equals_adjusting_that_subset_alone(family):
    out = add_adjusted(TABLE, family, methods=("holm", "bh", "bonferroni"))
    for _, subset in TABLE.groupby(family):
        for method in ("holm", "bh", "bonferroni"):
            expected = adjust(subset["p"].to_numpy(), method)
            got = out.loc[subset.index, f"p_{method}"].to_numpy()
            assert got == pytest.approx(expected, nan_ok=True), (family, method)


def test_family_by_factor_by_hand():
    out = add_adjusted(TABLE, ["factor"], methods=("bonferroni",))
    # factor a: p 0.01, 0.03, 0.2 and a NaN -> m = 3; factor b: 0.04, 0.005, 0.02 -> m = 3
    expected = [0.03, 0.12, 0.09, 0.015, 0.6, NAN, 0.06]
    assert out["p_bonferroni"].to_numpy() == pytest.approx(expected, nan_ok=True)
    assert list(out.columns) == ["item", "factor", "p", "p_bonferroni"]


def test_non_default_index_and_other_column():
    table = pd.DataFrame({"fam": ["x", "y", "x", "y"], "p_raw": [0.01, 0.04, 0.02, 0.03]},
                         index=["w", "v", "u", "t"])
    out = add_adjusted(table, ["fam"], methods=("holm",), column="p_raw")
    assert out.index.tolist() == ["w", "v", "u", "t"]
    assert out["p_raw_holm"].tolist() == pytest.approx([0.02, 0.06, 0.02, 0.06])


def test_family_columns_different_results_than_one_family():
    whole = add_adjusted(TABLE, [], methods=("bonferroni",))
    split = add_adjusted(TABLE, ["factor"], methods=("bonferroni",))
    assert whole.loc[0, "p_bonferroni"] == pytest.approx(0.06)  # six tests with a p
    assert split.loc[0, "p_bonferroni"] == pytest.approx(0.03)


def test_unknown_family_column_names_it():
    with pytest.raises(LikertpipeError, match="scale_group"):
        add_adjusted(TABLE, ["item", "scale_group"])


def test_rows_with_a_missing_family_value_form_their_own_family():
    table = pd.DataFrame({"fam": ["a", "a", None, None, "b"], "p": [0.01, 0.04, 0.02, 0.03, 0.5]})
    out = add_adjusted(table, ["fam"], methods=("bonferroni",))
    assert out["p_bonferroni"].tolist() == pytest.approx([0.02, 0.08, 0.04, 0.06, 0.5])
