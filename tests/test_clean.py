"""Cleaning a raw export: processed layout, answer states, user-facing errors, and reading CSV variants."""

from __future__ import annotations

import pandas as pd
import pyarrow.parquet as pq
import pytest

from likertpipe.clean import STATUSES, clean, item_status, status_counts
from likertpipe.codebook import parse_codebook
from likertpipe.errors import LikertpipeError
from likertpipe.io import read_export, write_processed

HEADER = "resp_id,q1,q2,region,years,changed,comment"


def clean_error(export, codebook) -> str:
    with pytest.raises(LikertpipeError) as info:
        clean(export.raw, codebook, str(export.path))
    return str(info.value)


# --- a clean export -----------------------------------------------------------------------------------


@pytest.fixture
def clean_export(read_csv_text):
    return read_csv_text(
        HEADER + "\n"
        "a1,4,1,1,12,1,Fine\n"
        "a2,6,5,2,0,2,\n"
        "a3,9,3,3,3.5,1,  padded  \n"
        "a4,,2,,,,\n"
    )


def test_processed_layout_and_dtypes(clean_export, codebook) -> None:
    data, warnings = clean(clean_export.raw, codebook, str(clean_export.path))
    assert warnings == []
    assert list(data.columns) == [
        "resp_id", "q1", "q1_code", "q2", "q2_code", "region", "years", "changed", "comment"
    ]
    expected_dtypes = {
        "resp_id": "string", "q1": "Int8", "q1_code": "Int16", "q2": "Int8", "q2_code": "Int16",
        "region": "Int8", "years": "Float64", "changed": "Int8", "comment": "string",
    }
    assert {c: str(t) for c, t in data.dtypes.items()} == expected_dtypes
    assert len(data) == 4


def test_processed_values(clean_export, codebook) -> None:
    data, _ = clean(clean_export.raw, codebook, str(clean_export.path))
    assert data["resp_id"].tolist() == ["a1", "a2", "a3", "a4"]
    assert data["q1"].tolist() == [4, pd.NA, pd.NA, pd.NA]
    assert data["q1_code"].tolist() == [4, 6, 9, pd.NA]
    assert data["q2"].tolist() == [1, 5, 3, 2]
    assert data["q2_code"].tolist() == [1, 5, 3, 2]
    assert data["region"].tolist() == [1, 2, 3, pd.NA]
    assert data["years"].tolist() == [12.0, 0.0, 3.5, pd.NA]
    assert data["changed"].tolist() == [1, 2, 1, pd.NA]
    assert data["comment"].tolist() == ["Fine", pd.NA, "padded", pd.NA]


def test_dont_know_declared_missing_and_empty_are_distinct(clean_export, codebook) -> None:
    data, _ = clean(clean_export.raw, codebook, str(clean_export.path))
    status = item_status(data["q1_code"], codebook.scales["agree5"])
    assert status.tolist() == ["valid", "dont_know", "declared_missing", "blank"]
    assert list(status.cat.categories) == ["valid", "dont_know", "declared_missing", "blank"]
    # the value column alone cannot tell them apart; the code column can
    assert data["q1"].isna().tolist() == [False, True, True, True]


def test_decimal_comma_and_spaces_in_codes_are_accepted(read_csv_text, make_csv, codebook) -> None:
    export = read_csv_text(make_csv([{"q1": " 5 ", "q2": "3.0"}], sep=";").replace("3.0", "3,0"))
    data, _ = clean(export.raw, codebook, str(export.path))
    assert data["q1"].tolist() == [5]
    assert data["q2"].tolist() == [3]


def test_factor_code_not_a_level_is_an_error(read_csv_text, make_csv, codebook) -> None:
    export = read_csv_text(make_csv([{"region": "4"}]))
    message = clean_error(export, codebook)
    assert "row 2, column 'region': value '4'" in message and "one of 1, 2, 3, or empty" in message


def test_yes_no_code_not_in_scale_is_an_error(read_csv_text, make_csv, codebook) -> None:
    export = read_csv_text(make_csv([{"changed": "3"}]))
    message = clean_error(export, codebook)
    assert "row 2, column 'changed': value '3'" in message and "Fix:" in message


# --- invalid cells: file, row, column, value and a fix --------------------------------------------------


@pytest.mark.parametrize(
    "row_index, cells, column, value, expected, fix",
    [
        (1, {"q1": "7"}, "q1", "7", "one of 1, 2, 3, 4, 5; don't know 6; declared missing 9, or empty",
         "declare the code under scales.agree5"),
        (2, {"q2": "abc"}, "q2", "abc", "one of 1, 2, 3, 4, 5", "correct the answer"),
        (0, {"years": "ten"}, "years", "ten", "a number", "correct the value"),
        (2, {"years": "-1"}, "years", "-1", "a number from 0", "correct the value"),
        (1, {"q1": "2.5"}, "q1", "2.5", "one of 1, 2, 3, 4, 5", "correct the answer"),
    ],
    ids=["out-of-scale-code", "text-in-item", "non-numeric-covariate", "covariate-below-min", "fractional-code"],
)
def test_invalid_cell(read_csv_text, make_csv, codebook, row_index, cells, column, value, expected, fix) -> None:
    rows = [{"resp_id": f"r{i}"} for i in range(3)]
    rows[row_index].update(cells)
    export = read_csv_text(make_csv(rows))
    message = clean_error(export, codebook)
    spreadsheet_row = row_index + 2  # header is row 1
    assert message.startswith(f"{export.path}: 1 problem(s) found")
    assert f"row {spreadsheet_row}, column '{column}': value '{value}'" in message
    assert expected in message
    assert "Fix:" in message and fix in message


def test_duplicate_id_names_both_rows(read_csv_text, make_csv, codebook) -> None:
    export = read_csv_text(make_csv([{"resp_id": "x"}, {"resp_id": "y"}, {"resp_id": "x"}]))
    message = clean_error(export, codebook)
    assert str(export.path) in message
    assert "row 4, column 'resp_id': value 'x'" in message
    assert "also on row 2" in message
    assert "Fix: remove the duplicate response or correct its id" in message


def test_every_repeat_of_an_id_names_the_first_row(read_csv_text, make_csv, codebook) -> None:
    rows = [{"resp_id": i} for i in ["a", "x", "b", "x", "", "x", "a"]]
    with pytest.raises(LikertpipeError) as info:
        clean(read_csv_text(make_csv(rows)).raw, codebook, "x.csv")
    message = str(info.value)
    assert "4 problem(s)" in message
    assert "row 5, column 'resp_id': value 'x': expected a unique id (also on row 3)" in message
    assert "row 6, column 'resp_id': expected a respondent id" in message
    assert "row 7, column 'resp_id': value 'x': expected a unique id (also on row 3)" in message
    assert "row 8, column 'resp_id': value 'a': expected a unique id (also on row 2)" in message


def test_duplicate_id_after_trimming_spaces(read_csv_text, make_csv, codebook) -> None:
    export = read_csv_text(make_csv([{"resp_id": "x"}, {"resp_id": " x "}]))
    message = clean_error(export, codebook)
    assert "row 3, column 'resp_id'" in message and "also on row 2" in message


def test_empty_id(read_csv_text, make_csv, codebook) -> None:
    export = read_csv_text(make_csv([{"resp_id": "x"}, {"resp_id": "y"}, {"resp_id": ""}]))
    message = clean_error(export, codebook)
    assert str(export.path) in message
    assert "row 4, column 'resp_id'" in message
    assert "a respondent id" in message and "Fix: fill in the id" in message


def test_missing_required_column(read_csv_text, make_csv, codebook) -> None:
    columns = ["resp_id", "q1", "region", "years", "changed", "comment"]  # no q2
    export = read_csv_text(make_csv([{}], columns=columns))
    message = clean_error(export, codebook)
    assert str(export.path) in message
    assert "required column(s) missing: q2" in message
    assert "small-codebook.yaml" in message
    assert "Fix:" in message


def test_header_only_file(read_csv_text, codebook) -> None:
    export = read_csv_text(HEADER + "\n")
    assert export.raw.empty
    message = clean_error(export, codebook)
    assert str(export.path) in message
    assert "header but no answers" in message and "Export the responses again" in message


@pytest.mark.parametrize("content", ["", "\n\n", "   \n"], ids=["zero-bytes", "blank-lines", "spaces"])
def test_empty_file(tmp_path, content) -> None:
    path = tmp_path / "empty.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LikertpipeError) as info:
        read_export(path)
    message = str(info.value)
    assert str(path) in message and "empty" in message and "Export the survey again" in message


def test_empty_file_with_only_a_bom(tmp_path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf")
    with pytest.raises(LikertpipeError, match="the file is empty"):
        read_export(path)


def test_missing_data_file(tmp_path) -> None:
    path = tmp_path / "nowhere.csv"
    with pytest.raises(LikertpipeError) as info:
        read_export(path)
    assert str(path) in str(info.value) and "not found" in str(info.value)


def test_not_utf8_when_utf8_is_required(tmp_path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes((HEADER + "\nr1,4,2,1,12,1,Blåbær\n").encode("latin-1"))
    with pytest.raises(LikertpipeError) as info:
        read_export(path, {"encoding": "utf-8"})
    assert str(path) in str(info.value) and "UTF-8" in str(info.value)


def test_windows_1252_is_detected_by_default(tmp_path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes((HEADER + "\nr1,4,2,1,12,1,Blåbær\n").encode("cp1252"))
    assert read_export(path)["comment"].tolist() == ["Blåbær"]


def test_all_problems_are_reported_together(read_csv_text, make_csv, codebook) -> None:
    rows = [
        {"resp_id": "a", "q1": "7"},
        {"resp_id": "b", "q2": "abc", "years": "-3"},
        {"resp_id": "a"},
        {"resp_id": "", "region": "0"},
    ]
    export = read_csv_text(make_csv(rows))
    message = clean_error(export, codebook)
    assert message.startswith(f"{export.path}: 6 problem(s) found")
    expected = [
        "row 2, column 'q1': value '7'",
        "row 3, column 'q2': value 'abc'",
        "row 3, column 'years': value '-3'",
        "row 4, column 'resp_id': value 'a'",
        "row 5, column 'region': value '0'",
        "row 5, column 'resp_id'",
    ]
    for fragment in expected:
        assert fragment in message
    # listed in spreadsheet order
    positions = [message.index(fragment) for fragment in expected]
    assert positions == sorted(positions)


def test_unknown_extra_column_is_a_warning(read_csv_text, make_csv, codebook) -> None:
    columns = ["resp_id", "Ekstra", "q1", "q2", "region", "years", "changed", "comment"]
    export = read_csv_text(make_csv([{"Ekstra": "whatever"}], columns=columns))
    data, warnings = clean(export.raw, codebook, str(export.path))
    assert "Ekstra" not in data.columns
    assert len(warnings) == 1 and "'Ekstra'" in warnings[0] and "not in the codebook" in warnings[0]


def test_item_without_any_valid_answer_is_a_warning(read_csv_text, make_csv, codebook) -> None:
    export = read_csv_text(make_csv([{"resp_id": "a", "q2": "6"}, {"resp_id": "b", "q2": ""}]))
    _, warnings = clean(export.raw, codebook, str(export.path))
    assert warnings == ["item 'q2' has no valid answer"]


def test_raw_frame_is_not_modified(read_csv_text, codebook) -> None:
    export = read_csv_text(HEADER + "\n a1 ,4,6,1, 1 000 ,1, text \na2,,9,2,,2,\n")
    before = export.raw.copy(deep=True)
    data, _ = clean(export.raw, codebook, str(export.path))
    pd.testing.assert_frame_equal(export.raw, before)
    assert data["years"].tolist() == [1000.0, pd.NA]


def test_raw_frame_is_not_modified_on_error(read_csv_text, make_csv, codebook) -> None:
    export = read_csv_text(make_csv([{"q1": " 7 "}]))
    before = export.raw.copy(deep=True)
    clean_error(export, codebook)
    pd.testing.assert_frame_equal(export.raw, before)


def test_infinite_covariate_is_an_error(read_csv_text, make_csv, codebook) -> None:
    export = read_csv_text(make_csv([{"years": "inf"}]))
    message = clean_error(export, codebook)
    assert "row 2, column 'years': value 'inf'" in message


def test_repeated_column_in_header_is_an_error(read_csv_text, codebook) -> None:
    text = "resp_id,q1,q1,q2,region,years,changed,comment\nr1,4,5,2,1,12,1,\n"
    with pytest.raises(LikertpipeError) as info:
        export = read_csv_text(text)
        clean(export.raw, codebook, str(export.path))
    assert "export.csv" in str(info.value) and "'q1'" in str(info.value)


# --- reading CSV variants -------------------------------------------------------------------------------

EXPECTED_RAW = pd.DataFrame(
    {"resp_id": ["r1", "r2"], "q1": ["4", ""], "q2": ["2", "6"], "region": ["1", "3"], "years": ["12", "1.5"],
     "changed": ["1", "2"], "comment": ["", "ok"]}
)


def assert_raw_equal(raw: pd.DataFrame) -> None:
    assert list(raw.columns) == list(EXPECTED_RAW.columns)
    assert raw.to_dict("list") == EXPECTED_RAW.to_dict("list")


@pytest.mark.parametrize("sep", [",", ";", "\t"], ids=["comma", "semicolon", "tab"])
@pytest.mark.parametrize("bom", [False, True], ids=["no-bom", "bom"])
def test_read_export_delimiters_and_bom(read_csv_text, make_csv, sep, bom) -> None:
    rows = [{"resp_id": "r1"}, {"resp_id": "r2", "q1": "", "q2": "6", "region": "3", "years": "1.5",
                                "changed": "2", "comment": "ok"}]
    export = read_csv_text(make_csv(rows, sep=sep), bom=bom)
    assert_raw_equal(export.raw)


def test_bom_does_not_end_up_in_the_id_column_name(read_csv_text, make_csv, codebook) -> None:
    export = read_csv_text(make_csv([{}], sep=";"), bom=True)
    assert export.raw.columns[0] == "resp_id"
    data, warnings = clean(export.raw, codebook, str(export.path))
    assert warnings == [] and data["resp_id"].tolist() == ["r1"]


def test_cells_are_kept_as_typed_text(read_csv_text) -> None:
    export = read_csv_text(HEADER + "\n007,04,NA,1,1e3,1,null\n")
    row = export.raw.iloc[0].to_dict()
    assert row["resp_id"] == "007"
    assert row["q1"] == "04"
    assert row["q2"] == "NA"
    assert row["years"] == "1e3"
    assert row["comment"] == "null"


def test_header_names_are_trimmed(read_csv_text) -> None:
    export = read_csv_text(" resp_id , q1 ,q2,region,years,changed,comment\nr1,4,2,1,12,1,\n")
    assert list(export.raw.columns) == ["resp_id", "q1", "q2", "region", "years", "changed", "comment"]


def test_quoted_text_with_comma_and_newline_survives(read_csv_text, codebook) -> None:
    comment = "First line, with a comma\nsecond line; with a semicolon"
    export = read_csv_text(HEADER + '\nr1,4,2,1,12,1,"' + comment + '"\nr2,5,3,2,1,2,\n')
    assert export.raw["comment"].tolist() == [comment, ""]
    assert export.raw["resp_id"].tolist() == ["r1", "r2"]
    data, _ = clean(export.raw, codebook, str(export.path))
    assert data["comment"].tolist() == [comment, pd.NA]


def test_quoted_text_with_doubled_quotes(read_csv_text) -> None:
    export = read_csv_text(HEADER + '\nr1,4,2,1,12,1,"He said ""yes"", then left"\n')
    assert export.raw["comment"].tolist() == ['He said "yes", then left']


def test_status_counts_agree_with_item_status(codebook) -> None:
    codes = pd.Series([1, 5, 6, 9, pd.NA, 6, 3, pd.NA, 7], dtype="Int16")  # 7: no state, counted as blank
    data = pd.DataFrame({"q1_code": codes, "q2_code": codes.iloc[::-1].reset_index(drop=True)})
    table = status_counts(data, codebook).set_index("item")
    for item in ("q1", "q2"):
        expected = item_status(data[f"{item}_code"], codebook.scales["agree5"]).value_counts()
        assert table.loc[item].to_dict() == {status: int(expected[status]) for status in STATUSES}


def test_processed_parquet_uses_small_integer_types(clean_export, codebook, tmp_path) -> None:
    data, _ = clean(clean_export.raw, codebook, str(clean_export.path))
    write_processed(data, tmp_path / "responses.parquet")
    schema = pq.read_schema(tmp_path / "responses.parquet")
    types = {name: str(schema.field(name).type) for name in schema.names}
    assert types == {"resp_id": "large_string", "q1": "int8", "q1_code": "int16", "q2": "int8",
                     "q2_code": "int16", "region": "int8", "years": "double", "changed": "int8",
                     "comment": "large_string"}


def test_codes_beyond_int8_widen_the_column_instead_of_wrapping(codebook_dict, make_csv, read_csv_text) -> None:
    codebook_dict["factors"][0]["levels"].append({"code": 301, "label": "Oslo"})
    codebook_dict["scales"]["agree5"]["missing"].append({"code": 99999, "label": "Refused"})
    book = parse_codebook(codebook_dict)
    export = read_csv_text(make_csv([{"region": "301", "q1": "99999"}, {"resp_id": "r2"}]))
    data, _ = clean(export.raw, book, str(export.path))
    assert data["region"].tolist() == [301, 1] and str(data["region"].dtype) == "Int16"
    assert data["q1_code"].tolist() == [99999, 4] and str(data["q1_code"].dtype) == "Int32"
    assert data["q1"].tolist() == [pd.NA, 4] and str(data["q1"].dtype) == "Int8"


def test_problem_shows_control_characters_escaped() -> None:
    from likertpipe.clean import Problem

    problem = Problem(7, "q1", "3\x00", "one of 1, 2", "correct the answer")
    assert str(problem) == "- row 7, column 'q1': value '3\\x00': expected one of 1, 2. Fix: correct the answer"


def test_ignored_columns_are_listed_up_to_a_limit(codebook, make_csv, read_csv_text) -> None:
    from likertpipe.clean import MAX_NAMES_SHOWN

    columns = ["resp_id", "q1", "q2", "region", "years", "changed", "comment"] + [f"x{i}" for i in range(25)]
    _, warnings = clean(read_csv_text(make_csv([{}], columns=columns)).raw, codebook, "export.csv")
    assert warnings[:2] == ["column 'x0' is not in the codebook and was ignored",
                            "column 'x1' is not in the codebook and was ignored"]
    assert len(warnings) == MAX_NAMES_SHOWN + 1
    assert warnings[-1] == "... and 5 more columns not in the codebook were ignored"
