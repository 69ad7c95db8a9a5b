"""Hostile input (#13): names that would reach file paths, formulas without values, huge and deep files, YAML
alias bombs, every file-system problem, control characters and row numbers. Each case gives one likertpipe
error naming the file, the place (row, column, cell, entry), the value and the fix; none prints a traceback.

End-to-end checks run the cleaning job in-process through `runner.run_step` (the job's log and console get
"likertpipe error: ...", exit status 1) or the draft-codebook command line.
"""

from __future__ import annotations

import copy
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
import yaml

from likertpipe import files, io
from likertpipe.clean import clean
from likertpipe.codebook import load_codebook, parse_codebook
from likertpipe.errors import LikertpipeError
from likertpipe.io import read_export
from likertpipe.steps.clean import clean_export
from likertpipe.steps.runner import run_step

HEADER = "resp_id,q1,q2,region,years,changed,comment"
ROW = "r{},4,2,1,12,1,"


def write_codebook(tmp_path: Path, data: dict, name: str = "codebook.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def run_clean(tmp_path: Path, data: Path, codebook: Path, capsys, **options) -> str:
    """Run the cleaning job as the workflow does; return its one-message console output (asserting exit 1,
    nothing written, no traceback, and the same message in the log)."""
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    log = tmp_path / "clean.log"
    with pytest.raises(SystemExit) as exit_:
        run_step(clean_export, str(log), data=str(data), codebook=str(codebook), processed=str(out / "r.parquet"),
                 report=str(out / "report.md"), quarantine=str(out / "quarantine.csv"), options=options)
    assert exit_.value.code == 1
    assert list(out.iterdir()) == [], "nothing may be written"
    console = capsys.readouterr().err
    assert console.startswith("likertpipe error: ")
    assert "Traceback" not in console and "Traceback" not in log.read_text(encoding="utf-8")
    assert log.read_text(encoding="utf-8") == console
    return console.removeprefix("likertpipe error: ").rstrip("\n")


@pytest.fixture
def good_codebook(tmp_path, codebook_dict) -> Path:
    return write_codebook(tmp_path, codebook_dict)


def export(tmp_path: Path, text: str, name: str = "export.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


# --- names from the codebook that reach file paths -------------------------------------------------------


def test_a_factor_named_like_a_path_is_rejected_naming_entry_value_and_fix(tmp_path, codebook_dict, capsys) -> None:
    codebook_dict["factors"][0]["column"] = "../../../../escaped"
    path = write_codebook(tmp_path, codebook_dict)
    message = run_clean(tmp_path, export(tmp_path, HEADER + "\n" + ROW.format(1) + "\n"), path, capsys)
    assert message == (
        f"{path}: the codebook does not follow the codebook schema:\n"
        "- at factors/0/column: the column name '../../../../escaped' is not a safe name: likertpipe uses column "
        "names in file names (e.g. figures/likert_by_<factor>.png) and processed columns, so a name must start "
        "with a letter and hold only letters A-Z, digits and underscores. Fix: give the column a safe name and "
        "match the export's name through aliases, e.g. column: escaped with aliases: ['../../../../escaped'].\n"
        "Fix the codebook; every field is documented in docs/codebook.md.")


@pytest.mark.parametrize("section, index, field", [
    ("items", 0, "column"), ("factors", 0, "column"), ("covariates", 0, "column"), ("yes_no", 0, "column"),
    ("open_text", 0, "column"), (None, None, "id_column"),
])
@pytest.mark.parametrize("name", ["q 1", "1q", "_q", "q-1", "spørsmål", "q1/../x", "q\x001", ""])
def test_every_codebook_column_must_be_a_safe_name(codebook_dict, section, index, field, name) -> None:
    target = codebook_dict if section is None else codebook_dict[section][index]
    target[field] = name
    with pytest.raises(LikertpipeError) as error:
        parse_codebook(codebook_dict, source="cb.yaml")
    where = field if section is None else f"{section}/{index}/{field}"
    assert str(error.value).startswith(f"cb.yaml: the codebook does not follow the codebook schema:\n- at {where}: ")
    if name:
        assert "is not a safe name" in str(error.value)
        assert ("id_aliases" if section is None else "aliases") in str(error.value)
    assert "Traceback" not in str(error.value)


def test_control_characters_in_a_rejected_name_are_shown_escaped(codebook_dict) -> None:
    codebook_dict["items"][0]["column"] = "q\x001"
    with pytest.raises(LikertpipeError, match=r"the column name 'q\\x001' is not a safe name"):
        parse_codebook(codebook_dict, source="cb.yaml")


def test_the_export_name_that_is_no_safe_name_matches_through_aliases(tmp_path, codebook_dict) -> None:
    codebook_dict["factors"][0]["aliases"] = ["../../../../escaped"]
    book = parse_codebook(codebook_dict, source="cb.yaml")
    path = export(tmp_path, HEADER.replace("region", "../../../../escaped") + "\n" + ROW.format(1) + "\n")
    data, _ = clean(read_export(path), book, str(path))
    assert "region" in data.columns and data["region"].tolist() == [1]


@pytest.mark.parametrize("section, other", [("factors", "Region"), ("covariates", "REGION"), ("items", "rEgIoN")])
def test_columns_differing_only_by_case_are_rejected(codebook_dict, section, other) -> None:
    """figures/likert_by_Region.png and likert_by_region.png are one file on a case-insensitive file system."""
    entry = copy.deepcopy(codebook_dict[section][0])
    entry["column"] = other
    entry.pop("aliases", None)
    codebook_dict[section].append(entry)
    with pytest.raises(LikertpipeError) as error:
        parse_codebook(codebook_dict, source="cb.yaml")
    pair = ["'region' ('region')", f"'{other}' ('{other}')"]
    first, second = pair[::-1] if section == "items" else pair  # items are declared before factors
    assert str(error.value) == (
        f"cb.yaml: columns {first} and {second} have the same name when compared ignoring case and spacing "
        "(aliases included). Give each column its own names.")


def test_a_column_named_like_an_items_code_column_is_rejected(codebook_dict) -> None:
    codebook_dict["covariates"][0]["column"] = "Q1_code"  # the processed data holds q1 and q1_code
    with pytest.raises(LikertpipeError) as error:
        parse_codebook(codebook_dict, source="cb.yaml")
    assert str(error.value) == (
        "cb.yaml: column 'Q1_code' has the name of the answer-code column of item 'q1' in the processed data "
        "(q1_code, compared ignoring case). Fix: rename the column (and match the export's name through aliases).")


def test_an_index_id_differing_from_a_column_only_by_case_is_rejected(codebook_dict) -> None:
    codebook_dict["indices"] = [{"id": "Q2", "label": "Index", "items": ["q1", "q2"]}]
    with pytest.raises(LikertpipeError, match="index id 'Q2' is used twice or is also a column .compared ignoring"):
        parse_codebook(codebook_dict, source="cb.yaml")


def test_study_id_that_is_no_safe_name(codebook_dict) -> None:
    codebook_dict["study"]["id"] = "../Min Studie"
    with pytest.raises(LikertpipeError, match="at study/id: the study id '../Min Studie' is not a safe name: .* "
                                              "Fix: use e.g. 'min_studie', in the config's studies too."):
        parse_codebook(codebook_dict, source="cb.yaml")


# --- Excel formulas ------------------------------------------------------------------------------------


def workbook(tmp_path: Path, cells: dict[str, object], sheets: tuple[str, ...] = ("Svar",)) -> Path:
    """A workbook of the export rows (header + 6 respondents), `cells` set on its first sheet; openpyxl saves
    formulas without values, as a program that never calculated them would."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = sheets[0]
    for extra in sheets[1:]:
        book.create_sheet(extra)
    sheet.append(HEADER.split(","))
    for i in range(1, 7):
        sheet.append(ROW.format(i).split(",")[:-1])
    for ref, value in cells.items():
        sheet[ref] = value
    path = tmp_path / "export.xlsx"
    book.save(path)
    return path


def with_cached_values(path: Path, values: dict[str, tuple[str, str]]) -> Path:
    """The workbook with a cached value (type, text) saved for the formula cells named, as Excel saves it."""
    out = path.with_name("calculated.xlsx")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                for ref, (kind, value) in values.items():
                    start = text.index(f'<c r="{ref}"')
                    end = text.index("</c>", start)
                    cell = text[start:end]
                    formula = cell[cell.index("<f>"):cell.index("</f>") + 4]
                    text = (text[:start] + f'<c r="{ref}" t="{kind}">' + formula + f"<v>{value}</v>" + text[end:])
                data = text.encode()
            target.writestr(item, data)
    return out


def test_formulas_without_calculated_values_name_file_sheet_and_cell(tmp_path, good_codebook, capsys) -> None:
    path = workbook(tmp_path, {"B7": "=2+2", "C3": "=1/0"})
    message = run_clean(tmp_path, path, good_codebook, capsys)
    assert message == (
        f"{path}: sheet 'Svar': 2 cell(s) hold no value to read; nothing was written:\n"
        "- cell C3 (row 3, column 'q2'): the formula '=1/0' was saved without its calculated value\n"
        "- cell B7 (row 7, column 'q1'): the formula '=2+2' was saved without its calculated value\n"
        "Fix: open the workbook in Excel (or LibreOffice), correct any formula errors and save it, so every "
        "formula's value is calculated and saved; or copy the cells and paste them as values.")


def test_formulas_with_calculated_values_are_read_as_their_values(tmp_path, codebook) -> None:
    path = with_cached_values(workbook(tmp_path, {"B7": "=2+2", "C3": '="3"'}), {"B7": ("n", "4"), "C3": ("str", "3")})
    raw = read_export(path)
    assert raw["q1"].tolist() == ["4"] * 6 and raw["q2"].tolist() == ["2", "3", "2", "2", "2", "2"]
    data, warnings = clean(raw, codebook, str(path))
    assert data["q2"].tolist() == [2, 3, 2, 2, 2, 2]


def test_a_formula_whose_value_is_an_excel_error_names_the_cell(tmp_path) -> None:
    path = with_cached_values(workbook(tmp_path, {"C3": "=1/0"}), {"C3": ("e", "#DIV/0!")})
    with pytest.raises(LikertpipeError) as error:
        read_export(path)
    assert "- cell C3 (row 3, column 'q2'): holds the Excel error '#DIV/0!', not an answer" in str(error.value)
    assert str(error.value).startswith(f"{path}: sheet 'Svar': 1 cell(s) hold no value to read")


def test_a_cover_page_first_names_the_sheets_and_the_sheet_option(tmp_path, good_codebook, capsys) -> None:
    book = openpyxl.Workbook()
    book.active.title = "Forside"
    book.active.append(["Spørreundersøkelse 2024"])
    answers = book.create_sheet("Svar")
    answers.append(HEADER.split(","))
    answers.append(ROW.format(1).split(","))
    path = tmp_path / "export.xlsx"
    book.save(path)
    message = run_clean(tmp_path, path, good_codebook, capsys)
    assert message == (
        f"{path}: sheet 'Forside' has a header but no answers (the workbook's sheets: 'Forside', 'Svar'). If the "
        "answers are on another sheet, set the study's 'sheet:' in the config to its name (e.g. sheet: Svar) or "
        "its number, counted from 0.")
    assert read_export(path, {"sheet": "Svar"})["resp_id"].tolist() == ["r1"]


def test_a_cover_page_with_several_lines_names_the_sheets_with_the_missing_columns(tmp_path, codebook) -> None:
    book = openpyxl.Workbook()
    book.active.title = "Forside"
    for line in ("Spørreundersøkelse 2024", "Utført av ...", "Se arket Svar"):
        book.active.append([line])
    book.create_sheet("Svar")
    path = tmp_path / "export.xlsx"
    book.save(path)
    with pytest.raises(LikertpipeError) as error:
        clean(read_export(path), codebook, str(path))
    assert "(read from sheet 'Forside'; the workbook's sheets: 'Forside', 'Svar'; if the answers are on another " \
           "sheet, set the study's 'sheet:' in the config to its name or number, counted from 0)" in str(error.value)


# --- size: wide files, long cells, alias bombs ------------------------------------------------------------


@pytest.mark.slow
def test_a_csv_of_100000_columns_is_read_in_linear_time(tmp_path, codebook) -> None:
    extra = [f"x{i}" for i in range(100_000)]
    header = HEADER.split(",") + extra
    path = export(tmp_path, ",".join(header) + "\n" + ",".join(["r1", "4", "2", "1", "12", "1", ""] + ["0"] * 100_000)
                  + "\n")
    started = time.perf_counter()
    raw = read_export(path)
    data, warnings = clean(raw, codebook, str(path))
    assert time.perf_counter() - started < 20  # 340 s (quadratic header check) before
    assert raw.shape == (1, 100_007) and data["q1"].tolist() == [4]
    assert warnings[-1] == "... and 99,980 more columns not in the codebook were ignored" and len(warnings) == 21


def test_repeated_names_in_a_wide_header_are_found_in_linear_time(tmp_path) -> None:
    names = [f"x{i}" for i in range(100_000)] + ["x5", "x99999", "x5"]
    started = time.perf_counter()
    with pytest.raises(LikertpipeError) as error:
        io._header(tmp_path / "wide.csv", names)
    assert time.perf_counter() - started < 5
    assert str(error.value) == (f"{tmp_path / 'wide.csv'}: row 1 names column(s) 'x5', 'x99999' more than once. "
                                "Rename or remove the repeats.")


def test_header_check_visits_each_name_once(tmp_path, monkeypatch) -> None:
    """The check is one pass: no name is compared with every other (list.count made it quadratic)."""
    class Name(str):
        calls = 0

        def __hash__(self):
            Name.calls += 1
            return str.__hash__(self)

        def strip(self, *args):
            return self

    names = [Name(f"c{i}") for i in range(5_000)]
    io._header(tmp_path / "x.csv", names)
    assert Name.calls <= 3 * len(names)


def test_a_200000_character_comment_is_read_whole(tmp_path, good_codebook, codebook) -> None:
    comment = "Et langt svar. " * 13_334
    path = export(tmp_path, HEADER + "\n" + ROW.format(1) + f'"{comment}"\n' + ROW.format(2) + "\n")
    data, _ = clean(read_export(path), codebook, str(path))
    assert data["comment"].iloc[0] == comment.strip() and data["comment"].isna().iloc[1]


def test_an_endless_cell_names_row_and_column(tmp_path, good_codebook, capsys) -> None:
    rows = "".join(ROW.format(i) + "ok\n" for i in range(1, 4))
    path = export(tmp_path, HEADER + "\n" + rows + ROW.format(4) + '"never closed\n' + "x" * io.MAX_FIELD_CHARS)
    message = run_clean(tmp_path, path, good_codebook, capsys)
    assert message.startswith(f"{path}: 1 problem(s) found; nothing was written. The file is truncated or "
                              "malformed:\n- row 5, column 'comment': a cell of 1,000,013 characters, more than the "
                              "1,000,000 likertpipe reads. Usually an opening quote")


def test_a_yaml_alias_bomb_is_refused_at_once(tmp_path, capsys) -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    path = tmp_path / "codebook.yaml"
    path.write_text("\n".join(lines) + "\nstudy: *a9\n", encoding="utf-8")
    started = time.perf_counter()
    message = run_clean(tmp_path, export(tmp_path, HEADER + "\n" + ROW.format(1) + "\n"), path, capsys)
    assert time.perf_counter() - started < 5  # 111 s to a MemoryError before
    assert message == (
        f"{path}: line 1, column 5: a YAML anchor (&a0). Codebooks may not use anchors and aliases (&name, *name), "
        "which let a few lines expand without bound. Fix: write the repeated part out in full.")


def test_a_yaml_alias_without_anchor_and_deep_nesting(tmp_path) -> None:
    path = tmp_path / "codebook.yaml"
    path.write_text("study: *nowhere\n", encoding="utf-8")
    with pytest.raises(LikertpipeError, match=r"line 1, column 8: a YAML alias \(\*nowhere\)"):
        load_codebook(path)
    path.write_text("study: " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    with pytest.raises(LikertpipeError, match=f"^{path}: the YAML is nested too deeply to be a codebook"):
        load_codebook(path)


def test_a_huge_codebook_is_refused_before_reading(tmp_path) -> None:
    path = tmp_path / "codebook.yaml"
    with open(path, "wb") as handle:
        handle.truncate(6_000_000)
    with pytest.raises(LikertpipeError) as error:
        load_codebook(path)
    assert str(error.value) == (f"{path}: the codebook is 6,000,000 bytes, more than the 5,000,000 likertpipe "
                                "reads. Check the 'codebook' path in the config: it should name the study's codebook "
                                "YAML, not a data file.")


# --- the file system ----------------------------------------------------------------------------------


def test_missing_export(tmp_path, good_codebook, capsys) -> None:
    path = tmp_path / "nowhere.csv"
    assert run_clean(tmp_path, path, good_codebook, capsys) == (
        f"{path}: data file not found. Check the 'data' path in the config.")


def test_a_folder_as_export(tmp_path, good_codebook, capsys) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    assert run_clean(tmp_path, folder, good_codebook, capsys) == (
        f"{folder}: is a folder, not a data file. Check the 'data' path in the config: name the file itself, not "
        "the folder holding it.")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_dev_zero_as_export_and_as_codebook(tmp_path, good_codebook, capsys) -> None:
    good = export(tmp_path, HEADER + "\n" + ROW.format(1) + "\n")
    assert run_clean(tmp_path, Path("/dev/zero"), good_codebook, capsys) == (
        "/dev/zero: is not a regular file (a device, pipe or socket), so it cannot be a data file. Check the 'data' "
        "path in the config: name a saved file.")
    assert run_clean(tmp_path, good, Path("/dev/zero"), capsys).startswith(
        "/dev/zero: is not a regular file (a device, pipe or socket), so it cannot be a codebook file.")


def test_an_unreadable_export(tmp_path, good_codebook, capsys, monkeypatch) -> None:
    path = export(tmp_path, HEADER + "\n" + ROW.format(1) + "\n")
    real_open = open

    def refuse(file, *args, **kwargs):  # the tests run as root, whom chmod 000 does not stop
        if Path(file) == path:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(files, "open", refuse, raising=False)
    assert run_clean(tmp_path, path, good_codebook, capsys) == (
        f"{path}: cannot be read (Permission denied). Fix: give your user read permission on the file (e.g. chmod "
        "u+r, or ask its owner), or copy it somewhere readable and check the 'data' path in the config.")


def test_an_unsupported_format(tmp_path, good_codebook, capsys) -> None:
    path = export(tmp_path, "%PDF-1.7", "export.pdf")
    assert run_clean(tmp_path, path, good_codebook, capsys) == (
        f"{path}: '.pdf' is not a data file format likertpipe reads (it reads .csv, .tsv, .txt, .xlsx, .xlsm, .sav, "
        ".zsav, .dta). Fix: save the file in one of these formats (with that suffix), or check the 'data' path in "
        "the config.")


@pytest.mark.parametrize("target", ["/dev/zero", "folder", "missing.csv", "export.pdf"])
def test_draft_codebook_command_gives_one_line_and_exit_1(tmp_path, target) -> None:
    (tmp_path / "folder").mkdir()
    (tmp_path / "export.pdf").write_bytes(b"%PDF")
    path = target if target.startswith("/") else str(tmp_path / target)
    result = subprocess.run([sys.executable, "-m", "likertpipe", "draft-codebook", path], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"likertpipe error: {path}: ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr and "the file named after draft-codebook" in result.stderr


# --- what messages show -------------------------------------------------------------------------------


def test_a_nul_character_in_a_value_is_shown_escaped(tmp_path, good_codebook, capsys) -> None:
    path = export(tmp_path, HEADER + "\n" + ROW.format(1) + "\n" + "r2,3\x00,2,1,12,1,\n")
    message = run_clean(tmp_path, path, good_codebook, capsys)
    assert "- row 3, column 'q1': value '3\\x00': expected one of 1, 2, 3, 4, 5" in message


@pytest.mark.parametrize("value, shown", [("4\u200b", "4\\u200b"), ("4\x07", "4\\x07"), ("\u202e5", "\\u202e5"),
                                          ("1\n2", "1\\n2"), ("12\u00a0500", "12\\xa0500")])
def test_invisible_characters_are_shown_escaped(tmp_path, codebook, value, shown) -> None:
    path = export(tmp_path, HEADER + "\n" + f'r1,"{value}",2,1,12,1,\n')
    with pytest.raises(LikertpipeError) as error:
        clean(read_export(path), codebook, str(path))
    assert f"- row 2, column 'q1': value '{shown}': expected" in str(error.value)
    assert str(error.value).count("\n") == 1  # the message header and one problem line


def test_a_long_value_is_cut_in_the_message(tmp_path, codebook) -> None:
    path = export(tmp_path, HEADER + "\n" + "r1," + "9" * 5000 + ",2,1,12,1,\n")
    with pytest.raises(LikertpipeError) as error:
        clean(read_export(path), codebook, str(path))
    assert f"value '{'9' * 80}... (5,000 characters)': expected" in str(error.value)


# --- row numbers are spreadsheet rows -------------------------------------------------------------------------


def test_rows_after_quoted_line_breaks_csv(tmp_path, codebook) -> None:
    path = export(tmp_path, HEADER + "\n" + ROW.format(1) + '"one\ntwo\nthree"\n' + "r2,7,2,1,12,1,\n")
    with pytest.raises(LikertpipeError, match=r"- row 3, column 'q1': value '7'"):
        clean(read_export(path), codebook, str(path))


def test_rows_after_quoted_line_breaks_in_reader_messages(tmp_path) -> None:
    text = HEADER + "\n" + ROW.format(1) + '"one\ntwo"\n' + "r2,4,2,1,12,1,\xe9\n"
    path = tmp_path / "export.csv"
    path.write_bytes(text.encode("latin-1"))
    with pytest.raises(LikertpipeError, match=r"row 3 is not valid UTF-8 text"):
        read_export(path, {"encoding": "utf-8"})
    path.write_bytes((HEADER + "\n" + ROW.format(1) + '"one\ntwo"\n' + "r2,4\n").encode())
    with pytest.raises(LikertpipeError, match=r"- row 3, column 'q1': value '4': expected 7 fields .*line 4 of the"):
        read_export(path)
    mixed = (HEADER + "\n" + ROW.format(1) + '"en\nto"\n' + "r2,4,2,1,12,1,Bl\xe5b\xe6r\n").encode("latin-1") + \
        ("r3,4,2,1,12,1,Blåbær\n").encode()
    path.write_bytes(mixed)
    with pytest.raises(LikertpipeError, match=r"mixed text encodings: row 4 is UTF-8, but row 3 is not"):
        read_export(path)


def test_rows_after_line_breaks_in_cells_xlsx(tmp_path, codebook) -> None:
    path = workbook(tmp_path, {"G2": "one\ntwo\nthree", "B4": "7"})
    with pytest.raises(LikertpipeError) as error:
        clean(read_export(path), codebook, str(path))
    assert "- row 4, column 'q1': value '7'" in str(error.value)
