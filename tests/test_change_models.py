"""likertpipe.change_models against R (tests/reference/change_reference.R: lm, sandwich::vcovCL CR1, lmtest,
and a wild cluster bootstrap that builds every one of the 46,656 bootstrap samples) on the trial study's demo
data: the differences in change and each group's own change (R refits with the group as reference), the
declared primary comparison, and the degenerate cases."""

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
from likertpipe.errors import LikertpipeError
from likertpipe.io import read_export
from likertpipe.scores import index_scores

ROOT = Path(__file__).resolve().parents[1]
REL = 1e-9
TRIAL, CONTROL = 1, 2  # the trial study codebook's gruppe codes (control is the reference)


@cache
def references() -> dict[str, dict[tuple[str, int, str, str], float]]:
    """R's values by comparison (difference, change), each keyed by variable, group, contrast, statistic."""
    out: dict[str, dict] = {"difference": {}, "change": {}}
    with (ROOT / "tests" / "reference" / "change_reference.csv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            out[r["comparison"]][(r["variable"], int(r["group"]), r["contrast"], r["statistic"])] = float(r["value"])
    return out


def reference() -> dict[tuple[str, int, str, str], float]:
    return references()["difference"]


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


def _keys(statistics, comparison: str = "difference"):
    return sorted({k[:3] for k in references()[comparison] if k[3] in statistics})


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


@pytest.mark.parametrize("statistic", ["n", "estimate", "se", "p_cr1", "ci_low_cr1", "ci_high_cr1"])
def test_each_groups_own_change_equals_r_refitted_with_it_as_reference(statistic):
    """Every group's own change (the reference group's too): R's lm with relevel(gruppe, ref = g), vcovCL."""
    changes, wrong = table().loc["change"], []
    for key in _keys([statistic], "change"):
        got, expected = float(changes.loc[key, statistic]), references()["change"][(*key, statistic)]
        if got != pytest.approx(expected, rel=REL):
            wrong.append(f"{key}: R {expected!r}, likertpipe {got!r}")
    assert len(_keys([statistic], "change")) == 72 and not wrong, "\n".join(wrong)


def test_own_change_bootstrap_p_equals_brute_force():
    changes = table().loc["change"]
    wrong = [f"{key}: R {references()['change'][(*key, 'p')]!r}, likertpipe {changes.loc[key, 'p']!r}"
             for key in _keys(["p"], "change")
             if changes.loc[key, "p"] != pytest.approx(references()["change"][(*key, "p")], abs=1e-12)]
    assert len(_keys(["p"], "change")) == 72 and not wrong, "\n".join(wrong)


def test_a_change_on_two_clusters_has_an_unbounded_interval_and_says_why():
    """The controls' change rests on their two municipalities: R's inversion, run without a limit, finds the
    bounds beyond 1000 standard errors (at -7.9e7 and 4.8e6 points), so likertpipe's interval is empty; the
    note says a p above alpha is no evidence of no change."""
    row = table().loc[("change", "brukermedvirkning", CONTROL, "first_last")]
    r = references()["change"]
    low, high = (r[("brukermedvirkning", CONTROL, "first_last", b)] for b in ("ci_low", "ci_high"))
    assert row["estimate"] - low > 1000 * row["se"] and high - row["estimate"] > 1000 * row["se"]
    assert pd.isna(row["ci_low"]) and pd.isna(row["ci_high"])
    assert "rests on its 2 clusters alone" in row["note"] and "no evidence" in row["note"]
    assert not table().loc["difference"]["note"].str.contains("rests on its").any()


def test_trial_difference_detected_control_change_not():
    """#20's done-when on the shipped wave study, from the library as the workflow configures it: the declared
    primary comparison (the trial group's difference in change in user involvement, first against last wave) is
    detected, a family of one; the control group's own change is not. (Neither is the trial group's own change:
    with two municipalities a group's own change cannot be detected, test_a_change_on_two_clusters_...)"""
    import yaml

    from likertpipe.multiplicity import add_adjusted

    config = yaml.safe_load((ROOT / "config" / "statlig_finansiering.yaml").read_text(encoding="utf-8"))
    settings = config["studies"]["statlig_finansiering"]["difference_in_change"]
    data, book = study()
    result = add_adjusted(difference_in_change(data, book, **settings, variables=["brukermedvirkning"]),
                          ["role", "comparison"])
    primary = result[result["role"] == "primary"]
    assert len(primary) == 1
    primary = primary.iloc[0]
    assert (primary["comparison"], primary["group"], primary["contrast"]) == ("difference", TRIAL, "first_last")
    assert primary["p"] < 0.05 and primary["p_holm"] == primary["p"]
    control = result[(result["comparison"] == "change") & (result["group"] == CONTROL)
                     & (result["contrast"] == "first_last")].iloc[0]
    assert control["p"] >= 0.05 and abs(control["estimate"]) < 0.1


def test_primary_comparison_that_does_not_exist_is_one_clear_error():
    data, book = study()
    with pytest.raises(LikertpipeError, match=r"difference_in_change.primary: variable 'brukerinvolvering' .*"
                                              r"brukermedvirkning"):
        difference_in_change(data, book, "gruppe", CONTROL, primary={"variable": "brukerinvolvering", "group": 1})
    with pytest.raises(LikertpipeError, match=r"primary: group 2 is not a level of gruppe other than the "
                                              r"reference group 2 \(these are: 1, 3\)"):
        difference_in_change(data, book, "gruppe", CONTROL, primary={"variable": "b1", "group": 2})


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


def test_a_wrong_primary_stops_the_run_before_any_job():
    """provenance.check_config (the Snakefile's and `likertpipe check`'s) checks the declared primary comparison."""
    from likertpipe.provenance import check_config

    _, book = study()
    settings = {"factor": "gruppe", "reference": CONTROL, "primary": {"variable": "brukermedvirkning", "group": 4}}
    config = {"run": ["statlig_finansiering"], "studies": {"statlig_finansiering": {"difference_in_change": settings}},
              "replace_results": False}
    with pytest.raises(LikertpipeError, match=r"difference_in_change.primary: group 4 is not a level of gruppe"):
        check_config(config, lambda name: book)
