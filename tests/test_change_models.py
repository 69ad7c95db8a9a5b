"""likertpipe.change_models against R (tests/reference/change_reference.R: lm, sandwich::vcovCL CR1, lmtest,
and a wild cluster bootstrap that builds every one of the 46,656 bootstrap samples) on the trial study's demo
data, and its degenerate cases."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from likertpipe.change_models import bootstrap_p, difference_in_change, weight_matrix
from likertpipe.clean import clean
from likertpipe.codebook import load_codebook
from likertpipe.io import read_export
from likertpipe.scores import index_scores

ROOT = Path(__file__).resolve().parents[1]
REL = 1e-9
TRIAL, CONTROL = 1, 2  # the trial study codebook's gruppe codes (control is the reference)


@cache
def reference() -> dict[tuple[str, int, str, str], float]:
    with (ROOT / "tests" / "reference" / "change_reference.csv").open(encoding="utf-8") as fh:
        return {(r["variable"], int(r["group"]), r["contrast"], r["statistic"]): float(r["value"])
                for r in csv.DictReader(fh)}


@cache
def study():
    book = load_codebook(ROOT / "config" / "statlig_finansiering" / "codebook.yaml")
    raw = read_export(ROOT / "data_raw" / "statlig_finansiering" / "demo_export.csv")
    data, _ = clean(raw, book, source="demo")
    return data, book


@cache
def table() -> pd.DataFrame:
    data, book = study()
    return difference_in_change(data, book, "gruppe", CONTROL).set_index(["comparison", "variable", "group",
                                                                          "contrast"])


def differences() -> pd.DataFrame:
    return table().loc["difference"]


def _keys(statistics):
    return sorted({k[:3] for k in reference() if k[3] in statistics})


@pytest.mark.parametrize("statistic", ["n", "estimate", "se", "p_cr1", "ci_low_cr1", "ci_high_cr1"])
def test_estimate_and_cr1_equal_sandwich(statistic):
    wrong = []
    for key in _keys([statistic]):
        got, expected = float(differences().loc[key, statistic]), reference()[(*key, statistic)]
        if got != pytest.approx(expected, rel=REL):
            wrong.append(f"{key}: R {expected!r}, likertpipe {got!r}")
    assert len(_keys([statistic])) == 48 and not wrong, "\n".join(wrong)


def test_wild_bootstrap_p_equals_brute_force():
    """Exact: both enumerate the same 46,656 weight vectors, so the p are the same fraction."""
    wrong = [f"{key}: R {reference()[(*key, 'p')]!r}, likertpipe {differences().loc[key, 'p']!r}"
             for key in _keys(["p"])
             if differences().loc[key, "p"] != pytest.approx(reference()[(*key, "p")], abs=1e-12)]
    assert not wrong, "\n".join(wrong)
    assert (table()["draws"] == 6 ** 6).all()


def _design(variable: str, contrast: str):
    data, book = study()
    values = index_scores(data, next(index for index in book.indices if index.id == variable))
    keep = values.notna()
    if contrast == "first_last":
        keep &= data["aar"].isin([1, 6])
    rows = data[keep]
    time = (rows["aar"] == 6).astype(float) if contrast == "first_last" else rows["aar"].astype(float) - 1
    g1, g3 = (rows["gruppe"] == 1).astype(float), (rows["gruppe"] == 3).astype(float)
    X = np.column_stack([np.ones(len(rows)), g1, g3, time, g1 * time, g3 * time])
    return X, values[keep].to_numpy(dtype=float), rows["kommune"].astype(int).to_numpy()


@pytest.mark.parametrize("variable", ["brukermedvirkning", "kompetanse_samarbeid"])
@pytest.mark.parametrize("contrast", ["first_last", "trend"])
@pytest.mark.parametrize("group", [1, 3])
def test_bootstrap_p_at_other_nulls_equals_brute_force(variable, contrast, group):
    """The p-value function the interval inverts, at b0 = estimate + (-2, -0.5, 0.5, 2) se."""
    X, y, cluster = _design(variable, contrast)
    column = 4 if group == 1 else 5
    W = weight_matrix(6)
    estimate, se = reference()[(variable, group, contrast, "estimate")], reference()[(variable, group, contrast, "se")]
    for step in (-2.0, -0.5, 0.5, 2.0):
        expected = reference()[(variable, group, contrast, f"p_at_{step:+.1f}_se")]
        assert bootstrap_p(X, y, cluster, column, estimate + step * se, W) == pytest.approx(expected, abs=1e-12)


def test_bootstrap_interval_equals_r():
    row = differences().loc[("brukermedvirkning", TRIAL, "first_last")]
    for bound in ("ci_low", "ci_high"):
        assert row[bound] == pytest.approx(reference()[("brukermedvirkning", TRIAL, "first_last", bound)], rel=1e-6)


def test_interval_bounds_are_where_the_test_starts_rejecting():
    X, y, cluster = _design("kompetanse_samarbeid", "trend")
    row = differences().loc[("kompetanse_samarbeid", TRIAL, "trend")]
    W = weight_matrix(6)
    for bound, outward in ((row["ci_low"], -1), (row["ci_high"], 1)):
        eps = 1e-7 * row["se"]
        assert bootstrap_p(X, y, cluster, 4, bound - outward * eps, W) >= 0.05
        assert bootstrap_p(X, y, cluster, 4, bound + outward * eps, W) < 0.05


def test_trial_effect_on_user_involvement_detected_honestly():
    """The synthetic trial municipalities' user-involvement index rises more than the controls': CR1 says
    p = 0.0001, the wild bootstrap with six clusters p = 0.046, with an interval three times as wide."""
    row = differences().loc[("brukermedvirkning", TRIAL, "first_last")]
    assert row["estimate"] > 0 and row["p"] < 0.05 and row["p"] > 100 * row["p_cr1"]
    assert row["ci_high"] - row["ci_low"] > 2 * (row["ci_high_cr1"] - row["ci_low_cr1"])


def test_rademacher_enumerates_64():
    W = weight_matrix(6, "rademacher")
    assert W.shape == (64, 6) and len({tuple(w) for w in W}) == 64
    assert weight_matrix(6).shape == (46656, 6)
    many = weight_matrix(12, "webb", draws=999, seed=1)
    assert many.shape == (999, 12) and np.array_equal(many, weight_matrix(12, "webb", draws=999, seed=1))


def test_too_few_clusters_gives_a_note():
    data, book = study()
    few = data[data["kommune"].isin([1, 3, 4])]
    result = difference_in_change(few, book, "gruppe", CONTROL, variables=["brukermedvirkning"])
    trial = result[result["group"] == TRIAL]
    assert trial["p"].isna().all() and trial["note"].str.contains("too few").all()
    late = result[result["group"] == 3]
    assert late["estimate"].isna().all() and late["note"].str.contains("group 3 has no answers").all()


def test_group_missing_in_last_wave_gives_a_note():
    data, book = study()
    gone = data[~((data["gruppe"] == 3) & (data["aar"] == 6))]
    result = difference_in_change(gone, book, "gruppe", CONTROL, variables=["b1"])
    late = result[(result["group"] == 3) & (result["contrast"] == "first_last")].iloc[0]
    assert pd.isna(late["estimate"]) and "no answers in both" in late["note"]
    trial = result[(result["group"] == TRIAL) & (result["contrast"] == "first_last")].iloc[0]
    assert np.isfinite(trial["estimate"])


def test_without_unit_respondents_are_independent():
    from dataclasses import replace

    data, book = study()
    result = difference_in_change(data, replace(book, unit=None), "gruppe", CONTROL, variables=["b1"])
    assert result["p"].isna().all() and result["note"].str.contains("no unit declared").all()
    assert np.isfinite(result["p_cr1"]).all()


def test_answers_without_variation_give_a_note():
    data, book = study()
    flat = data.assign(b1=lambda d: d["b1"].where(d["b1"].isna(), 3).astype("Int8"))
    result = difference_in_change(flat, book, "gruppe", CONTROL, variables=["b1"])
    assert result["se"].isna().all() and result["p"].isna().all()
    assert result["note"].str.contains("no residual variation").all()
