"""Survey platforms' layouts (issue 19): Qualtrics (current and legacy) and SurveyMonkey exports of the demo, written
from the platforms' documented formats (tests/platform_exports/README.md), give the demo's processed data; their
metadata columns are dropped at reading and listed by name only."""

from __future__ import annotations

import pandas as pd
import pytest
from repo_copy import REPO

from likertpipe import cleaning_report
from likertpipe.clean import clean_rows
from likertpipe.codebook import load_codebook
from likertpipe.errors import LikertpipeError
from likertpipe.io import METADATA_COLUMNS, drop_metadata, header_layout, read_export

HERE = REPO / "tests" / "platform_exports"
DEMO = REPO / "data_raw" / "kommunalsjef" / "demo_export.csv"
LAYOUTS = {"qualtrics": 3, "qualtrics_legacy": 2, "surveymonkey": 2}
PERSONAL = ("ipaddress", "ip address", "locationlatitude", "locationlongitude", "recipientemail", "emailaddress",
            "email address", "first name", "last name", "recipientfirstname", "recipientlastname", "name")


@pytest.fixture(scope="module")
def demo() -> pd.DataFrame:
    return clean_rows(read_export(DEMO), load_codebook(REPO / "config" / "kommunalsjef" / "codebook.yaml"),
                      str(DEMO)).data


@pytest.mark.parametrize("layout", LAYOUTS)
def test_each_layout_gives_the_demo_data(demo, layout) -> None:
    raw = read_export(HERE / f"{layout}.csv")
    assert raw.attrs["layout"] == layout and raw.attrs["header_rows"] == LAYOUTS[layout]
    result = clean_rows(raw, load_codebook(HERE / f"{layout}.yaml"), layout)
    pd.testing.assert_frame_equal(result.data, demo)
    assert result.warnings == []
    assert result.reading.layout == layout


@pytest.mark.parametrize("layout", LAYOUTS)
def test_metadata_is_dropped_at_reading_and_listed_by_name(layout) -> None:
    raw = read_export(HERE / f"{layout}.csv")
    dropped = {name.casefold() for name in raw.attrs["dropped_metadata"]}
    assert {p for p in PERSONAL if p in dropped}, dropped  # IP address, location, names: never read on
    assert not {c.casefold() for c in raw.columns} & METADATA_COLUMNS
    book = load_codebook(HERE / f"{layout}.yaml")
    result = clean_rows(raw, book, layout)
    text = cleaning_report.render(result.data, book, result.warnings, inputs={}, reading=result.reading)
    assert "Metadatakolonner fra undersøkelsesplattformen fjernet ved lesing" in text  # the study's language
    for name in raw.attrs["dropped_metadata"]:
        assert f"`{name}`" in text
    assert "192.0.2." not in text and "example.org" not in text  # names only, never a value


def test_an_excel_export_of_qualtrics_is_read_the_same(demo, tmp_path) -> None:
    rows = pd.read_csv(HERE / "qualtrics.csv", header=None, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    path = tmp_path / "qualtrics.xlsx"
    rows.to_excel(path, header=False, index=False)
    raw = read_export(path)
    assert raw.attrs["layout"] == "qualtrics"
    pd.testing.assert_frame_equal(clean_rows(raw, load_codebook(HERE / "qualtrics.yaml"), "x").data, demo)


@pytest.mark.parametrize(("layout", "row"), [("qualtrics", 4), ("qualtrics_legacy", 3), ("surveymonkey", 3)])
def test_problems_name_the_row_as_a_spreadsheet_shows_it(tmp_path, layout, row) -> None:
    """The first respondent is on row 4 of a Qualtrics export (after three header rows), row 3 of the others."""
    raw = read_export(HERE / f"{layout}.csv")
    column = next(c for c in raw.columns if c == "Q20_1" or "Felles tildelingskontor" in c)
    raw.loc[0, column] = "7"
    with pytest.raises(LikertpipeError, match=rf"row {row}, column 'E1': value '7'"):
        clean_rows(raw, load_codebook(HERE / f"{layout}.yaml"), layout)


def test_layout_plain_keeps_every_column() -> None:
    raw = read_export(HERE / "qualtrics.csv", {"layout": "plain"})
    assert raw.attrs["layout"] == "plain" and "IPAddress" in raw.columns and len(raw) == 125


def test_a_codebook_declaring_a_dropped_column_says_why_it_is_missing(tmp_path) -> None:
    book = (HERE / "qualtrics.yaml").read_text(encoding="utf-8")
    book = book.replace("covariates:\n", "covariates:\n- column: IPAddress\n  label: IP\n", 1)
    path = tmp_path / "codebook.yaml"
    path.write_text(book, encoding="utf-8")
    with pytest.raises(LikertpipeError, match="'IPAddress' were dropped at reading as survey-platform metadata.*"
                                              "set layout: plain"):
        clean_rows(read_export(HERE / "qualtrics.csv"), load_codebook(path), "q")


def test_a_plain_export_keeps_metadata_named_columns_among_its_questions() -> None:
    layout, rows, names, _ = header_layout(["id", "StartDate", "q1", "Status"], [["1", "x", "2", "ok"]])
    assert (layout, rows, names) == ("plain", 1, ["id", "StartDate", "q1", "Status"])
    frame = drop_metadata(pd.DataFrame(columns=["id", "StartDate", "q1", "Status"], dtype=str))
    assert list(frame.columns) == ["id", "q1", "Status"] and frame.attrs["dropped_metadata"] == ["StartDate"]


def test_the_shipped_exports_are_plain_and_keep_every_column() -> None:
    for path in (DEMO, REPO / "data_raw" / "statlig_finansiering" / "demo_export.csv"):
        raw = read_export(path)
        assert raw.attrs["layout"] == "plain" and raw.attrs["dropped_metadata"] == []


def test_the_exports_are_what_the_generator_writes(tmp_path, monkeypatch) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_exports", HERE / "make_exports.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "HERE", tmp_path)
    module.main()
    for layout in LAYOUTS:
        for suffix in (".csv", ".yaml"):
            assert (tmp_path / f"{layout}{suffix}").read_bytes() == (HERE / f"{layout}{suffix}").read_bytes()


@pytest.mark.workflow
def test_the_workflow_gives_the_demos_results_from_a_surveymonkey_export(run, tmp_path) -> None:
    """The whole workflow on the SurveyMonkey export (answers as label text, two header rows, metadata columns)
    writes every result file of the demo's run byte for byte (the manifest aside, which names the inputs)."""
    import subprocess

    from repo_copy import SNAKEMAKE, copy_repository, digests

    root = copy_repository(tmp_path / "repo")
    (root / "config" / "local.yaml").write_text(
        "studies:\n  kommunalsjef:\n    codebook: tests/platform_exports/surveymonkey.yaml\n"
        "    data: tests/platform_exports/surveymonkey.csv\n", encoding="utf-8")
    result = subprocess.run([str(SNAKEMAKE), "--cores", "2", "--configfile", "config/local.yaml"], cwd=root,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-4000:]
    ours, demo = digests(root / "results" / "kommunalsjef"), digests(run / "results" / "kommunalsjef")
    ours.pop("manifest.json"), demo.pop("manifest.json")
    assert ours == demo
    report = (root / "data_processed" / "kommunalsjef" / "cleaning_report.md").read_text(encoding="utf-8")
    assert "Lest som en SurveyMonkey-eksport" in report and "`IP Address`" in report
    processed = pd.read_parquet(root / "data_processed" / "kommunalsjef" / "responses.parquet")
    assert not {c.casefold() for c in processed.columns} & METADATA_COLUMNS
