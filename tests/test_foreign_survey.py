"""A survey unlike the shipped ones, given only as a codebook and a CSV (tests/foreign_survey/), runs through the
library (io.read_export -> clean.clean -> describe.descriptives, inference.kruskal_wallis_table,
crosstabs.sample_table) and matches
values R computed independently from the raw CSV (tests/foreign_survey/reference.R -> reference.csv).

The survey: a 7-point agreement scale without a don't-know code, gender written as German label text with a
declared missing code, five education levels, an age covariate, 150 respondents with missing answers.
"""

from __future__ import annotations

import csv
import math
from functools import cache
from pathlib import Path

import pandas as pd
import pytest
from reference_check import Case, compare_block

from likertpipe import crosstabs
from likertpipe.clean import clean
from likertpipe.codebook import load_codebook
from likertpipe.describe import descriptives
from likertpipe.inference import kruskal_wallis_table
from likertpipe.io import read_export
from likertpipe.labels import attach

HERE = Path(__file__).resolve().parent / "foreign_survey"
REL = 1e-9


@cache
def tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    book = load_codebook(HERE / "codebook.yaml")
    data, warnings = clean(read_export(HERE / "survey.csv"), book, "survey.csv")
    assert warnings == []
    return descriptives(data, book), kruskal_wallis_table(data, book)


@cache
def sample() -> pd.DataFrame:
    """The sample table of the survey by education (crosstabs.sample_table)."""
    book = load_codebook(HERE / "codebook.yaml")
    data, _ = clean(read_export(HERE / "survey.csv"), book, "survey.csv")
    return crosstabs.sample_table(data, book, by="education")


def reference() -> list[dict[str, str]]:
    with (HERE / "reference.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _value(row: dict[str, str]):
    """likertpipe's value of one reference row (its table, item, factor, statistic and level)."""
    if row["test"] == "sample":  # the sample table by education: a row by variable, education level, level
        table = sample()
        found = table[(table["variable"] == row["item"])
                      & (table["group"].isna() if not row["factor"] else table["group"] == int(row["factor"]))]
        if row["level"]:
            found = found[found["level"] == int(row["level"])]
        return found.iloc[0][row["statistic"]]
    described, kruskal = tables()
    if row["test"] == "descriptives":
        found = described[described["item"] == row["item"]]
        column = row["statistic"]
    else:
        found = kruskal[(kruskal["item"] == row["item"]) & (kruskal["factor"] == row["factor"])]
        column = f"{row['statistic']}_{row['level']}" if row["level"] else row["statistic"]
    assert len(found) == 1, f"{len(found)} rows"
    return found.iloc[0][column]


def _matches(expected: float, got) -> bool:
    if math.isnan(expected):
        return math.isnan(got)
    return float(got) == pytest.approx(expected, rel=REL, abs=1e-12)


@pytest.mark.parametrize("test", ["descriptives", "kruskal", "sample"])
def test_matches_r(test: str) -> None:
    """Every value R computed for the table, in one block: a failure lists each value that differs."""
    rows = [row for row in reference() if row["test"] == test]
    cases = [Case("foreign_survey", row["statistic"], "-".join(v for v in (row["item"], row["factor"], row["level"])
                                                               if v),
                  float(row["value"]), lambda row=row: _value(row)) for row in rows]
    compare_block(cases, _matches, lambda expected: f"rel {REL}")


def test_labels_come_from_the_codebook_in_the_requested_language() -> None:
    book = load_codebook(HERE / "codebook.yaml")
    described, kruskal = (attach(name, table, book, "de") for name, table in zip(("descriptives", "kruskal_wallis"),
                                                                                  tables(), strict=True))
    assert described["label"].tolist()[0] == "Die Dienste sind leicht erreichbar"
    assert set(kruskal["factor_label"]) == {"Geschlecht", "Bildung"}
    assert (kruskal[kruskal["factor"] == "education"]["k"] == 5).all()
