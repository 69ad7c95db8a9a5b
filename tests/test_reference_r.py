"""likertpipe's statistics against independent reference values computed by R.

The expected values are read from tests/reference/r_reference.csv, written by tests/reference/make_reference.R
(base R: kruskal.test, rank, cor.test (Spearman and Kendall, exact = FALSE), p.adjust, prop.test, quantile type 6,
weighted.mean, qf, qnorm; rstatix::dunn_test and kruskal_effsize; psych::alpha) from the raw datasets in
tests/reference/data/. R recodes don't know (6) and the factor's missing code (9) itself; here the same raw files
go through likertpipe's own reading and cleaning (io.read_export, clean.clean), so the comparison also proves
that cleaning keeps don't-know answers out of every statistic. Every reference value is compared, where possible
once through the function and once through the table the pipeline writes; a test holds one block (one statistic
family of one dataset, through the function or the table) and, on failure, lists every value of the block that
differs (reference_check.compare_block). See tests/reference/README.md for what each test compares.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from functools import cache, partial
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from reference_check import Case, compare_block
from reference_impl import dunn, kruskal_wallis, mean_ranks, spearman

from likertpipe.clean import clean
from likertpipe.codebook import Codebook, parse_codebook
from likertpipe.correlate import confidence_interval, correlation_table, kendall
from likertpipe.describe import check_frame, descriptives, summary, wilson_interval
from likertpipe.inference import effect_sizes, kruskal_wallis_table
from likertpipe.io import read_export, read_table
from likertpipe.multiplicity import add_adjusted, adjust
from likertpipe.posthoc import dunn_table
from likertpipe.reliability import cronbach_alpha, reliability_table
from likertpipe.weights import poststratification_weights, weighted_descriptives, weighted_summary

REFERENCE_DIR = Path(__file__).resolve().parent / "reference"
DATA = REFERENCE_DIR / "data"
REFERENCE = REFERENCE_DIR / "r_reference.csv"
REL = 1e-9
ABS_AT_ZERO = 1e-12
LANGUAGE = "en"
FACTOR = "group"
FACTOR_CODES = (1, 2, 3, 4, 5)
SURVEY_DATASETS = ("ties3", "empty_level", "heavy", "scale")
# The composite index of dataset scale (make_reference.R's INDEX): q3 is worded the other way round.
INDEX = {"dataset": "scale", "id": "scale_index", "items": ["q1", "q2", "q3", "q4"], "reversed": ["q3"]}
# The dataset with a sampling frame (make_reference.R's WEIGHTED).
WEIGHTED = {"dataset": "empty_level", "frame": DATA / "empty_level_frame.csv"}
# p.adjust's method names -> likertpipe's
P_ADJUST = {"holm": "holm", "BH": "bh", "bonferroni": "bonferroni"}


def _read_reference() -> list[dict[str, str]]:
    if not REFERENCE.exists():  # fail, never skip: a missing reference must not look like a pass
        raise FileNotFoundError(f"{REFERENCE} is missing; run `Rscript tests/reference/make_reference.R`")
    with REFERENCE.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


ROWS = _read_reference()


def _key(row: dict[str, str]) -> str:
    return " ".join(p for p in (row["test"], row["var1"], row["var2"], row["level"]) if p)


def _rows(dataset: str, *tests: str, statistics: tuple[str, ...] | None = None, exclude: tuple[str, ...] = ()
          ) -> list[dict[str, str]]:
    return [r for r in ROWS if r["test"] in tests and r["dataset"] == dataset
            and (statistics is None or r["statistic"] in statistics) and r["statistic"] not in exclude]


def _reference(dataset: str, test: str, var1: str, var2: str, statistic: str, level: str = "") -> float:
    """One value of the reference file (an input of a function under test, e.g. R's rho for an interval)."""
    found = [float(r["value"]) for r in ROWS if (r["dataset"], r["test"], r["var1"], r["var2"], r["level"],
                                                  r["statistic"]) == (dataset, test, var1, var2, level, statistic)]
    assert len(found) == 1, (dataset, test, var1, var2, level, statistic)
    return found[0]


def codebook_for(dataset: str, items: list[str]) -> Codebook:
    """The codebook of a reference dataset: items on a 1-5 scale with don't know 6, factor `group` with
    levels 1-5 and declared missing 9, numeric covariate `x`; for dataset scale the index INDEX, for
    empty_level a sampling frame read per `group` from the frame's column `group`."""
    extra = {}
    if dataset == INDEX["dataset"]:
        extra["indices"] = [{"id": INDEX["id"], "label": "scale index", "items": INDEX["items"],
                             "reversed": INDEX["reversed"]}]
    if dataset == WEIGHTED["dataset"]:
        extra["sampling_frame"] = {"factor": FACTOR, "column": FACTOR}
    return parse_codebook({
        "study": {"id": dataset, "language": LANGUAGE},
        "id_column": "id",
        "scales": {"agree5": {
            "levels": [{"code": c, "label": f"level {c}"} for c in range(1, 6)],
            "dont_know": [{"code": 6, "label": "don't know"}],
        }},
        "items": [{"column": q, "scale": "agree5", "label": q} for q in items],
        "factors": [{"column": FACTOR, "label": "group",
                     "levels": [{"code": c, "label": f"group {c}"} for c in FACTOR_CODES],
                     "missing": [{"code": 9, "label": "not stated"}]}],
        "covariates": [{"column": "x", "label": "covariate x"}],
        **extra,
    }, source=f"{dataset} test codebook")


@cache
def processed(dataset: str) -> tuple[pd.DataFrame, Codebook]:
    raw = read_export(DATA / f"{dataset}.csv")
    codebook = codebook_for(dataset, [c for c in raw.columns if c.startswith("q")])
    data, _warnings = clean(raw, codebook, source=f"{dataset}.csv")
    return data, codebook


@cache
def tables(dataset: str) -> dict[str, pd.DataFrame]:
    """The tables as the pipeline's steps write them; p-value tables with adjusted columns over one family
    holding the whole table (add_adjusted with family [] and all three methods)."""
    data, codebook = processed(dataset)
    kruskal = kruskal_wallis_table(data, codebook)
    methods = tuple(P_ADJUST.values())
    return {
        "kruskal": add_adjusted(kruskal, [], methods).set_index(["item", "factor"]),
        "dunn": add_adjusted(dunn_table(data, codebook, kruskal, only_significant=False, alpha=0.05), [],
                             methods).set_index(["item", "factor", "level1", "level2"]),
        "correlation": add_adjusted(correlation_table(data, codebook), [], methods)
        .set_index(["var1", "var2"]),
        "descriptives": descriptives(data, codebook).set_index("item"),
    }


@cache
def correlations(dataset: str, method: str, ci_method: str = "fieller", level: float = 0.95) -> pd.DataFrame:
    data, codebook = processed(dataset)
    return correlation_table(data, codebook, method, ci_method, level).set_index(["var1", "var2"])


def _complete(data: pd.DataFrame, item: str, factor: str) -> tuple[np.ndarray, np.ndarray]:
    both = data[[item, factor]].dropna()
    return both[item].to_numpy(dtype=float), both[factor].to_numpy(dtype=int)


@cache
def airquality() -> tuple[np.ndarray, np.ndarray]:
    air = pd.read_csv(DATA / "airquality.csv").dropna()
    return air["Ozone"].to_numpy(dtype=float), air["Month"].to_numpy(dtype=int)


def _kruskal_from_function(values: np.ndarray, groups: np.ndarray, statistic: str) -> float:
    h, p, df = kruskal_wallis(values, groups)
    effects = effect_sizes(h, len(values), df + 1)
    return {"H": h, "p": p, "df": df, "k": df + 1, "n": len(values), **effects,
            "eta_sq_h_rstatix": effects["eta_sq_h"]}[statistic]



def _matches(expected: float, got: object) -> bool:
    """Equal within rel 1e-9 (abs 1e-12 where R gives exactly 0); R's NaN must be NaN here too."""
    if np.isnan(expected):
        return bool(np.isnan(got))
    return got == pytest.approx(expected, rel=REL, abs=ABS_AT_ZERO if expected == 0 else 0.0)


def _tolerance(expected: float) -> str:
    """What `_matches` allows, for the table of mismatches (pytest.approx: the larger of rel and abs)."""
    if np.isnan(expected):
        return "NaN only"
    return f"±{max(REL * abs(expected), ABS_AT_ZERO if expected == 0 else 0.0):.3g}"


def _check(rows: list[dict[str, str]], got: Callable[[dict[str, str]], object]) -> None:
    """Every row's value against `got(row)` (a number, or a mapping of numbers that must each equal it)."""
    compare_block([Case(r["dataset"], r["statistic"], _key(r), float(r["value"]), partial(got, r)) for r in rows],
                  _matches, _tolerance)


# --- Kruskal-Wallis ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("dataset", SURVEY_DATASETS)
def test_kruskal_wallis_function(dataset):
    def got(row):
        values, groups = _complete(processed(dataset)[0], row["var1"], row["var2"])
        return _kruskal_from_function(values, groups, row["statistic"])

    _check(_rows(dataset, "kruskal_wallis"), got)


@pytest.mark.parametrize("dataset", SURVEY_DATASETS)
def test_kruskal_wallis_table(dataset):
    """eta_sq_h_rstatix: rstatix::kruskal_effsize given the complete cases equals likertpipe's eta_sq_h."""
    def got(row):
        table_row = tables(dataset)["kruskal"].loc[(row["var1"], row["var2"])]
        return float(table_row[{"eta_sq_h_rstatix": "eta_sq_h"}.get(row["statistic"], row["statistic"])])

    _check(_rows(dataset, "kruskal_wallis"), got)


@pytest.mark.parametrize("dataset", SURVEY_DATASETS)
def test_mean_ranks_function(dataset):
    def got(row):
        values, groups = _complete(processed(dataset)[0], row["var1"], row["var2"])
        n, rank = mean_ranks(values, groups)[int(row["level"])]
        return {"n": n, "mean_rank": rank}[row["statistic"]]

    _check(_rows(dataset, "mean_rank"), got)


@pytest.mark.parametrize("dataset", SURVEY_DATASETS)
def test_mean_ranks_table(dataset):
    def got(row):
        table_row = tables(dataset)["kruskal"].loc[(row["var1"], row["var2"])]
        return float(table_row[{"n": "n_", "mean_rank": "mean_rank_"}[row["statistic"]] + row["level"]])

    _check(_rows(dataset, "mean_rank"), got)


@pytest.mark.parametrize("dataset", SURVEY_DATASETS)
def test_levels_without_answers_are_left_out(dataset):
    """Exactly the levels R saw enter the test; the table keeps the other declared levels empty (n 0)."""
    pairs = sorted({(r["var1"], r["var2"]) for r in _rows(dataset, "kruskal_wallis")})
    assert pairs
    problems = []
    for item, factor in pairs:
        r_levels = {int(r["level"]) for r in _rows(dataset, "mean_rank", statistics=("n",))
                    if (r["var1"], r["var2"]) == (item, factor)}
        values, groups = _complete(processed(dataset)[0], item, factor)
        if set(mean_ranks(values, groups)) != r_levels:
            problems.append(f"{item} {factor}: mean_ranks has levels {sorted(mean_ranks(values, groups))}, R "
                            f"{sorted(r_levels)}")
        table_row = tables(dataset)["kruskal"].loc[(item, factor)]
        for code in sorted(set(FACTOR_CODES) - r_levels):
            if table_row[f"n_{code}"] != 0 or not pd.isna(table_row[f"mean_rank_{code}"]):
                problems.append(f"{item} {factor}: level {code} without answers has n {table_row[f'n_{code}']!r}, "
                                f"mean rank {table_row[f'mean_rank_{code}']!r}")
        dropped = " ".join(str(c) for c in FACTOR_CODES if c not in r_levels)
        if table_row["dropped_levels"] != dropped:
            problems.append(f"{item} {factor}: dropped_levels {table_row['dropped_levels']!r}, R {dropped!r}")
    assert not problems, "\n".join(problems)


# --- R's documented example: kruskal.test(Ozone ~ Month, data = airquality) ---------------------------------

def test_airquality_kruskal_wallis():
    _check(_rows("airquality", "kruskal_wallis"), lambda row: _kruskal_from_function(*airquality(), row["statistic"]))


def test_airquality_mean_ranks():
    def got(row):
        n, rank = mean_ranks(*airquality())[int(row["level"])]
        return {"n": n, "mean_rank": rank}[row["statistic"]]

    _check(_rows("airquality", "mean_rank"), got)


def test_airquality_reference_is_rs_documented_value():
    """Guards the reference file itself: R's help page prints H = 29.267, df = 4, p = 6.901e-06."""
    ref = {r["statistic"]: float(r["value"]) for r in _rows("airquality", "kruskal_wallis")}
    assert ref["H"] == pytest.approx(29.26657631, abs=1e-8)
    assert ref["df"] == 4
    assert ref["p"] == pytest.approx(6.900714119e-06, abs=1e-15)


# --- Dunn's post-hoc test (rstatix::dunn_test) -------------------------------------------------------------
# rstatix's statistic is (mean rank of group2 - mean rank of group1) / SE; likertpipe's z is mean rank of level1
# minus level2 over SE, with level1 < level2 as rstatix's group1 < group2, so z = -statistic.

DUNN_COLUMN = {"n1": "n1", "n2": "n2", "mean_rank1": "mean_rank1", "mean_rank2": "mean_rank2", "statistic": "z",
               "p": "p", "p_holm": "p_holm_test", "p_bonferroni": "p_bonferroni_test"}
DUNN_SIGN = {"statistic": -1.0}


@cache
def _dunn(dataset: str, item: str, factor: str) -> pd.DataFrame:
    values, groups = airquality() if dataset == "airquality" else _complete(processed(dataset)[0], item, factor)
    return dunn(values, groups).set_index(["level1", "level2"])


def _pair(row: dict[str, str]) -> tuple[int, int]:
    a, b = row["level"].split("-")
    return int(a), int(b)


@pytest.mark.parametrize("dataset", (*SURVEY_DATASETS, "airquality"))
def test_dunn_function(dataset):
    def got(row):
        pair = _dunn(dataset, row["var1"], row["var2"]).loc[_pair(row)]
        return DUNN_SIGN.get(row["statistic"], 1.0) * float(pair[DUNN_COLUMN[row["statistic"]]])

    _check(_rows(dataset, "dunn"), got)


@pytest.mark.parametrize("dataset", SURVEY_DATASETS)
def test_dunn_table(dataset):
    def got(row):
        pair = tables(dataset)["dunn"].loc[(row["var1"], row["var2"], *_pair(row))]
        return DUNN_SIGN.get(row["statistic"], 1.0) * float(pair[DUNN_COLUMN[row["statistic"]]])

    _check(_rows(dataset, "dunn"), got)


@pytest.mark.parametrize("dataset", SURVEY_DATASETS)
def test_dunn_table_has_exactly_rs_pairs(dataset):
    r_pairs = {(r["var1"], r["var2"], *_pair(r)) for r in _rows(dataset, "dunn")}
    assert set(tables(dataset)["dunn"].index) == r_pairs


# --- p-value adjustment (p.adjust) -----------------------------------------------------------------------
# Function: adjust() on R's own input p-values of the family (rows with statistic p, in R's order), so it is
# checked apart from the tests that produce them. Table: add_adjusted over the whole table as one family.

@cache
def _family(dataset: str, family: str) -> tuple[list[str], np.ndarray]:
    inputs = [r for r in _rows(dataset, "p_adjust", statistics=("p",)) if r["var1"] == family]
    return [r["level"] for r in inputs], np.array([float(r["value"]) for r in inputs])


@cache
def _adjusted(dataset: str, family: str, method: str) -> dict[str, float]:
    members, p = _family(dataset, family)
    return dict(zip(members, adjust(p, method).tolist(), strict=True))


@pytest.mark.parametrize("dataset", (*SURVEY_DATASETS, "hand"))
def test_p_adjust_function(dataset):
    def got(row):
        return float(_adjusted(dataset, row["var1"], P_ADJUST[row["statistic"]])[row["level"]])

    _check(_rows(dataset, "p_adjust", exclude=("p",)), got)


def _table_key(family: str, member: str) -> tuple[str, tuple]:
    if family == "kruskal_wallis":
        return "kruskal", (member, FACTOR)
    if family == "dunn":
        item, pair = member.split(":")
        a, b = pair.split("-")
        return "dunn", (item, FACTOR, int(a), int(b))
    return "correlation", tuple(member.split(":"))


@pytest.mark.parametrize("dataset", SURVEY_DATASETS)
def test_p_adjust_table(dataset):
    """Input p (statistic p) of each family member as the table has it, and its adjusted p_<method>."""
    def got(row):
        table, key = _table_key(row["var1"], row["level"])
        column = "p" if row["statistic"] == "p" else f"p_{P_ADJUST[row['statistic']]}"
        return float(tables(dataset)[table].loc[key][column])

    _check(_rows(dataset, "p_adjust"), got)


# --- Spearman and Kendall's tau-b ----------------------------------------------------------------------------

def _pairwise(dataset: str, row: dict[str, str]) -> tuple[np.ndarray, np.ndarray]:
    data = processed(dataset)[0]
    return (data[row["var1"]].to_numpy(dtype=float, na_value=np.nan),
            data[row["var2"]].to_numpy(dtype=float, na_value=np.nan))


@pytest.mark.parametrize("dataset", SURVEY_DATASETS)
def test_spearman_function(dataset):
    def got(row):
        n, rho, p = spearman(*_pairwise(dataset, row))
        return {"n": n, "rho": rho, "p": p}[row["statistic"]]

    _check(_rows(dataset, "spearman"), got)


@pytest.mark.parametrize("dataset", SURVEY_DATASETS)
def test_spearman_table(dataset):
    _check(_rows(dataset, "spearman"),
           lambda row: float(tables(dataset)["correlation"].loc[(row["var1"], row["var2"])][row["statistic"]]))


@pytest.mark.parametrize("dataset", SURVEY_DATASETS)
def test_kendall_function(dataset):
    def got(row):
        n, tau, p = kendall(*_pairwise(dataset, row))
        return {"n": n, "tau_b": tau, "p": p}[row["statistic"]]

    _check(_rows(dataset, "kendall"), got)


@pytest.mark.parametrize("dataset", SURVEY_DATASETS)
def test_kendall_table(dataset):
    _check(_rows(dataset, "kendall"),
           lambda row: float(correlations(dataset, "kendall").loc[(row["var1"], row["var2"])][row["statistic"]]))


# --- Confidence intervals of rank correlations --------------------------------------------------------------
# level = <ci method>_<confidence>; the function gets R's coefficient and n, the table computes its own.

def _ci_args(row: dict[str, str]) -> tuple[str, str, float]:
    coefficient = row["test"].removesuffix("_ci")
    ci_method, confidence = row["level"].rsplit("_", 1)
    return coefficient, ci_method, float(confidence)


@pytest.mark.parametrize("dataset", SURVEY_DATASETS)
def test_correlation_ci_function(dataset):
    def got(row):
        coefficient, ci_method, confidence = _ci_args(row)
        r = _reference(dataset, coefficient, row["var1"], row["var2"], {"spearman": "rho", "kendall": "tau_b"}
                       [coefficient])
        n = int(_reference(dataset, coefficient, row["var1"], row["var2"], "n"))
        low, high = confidence_interval(r, n, ci_method, coefficient, confidence)
        return {"ci_low": low, "ci_high": high}[row["statistic"]]

    _check(_rows(dataset, "spearman_ci", "kendall_ci"), got)


@pytest.mark.parametrize("dataset", SURVEY_DATASETS)
def test_correlation_ci_table(dataset):
    def got(row):
        coefficient, ci_method, confidence = _ci_args(row)
        table_row = correlations(dataset, coefficient, ci_method, confidence).loc[(row["var1"], row["var2"])]
        return float(table_row[row["statistic"]])

    _check(_rows(dataset, "spearman_ci", "kendall_ci"), got)


# --- Descriptives -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("dataset", SURVEY_DATASETS)
def test_descriptives_table(dataset):
    _check(_rows(dataset, "descriptives"),
           lambda row: float(tables(dataset)["descriptives"].loc[row["var1"]][row["statistic"]]))


@pytest.mark.parametrize("dataset", SURVEY_DATASETS)
def test_summary_function(dataset):
    def got(row):
        values = processed(dataset)[0][row["var1"]].dropna().to_numpy(dtype=float)
        return float(summary(values)[row["statistic"]])

    _check(_rows(dataset, "descriptives", statistics=("n_valid", "mean", "sd", "median", "mode", "q1", "q3", "iqr")),
           got)


def test_wilson_interval_function():
    def got(row):
        low, high = wilson_interval(int(row["var1"]), int(row["var2"]))
        return {"low": low, "high": high}[row["statistic"]]

    _check(_rows("hand", "wilson"), got)


# --- Reliability (psych::alpha, Feldt interval) ------------------------------------------------------------

@cache
def _index_matrix() -> pd.DataFrame:
    """The index's valid answers, reversed as R does it (6 - x on the 1-5 scale), complete cases only."""
    data = processed(INDEX["dataset"])[0]
    matrix = pd.DataFrame({q: data[q].astype(float) for q in INDEX["items"]})
    for q in INDEX["reversed"]:
        matrix[q] = 6 - matrix[q]
    return matrix.dropna()


def test_cronbach_alpha_function():
    def got(row):
        values = _index_matrix().to_numpy()
        alpha, low, high = cronbach_alpha(values)
        return {"n": values.shape[0], "k": values.shape[1], "alpha": alpha, "alpha_ci_low": low,
                "alpha_ci_high": high}[row["statistic"]]

    _check(_rows(INDEX["dataset"], "reliability"), got)


def test_alpha_if_deleted_function():
    _check(_rows(INDEX["dataset"], "reliability_item", statistics=("alpha_if_deleted",)),
           lambda row: cronbach_alpha(_index_matrix().drop(columns=row["var2"]).to_numpy())[0])


@cache
def _reliability() -> pd.DataFrame:
    data, codebook = processed(INDEX["dataset"])
    return reliability_table(data, codebook).set_index(["index", "item"])


def test_reliability_table_index():
    """The index's n, k, alpha and interval, repeated on every item row of the index."""
    _check(_rows(INDEX["dataset"], "reliability"),
           lambda row: {item: float(_reliability().loc[(row["var1"], item)][row["statistic"]])
                        for item in INDEX["items"]})


def test_reliability_table_item():
    _check(_rows(INDEX["dataset"], "reliability_item"),
           lambda row: float(_reliability().loc[(row["var1"], row["var2"])][row["statistic"]]))


def test_reliability_table_marks_the_reversed_item():
    assert _reliability()["reversed"].to_dict() == {(INDEX["id"], q): q in INDEX["reversed"] for q in INDEX["items"]}


# --- Post-stratification weights and weighted descriptives --------------------------------------------------

@cache
def _weights() -> pd.Series:
    data, codebook = processed(WEIGHTED["dataset"])
    frame = read_table(WEIGHTED["frame"])
    check_frame(frame, codebook, str(WEIGHTED["frame"]))
    return poststratification_weights(data[FACTOR], frame[FACTOR])


def test_poststratification_weights():
    """Every respondent of the group gets R's weight (a group without respondents is a mismatch)."""
    def got(row):
        data = processed(WEIGHTED["dataset"])[0]
        in_group = (data[FACTOR] == int(row["level"])).fillna(False).to_numpy()
        return {f"row {i}": float(w) for i, w in zip(np.flatnonzero(in_group), _weights()[in_group], strict=True)}

    _check(_rows(WEIGHTED["dataset"], "weights"), got)


def test_respondents_without_group_get_no_weight():
    data = processed(WEIGHTED["dataset"])[0]
    assert data[FACTOR].isna().sum() == 4  # two declared missing (9), two empty
    assert _weights()[data[FACTOR].isna().to_numpy()].isna().all()


def test_weighted_summary_function():
    """weighted_summary on the valid answers of respondents with a group, weighted by R's weights."""
    data = processed(WEIGHTED["dataset"])[0]
    r_weight = {int(r["level"]): float(r["value"]) for r in _rows(WEIGHTED["dataset"], "weights")}

    def got(row):
        both = data[[row["var1"], FACTOR]].dropna()
        x = both[row["var1"]].to_numpy(dtype=float)
        w = both[FACTOR].map(r_weight).to_numpy(dtype=float)
        values = {"n_valid": len(x), **weighted_summary(x, w)}
        return values[{"mean_weighted": "mean", "sd_weighted": "sd"}.get(row["statistic"], row["statistic"])]

    _check(_rows(WEIGHTED["dataset"], "weighted_descriptives", exclude=("agree_percent_weighted",)), got)


def test_weighted_descriptives_table():
    data, codebook = processed(WEIGHTED["dataset"])
    table = weighted_descriptives(data, _weights(), codebook).set_index("item")
    _check(_rows(WEIGHTED["dataset"], "weighted_descriptives"),
           lambda row: float(table.loc[row["var1"]][row["statistic"]]))


def test_reference_covers_every_dataset_and_test():
    """An emptied or truncated reference file must fail, not pass vacuously."""
    seen = {(r["dataset"], r["test"]) for r in ROWS}
    for dataset in SURVEY_DATASETS:
        for test in ("kruskal_wallis", "mean_rank", "dunn", "p_adjust", "spearman", "spearman_ci", "kendall",
                     "kendall_ci", "descriptives"):
            assert (dataset, test) in seen
    for dataset, test in [("airquality", "kruskal_wallis"), ("airquality", "dunn"), ("hand", "p_adjust"),
                          ("hand", "wilson"), (INDEX["dataset"], "reliability"),
                          (INDEX["dataset"], "reliability_item"), (WEIGHTED["dataset"], "weights"),
                          (WEIGHTED["dataset"], "weighted_descriptives")]:
        assert (dataset, test) in seen
    assert any(r["statistic"] == "n_dont_know" and float(r["value"]) > 0 for r in ROWS)
    assert any(r["value"] == "NaN" for r in ROWS if r["test"] == "p_adjust")  # a test not run, left out
