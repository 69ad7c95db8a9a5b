"""Waves against independent values from R (tests/reference/waves_reference.R on waves_data.csv).

The raw export goes through io.read_export and clean.clean, so don't-know (6) and not-applicable (9) answers are
proven to stay out of every statistic; R codes them itself. The data hold ties everywhere, an empty group in a
wave (group 3 in wave 1) and a reversed item in the index.
"""

from __future__ import annotations

import csv
import math
from functools import cache, partial
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from reference_check import Case, compare_block
from scipy import stats

from likertpipe.clean import clean
from likertpipe.codebook import Codebook, parse_codebook
from likertpipe.errors import LikertpipeError
from likertpipe.inference import kruskal_wallis_table
from likertpipe.io import read_export
from likertpipe.labels import attach
from likertpipe.waves import (
    descriptives_by_wave,
    indices_by_wave,
    kruskal_wallis_by_wave,
    mann_whitney,
    mean_interval,
    wave_change,
)

REFERENCE = Path(__file__).resolve().parent / "reference"
DATA = REFERENCE / "waves_data.csv"
REL = 1e-9
LANGUAGE = "en"

CODEBOOK = {
    "study": {"id": "waves_test"},
    "id_column": "id",
    "scales": {"agree5": {
        "levels": [{"code": c, "label": f"level {c}"} for c in range(1, 6)],
        "dont_know": [{"code": 6, "label": "Don't know"}],
        "missing": [{"code": 9, "label": "Not applicable"}],
    }},
    "items": [{"column": q, "scale": "agree5", "label": f"Item {q}"} for q in ("q1", "q2", "q3")],
    "factors": [
        {"column": "wave", "label": "Year", "compare": False,
         "levels": [{"code": 1, "label": "2019"}, {"code": 2, "label": "2020"}, {"code": 3, "label": "2021"}]},
        {"column": "group", "label": {"en": "Group", "nb": "Gruppe"},
         "levels": [{"code": c, "label": {"en": f"Group {c}", "nb": f"Gruppe {c}"}} for c in (1, 2, 3)]},
    ],
    "indices": [{"id": "idx", "label": "Index", "items": ["q1", "q2", "q3"], "reversed": ["q3"],
                 "min_answered": 2}],
    "wave": {"column": "wave"},
}


@cache
def book() -> Codebook:
    return parse_codebook(CODEBOOK, source="waves.yaml")


@cache
def data() -> pd.DataFrame:
    frame, warnings = clean(read_export(DATA), book(), str(DATA))
    assert warnings == []
    return frame


@cache
def table(function) -> pd.DataFrame:
    """`function(data, book)`, computed once per session."""
    return function(data(), book())


def labelled(function, language: str = LANGUAGE) -> pd.DataFrame:
    """The table of `function` as rendered: with its label columns (labels.attach)."""
    return attach(function.__name__, table(function), book(), language)


def reference(test: str) -> list[dict[str, str]]:
    with (REFERENCE / "waves_reference.csv").open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["test"] == test]
    assert rows, test
    return rows


def matches(expected: float, actual) -> bool:
    """Equal within rel 1e-9 or abs 1e-12; R's NaN must be missing (NaN or pd.NA) here too."""
    if math.isnan(expected):
        return actual is pd.NA or math.isnan(actual)
    return float(actual) == pytest.approx(expected, rel=REL, abs=1e-12)


def tolerance(expected: float) -> str:
    return "missing only" if math.isnan(expected) else f"±{max(REL * abs(expected), 1e-12):.3g}"


def check(rows: list[dict[str, str]], got) -> None:
    """Every reference row against `got(row)`; on failure a table of every value that differs."""
    compare_block([Case(DATA.stem, r["statistic"], key(r), float(r["value"]), partial(got, r)) for r in rows],
                  matches, tolerance)


def key(row: dict[str, str]) -> str:
    """E.g. "change idx group=2", "descriptives q1 wave 3" (all respondents where there is no factor)."""
    parts = [row["test"], row["variable"], f"{row['factor']}={row['group']}" if row["factor"] else ""]
    return " ".join(p for p in (*parts, f"wave {row['wave']}" if row["wave"] else "") if p)


def select(table: pd.DataFrame, row: dict[str, str], **keys: str) -> pd.Series:
    mask = table["factor"].eq(row["factor"]) & (table["group"].astype("string").fillna("") == row["group"])
    for column, value in keys.items():
        mask &= table[column].astype(str) == value
    found = table[mask]
    assert len(found) == 1, row
    return found.iloc[0]


def test_descriptives_by_wave_match_r() -> None:
    result = table(descriptives_by_wave)
    check(reference("descriptives"),
          lambda row: select(result, row, wave=row["wave"], item=row["variable"])[row["statistic"]])


def test_indices_by_wave_match_r() -> None:
    result = table(indices_by_wave)
    check(reference("index"),
          lambda row: select(result, row, wave=row["wave"], index=row["variable"])[row["statistic"]])


def kruskal_row(result: pd.DataFrame, row: dict[str, str]) -> pd.Series:
    found = result[(result["wave"].astype(str) == row["wave"]) & (result["item"] == row["variable"])]
    assert len(found) == 1
    return found.iloc[0]


def test_kruskal_wallis_by_wave_matches_r() -> None:
    result = table(kruskal_wallis_by_wave)
    check(reference("kruskal"), lambda row: kruskal_row(result, row)[row["statistic"]])


def test_wave_change_matches_r() -> None:
    result = table(wave_change)
    check([r for r in reference("change") if r["statistic"] != "p_coin"],
          lambda row: select(result, row, variable=row["variable"])[row["statistic"]])


def test_r_p_values_agree_between_wilcox_test_and_coin() -> None:
    rows = reference("change")
    p = {(r["factor"], r["group"], r["variable"]): r["value"] for r in rows if r["statistic"] == "p"}
    for r in rows:
        if r["statistic"] == "p_coin":
            assert float(r["value"]) == pytest.approx(float(p[(r["factor"], r["group"], r["variable"])]), rel=1e-9)


# --- layout -----------------------------------------------------------------------------------------------------


def test_indices_by_wave_layout_and_order() -> None:
    table = labelled(indices_by_wave, "nb")
    assert list(table.columns) == ["index", "index_label", "factor", "group", "group_label", "wave", "wave_label",
                                   "n", "mean", "sd", "ci_low", "ci_high"]
    assert len(table) == 4 * 3  # all respondents and three groups, three waves each
    assert table["factor"].tolist() == [""] * 3 + ["group"] * 9
    assert table["group"].tolist()[3:] == [1, 1, 1, 2, 2, 2, 3, 3, 3]
    assert table["group"].isna().sum() == 3
    assert table["wave_label"].tolist() == ["2019", "2020", "2021"] * 4
    assert table["group_label"].tolist()[3] == "Gruppe 1"
    empty = table[(table["group"] == 3) & (table["wave"] == 1)].iloc[0]
    assert empty["n"] == 0 and np.isnan(empty["mean"]) and np.isnan(empty["ci_low"])


def test_descriptives_by_wave_keeps_the_describe_columns() -> None:
    table = labelled(descriptives_by_wave)
    assert list(table.columns[:5]) == ["wave", "wave_label", "factor", "group", "group_label"]
    assert list(table.columns[5:8]) == ["item", "label", "n_valid"]
    assert len(table) == 4 * 3 * 3
    # the per-wave rows of all respondents add up to the respondents of each wave
    everyone = table[table["factor"] == ""]
    assert everyone.groupby("item")[["n_valid", "n_missing"]].sum().sum(axis=1).tolist() == [96, 96, 96]


def test_kruskal_wallis_by_wave_columns_extend_the_kruskal_wallis_table() -> None:
    table = kruskal_wallis_by_wave(data(), book())
    plain = kruskal_wallis_table(data(), book())
    assert list(table.columns) == ["wave", *plain.columns]
    assert list(labelled(kruskal_wallis_by_wave).columns[:6]) == ["wave", "wave_label", "item", "item_label", "factor",
                                                                  "factor_label"]
    assert table["item"].tolist() == ["q1", "q2", "q3", "idx"] * 3
    first = table[table["wave"] == 1]
    assert (first["dropped_levels"] == "3").all() and (first["n_3"] == 0).all() and (first["k"] == 2).all()


def test_wave_change_layout() -> None:
    table = labelled(wave_change)
    assert list(table.columns) == ["factor", "group", "group_label", "variable", "label", "first_wave", "last_wave",
                                   "n_first", "n_last", "median_first", "median_last", "mean_first", "mean_last",
                                   "U", "z", "p", "r", "rank_biserial"]
    assert (table["first_wave"] == "2019").all() and (table["last_wave"] == "2021").all()
    empty = table[table["group"] == 3]
    assert (empty["n_first"] == 0).all() and empty["p"].isna().all()


def test_same_input_same_output() -> None:
    for function in (descriptives_by_wave, indices_by_wave, kruskal_wallis_by_wave, wave_change):
        a, b = function(data(), book()), function(data(), book())
        assert a.to_csv(index=False) == b.to_csv(index=False)


# --- functions against scipy ---------------------------------------------------------------------------------


def test_mann_whitney_matches_scipy_and_its_definitions() -> None:
    first = np.array([1, 2, 2, 3, 3, 3, 4], dtype=float)
    last = np.array([2, 3, 4, 4, 5, 5], dtype=float)
    result = mann_whitney(first, last)
    scipy_result = stats.mannwhitneyu(last, first, method="asymptotic", use_continuity=False)
    assert result["U"] == scipy_result.statistic
    assert result["p"] == pytest.approx(scipy_result.pvalue, rel=1e-12)
    ranks = stats.rankdata(np.concatenate([first, last]))
    assert result["U"] == ranks[len(first):].sum() - len(last) * (len(last) + 1) / 2
    assert result["z"] > 0 and result["rank_biserial"] > 0  # the last wave is higher
    assert result["r"] == pytest.approx(abs(result["z"]) / np.sqrt(13))


def test_mann_whitney_without_variation_or_answers() -> None:
    same = mann_whitney(np.array([3.0, 3.0]), np.array([3.0, 3.0, 3.0]))
    assert same["U"] == 3.0 and np.isnan(same["z"]) and np.isnan(same["p"]) and same["rank_biserial"] == 0
    assert all(np.isnan(v) for v in mann_whitney(np.array([]), np.array([1.0])).values())


def test_mean_interval_matches_scipy() -> None:
    values = np.array([2.0, 3.5, 3.0, 4.0, 2.5])
    low, high = stats.t.interval(0.95, 4, loc=values.mean(), scale=stats.sem(values))
    result = mean_interval(values)
    assert (result["ci_low"], result["ci_high"]) == pytest.approx((low, high), rel=1e-12)
    assert np.isnan(mean_interval(np.array([3.0]))["ci_low"])


def test_without_a_wave_the_functions_say_what_to_add() -> None:
    plain = parse_codebook({k: v for k, v in CODEBOOK.items() if k != "wave"}, source="plain.yaml")
    with pytest.raises(LikertpipeError, match=r"plain\.yaml: the codebook declares no wave"):
        indices_by_wave(data(), plain)


def test_wave_change_needs_two_waves() -> None:
    with pytest.raises(LikertpipeError, match="fewer than two waves"):
        wave_change(data()[data()["wave"] == 2], book())


# --- the shipped study with waves ------------------------------------------------------------------------------

SHIPPED = REFERENCE.parents[1]
STUDY_CODEBOOK = SHIPPED / "config" / "statlig_finansiering" / "codebook.yaml"
STUDY_EXPORT = SHIPPED / "data_raw" / "statlig_finansiering" / "demo_export.csv"


def test_the_demo_generator_rewrites_the_shipped_export_byte_for_byte(tmp_path) -> None:
    import subprocess
    import sys

    generator = STUDY_EXPORT.parent / "generate_demo.py"
    subprocess.run([sys.executable, str(generator), "--out", str(tmp_path)], check=True)
    assert (tmp_path / "demo_export.csv").read_bytes() == STUDY_EXPORT.read_bytes()


def test_the_shipped_study_shows_the_intended_trend() -> None:
    """Trial municipalities improve from the first to the last year, controls do not, late joiners do."""
    from likertpipe.codebook import load_codebook

    study = load_codebook(STUDY_CODEBOOK)
    frame, warnings = clean(read_export(STUDY_EXPORT), study, str(STUDY_EXPORT))
    assert warnings == []
    counts = frame.groupby(["kommune", "aar"]).size()
    assert len(counts) == 36 and counts.between(30, 80).all()
    change = wave_change(frame, study).set_index(["factor", "group", "variable"])
    involvement = "brukermedvirkning"
    assert change.loc[("gruppe", 1, involvement), "p"] < 1e-6 and change.loc[("gruppe", 1, involvement), "z"] > 0
    assert change.loc[("gruppe", 2, involvement), "p"] > 0.5
    assert change.loc[("gruppe", 3, involvement), "p"] < 1e-3
    trend = attach("indices_by_wave", indices_by_wave(frame, study), study, "en")
    trial = trend[(trend["factor"] == "gruppe") & (trend["group"] == 1) & (trend["index"] == involvement)]
    assert trial["wave_label"].tolist() == [str(year) for year in range(2016, 2022)]
    assert trial["mean"].is_monotonic_increasing
