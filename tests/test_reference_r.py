"""likertpipe's statistics against independent reference values computed by R.

The expected values are read from tests/reference/r_reference.csv, written by tests/reference/make_reference.R
(base R: kruskal.test, rank, cor.test(method = "spearman", exact = FALSE), mean, median, sd) from the raw
datasets in tests/reference/data/. R recodes don't know (6) and the factor's missing code (9) itself; here the
same raw files go through likertpipe's own reading and cleaning (io.read_export, clean.clean), so the comparison
also proves that cleaning keeps don't-know answers out of every statistic. Every reference value is its own
test, once through the function (inference.kruskal_wallis / mean_ranks, correlate.spearman) and once through
the table the pipeline writes (kruskal_wallis_table, correlation_table, descriptives).
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from likertpipe.clean import clean
from likertpipe.codebook import Codebook, parse_codebook
from likertpipe.correlate import correlation_table, spearman
from likertpipe.describe import descriptives
from likertpipe.inference import kruskal_wallis, kruskal_wallis_table, mean_ranks
from likertpipe.io import read_export

REFERENCE_DIR = Path(__file__).resolve().parent / "reference"
DATA = REFERENCE_DIR / "data"
REFERENCE = REFERENCE_DIR / "r_reference.csv"
REL = 1e-9
LANGUAGE = "en"
FACTOR = "group"
FACTOR_CODES = (1, 2, 3, 4, 5)
SURVEY_DATASETS = ("ties3", "empty_level", "heavy")


def _read_reference() -> list[dict[str, str]]:
    if not REFERENCE.exists():  # fail, never skip: a missing reference must not look like a pass
        raise FileNotFoundError(f"{REFERENCE} is missing; run `Rscript tests/reference/make_reference.R`")
    with REFERENCE.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


ROWS = _read_reference()


def _id(row: dict[str, str]) -> str:
    parts = [row["dataset"], row["test"], row["var1"], row["var2"], row["level"], row["statistic"]]
    return "-".join(p for p in parts if p)


def _rows(*tests: str, datasets: tuple[str, ...] = SURVEY_DATASETS) -> list:
    return [pytest.param(r, id=_id(r)) for r in ROWS if r["test"] in tests and r["dataset"] in datasets]


def codebook_for(dataset: str, items: list[str]) -> Codebook:
    """The codebook of a reference dataset: items on a 1-5 scale with don't know 6, factor `group` with
    levels 1-5 and declared missing 9, numeric covariate `x`."""
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
    }, source=f"{dataset} test codebook")


@cache
def processed(dataset: str) -> tuple[pd.DataFrame, Codebook]:
    raw = read_export(DATA / f"{dataset}.csv")
    codebook = codebook_for(dataset, [c for c in raw.columns if c.startswith("q")])
    data, _warnings = clean(raw, codebook, source=f"{dataset}.csv")
    return data, codebook


@cache
def tables(dataset: str) -> dict[str, pd.DataFrame]:
    data, codebook = processed(dataset)
    return {
        "kruskal": kruskal_wallis_table(data, codebook, LANGUAGE).set_index(["item", "factor"]),
        "correlation": correlation_table(data, codebook, LANGUAGE).set_index(["var1", "var2"]),
        "descriptives": descriptives(data, codebook, LANGUAGE).set_index("item"),
    }


def _complete(data: pd.DataFrame, item: str, factor: str) -> tuple[np.ndarray, np.ndarray]:
    both = data[[item, factor]].dropna()
    return both[item].to_numpy(dtype=float), both[factor].to_numpy(dtype=int)


@cache
def airquality() -> tuple[np.ndarray, np.ndarray]:
    air = pd.read_csv(DATA / "airquality.csv").dropna()
    return air["Ozone"].to_numpy(dtype=float), air["Month"].to_numpy(dtype=int)


def _kruskal_from_function(values: np.ndarray, groups: np.ndarray, statistic: str) -> float:
    h, p, df = kruskal_wallis(values, groups)
    return {"H": h, "p": p, "df": df, "k": df + 1, "n": len(values)}[statistic]


def _expect(row: dict[str, str], got: float) -> None:
    expected = float(row["value"])
    assert got == pytest.approx(expected, rel=REL), f"{_id(row)}: R {expected!r}, likertpipe {got!r}"


# --- Kruskal-Wallis ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("row", _rows("kruskal_wallis"))
def test_kruskal_wallis_function(row):
    values, groups = _complete(processed(row["dataset"])[0], row["var1"], row["var2"])
    _expect(row, _kruskal_from_function(values, groups, row["statistic"]))


@pytest.mark.parametrize("row", _rows("kruskal_wallis"))
def test_kruskal_wallis_table(row):
    table_row = tables(row["dataset"])["kruskal"].loc[(row["var1"], row["var2"])]
    _expect(row, float(table_row[row["statistic"]]))


@pytest.mark.parametrize("row", _rows("mean_rank"))
def test_mean_ranks_function(row):
    values, groups = _complete(processed(row["dataset"])[0], row["var1"], row["var2"])
    n, rank = mean_ranks(values, groups)[int(row["level"])]
    _expect(row, {"n": n, "mean_rank": rank}[row["statistic"]])


@pytest.mark.parametrize("row", _rows("mean_rank"))
def test_mean_ranks_table(row):
    table_row = tables(row["dataset"])["kruskal"].loc[(row["var1"], row["var2"])]
    column = {"n": "n_", "mean_rank": "mean_rank_"}[row["statistic"]] + row["level"]
    _expect(row, float(table_row[column]))


def _item_factor_pairs() -> list:
    pairs = sorted({(r["dataset"], r["var1"], r["var2"]) for r in ROWS
                    if r["test"] == "kruskal_wallis" and r["dataset"] in SURVEY_DATASETS})
    return [pytest.param(*p, id="-".join(p)) for p in pairs]


@pytest.mark.parametrize(("dataset", "item", "factor"), _item_factor_pairs())
def test_levels_without_answers_are_left_out(dataset, item, factor):
    """Exactly the levels R saw enter the test; the table keeps the other declared levels empty (n 0)."""
    r_levels = {int(r["level"]) for r in ROWS if (r["dataset"], r["test"], r["var1"], r["var2"], r["statistic"])
                == (dataset, "mean_rank", item, factor, "n")}
    values, groups = _complete(processed(dataset)[0], item, factor)
    assert set(mean_ranks(values, groups)) == r_levels
    table_row = tables(dataset)["kruskal"].loc[(item, factor)]
    for code in set(FACTOR_CODES) - r_levels:
        assert table_row[f"n_{code}"] == 0
        assert pd.isna(table_row[f"mean_rank_{code}"])


# --- R's documented example: kruskal.test(Ozone ~ Month, data = airquality) ---------------------------------

@pytest.mark.parametrize("row", _rows("kruskal_wallis", datasets=("airquality",)))
def test_airquality_kruskal_wallis(row):
    _expect(row, _kruskal_from_function(*airquality(), row["statistic"]))


@pytest.mark.parametrize("row", _rows("mean_rank", datasets=("airquality",)))
def test_airquality_mean_ranks(row):
    n, rank = mean_ranks(*airquality())[int(row["level"])]
    _expect(row, {"n": n, "mean_rank": rank}[row["statistic"]])


def test_airquality_reference_is_rs_documented_value():
    """Guards the reference file itself: R's help page prints H = 29.267, df = 4, p = 6.901e-06."""
    ref = {r["statistic"]: float(r["value"]) for r in ROWS if (r["dataset"], r["test"]) == ("airquality",
                                                                                           "kruskal_wallis")}
    assert ref["H"] == pytest.approx(29.26657631, abs=1e-8)
    assert ref["df"] == 4
    assert ref["p"] == pytest.approx(6.900714119e-06, abs=1e-15)


# --- Spearman ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("row", _rows("spearman"))
def test_spearman_function(row):
    data = processed(row["dataset"])[0]
    n, rho, p = spearman(data[row["var1"]].to_numpy(dtype=float, na_value=np.nan),
                         data[row["var2"]].to_numpy(dtype=float, na_value=np.nan))
    _expect(row, {"n": n, "rho": rho, "p": p}[row["statistic"]])


@pytest.mark.parametrize("row", _rows("spearman"))
def test_spearman_table(row):
    table_row = tables(row["dataset"])["correlation"].loc[(row["var1"], row["var2"])]
    _expect(row, float(table_row[row["statistic"]]))


# --- Descriptives -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("row", _rows("descriptives"))
def test_descriptives_table(row):
    table_row = tables(row["dataset"])["descriptives"].loc[row["var1"]]
    _expect(row, float(table_row[row["statistic"]]))


def test_reference_covers_every_dataset_and_test():
    """An emptied or truncated reference file must fail, not pass vacuously."""
    seen = {(r["dataset"], r["test"]) for r in ROWS}
    for dataset in SURVEY_DATASETS:
        for test in ("kruskal_wallis", "mean_rank", "spearman", "descriptives"):
            assert (dataset, test) in seen
    assert ("airquality", "kruskal_wallis") in seen
    assert any(r["statistic"] == "n_dont_know" and float(r["value"]) > 0 for r in ROWS)
