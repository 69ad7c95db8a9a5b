"""Open-text coding tally: counts checked against a hand count of the demo coding sheet, clear errors for bad
sheets, no text in the tally, a deterministic generator."""

from __future__ import annotations

import csv
import subprocess
import sys
from collections import Counter, defaultdict

import pandas as pd
import pytest
from repo_copy import REPO

from likertpipe.codebook import load_codebook
from likertpipe.coding import TALLY_COLUMNS, check_coding_sheet, coding_tally, load_coding_sheet
from likertpipe.errors import LikertpipeError

DEMO = REPO / "data_raw" / "kommunalsjef"
SHEET = DEMO / "coding_sheet.csv"
BOOK = load_codebook(REPO / "config" / "kommunalsjef" / "codebook.yaml")


def demo_ids() -> list[str]:
    with (DEMO / "demo_export.csv").open(encoding="utf-8", newline="") as handle:
        return [row[BOOK.id_column] for row in csv.DictReader(handle)]


def sheet(rows: list[list[str]], header: tuple[str, ...] = ("svar_id", "field", "dimension", "theme", "concept")):
    return pd.DataFrame(rows, columns=list(header), dtype=object)


def test_tally_of_the_demo_sheet_equals_a_hand_count() -> None:
    with SHEET.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    statements: Counter = Counter()
    respondents: defaultdict = defaultdict(set)
    for row in rows:
        for key in ((row["dimension"],), (row["dimension"], row["theme"]),
                    (row["dimension"], row["theme"], row["concept"])):
            statements[key] += 1
            respondents[key].add(row["svar_id"])
    tally = coding_tally(load_coding_sheet(SHEET, BOOK, demo_ids()), BOOK.id_column)
    assert list(tally.columns) == TALLY_COLUMNS
    got = {tuple(v for v in (r.dimension, r.theme, r.concept) if v): (r.statements, r.respondents)
           for r in tally.itertuples()}
    assert got == {key: (statements[key], len(respondents[key])) for key in statements}
    assert list(tally["level"]) == sorted(tally["level"], key=["dimension", "theme", "concept"].index)
    for _, part in tally.groupby("level"):
        assert part["statements"].is_monotonic_decreasing
        assert part["statements"].sum() == len(rows)


def test_demo_sheet_has_the_documented_shape() -> None:
    frame = pd.read_csv(SHEET, dtype=str)
    assert frame["dimension"].nunique() == 3
    assert 7 <= frame["theme"].nunique() <= 9 and 18 <= frame["concept"].nunique() <= 22
    # every coded statement belongs to a respondent who answered that comment field
    export = pd.read_csv(DEMO / "demo_export.csv", dtype=str)
    answered = {(r[BOOK.id_column], field) for _, r in export.iterrows() for field in frame["field"].unique()
                if isinstance(r[field], str) and r[field].strip()}
    assert set(zip(frame["svar_id"], frame["field"], strict=True)) <= answered


def test_tally_holds_no_text_from_the_answers() -> None:
    export = pd.read_csv(DEMO / "demo_export.csv", dtype=str)
    texts = {t for field in BOOK.open_text for t in export[field.column].dropna()}
    tally = coding_tally(load_coding_sheet(SHEET, BOOK, demo_ids()), BOOK.id_column)
    cells = {str(v) for v in tally.to_numpy().ravel()}
    assert not cells & texts


def test_levels_are_tallied_on_their_own() -> None:
    rows = [["1", "kommentar", "D", "T1", "C1"], ["1", "kommentar", "D", "T1", "C2"],
            ["2", "kommentar", "D", "T2", "C3"], ["3", "kommentar", "E", "T3", "C4"]]
    tally = coding_tally(check_coding_sheet(sheet(rows), BOOK, ["1", "2", "3"], "s.csv"), "svar_id")
    assert tally.values.tolist() == [
        ["dimension", "D", "", "", 3, 2], ["dimension", "E", "", "", 1, 1],
        ["theme", "D", "T1", "", 2, 1], ["theme", "D", "T2", "", 1, 1], ["theme", "E", "T3", "", 1, 1],
        ["concept", "D", "T1", "C1", 1, 1], ["concept", "D", "T1", "C2", 1, 1], ["concept", "D", "T2", "C3", 1, 1],
        ["concept", "E", "T3", "C4", 1, 1],
    ]


def test_headers_match_ignoring_case_and_cells_are_trimmed() -> None:
    checked = check_coding_sheet(sheet([[" 7 ", "kommentar ", "D", "T", " C"]],
                                       ("SVAR_ID", "Field", "Dimension", "THEME", "concept")),
                                 BOOK, [7], "s.csv")
    assert checked.values.tolist() == [["7", "kommentar", "D", "T", "C"]]


def test_every_problem_is_reported_with_row_column_value_and_fix() -> None:
    rows = [["1", "kommentar", "D", "T", "C"], ["99", "notes", "D", "", "C"], ["2", "kommentar", "", "T", "C"]]
    with pytest.raises(LikertpipeError) as error:
        check_coding_sheet(sheet(rows), BOOK, ["1", "2"], "coding.csv")
    message = str(error.value)
    assert message.startswith("coding.csv: 4 problem(s) in the coding sheet:")
    assert "row 3, column 'svar_id': value '99': no respondent with this id" in message
    assert "row 3, column 'field': value 'notes': not an open-text field" in message and "kommentar" in message
    assert "row 3, column 'theme': value '': empty. Fix:" in message
    assert "row 4, column 'dimension': value '': empty." in message
    assert message.count("Fix:") == 4


def test_missing_columns_and_missing_file() -> None:
    with pytest.raises(LikertpipeError, match=r"lacks column\(s\) theme, concept .*Fix:"):
        check_coding_sheet(sheet([["1", "kommentar", "D"]], ("svar_id", "field", "dimension")), BOOK, ["1"], "s")
    with pytest.raises(LikertpipeError, match="coding sheet not found"):
        load_coding_sheet(REPO / "no_such_sheet.csv", BOOK, [])


def test_generator_writes_the_shipped_sheet(tmp_path) -> None:
    subprocess.run([sys.executable, str(DEMO / "generate_coding_sheet.py"), "--out", str(tmp_path)], check=True,
                   capture_output=True)
    assert (tmp_path / "coding_sheet.csv").read_bytes() == SHEET.read_bytes()
