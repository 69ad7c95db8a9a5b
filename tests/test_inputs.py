"""The cleaning job checks every input of a study before it writes anything (likertpipe.inputs and
likertpipe.steps.clean): sampling frame, coding sheet and waves, with quarantined respondents left out of the
coding sheet as of the data."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest
from repo_copy import REPO

from likertpipe import inputs
from likertpipe.codebook import load_codebook
from likertpipe.errors import LikertpipeError
from likertpipe.files import sha256
from likertpipe.io import read_processed
from likertpipe.steps.clean import clean_export

DEMO = REPO / "data_raw" / "kommunalsjef"
CODEBOOK = REPO / "config" / "kommunalsjef" / "codebook.yaml"
WAVE_CODEBOOK = REPO / "config" / "statlig_finansiering" / "codebook.yaml"


def outputs(folder: Path) -> dict[str, str]:
    names = {"processed": "responses.parquet", "report": "cleaning_report.md", "quarantine": "quarantine.csv",
             "frame": "sampling_frame.parquet", "coding": "coding_sheet.parquet", "record": "inputs.json"}
    folder.mkdir(parents=True, exist_ok=True)
    return {key: str(folder / name) for key, name in names.items()}


def rows_of(path: Path) -> list[list[str]]:
    return list(csv.reader(path.open(encoding="utf-8", newline="")))


def write_rows(rows: list[list[str]], path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return path


def test_quarantine_with_the_demo_coding_sheet_leaves_out_the_quarantined_statements(tmp_path: Path) -> None:
    """A quarantined respondent with coded statements used to make the coding tally fail."""
    rows = rows_of(DEMO / "demo_export.csv")
    coded = {row[0] for row in rows_of(DEMO / "coding_sheet.csv")[1:]}
    header = rows[0]
    bad = next(i for i, row in enumerate(rows[1:], start=1) if row[header.index("svar_id")] in coded)
    rows[bad][header.index("E1")] = "7"
    export = write_rows(rows, tmp_path / "export.csv")
    paths = outputs(tmp_path / "out")
    clean_export(str(export), str(CODEBOOK), options={"on_invalid": "quarantine"},
                 sampling_frame=str(DEMO / "sampling_frame.csv"), coding_sheet=str(DEMO / "coding_sheet.csv"),
                 **paths)
    respondent = rows[bad][header.index("svar_id")]
    sheet = read_processed(paths["coding"])
    expected = sum(row[0] == respondent for row in rows_of(DEMO / "coding_sheet.csv")[1:])
    assert len(sheet) == len(rows_of(DEMO / "coding_sheet.csv")) - 1 - expected
    assert respondent not in set(sheet["svar_id"])
    assert f"{expected} coded statement(s) of quarantined respondents were left out" in Path(
        paths["report"]).read_text(encoding="utf-8")
    assert len(read_processed(paths["frame"])) == 275
    record = json.loads(Path(paths["record"]).read_text(encoding="utf-8"))
    assert set(record) == {"data", "codebook", "sampling_frame", "coding_sheet", "analysed_codebook"}
    assert list(record["data"].values()) == [sha256(export)]


def test_a_bad_coding_sheet_stops_the_cleaning_job_before_it_writes(tmp_path: Path) -> None:
    sheet = rows_of(DEMO / "coding_sheet.csv")
    sheet.append(["99999999", "kommentar", "A", "B", "C"])
    paths = outputs(tmp_path / "out")
    with pytest.raises(LikertpipeError, match=r"row 190, column 'svar_id': value '99999999': no respondent"):
        clean_export(str(DEMO / "demo_export.csv"), str(CODEBOOK),
                     coding_sheet=str(write_rows(sheet, tmp_path / "sheet.csv")), **paths)
    assert not any(Path(path).exists() for path in paths.values())


def test_a_frame_missing_a_respondents_group_stops_the_cleaning_job(tmp_path: Path) -> None:
    """Found only by the weights job before (after other jobs had written)."""
    frame = [row for row in rows_of(DEMO / "sampling_frame.csv") if row[1] != "6"]
    paths = outputs(tmp_path / "out")
    with pytest.raises(LikertpipeError, match=r"respondents are in group\(s\) 6 of 'kommunegruppe', which column "
                                              r"'kommunegruppe' of the sampling frame does not contain"):
        clean_export(str(DEMO / "demo_export.csv"), str(CODEBOOK),
                     sampling_frame=str(write_rows(frame, tmp_path / "frame.csv")), **paths)
    assert not any(Path(path).exists() for path in paths.values())


def test_a_frame_code_that_is_not_a_level_stops_the_cleaning_job(tmp_path: Path) -> None:
    frame = rows_of(DEMO / "sampling_frame.csv")
    frame[1][1] = "9"
    with pytest.raises(LikertpipeError, match=r"holds codes \[9\] that are not levels of factor kommunegruppe"):
        clean_export(str(DEMO / "demo_export.csv"), str(CODEBOOK),
                     sampling_frame=str(write_rows(frame, tmp_path / "frame.csv")), **outputs(tmp_path / "out"))


def test_a_wave_study_with_one_wave_stops_the_cleaning_job() -> None:
    book = load_codebook(WAVE_CODEBOOK)
    column = book.wave.column
    one = pd.DataFrame({column: pd.array([book.wave.codes[0]] * 3, dtype="Int8")})
    with pytest.raises(LikertpipeError, match=rf"declares the wave '{column}', but the data hold only wave "
                                              rf"{book.wave.codes[0]}"):
        inputs.check_waves(one, book)
    inputs.check_waves(pd.DataFrame({column: pd.array(book.wave.codes[:2], dtype="Int8")}), book)
    with pytest.raises(LikertpipeError, match="the data hold no wave"):
        inputs.check_waves(pd.DataFrame({column: pd.array([None, None], dtype="Int8")}), book)


def test_a_study_without_frame_or_coding_sheet_gets_empty_tables(tmp_path: Path) -> None:
    paths = outputs(tmp_path / "out")
    clean_export(str(DEMO / "demo_export.csv"), str(CODEBOOK), **paths)
    assert read_processed(paths["frame"]).empty
    sheet = read_processed(paths["coding"])
    assert sheet.empty and list(sheet.columns) == ["svar_id", "field", "dimension", "theme", "concept"]
    record = json.loads(Path(paths["record"]).read_text(encoding="utf-8"))
    assert set(record) == {"data", "codebook", "analysed_codebook"}
