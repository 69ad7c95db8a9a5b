"""Reading exports (encodings, truncated rows, sheets, cell text) and matching names, labels and numbers."""

from __future__ import annotations

import csv
import unicodedata

import numpy as np
import pandas as pd
import pyreadstat
import pytest

from likertpipe import inference, io
from likertpipe.clean import clean, clean_rows
from likertpipe.cleaning_report import render as cleaning_report
from likertpipe.codebook import normalise, parse_codebook
from likertpipe.errors import LikertpipeError
from likertpipe.io import cell_text, read_export, write_csv

HEADER = "resp_id,q1,q2,region,years,changed,comment"
ROWS = "r1,4,2,1,12,1,Blåbær\nr2,5,3,2,1,2,Søt\n"


def write(tmp_path, content: bytes, name: str = "export.csv"):
    path = tmp_path / name
    path.write_bytes(content)
    return path


# --- encodings ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "latin-1"])
def test_encoding_is_detected(tmp_path, encoding) -> None:
    path = write(tmp_path, (HEADER + "\n" + ROWS).encode(encoding))
    raw = read_export(path, {"encoding": "auto"})
    assert list(raw.columns)[0] == "resp_id"
    assert raw["comment"].tolist() == ["Blåbær", "Søt"]


def test_encoding_set_in_config(tmp_path) -> None:
    path = write(tmp_path, (HEADER + "\n" + ROWS).encode("latin-1"))
    assert read_export(path, {"encoding": "latin-1"})["comment"].tolist() == ["Blåbær", "Søt"]


def test_wrong_encoding_in_config_names_row_and_byte(tmp_path) -> None:
    path = write(tmp_path, (HEADER + "\n" + ROWS).encode("cp1252"))
    with pytest.raises(LikertpipeError) as info:
        read_export(path, {"encoding": "utf-8"})
    message = str(info.value)
    assert str(path) in message and "row 2 is not valid UTF-8 text" in message
    assert "byte" in message and "Fix:" in message


def test_unknown_encoding_in_config(tmp_path) -> None:
    path = write(tmp_path, (HEADER + "\n" + ROWS).encode("utf-8"))
    with pytest.raises(LikertpipeError, match="unknown encoding 'klingon'"):
        read_export(path, {"encoding": "klingon"})


def test_mixed_encodings_name_the_rows(tmp_path) -> None:
    content = (HEADER + "\nr1,4,2,1,12,1,Blåbær\n").encode("utf-8") + "r2,5,3,2,1,2,Søt\n".encode("cp1252")
    path = write(tmp_path, content)
    with pytest.raises(LikertpipeError) as info:
        read_export(path, {"encoding": "auto"})
    message = str(info.value)
    offset = content.index("ø".encode("cp1252"), len(HEADER) + 20)
    assert "mixed text encodings: row 2 is UTF-8, but row 3 is not" in message
    assert f"byte {offset}" in message and "Fix:" in message


def test_encoding_utf8_set_in_config_rejects_windows_1252(tmp_path) -> None:
    path = write(tmp_path, (HEADER + "\n" + ROWS).encode("cp1252"))
    with pytest.raises(LikertpipeError, match="row 2 is not valid UTF-8 text"):
        read_export(path, {"encoding": "utf-8"})


# --- structure ----------------------------------------------------------------------------------------


def test_truncated_last_row_is_an_error_naming_the_row(tmp_path) -> None:
    path = write(tmp_path, (HEADER + "\nr1,4,2,1,12,1,\nr2,5,3").encode())
    with pytest.raises(LikertpipeError) as info:
        read_export(path)
    message = str(info.value)
    assert str(path) in message and "row 3, column 'q2': value '3'" in message and "found 3" in message


def test_row_with_too_many_fields(tmp_path) -> None:
    path = write(tmp_path, (HEADER + "\nr1,4,2,1,12,1,a,b\n").encode())
    with pytest.raises(LikertpipeError, match="row 2: expected 7 fields as in the header, found 8"):
        read_export(path)


def test_all_short_rows_are_reported_together(tmp_path) -> None:
    path = write(tmp_path, (HEADER + "\nr1,4\nr2,5,3,2,1,2,\nr3\n").encode())
    with pytest.raises(LikertpipeError) as info:
        read_export(path, {"max_problems": 1})
    message = str(info.value)
    assert "2 problem(s)" in message and "row 2" in message and "... and 1 more" in message


def test_blank_lines_are_skipped(tmp_path) -> None:
    raw = read_export(write(tmp_path, (HEADER + "\n\nr1,4,2,1,12,1,\n\n").encode()))
    assert raw["resp_id"].tolist() == ["r1"]


# Large CSV files are parsed by Arrow; whatever Arrow accepts must read exactly as the csv module reads it.
QUIRKS = {
    "quoted delimiter and doubled quotes": 'a,b,c\n1,"x, ""y""",3\n',
    "line breaks inside quotes": 'a,b,c\r\n1,"x\r\ny\nz",3\r\n',
    "carriage-return line ends": "a,b,c\r1,2,3\r4,5,6",
    "no final line break": "a,b,c\n1,2,3",
    "empty lines": "a,b,c\n\n1,2,3\n\r\n\n",
    "quote inside a field": 'a,b,c\n1,x"y,3\n',
    "text after a closing quote": 'a,b,c\n1,"x"y,3\n',
    "empty row of delimiters": "a,b,c\n,,\n1,2,3\n",
    "quoted header with a line break": '"a\nb",c\n1,2\n',
    "whitespace-only line": "a,b,c\n  \n1,2,3\n",
    "quoted empty line": 'a,b,c\n""\n1,2,3\n',
    "leading empty line": "\na,b,c\n1,2,3\n",
    "one column": "a\n1\n \n2\n",
    "space before a quote": 'a,b,c\n1, "x,y",3\n',
    "unterminated quote": 'a,b,c\n1,"x,3\n',
    "bare carriage return in a row": "a,b,c\n1,2\r3\n",
}
WELL_FORMED = list(QUIRKS)[:9]


def outcome(read, *args):
    try:
        return read(*args)
    except LikertpipeError as exc:
        return str(exc)


@pytest.mark.parametrize("name", list(QUIRKS))
def test_arrow_reads_as_the_csv_module_or_leaves_the_file_to_it(tmp_path, name) -> None:
    text = QUIRKS[name]
    path = write(tmp_path, text.encode())
    reference = outcome(io._read_csv_records, path, text, ",", 50)
    result = outcome(read_export, path)
    if isinstance(reference, str):
        assert result == reference
    else:
        pd.testing.assert_frame_equal(result, reference)
    assert (io._arrow_table(text, ",") is not None) == (name in WELL_FORMED)


@pytest.mark.parametrize("quote", ["", '"'])
def test_a_long_comment_is_read_whole(tmp_path, quote) -> None:
    # beyond the csv module's default limit (131,072) and Arrow's 1 MB block (so both readers are used)
    for length in (200_000, io.MAX_FIELD_CHARS):
        comment = ("Lang, kommentar\n" if quote else "Lang kommentar. ") * (length // 16)
        path = write(tmp_path, (HEADER + f"\nr1,4,2,1,12,1,{quote}{comment}{quote}\nr2,5,3,2,1,2,ok\n").encode())
        raw = read_export(path)
        assert len(comment) == length
        assert raw["comment"].tolist() == [comment, "ok"]
    assert csv.field_size_limit() == 131_072  # the csv module's limit is restored


@pytest.mark.parametrize("rows", [1, 3])
def test_a_cell_longer_than_the_limit_names_row_and_column(tmp_path, rows) -> None:
    before = "".join(f"r{i},4,2,1,12,1,ok\n" for i in range(rows - 1))
    tail = 'r9,4,2,1,12,1,"' + "x" * io.MAX_FIELD_CHARS + "\nr10,5,3,2,1,2,ok\n"  # an unclosed quote swallows r10
    path = write(tmp_path, (HEADER + "\n" + before + tail).encode())
    with pytest.raises(LikertpipeError) as error:
        read_export(path)
    assert str(error.value) == (
        f"{path}: 1 problem(s) found; nothing was written. The file is truncated or malformed:\n"
        f"- row {rows + 1}, column 'comment': a cell of {io.MAX_FIELD_CHARS + 18:,} characters, more than the "
        f"{io.MAX_FIELD_CHARS:,} likertpipe reads. Usually an opening quote (\") in this cell or above it is never "
        "closed, so the cell has swallowed the rows after it. Fix: close or remove the stray quote, or shorten the "
        "cell.")


def test_a_long_cell_on_the_arrow_path_names_row_and_column(tmp_path) -> None:
    text = HEADER + "\nr1,4,2,1,12,1,ok\nr2,5,3,2,1,2," + "y" * (io.MAX_FIELD_CHARS + 1) + "\n"
    assert io._arrow_table(text, ",") is not None
    with pytest.raises(LikertpipeError, match=f"- row 3, column 'comment': a cell of {io.MAX_FIELD_CHARS + 1:,} "
                                              "characters"):
        read_export(write(tmp_path, text.encode()))


# --- spreadsheets and statistics files -----------------------------------------------------------------


@pytest.mark.parametrize("value, shown", [(4, "4"), (4.0, "4"), (12.5, "12.5"), (None, ""), (float("nan"), ""),
                                          ("Vet ikke", "Vet ikke"), (True, "1")])
def test_cell_text(value, shown) -> None:
    assert cell_text(value) == shown


def test_xlsx_sheets(tmp_path) -> None:
    path = tmp_path / "export.xlsx"
    with pd.ExcelWriter(path) as writer:
        pd.DataFrame({"a": [1]}).to_excel(writer, sheet_name="first", index=False)
        pd.DataFrame({"resp_id": ["r1", "r2"], "q1": [4, None], "years": [12.5, 3]}).to_excel(
            writer, sheet_name="Svar", index=False)
    assert list(read_export(path).columns) == ["a"]
    raw = read_export(path, {"sheet": "Svar"})
    assert raw.to_dict("list") == {"resp_id": ["r1", "r2"], "q1": ["4", ""], "years": ["12.5", "3"]}
    with pytest.raises(LikertpipeError, match="has no sheet 'Answers' \\(sheets: 'first', 'Svar'\\)"):
        read_export(path, {"sheet": "Answers"})
    with pytest.raises(LikertpipeError, match="no sheet number 5"):
        read_export(path, {"sheet": 5})


def test_sav_user_missing_value_becomes_its_label(tmp_path) -> None:
    path = tmp_path / "export.sav"
    frame = pd.DataFrame({"resp_id": ["r1", "r2", "r3"], "q1": [4.0, 99.0, np.nan]})
    pyreadstat.write_sav(frame, str(path), variable_value_labels={"q1": {4.0: "Enig", 99.0: "Vet ikke"}},
                         missing_ranges={"q1": [99]})
    raw = read_export(path)
    assert raw["q1"].tolist() == ["4", "Vet ikke", ""]


def test_missing_file(tmp_path) -> None:
    with pytest.raises(LikertpipeError, match="not found"):
        read_export(tmp_path / "nowhere.xlsx")


# --- names, labels and numbers -------------------------------------------------------------------------


def test_normalise() -> None:
    decomposed = unicodedata.normalize("NFD", "I SVÆRT  stor\tGRAD ø")
    assert normalise(decomposed) == normalise(" i svært stor grad Ø ") == "i svært stor grad ø"


def frame_of(rows: list[dict], columns: list[str] | None = None) -> pd.DataFrame:
    base = {"resp_id": "r1", "q1": "4", "q2": "2", "region": "1", "years": "12", "changed": "1", "comment": ""}
    frame = pd.DataFrame([{**base, **row} for row in rows], dtype=str)
    if columns:
        frame.columns = columns
    return frame


def test_column_names_match_ignoring_case_and_spacing(codebook) -> None:
    raw = frame_of([{}], columns=["RESP_ID", "Q1", " q2", "Region", "years", "changed", "comment"])
    data, warnings = clean(raw, codebook, "x.csv")
    assert warnings == [] and list(data.columns)[:2] == ["resp_id", "q1"]


def test_aliases(codebook_dict) -> None:
    codebook_dict["items"][0]["aliases"] = ["Spørsmål 1"]
    codebook_dict["id_aliases"] = ["Respondent"]
    book = parse_codebook(codebook_dict)
    raw = frame_of([{}], columns=["respondent", "spørsmål  1", "q2", "region", "years", "changed", "comment"])
    data, warnings = clean(raw, book, "x.csv")
    assert warnings == [] and data["q1"].tolist() == [4] and data["resp_id"].tolist() == ["r1"]


def test_two_columns_matching_one_name_is_an_error(codebook) -> None:
    raw = frame_of([{}], columns=["resp_id", "q1", "q2", "region", "years", "changed", "comment"])
    raw["Q1"] = "3"
    with pytest.raises(LikertpipeError, match="more than one column for: 'q1' matches 'q1', 'Q1'"):
        clean(raw, codebook, "x.csv")


def test_alias_naming_another_column_is_a_codebook_error(codebook_dict) -> None:
    codebook_dict["items"][0]["aliases"] = ["Q2"]
    with pytest.raises(LikertpipeError, match="columns 'q1' \\('Q2'\\) and 'q2' \\('q2'\\) have the same name"):
        parse_codebook(codebook_dict)


def test_unknown_alias_key_is_a_schema_error(codebook_dict) -> None:
    codebook_dict["items"][0]["aliases"] = "not a list"
    with pytest.raises(LikertpipeError, match="codebook schema"):
        parse_codebook(codebook_dict)


def test_labels_in_any_language(codebook) -> None:
    raw = frame_of([{"q1": "helt ENIG", "q2": "Don't know", "region": "sør", "changed": "No"},
                    {"resp_id": "r2", "q1": unicodedata.normalize("NFD", "Nøytral"), "q2": "Ikke  aktuelt",
                     "region": " South ", "changed": "ja"}])
    data, _ = clean(raw, codebook, "x.csv")
    assert data["q1"].tolist() == [5, 3]
    assert data["q2_code"].tolist() == [6, 9] and data["q2"].isna().all()
    assert data["region"].tolist() == [3, 3] and data["changed"].tolist() == [2, 1]


def test_unknown_label_is_reported(codebook) -> None:
    with pytest.raises(LikertpipeError) as info:
        clean(frame_of([{"q1": "Sehr einverstanden"}]), codebook, "x.csv")
    assert "row 2, column 'q1': value 'Sehr einverstanden'" in str(info.value)
    assert "a label of scale agree5" in str(info.value)


@pytest.mark.parametrize("typed, number", [("12,5", 12.5), ("12 500", 12500.0), ("12\u202f500", 12500.0),
                                           ("12\u00a0500,25", 12500.25), ("-0", 0.0), ("3.5", 3.5)])
def test_covariate_number_formats(codebook, typed, number) -> None:
    data, _ = clean(frame_of([{"years": typed}]), codebook, "x.csv")
    assert data["years"].tolist() == [number]


@pytest.mark.parametrize("typed", ["12.500,5", "1 2", "1e3", "12,5,0", "inf", "12 50", "ca 5"])
def test_other_number_formats_are_reported(codebook, typed) -> None:
    with pytest.raises(LikertpipeError, match=f"row 2, column 'years': value '{typed}'"):
        clean(frame_of([{"years": typed}]), codebook, "x.csv")


# --- quarantine and the cleaning report ----------------------------------------------------------------


def test_quarantine_keeps_valid_rows(codebook) -> None:
    raw = frame_of([{"resp_id": "a"}, {"resp_id": "b", "q1": "8", "years": "x"}, {"resp_id": "c", "region": "2"}])
    result = clean_rows(raw, codebook, "x.csv", on_invalid="quarantine")
    assert result.data["resp_id"].tolist() == ["a", "c"]
    assert result.quarantine["row"].tolist() == [3]
    assert result.quarantine["q1"].tolist() == ["8"]
    assert "column 'q1': value '8'" in result.quarantine["reason"][0]
    assert "column 'years': value 'x'" in result.quarantine["reason"][0]
    report = cleaning_report(result.data, codebook, result.warnings, {}, quarantined=len(result.quarantine))
    assert "Rader i karantene: 1" in report and "Respondenter: 2" in report  # the codebook's language, nb


def test_quarantine_of_every_row_fails(codebook) -> None:
    with pytest.raises(LikertpipeError, match="every row has a problem"):
        clean_rows(frame_of([{"q1": "8"}]), codebook, "x.csv", on_invalid="quarantine")


def test_unknown_policy(codebook) -> None:
    with pytest.raises(LikertpipeError, match="on_invalid"):
        clean_rows(frame_of([{}]), codebook, "x.csv", on_invalid="ignore")


def test_factor_with_one_level_is_a_report_warning_and_kw_is_nan(codebook) -> None:
    raw = frame_of([{"resp_id": "a", "q1": "1"}, {"resp_id": "b", "q1": "5"}])
    data, warnings = clean(raw, codebook, "x.csv")
    assert warnings == []
    report = cleaning_report(data, codebook, warnings, {})
    assert "factor 'region' has fewer than two levels present (levels: 1)" in report
    table = inference.kruskal_wallis_table(data, codebook)
    assert table["H"].isna().all() and table["p"].isna().all()


def test_read_export_checks_the_path(tmp_path) -> None:
    folder = tmp_path / "export.csv"
    folder.mkdir()
    with pytest.raises(LikertpipeError, match="is a folder, not a data file"):
        read_export(folder)
    with pytest.raises(LikertpipeError, match="'.json' is not a data file format"):
        read_export(write(tmp_path, b"{}", "export.json"))


def test_write_csv_neutralises_formulas_for_spreadsheets(tmp_path) -> None:
    """OWASP's CSV injection rule: a text cell or header starting with =, +, -, @, tab or CR gets a leading
    apostrophe, so Excel shows it as text; numbers and plain-number strings stay numbers."""
    table = pd.DataFrame({
        "label": ["=HYPERLINK(\"http://x\",\"klikk\")", "+47 99", "-ledd", "@SUM(A1)", "\tx", "Vanlig", None,
                  "-0.5", "1e-3"],
        "mean": [-1.5, 2.0, -0.25, 0.0, 1.0, 1.0, float("nan"), 1.0, 1.0],
        "=cmd": ["a"] * 9,
    })
    path = tmp_path / "t.csv"
    write_csv(table, path)
    back = pd.read_csv(path, keep_default_na=False, dtype=str)
    assert list(back.columns) == ["label", "mean", "'=cmd"]
    assert back["label"].tolist() == ["'=HYPERLINK(\"http://x\",\"klikk\")", "'+47 99", "'-ledd", "'@SUM(A1)", "'\tx",
                                      "Vanlig", "", "-0.5", "1e-3"]
    assert io.spreadsheet_safe("\rcmd") == "'\ncmd" and io.spreadsheet_safe(-3) == -3
    assert back["mean"].tolist()[:3] == ["-1.5", "2.0", "-0.25"]
    assert table["label"][0].startswith("=")  # the caller's frame is untouched


def test_write_csv_keeps_line_breaks_inside_cells_readable(tmp_path) -> None:
    """A carriage return inside a cell (a Windows line break typed in a comment, kept in quarantine.csv) is not
    quoted by the CSV writer, so it used to split the row on reading; line breaks are written as \\n."""
    path = tmp_path / "q.csv"
    write_csv(pd.DataFrame({"text": ["first\r\nsecond", "a\rb", "plain"], "n": [1, 2, 3]}), path)
    back = pd.read_csv(path, keep_default_na=False)
    assert back["text"].tolist() == ["first\nsecond", "a\nb", "plain"] and back["n"].tolist() == [1, 2, 3]
