"""Edge cases of the Spearman correlations (likertpipe.correlate) that a plausible bug would break."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from likertpipe import count_statistics, tally
from likertpipe.clean import clean
from likertpipe.codebook import Codebook, parse_codebook
from likertpipe.correlate import confidence_interval, correlation_table, kendall

LANGUAGE = "en"
NAN = np.nan


def make_codebook() -> Codebook:
    return parse_codebook({
        "study": {"id": "edge", "language": LANGUAGE},
        "id_column": "id",
        "scales": {"agree5": {"levels": [{"code": c, "label": str(c)} for c in range(1, 6)],
                              "dont_know": [{"code": 6, "label": "don't know"}]}},
        "items": [{"column": "a", "scale": "agree5", "label": "a"}, {"column": "b", "scale": "agree5", "label": "b"}],
        "covariates": [{"column": "x", "label": "x"}],
    })


def table(a: list[str], b: list[str], x: list[str]) -> pd.DataFrame:
    raw = pd.DataFrame({"id": [f"r{i}" for i in range(len(a))], "a": a, "b": b, "x": x})
    codebook = make_codebook()
    data, _ = clean(raw, codebook, source="test")
    return correlation_table(data, codebook).set_index(["var1", "var2"])


def spearman(x: np.ndarray, y: np.ndarray) -> tuple[int, float, float]:
    """(n, rho, p) as `correlation_table` computes them: `count_statistics.spearman_from_table` of the two variables'
    cross-table, over the rows where both are present."""
    return count_statistics.spearman_from_table(tally.crosstab(tally.encode(x), tally.encode(y)))


def midranks(values: np.ndarray) -> np.ndarray:
    below = (values[None, :] < values[:, None]).sum(axis=1)
    equal = (values[None, :] == values[:, None]).sum(axis=1)
    return below + (equal + 1) / 2


def test_rho_is_pearson_of_midranks_and_p_from_t():
    x = np.array([1, 2, 2, 3, 3, 3, 4, 5, 5, 1], dtype=float)
    y = np.array([2, 1, 3, 3, 4, 2, 5, 4, 5, 2], dtype=float)
    n, rho, p = spearman(x, y)
    expected = np.corrcoef(midranks(x), midranks(y))[0, 1]
    t = expected * np.sqrt((n - 2) / (1 - expected**2))
    assert n == 10
    assert rho == pytest.approx(expected, rel=1e-12)
    assert p == pytest.approx(2 * stats.t.sf(abs(t), n - 2), rel=1e-10)


def test_pairwise_deletion():
    x = np.array([1, 2, NAN, 3, 4, 5, 2, 4])
    y = np.array([2, NAN, 3, 3, 5, 4, 1, NAN])
    keep = ~(np.isnan(x) | np.isnan(y))
    n, rho, p = spearman(x, y)
    assert n == 5
    assert (n, rho, p) == spearman(x[keep], y[keep])
    assert not np.isnan(rho)


def test_fewer_than_three_pairs_gives_nan():
    n, rho, p = spearman(np.array([1.0, 2.0, NAN, 4.0]), np.array([2.0, 3.0, 5.0, NAN]))
    assert n == 2
    assert np.isnan(rho) and np.isnan(p)
    n, rho, p = spearman(np.array([NAN, NAN]), np.array([1.0, 2.0]))
    assert n == 0 and np.isnan(rho) and np.isnan(p)


def test_constant_variable_gives_nan():
    n, rho, p = spearman(np.array([3.0, 3.0, 3.0, 3.0]), np.array([1.0, 2.0, 3.0, 4.0]))
    assert n == 4
    assert np.isnan(rho) and np.isnan(p)


A = ["1", "2", "2", "3", "6", "4", "4", "5", "1", "3"]
B = ["2", "1", "3", "3", "2", "5", "4", "4", "2", "6"]
X = ["10", "12", "12", "15", "30", "18", "", "20", "9", "14"]
DK_ROW = 4  # a = 6 (don't know) in this row


def test_dont_know_is_not_an_answer():
    with_dk = table(A, B, X)
    as_five = table(A[:DK_ROW] + ["5"] + A[DK_ROW + 1:], B, X)
    dropped = table(*(v[:DK_ROW] + v[DK_ROW + 1:] for v in (A, B, X)))
    for pair in [("a", "b"), ("a", "x")]:
        assert as_five.loc[pair, "n"] == with_dk.loc[pair, "n"] + 1
        assert as_five.loc[pair, "rho"] != pytest.approx(with_dk.loc[pair, "rho"], rel=1e-6)
        for column in ("n", "rho", "p"):
            assert with_dk.loc[pair, column] == pytest.approx(dropped.loc[pair, column], rel=1e-12), (pair, column)
    assert with_dk.loc[("a", "b"), "n"] == 8  # row 4 (a don't know) and the last row (b don't know) left out
    assert with_dk.loc[("b", "x"), "n"] == 8  # the last row (b don't know) and the empty x left out


def test_table_rows_and_kinds():
    result = table(A, B, X).reset_index()
    assert list(zip(result["var1"], result["var2"], result["kind"], strict=True)) == [
        ("a", "b", "item-item"), ("a", "x", "item-covariate"), ("b", "x", "item-covariate")]


# --- Kendall's tau-b ------------------------------------------------------------------------------------


def brute_force_kendall(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """(tau-b, p) by counting concordant and discordant pairs; p from the normal approximation with the
    tie-corrected variance of S = C - D (Kendall 1970), as R's cor.test(exact = FALSE)."""
    n = len(x)
    concordant = discordant = 0
    for i in range(n):
        for j in range(i + 1, n):
            sign = np.sign(x[i] - x[j]) * np.sign(y[i] - y[j])
            concordant += sign > 0
            discordant += sign < 0
    n0 = n * (n - 1) / 2
    t = np.array([(x == v).sum() for v in set(x.tolist())], dtype=float)
    u = np.array([(y == v).sum() for v in set(y.tolist())], dtype=float)
    n1, n2 = (t * (t - 1)).sum() / 2, (u * (u - 1)).sum() / 2
    s = concordant - discordant
    tau_b = s / np.sqrt((n0 - n1) * (n0 - n2))
    var_s = ((n * (n - 1) * (2 * n + 5) - (t * (t - 1) * (2 * t + 5)).sum() - (u * (u - 1) * (2 * u + 5)).sum()) / 18
             + (t * (t - 1)).sum() * (u * (u - 1)).sum() / (2 * n * (n - 1))
             + (t * (t - 1) * (t - 2)).sum() * (u * (u - 1) * (u - 2)).sum() / (9 * n * (n - 1) * (n - 2)))
    return float(tau_b), float(2 * stats.norm.sf(abs(s) / np.sqrt(var_s)))


KX = np.array([1, 2, 2, 3, 3, 3, 4, 5, 5, 1, 4, 2], dtype=float)
KY = np.array([2, 1, 3, 3, 4, 2, 5, 4, 5, 2, 3, 3], dtype=float)


def test_kendall_tau_b_by_pair_counting_with_ties():
    n, tau, p = kendall(KX, KY)
    expected_tau, expected_p = brute_force_kendall(KX, KY)
    assert n == len(KX)
    assert tau == pytest.approx(expected_tau, rel=1e-12)
    assert p == pytest.approx(expected_p, rel=1e-9)


def test_kendall_tau_b_hand_example():
    # x 1 2 3 4, y 1 3 2 4: pairs (2,3) discordant, the other five concordant; no ties -> tau = 4/6
    n, tau, _ = kendall(np.array([1.0, 2, 3, 4]), np.array([1.0, 3, 2, 4]))
    assert (n, tau) == (4, pytest.approx(4 / 6))


def test_kendall_smoke_against_scipy():
    result = stats.kendalltau(KX, KY)
    _, tau, p = kendall(KX, KY)
    assert tau == pytest.approx(result.statistic)
    assert p == pytest.approx(result.pvalue, rel=1e-6)


def test_kendall_pairwise_deletion_and_undefined_cases():
    x = np.array([1, 2, NAN, 3, 4, 5, 2, 4])
    y = np.array([2, NAN, 3, 3, 5, 4, 1, NAN])
    keep = ~(np.isnan(x) | np.isnan(y))
    n, tau, _ = kendall(x, y)
    assert n == 5
    assert tau == pytest.approx(brute_force_kendall(x[keep], y[keep])[0], rel=1e-12)
    n, tau, p = kendall(np.array([3.0, 3, 3, 3]), np.array([1.0, 2, 3, 4]))
    assert n == 4 and np.isnan(tau) and np.isnan(p)
    n, tau, p = kendall(np.array([1.0, 2]), np.array([2.0, 1]))
    assert n == 2 and np.isnan(tau) and np.isnan(p)


# --- confidence intervals -------------------------------------------------------------------------------

Z975 = stats.norm.ppf(0.975)


def fisher_interval(r: float, se: float, z: float = Z975) -> tuple[float, float]:
    return math.tanh(math.atanh(r) - z * se), math.tanh(math.atanh(r) + z * se)


@pytest.mark.parametrize("r, n", [(0.4, 30), (-0.25, 12), (0.0, 50), (0.9, 8)])
def test_spearman_interval_formulas(r, n):
    assert confidence_interval(r, n, "fieller") == pytest.approx(fisher_interval(r, math.sqrt(1.06 / (n - 3))))
    assert confidence_interval(r, n, "bonett_wright") == pytest.approx(
        fisher_interval(r, math.sqrt((1 + r**2 / 2) / (n - 3))))
    assert confidence_interval(r, n, "fisher") == pytest.approx(fisher_interval(r, 1 / math.sqrt(n - 3)))


@pytest.mark.parametrize("r, n", [(0.3, 30), (-0.5, 10)])
def test_kendall_interval_uses_n_minus_4(r, n):
    kendall_se = math.sqrt(0.437 / (n - 4))
    for method in ("fieller", "bonett_wright"):
        assert confidence_interval(r, n, method, "kendall") == pytest.approx(fisher_interval(r, kendall_se))
    assert confidence_interval(r, n, "fisher", "kendall") == pytest.approx(fisher_interval(r, 1 / math.sqrt(n - 3)))


def test_interval_level():
    low, high = confidence_interval(0.3, 40, "fisher", level=0.90)
    assert (low, high) == pytest.approx(fisher_interval(0.3, 1 / math.sqrt(37), stats.norm.ppf(0.95)))
    wide = confidence_interval(0.3, 40, "fisher", level=0.99)
    assert wide[0] < low and wide[1] > high


@pytest.mark.parametrize("method", ["fieller", "bonett_wright", "fisher"])
@pytest.mark.parametrize("coefficient", ["spearman", "kendall"])
def test_interval_contains_r_and_narrows_with_n(method, coefficient):
    widths = []
    for n in (8, 20, 50, 200):
        low, high = confidence_interval(0.35, n, method, coefficient)
        assert -1 <= low < 0.35 < high <= 1
        widths.append(high - low)
    assert all(a > b for a, b in zip(widths, widths[1:], strict=False))


def test_interval_undefined_for_small_n_and_nan_r():
    for n in (0, 2, 3):
        assert all(np.isnan(confidence_interval(0.5, n, "fieller")))
    assert not any(np.isnan(confidence_interval(0.5, 4, "fieller")))
    assert all(np.isnan(confidence_interval(0.5, 4, "fieller", "kendall")))  # n - 4 = 0
    assert all(np.isnan(confidence_interval(0.5, 4, "bonett_wright", "kendall")))
    assert not any(np.isnan(confidence_interval(0.5, 5, "fieller", "kendall")))
    assert not any(np.isnan(confidence_interval(0.5, 4, "fisher", "kendall")))
    assert all(np.isnan(confidence_interval(NAN, 30, "fisher")))


def test_correlation_table_kendall_names_the_column_tau_b():
    codebook = make_codebook()
    raw = pd.DataFrame({"id": [f"r{i}" for i in range(len(A))], "a": A, "b": B, "x": X})
    data, _ = clean(raw, codebook, source="test")
    result = correlation_table(data, codebook, method="kendall").set_index(["var1", "var2"])
    assert "tau_b" in result.columns and "rho" not in result.columns
    assert list(result.reset_index().columns) == ["var1", "var2", "kind", "n", "tau_b", "ci_low", "ci_high", "p"]
    a = data["a"].to_numpy(dtype=float, na_value=np.nan)
    b = data["b"].to_numpy(dtype=float, na_value=np.nan)
    keep = ~(np.isnan(a) | np.isnan(b))
    tau, p = brute_force_kendall(a[keep], b[keep])
    row = result.loc[("a", "b")]
    assert row["n"] == keep.sum() == 8
    assert row["tau_b"] == pytest.approx(tau, rel=1e-12)
    assert row["p"] == pytest.approx(p, rel=1e-9)
    assert (row["ci_low"], row["ci_high"]) == pytest.approx(fisher_interval(tau, math.sqrt(0.437 / (8 - 4))))


def test_correlation_table_spearman_interval_is_fieller_by_default():
    result = table(A, B, X)
    row = result.loc[("a", "b")]
    n = row["n"]
    assert (row["ci_low"], row["ci_high"]) == pytest.approx(fisher_interval(row["rho"], math.sqrt(1.06 / (n - 3))))


def test_perfectly_monotone_pair_rho_one_p_zero_and_no_interval():
    """R: cor.test(c(2,4,5), c(1,3,5), method = "spearman", exact = FALSE) gives rho 1, S 0, p 0
    (tests/reference/degenerate_reference.R); the pipeline raised ZeroDivisionError here (#13)."""
    assert spearman(np.array([2.0, 4, 5]), np.array([1.0, 3, 5])) == (3, 1.0, 0.0)
    # (1,2,2,2,3) ~ (1,2,2,2,4): exactly 1 (R's floating point rho misses it by an ulp and gives p 4e-24)
    assert spearman(np.array([1.0, 2, 2, 2, 3]), np.array([1.0, 2, 2, 2, 4])) == (5, 1.0, 0.0)
    assert all(np.isnan(confidence_interval(1.0, 10, "fieller")))
    assert all(np.isnan(confidence_interval(-1.0, 10, "fisher")))
    assert all(np.isnan(confidence_interval(1.0, 10, "fieller", "kendall")))


def test_correlation_table_with_a_perfect_pair(codebook_dict):
    """The table row of a monotone pair: rho 1, p 0, no interval (Kendall: tau-b 1 and R's p 0.11718508719813803)."""
    codebook_dict["covariates"] = []
    book = parse_codebook(codebook_dict)
    raw = pd.DataFrame({"resp_id": ["a", "b", "c"], "q1": ["2", "4", "5"], "q2": ["1", "3", "5"],
                        "region": ["1", "2", "3"], "changed": ["1", "1", "2"], "comment": ["", "", ""]})
    data, _ = clean(raw, book, "test")
    row = correlation_table(data, book).iloc[0]
    assert (row["n"], row["rho"], row["p"]) == (3, 1.0, 0.0)
    assert np.isnan(row["ci_low"]) and np.isnan(row["ci_high"])
    tau = correlation_table(data, book, method="kendall").iloc[0]
    assert tau["tau_b"] == pytest.approx(1.0) and tau["p"] == pytest.approx(0.11718508719813803, rel=1e-9)
