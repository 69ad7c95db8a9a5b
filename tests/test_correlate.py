"""Edge cases of the Spearman correlations (likertpipe.correlate) that a plausible bug would break."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from likertpipe.clean import clean
from likertpipe.codebook import Codebook, parse_codebook
from likertpipe.correlate import correlation_table, spearman

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
    return correlation_table(data, codebook, LANGUAGE).set_index(["var1", "var2"])


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
