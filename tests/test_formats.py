"""The demo export in other formats (XLSX, SPSS .sav with value labels and user-missing codes, Stata .dta,
semicolon CSV in Windows-1252, answers as label text) gives exactly the processed data of the CSV run."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyreadstat
import pytest
from repo_copy import REPO

from likertpipe import answers, correlate, describe, inference
from likertpipe.clean import clean
from likertpipe.codebook import load_codebook, text
from likertpipe.io import read_export

DEMO = REPO / "data_raw" / "kommunalsjef" / "demo_export.csv"
BOOK = load_codebook(REPO / "config" / "kommunalsjef" / "codebook.yaml")
CODED = [i.column for i in BOOK.items] + [f.column for f in BOOK.factors if f.derived is None]
CODED += [q.column for q in BOOK.yes_no if q.derived is None]  # derived variables are no column of the export
NUMERIC = [*CODED, *(c.column for c in BOOK.covariates)]


@pytest.fixture(scope="module")
def raw() -> pd.DataFrame:
    return read_export(DEMO)


@pytest.fixture(scope="module")
def expected(raw) -> pd.DataFrame:
    data, _ = clean(raw, BOOK, str(DEMO))
    return data


def typed(raw: pd.DataFrame) -> pd.DataFrame:
    """The export with numbers as numbers (as a spreadsheet or statistics package holds them)."""
    frame = raw.copy()
    for column in NUMERIC:
        frame[column] = pd.to_numeric(frame[column].replace("", None)).astype("float64")
    return frame


def cleaned(path: Path, **options) -> pd.DataFrame:
    data, _ = clean(read_export(path, options), BOOK, str(path))
    return data


def test_xlsx(raw, expected, tmp_path) -> None:
    path = tmp_path / "export.xlsx"
    frame = typed(raw)
    for column in NUMERIC:
        frame[column] = frame[column].astype("Int64")
    with pd.ExcelWriter(path) as writer:
        pd.DataFrame({"note": ["not the data"]}).to_excel(writer, sheet_name="Info", index=False)
        frame.to_excel(writer, sheet_name="Svar", index=False)
    data = cleaned(path, sheet="Svar")
    pd.testing.assert_frame_equal(data, expected)
    assert read_export(path, {"sheet": 1})["E1"].iloc[0] == raw["E1"].iloc[0]  # "1", not "1.0"


def test_xlsx_gives_identical_results_tables(raw, expected, tmp_path) -> None:
    path = tmp_path / "export.xlsx"
    typed(raw).to_excel(path, index=False)  # floats: cells shown as 4, read as "4"
    data = cleaned(path)
    pd.testing.assert_frame_equal(data, expected)
    for table in (describe.descriptives, answers.frequencies, inference.kruskal_wallis_table,
                  correlate.correlation_table):
        pd.testing.assert_frame_equal(table(data, BOOK), table(expected, BOOK))


def test_spss_sav_with_value_labels_and_user_missing(raw, expected, tmp_path) -> None:
    frame = typed(raw)
    items = [i.column for i in BOOK.items]
    # SPSS habit: don't know stored as the user-missing code 99, labelled; the reader maps it by its label
    for column in items:
        frame[column] = frame[column].replace(6.0, 99.0)
    labels = {}
    for item in BOOK.items:
        scale = item.scale
        labels[item.column] = {float(lv.code): text(lv.label, "nb") for lv in scale.levels} | {99.0: "Vet ikke"}
    for factor in BOOK.factors:
        labels[factor.column] = {float(lv.code): text(lv.label, "nb") for lv in factor.levels}
    path = tmp_path / "export.sav"
    pyreadstat.write_sav(frame, str(path), variable_value_labels=labels,
                         missing_ranges={column: [99] for column in items})
    pd.testing.assert_frame_equal(cleaned(path), expected)


def test_stata_dta(raw, expected, tmp_path) -> None:
    path = tmp_path / "export.dta"
    pyreadstat.write_dta(typed(raw), str(path))
    pd.testing.assert_frame_equal(cleaned(path), expected)


@pytest.mark.parametrize("encoding", ["auto", "cp1252"])
def test_semicolon_csv_in_windows_1252(raw, expected, tmp_path, encoding) -> None:
    path = tmp_path / "export.csv"
    raw.to_csv(path, sep=";", index=False, encoding="cp1252", lineterminator="\r\n")
    assert "ø".encode("cp1252") in path.read_bytes()
    pd.testing.assert_frame_equal(cleaned(path, encoding=encoding), expected)


def test_answers_as_label_text(raw, expected, tmp_path) -> None:
    frame = raw.copy()
    for item in BOOK.items:
        scale = item.scale
        names = {str(lv.code): text(lv.label, "nb") for lv in scale.levels + scale.dont_know}
        frame[item.column] = frame[item.column].map(lambda c, names=names: names.get(c, c).upper())
    for factor in (f for f in BOOK.factors if f.derived is None):
        names = {str(lv.code): "  " + text(lv.label, "en") for lv in factor.levels}
        frame[factor.column] = frame[factor.column].map(lambda c, names=names: names.get(c, c))
    for question in (q for q in BOOK.yes_no if q.derived is None):
        names = {str(lv.code): text(lv.label, "nb").lower() for lv in question.scale.levels}
        frame[question.column] = frame[question.column].map(lambda c, names=names: names.get(c, c))
    frame.columns = [c.lower() if c.startswith("E") else c for c in frame.columns]  # names matched ignoring case
    path = tmp_path / "labels.csv"
    frame.to_csv(path, index=False)
    assert read_export(path)["e1"].str.startswith("I ").any()
    pd.testing.assert_frame_equal(cleaned(path), expected)
