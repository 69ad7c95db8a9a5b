"""A survey unlike the shipped ones, given only as a codebook and a CSV (tests/foreign_survey/), runs through the
library (io.read_export -> clean.clean -> describe.descriptives, inference.kruskal_wallis_table) and matches
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

from likertpipe.clean import clean
from likertpipe.codebook import load_codebook
from likertpipe.describe import descriptives
from likertpipe.inference import kruskal_wallis_table
from likertpipe.io import read_export

HERE = Path(__file__).resolve().parent / "foreign_survey"
REL = 1e-9


@cache
def tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    book = load_codebook(HERE / "codebook.yaml")
    data, warnings = clean(read_export(HERE / "survey.csv"), book, "survey.csv")
    assert warnings == []
    return descriptives(data, book, "de"), kruskal_wallis_table(data, book, "de")


def reference() -> list[dict[str, str]]:
    with (HERE / "reference.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _id(row: dict[str, str]) -> str:
    return "-".join(v for v in row.values() if v)


@pytest.mark.parametrize("row", reference(), ids=_id)
def test_matches_r(row) -> None:
    described, kruskal = tables()
    if row["test"] == "descriptives":
        found = described[described["item"] == row["item"]]
        column = row["statistic"]
    else:
        found = kruskal[(kruskal["item"] == row["item"]) & (kruskal["factor"] == row["factor"])]
        column = f"{row['statistic']}_{row['level']}" if row["level"] else row["statistic"]
    assert len(found) == 1
    actual = found.iloc[0][column]
    if row["value"] == "NaN":
        assert math.isnan(actual)
    else:
        assert float(actual) == pytest.approx(float(row["value"]), rel=REL, abs=1e-12)


def test_labels_come_from_the_codebook_in_the_requested_language() -> None:
    described, kruskal = tables()
    assert described["label"].tolist()[0] == "Die Dienste sind leicht erreichbar"
    assert set(kruskal["factor_label"]) == {"Geschlecht", "Bildung"}
    assert (kruskal[kruskal["factor"] == "education"]["k"] == 5).all()
