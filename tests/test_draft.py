"""Drafting a codebook from a CSV and from an SPSS file written here with pyreadstat."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pyreadstat
import pytest
import yaml

from likertpipe.__main__ import main
from likertpipe.clean import clean
from likertpipe.codebook import parse_codebook
from likertpipe.draft import check_draft, draft_codebook, read_metadata
from likertpipe.errors import LikertpipeError
from likertpipe.io import read_export

CSV = """resp_id,q1,q2,q3,gender,age,comment,unused
a1,1,2,3,1,34,Fine,
a2,2,3,4,2,51,,
a3,3,3,5,1,29,Too slow,
a4,4,2,3,2,45,,
a5,5,1,2,1,38,Could be better,
a6,4,5,1,2,62,,
a7,3,4,2,1,47,Good,
a8,2,4,4,2,33,,
a9,1,5,5,1,58,Slow,
b1,5,1,1,2,41,,
b2,4,3,2,1,36,,
b3,3,2,3,2,55,,
"""

AGREE = {1: "Strongly disagree", 2: "Disagree", 3: "Neither", 4: "Agree", 5: "Strongly agree", 6: "Don't know",
         9: "Not applicable"}


@pytest.fixture
def csv_file(tmp_path):
    path = tmp_path / "My Survey 2024.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


@pytest.fixture
def sav_file(tmp_path):
    frame = pd.DataFrame({
        "id": [101.0, 102, 103, 104, 105, 106, 107, 108],
        "q1": [1.0, 2, 3, 4, 5, 6, 9, None],
        "q2": [5.0, 4, 4, 6, 2, 1, 3, 3],
        "education": [1.0, 2, 3, 4, 5, 2, 3, 1],
        "gender": [1.0, 2, 2, 1, 2, 1, 1, 2],
        "income": [310.5, 402.25, 288.0, 515.75, 350.0, 610.5, 298.25, 444.0],
    })
    path = tmp_path / "survey.sav"
    pyreadstat.write_sav(
        frame, str(path),
        column_labels=["Respondent", "I trust the service", "The service is fast", "Education", "Gender", "Income"],
        variable_value_labels={"q1": AGREE, "q2": AGREE, "gender": {1: "Woman", 2: "Man"},
                               "education": {1: "Primary", 5: "Doctorate"}},
        missing_ranges={"q1": [9], "q2": [9]},
    )
    return path


def test_csv_draft_classifies_the_columns(csv_file) -> None:
    text = draft_codebook(csv_file)
    book = yaml.safe_load(text)
    assert book["study"]["id"] == "TODO_study_id"  # the study id comes from --study, never from the file name
    assert "study/id" in check_draft(text, "draft.yaml")
    text = draft_codebook(csv_file, study="my_survey")
    book = yaml.safe_load(text)
    assert book["study"]["id"] == "my_survey"
    assert book["id_column"] == "resp_id"
    assert [i["column"] for i in book["items"]] == ["q1", "q2", "q3"]
    assert {i["scale"] for i in book["items"]} == {"codes_1_5"}
    assert [lv["code"] for lv in book["scales"]["codes_1_5"]["levels"]] == [1, 2, 3, 4, 5]
    assert [f["column"] for f in book["factors"]] == ["gender"]
    assert [c["column"] for c in book["covariates"]] == ["age"]
    assert [t["column"] for t in book["open_text"]] == ["comment"]
    assert "# Left out: unused (empty)." in text
    assert "TODO: label the levels" in text and "CHECK: 3 items on scale codes_1_5 (q1, q2, q3)" in text
    assert check_draft(text, "draft.yaml") is None


def test_csv_draft_runs_through_cleaning(csv_file) -> None:
    """The draft, as written, cleans the export it was drafted from (the 'unused' column is ignored)."""
    book = parse_codebook(yaml.safe_load(draft_codebook(csv_file, study="s")), source="draft")
    data, warnings = clean(read_export(csv_file), book, str(csv_file))
    assert len(data) == 12 and warnings == ["column 'unused' is not in the codebook and was ignored"]
    assert data["q3"].tolist() == [3, 4, 5, 3, 2, 1, 2, 4, 5, 1, 2, 3]


def test_spss_value_labels_and_user_missing_become_a_scale(sav_file) -> None:
    meta = read_metadata(sav_file)
    assert meta.user_missing["q1"] == {9}
    book = yaml.safe_load(draft_codebook(sav_file))
    assert book["id_column"] == "id"
    scale = book["scales"][book["items"][0]["scale"]]
    assert scale["levels"] == [{"code": c, "label": AGREE[c]} for c in range(1, 6)]
    assert scale["dont_know"] == [{"code": 6, "label": "Don't know"}]
    assert scale["missing"] == [{"code": 9, "label": "Not applicable"}]
    items = {i["column"]: i for i in book["items"]}
    assert items["q1"]["scale"] == items["q2"]["scale"]  # one shared scale
    assert items["q1"]["label"] == "I trust the service"  # the SPSS variable label
    # education: a label set of its own, so a background factor; labels only at the ends: the codes seen in
    # between become levels labelled with their code
    assert set(items) == {"q1", "q2"}
    factors = {f["column"]: f for f in book["factors"]}
    assert factors["education"]["levels"] == [{"code": 1, "label": "Primary"}, {"code": 2, "label": "2"},
                                              {"code": 3, "label": "3"}, {"code": 4, "label": "4"},
                                              {"code": 5, "label": "Doctorate"}]
    assert factors["gender"] == {"column": "gender", "label": "Gender",
                                 "levels": [{"code": 1, "label": "Woman"}, {"code": 2, "label": "Man"}]}
    assert [c["column"] for c in book["covariates"]] == ["income"]


def test_spss_draft_cleans_its_file(sav_file) -> None:
    book = parse_codebook(yaml.safe_load(draft_codebook(sav_file, study="s")), source="draft")
    data, _ = clean(read_export(sav_file), book, str(sav_file))
    assert data["q1_code"].tolist()[:7] == [1, 2, 3, 4, 5, 6, 9]
    assert data["q1"].notna().sum() == 5  # don't know, not applicable and the empty cell are not values


def test_a_file_without_items_gives_a_draft_that_says_what_to_add(tmp_path) -> None:
    path = tmp_path / "text_only.csv"
    path.write_text("name,remark\nx,hello there\ny,something else\n", encoding="utf-8")
    text = draft_codebook(path)
    assert "TODO: declare at least one item" in text
    problem = check_draft(text, "draft.yaml")
    assert problem is not None and "items" in problem


def test_cli_writes_the_draft_and_reports(tmp_path, csv_file, capsys) -> None:
    out = tmp_path / "codebook.yaml"
    assert main(["draft-codebook", str(csv_file), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == draft_codebook(csv_file)
    err = capsys.readouterr().err
    assert "is a valid codebook" not in err  # guesses remain: never called valid
    assert "Check these: the draft holds" in err and "guess(es) and gap(s)" in err
    assert "- resp_id: CHECK: the respondent id" in err and "- q1: CHECK: 3 items on scale codes_1_5" in err


def test_free_text_never_becomes_a_factor_or_a_label(tmp_path, capsys) -> None:
    """A job-title column where two respondents typed their name and title: few distinct texts, each repeated,
    which the draft used to make a factor, so the names became level labels in published tables."""
    titles = ["Kommunalsjef"] * 6 + ["Ola Nordmann, kommunalsjef helse"] * 2 + ["Kari Nordmann, leder"] * 2
    rows = ["resp_id,q1,q2,q3,tittel"] + [f"r{i},{1 + i % 5},{1 + (i * 2) % 5},{1 + (i * 3) % 5},\"{t}\""
                                          for i, t in enumerate(titles)]
    path = tmp_path / "export.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    text = draft_codebook(path)
    book = yaml.safe_load(text)
    assert "tittel" not in [f["column"] for f in book.get("factors") or []]
    assert [t["column"] for t in book["open_text"]] == ["tittel"]
    assert "Ola Nordmann" not in text  # no typed text anywhere in the draft
    assert main(["draft-codebook", str(path), "-o", str(tmp_path / "draft.yaml")]) == 0
    err = capsys.readouterr().err
    assert "- tittel: CHECK: text with only 3 distinct answers" in err and "is a valid codebook" not in err


def test_cli_reports_a_missing_file_without_traceback(tmp_path) -> None:
    result = subprocess.run([sys.executable, "-m", "likertpipe", "draft-codebook", str(tmp_path / "nope.csv")],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "likertpipe error:" in result.stderr and "not found" in result.stderr
    assert "Traceback" not in result.stderr


def test_draft_is_deterministic(sav_file) -> None:
    assert draft_codebook(sav_file) == draft_codebook(sav_file)


def test_unreadable_metadata_is_a_user_error(tmp_path) -> None:
    path = tmp_path / "broken.sav"
    path.write_bytes(b"not an spss file")
    with pytest.raises(LikertpipeError, match="broken.sav"):
        read_metadata(path)


def test_outlying_codes_are_drafted_as_dont_know_and_years_as_a_wave_candidate(tmp_path) -> None:
    rows = [f"r{i},{2022 + i % 2},{[1, 2, 3, 4, 9][i % 5]},{[1, 2, 4, 99][i % 4]}" for i in range(40)]
    path = tmp_path / "survey.csv"
    path.write_text("resp,year,q1,q2\n" + "\n".join(rows) + "\n", encoding="utf-8")
    text = draft_codebook(path)
    book = yaml.safe_load(text)
    scales = {item["column"]: book["scales"][item["scale"]] for item in book["items"]}
    assert scales["q1"] is scales["q2"]  # neighbours on the same codes share one scale
    assert [level["code"] for level in scales["q1"]["levels"]] == [1, 2, 3, 4]  # 3: nobody chose it in q2
    assert [code["code"] for code in scales["q1"]["dont_know"]] == [9, 99]
    year = next(factor for factor in book["factors"] if factor["column"] == "year")
    assert year["compare"] is False and [level["code"] for level in year["levels"]] == [2022, 2023]
    assert "Declare this factor as the wave" in text.split("- column: year")[0].rstrip().splitlines()[-1]
    book["study"]["id"] = "s"
    data, _ = clean(read_export(path), parse_codebook(book), str(path))
    assert data["q1"].isna().sum() == 8  # the don't-know answers are not answers


def test_draft_of_a_folder_names_the_command_line_file(tmp_path) -> None:
    with pytest.raises(LikertpipeError) as error:
        draft_codebook(tmp_path)
    assert str(error.value) == (f"{tmp_path}: is a folder, not a data file. Check the file named after "
                                "draft-codebook: name the file itself, not the folder holding it.")


def test_draft_gives_export_names_that_are_no_safe_names_as_aliases(tmp_path) -> None:
    path = tmp_path / "survey.csv"
    path.write_text("Svar ID,Spørsmål 1,spørsmål_1,../../escaped,q2\n"
                    + "".join(f"r{i},{i % 5 + 1},{(i + 1) % 5 + 1},{(i + 2) % 5 + 1},{i % 5 + 1}\n"
                              for i in range(12)),
                    encoding="utf-8")
    text = draft_codebook(path, study="s")
    book = parse_codebook(yaml.safe_load(text), source="draft")
    assert book.id_column == "Svar_ID" and book.id_aliases == ("Svar ID",)
    assert [(i.column, i.aliases) for i in book.items] == [
        ("Sporsmal_1", ("Spørsmål 1",)), ("sporsmal_1_2", ("spørsmål_1",)), ("escaped", ("../../escaped",)),
        ("q2", ())]
    data, _ = clean(read_export(path), book, str(path))
    assert list(data.columns[:3]) == ["Svar_ID", "Sporsmal_1", "Sporsmal_1_code"]
