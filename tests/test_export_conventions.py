"""Missing-value markers (`na_values`) and exports without an id column (`id_column: null`): the R, Stata and
spreadsheet conventions of issue 19, each either read correctly or stopped by one message saying how to declare it."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import yaml

from likertpipe import cleaning_report
from likertpipe.clean import clean, clean_rows
from likertpipe.codebook import parse_codebook
from likertpipe.errors import LikertpipeError
from likertpipe.io import read_export

ITEMS = [f"{trait}{n}" for trait in "ACENO" for n in range(1, 6)]


def bfi_codebook(**extra) -> dict:
    """The codebook of a psych::bfi-shaped export: 25 items on a six-point scale, gender, education, age."""
    book = {
        "study": {"id": "bfi", "language": "en"},
        "id_column": None,
        "scales": {"accuracy6": {"levels": [{"code": c, "label": f"level {c}"} for c in range(1, 7)]}},
        "items": [{"column": c, "scale": "accuracy6", "label": c} for c in ITEMS],
        "factors": [
            {"column": "gender", "label": "Gender", "levels": [{"code": 1, "label": "Male"},
                                                               {"code": 2, "label": "Female"}]},
            {"column": "education", "label": "Education",
             "levels": [{"code": c, "label": str(c)} for c in range(1, 6)]},
        ],
        "covariates": [{"column": "age", "label": "Age"}],
    }
    return book | extra


def write_r_csv(path, rows: int = 60, seed: int = 7) -> pd.DataFrame:
    """A file as R's write.csv(psych::bfi) writes it: row names in an unnamed first column, every text quoted,
    NA for missing values."""
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({c: rng.integers(1, 7, rows).astype(object) for c in ITEMS})
    frame["gender"] = rng.integers(1, 3, rows)
    frame["education"] = rng.integers(1, 6, rows).astype(object)
    frame["age"] = rng.integers(16, 80, rows)
    for column, share in (("A1", 0.1), ("O5", 0.2), ("education", 0.15)):
        frame.loc[rng.random(rows) < share, column] = "NA"
    names = [str(61617 + 3 * i) for i in range(rows)]
    lines = ['"",' + ",".join(f'"{c}"' for c in frame.columns)]
    lines += [f'"{n}",' + ",".join(map(str, row)) for n, row in zip(names, frame.itertuples(index=False), strict=True)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return frame


def test_r_export_reads_na_as_blank_and_counts_it(tmp_path) -> None:
    path = tmp_path / "bfi.csv"
    frame = write_r_csv(path)
    result = clean_rows(read_export(path), parse_codebook(bfi_codebook()), str(path))
    data = result.data
    assert len(data) == 60
    assert data["A1"].isna().sum() == (frame["A1"] == "NA").sum() > 0
    assert data["A1_code"].isna().sum() == (frame["A1"] == "NA").sum()  # blank, not a declared code
    assert data["education"].isna().sum() == (frame["education"] == "NA").sum()
    assert data["row"].tolist() == [str(r) for r in range(2, 62)]  # no id column: the row number
    counts = result.reading.na_cells
    assert set(counts) == {"A1", "O5", "education"} and counts["A1"]["NA"] == (frame["A1"] == "NA").sum()
    assert result.warnings == ["column '' is not in the codebook and was ignored"]


def test_cleaning_report_shows_the_na_cells_and_the_row_ids(tmp_path) -> None:
    path = tmp_path / "bfi.csv"
    frame = write_r_csv(path)
    book = parse_codebook(bfi_codebook())
    result = clean_rows(read_export(path), book, str(path))
    text = cleaning_report.render(result.data, book, result.warnings, inputs={}, reading=result.reading)
    total = int((frame[["A1", "O5", "education"]] == "NA").to_numpy().sum())
    assert f"`NA`: {total} cell(s) in 3 column(s)" in text
    assert "The export has no id column: each respondent's id (`row`) is their row number" in text


def test_na_not_configured_says_how_to_declare_it(tmp_path) -> None:
    path = tmp_path / "bfi.csv"
    write_r_csv(path)
    with pytest.raises(LikertpipeError) as caught:
        clean(read_export(path), parse_codebook(bfi_codebook(na_values=[])), str(path))
    message = str(caught.value)
    assert "value 'NA': expected one of 1, 2, 3, 4, 5, 6" in message
    assert "'NA' looks like a missing-value marker" in message
    assert "not one of the codebook's na_values (none). If it means no answer, declare it: na_values: ['NA']" in message


@pytest.mark.parametrize(("marker", "configured"), [(".", None), ("#N/A", None), ("N/A", None), ("NULL", ["NULL"]),
                                                    ("-99", ["-99"])])
def test_stata_spreadsheet_and_other_markers(tmp_path, marker, configured) -> None:
    path = tmp_path / "export.csv"
    path.write_text(f"resp,q1\na,1\nb,{marker}\nc, {marker} \n", encoding="utf-8")
    book = {"study": {"id": "s"}, "id_column": "resp",
            "scales": {"s3": {"levels": [{"code": c, "label": str(c)} for c in (1, 2, 3)]}},
            "items": [{"column": "q1", "scale": "s3", "label": "Q1"}]}
    if configured:
        book["na_values"] = configured
    result = clean_rows(read_export(path), parse_codebook(book), str(path))
    assert result.data["q1"].isna().tolist() == [False, True, True]
    assert result.reading.na_cells == {"q1": {marker: 2}}


def test_an_unconfigured_lookalike_gets_the_advice(tmp_path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("resp,q1\na,1\nb,NaN\n", encoding="utf-8")
    book = {"study": {"id": "s"}, "id_column": "resp",
            "scales": {"s3": {"levels": [{"code": c, "label": str(c)} for c in (1, 2, 3)]}},
            "items": [{"column": "q1", "scale": "s3", "label": "Q1"}]}
    with pytest.raises(LikertpipeError, match=r"row 3, column 'q1': value 'NaN'.*declare it: na_values: "
                                              r"\['NA', '\.', '#N/A', 'N/A', 'NaN'\]"):
        clean(read_export(path), parse_codebook(book), str(path))


def test_a_label_equal_to_a_marker_stays_a_level(tmp_path) -> None:
    """A scale whose missing code is labelled "N/A" reads the cell "N/A" as that code, not as an empty cell."""
    path = tmp_path / "export.csv"
    path.write_text("resp,q1,note\na,1,NA\nb,N/A,fine\n", encoding="utf-8")
    book = {"study": {"id": "s"}, "id_column": "resp",
            "scales": {"s3": {"levels": [{"code": c, "label": str(c)} for c in (1, 2, 3)],
                              "missing": [{"code": 9, "label": "N/A"}]}},
            "items": [{"column": "q1", "scale": "s3", "label": "Q1"}],
            "open_text": [{"column": "note", "label": "Note"}]}
    data, _ = clean(read_export(path), parse_codebook(book), str(path))
    assert data["q1_code"].tolist() == [1, 9]
    assert data["note"].isna().tolist() == [True, False]  # R's NA in a text column is no comment


def anes_like(path, rows: int = 40, seed: int = 3) -> pd.DataFrame:
    """statsmodels' anes96 as to_csv(index=False) writes it: no id column, a population column with repeats."""
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({
        "popul": rng.choice(rng.integers(0, 7300, 60), rows), "TVnews": rng.integers(0, 8, rows),
        "selfLR": rng.integers(1, 8, rows), "ClinLR": rng.integers(1, 8, rows), "DoleLR": rng.integers(1, 8, rows),
        "PID": rng.integers(0, 7, rows), "age": rng.integers(19, 91, rows), "educ": rng.integers(1, 8, rows),
        "income": rng.integers(1, 25, rows), "vote": rng.integers(0, 2, rows),
    })
    frame["logpopul"] = np.log(frame["popul"] + 0.1).round(6)
    frame.to_csv(path, index=False)
    return frame


ANES_BOOK = {
    "study": {"id": "anes96", "language": "en"},
    "scales": {"left_right7": {"levels": [{"code": c, "label": str(c)} for c in range(1, 8)]},
               "vote": {"levels": [{"code": 0, "label": "Clinton"}, {"code": 1, "label": "Dole"}]}},
    "items": [{"column": c, "scale": "left_right7", "label": c} for c in ("selfLR", "ClinLR", "DoleLR")],
    "factors": [{"column": "PID", "label": "Party", "levels": [{"code": c, "label": str(c)} for c in range(7)]},
                {"column": "educ", "label": "Education",
                 "levels": [{"code": c, "label": str(c)} for c in range(1, 8)]}],
    "covariates": [{"column": c, "label": c} for c in ("popul", "TVnews", "age", "income", "logpopul")],
    "yes_no": [{"column": "vote", "label": "Vote", "scale": "vote", "yes_code": 1}],
}


@pytest.mark.parametrize("given", [True, False])
def test_export_without_an_id_numbers_the_rows(tmp_path, given) -> None:
    path = tmp_path / "anes96.csv"
    frame = anes_like(path)
    book = parse_codebook(ANES_BOOK | ({"id_column": None} if given else {}))
    result = clean_rows(read_export(path), book, str(path))
    assert result.data["row"].tolist() == [str(r) for r in range(2, 42)]
    assert result.data["selfLR"].tolist() == frame["selfLR"].tolist()
    omitted = [w for w in result.warnings if "names no id_column" in w]
    assert len(omitted) == (0 if given else 1)


def test_a_column_that_is_no_id_gets_advice_to_number_the_rows(tmp_path) -> None:
    path = tmp_path / "anes96.csv"
    anes_like(path)
    with pytest.raises(LikertpipeError) as caught:
        book = ANES_BOOK | {"id_column": "popul", "covariates": ANES_BOOK["covariates"][1:]}
        clean(read_export(path), parse_codebook(book), str(path))
    assert "set id_column: null in the codebook to number the rows instead" in str(caught.value)


def test_row_ids_follow_the_spreadsheet_rows_in_quarantine(tmp_path) -> None:
    path = tmp_path / "anes96.csv"
    anes_like(path)
    text = path.read_text().splitlines()
    text[3] = text[3].replace(",", ",9", 3)  # row 4: out of every range
    path.write_text("\n".join(text) + "\n")
    result = clean_rows(read_export(path), parse_codebook(ANES_BOOK | {"id_column": None}), str(path),
                        on_invalid="quarantine")
    assert result.quarantine["row"].tolist() == [4]
    assert "4" not in result.data["row"].tolist() and len(result.data) == 39


def test_the_processed_id_column_avoids_a_codebook_column_named_row() -> None:
    book = yaml.safe_load(yaml.safe_dump(ANES_BOOK))
    book["covariates"].append({"column": "row", "label": "Row"})
    assert parse_codebook(book).id_column == "row_2"
