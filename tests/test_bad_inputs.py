"""The corpus of broken exports and codebooks (tests/bad_inputs/make_bad_inputs.py): each fails with a message
naming the file, row, column and value and saying how to fix it, writes nothing, and never touches the raw
file; the few tricky but valid ones pass. Most cases call the cleaning step directly; a handful run the real
workflow (snakemake) in a copy of the repository."""

from __future__ import annotations

import hashlib
import importlib.util
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
import yaml
from repo_copy import REPO, SNAKEMAKE, copy_repository, digests

from likertpipe.errors import LikertpipeError
from likertpipe.io import read_processed
from likertpipe.steps.clean import clean_export

CODEBOOK = REPO / "config" / "kommunalsjef" / "codebook.yaml"
SCRIPT = REPO / "tests" / "bad_inputs" / "make_bad_inputs.py"

# file -> fragments the error message must contain (besides the file name)
FAILING = {
    "out_of_scale.csv": ["row 3, column 'E1': value '7'", "don't know 6", "Fix: correct the answer"],
    "text_in_item.csv": ["row 4, column 'E2': value 'mye'", "one of 1, 2, 3, 4, 5", "Fix:"],
    "duplicate_id.csv": ["row 5, column 'svar_id': value '27350347'", "also on row 2", "Fix: remove the duplicate"],
    "empty_id.csv": ["row 3, column 'svar_id'", "a respondent id", "Fix: fill in the id"],
    "missing_column.csv": ["required column(s) missing: E4", "codebook.yaml", "Fix: rename the columns"],
    "header_only.csv": ["header but no answers", "Export the responses again"],
    "empty.csv": ["the file is empty", "Export the survey again"],
    "truncated.csv": ["row 7, column 'stilling': value '1'", "expected 19 fields", "cut short", "Fix: export"],
    "unknown_label.csv": ["row 4, column 'E3': value 'Ganske stor grad'", "label of scale grad5", "Fix:"],
    "german_labels.csv": ["row 2, column 'E1': value 'In sehr geringem Maße'", "34 problem(s)", "Fix:"],
    "mixed_encodings.csv": ["mixed text encodings", "row 6 is not", "byte 1452", "Fix: open the export"],
    "non_numeric_population.csv": ["row 5, column 'innbyggere': value 'ca. 5000'", "a number from 0", "Fix:"],
    "negative_population.csv": ["row 4, column 'innbyggere': value '-120'", "a number from 0", "Fix:"],
    "repeated_header.csv": ["row 1 names column(s) 'E2' more than once", "Rename or remove the repeats"],
    "factor_out_of_range.csv": ["row 6, column 'kommunegruppe': value '7'", "one of 1, 2, 3, 4, 5, 6",
                                "Fix: correct the code"],
    "yes_no_out_of_range.csv": ["row 7, column 'endret_3aar': value '3'", "one of 1, 2", "Fix:"],
    "bad_cell.xlsx": ["row 4, column 'E5': value 'x'", "one of 1, 2, 3, 4, 5", "Fix:"],
}
FAILING_CODEBOOKS = {
    "wrong_codebook.yaml": ["does not follow the codebook schema", "itemz", "Fix the codebook"],
    "unknown_scale_codebook.yaml": ["item E3 names scale 'grad7'", "not defined under 'scales'", "Fix the scale"],
}
PASSING = ["semicolon_decimal_comma.csv", "windows1252.csv", "valid_labels.csv"]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    spec = importlib.util.spec_from_file_location("make_bad_inputs", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    folder = tmp_path_factory.mktemp("bad_inputs")
    names = module.write(folder)
    assert len(names) + 0 >= 20
    return folder


def outputs(folder: Path) -> dict[str, str]:
    return {name: str(folder / f"{name}.out") for name in ("processed", "report", "quarantine")}


def run_clean(data: Path, codebook: Path, out: Path, **options) -> None:
    out.mkdir()
    paths = outputs(out)
    clean_export(str(data), str(codebook), paths["processed"], paths["report"], paths["quarantine"], options)


def test_corpus_has_at_least_20_broken_files(corpus) -> None:
    assert len(FAILING) + len(FAILING_CODEBOOKS) + 2 >= 20  # + quarantine and the semicolon/decimal comma case
    for name in [*FAILING, *FAILING_CODEBOOKS, *PASSING, "quarantine.csv"]:
        assert (corpus / name).is_file(), name


@pytest.mark.parametrize("name", sorted(FAILING))
def test_broken_export_fails_with_a_clear_message(corpus, tmp_path, name) -> None:
    data = corpus / name
    before = sha(data)
    with pytest.raises(LikertpipeError) as info:
        run_clean(data, CODEBOOK, tmp_path / "out")
    message = str(info.value)
    assert message.startswith(str(data)), message
    for fragment in FAILING[name]:
        assert fragment in message, f"{fragment!r} not in:\n{message}"
    assert sha(data) == before
    assert list((tmp_path / "out").iterdir()) == [], "partial outputs were written"


@pytest.mark.parametrize("name", sorted(FAILING_CODEBOOKS))
def test_broken_codebook_fails_with_a_clear_message(corpus, tmp_path, name) -> None:
    data = REPO / "data_raw" / "kommunalsjef" / "demo_export.csv"
    before = sha(data)
    with pytest.raises(LikertpipeError) as info:
        run_clean(data, corpus / name, tmp_path / "out")
    message = str(info.value)
    assert str(corpus / name) in message
    for fragment in FAILING_CODEBOOKS[name]:
        assert fragment in message, f"{fragment!r} not in:\n{message}"
    assert sha(data) == before
    assert list((tmp_path / "out").iterdir()) == []


@pytest.mark.parametrize("name", PASSING)
def test_tricky_but_valid_exports_pass(corpus, tmp_path, name) -> None:
    run_clean(corpus / name, CODEBOOK, tmp_path / "out")
    data = read_processed(outputs(tmp_path / "out")["processed"])
    assert len(data) == 6
    quarantine = pd.read_csv(outputs(tmp_path / "out")["quarantine"])
    assert quarantine.empty and list(quarantine.columns)[0] == "row" and list(quarantine.columns)[-1] == "reason"
    if name == "semicolon_decimal_comma.csv":
        assert data["innbyggere"].iloc[0] == 16952.5
    if name == "windows1252.csv":
        assert data["stilling_tittel"].iloc[1] == "Kommunalsjef for helse og omsorg, Bjørnøy og Åsen"
    if name == "valid_labels.csv":
        assert data["E1"].iloc[0] == 4 and data["E2_code"].iloc[1] == 6 and pd.isna(data["E2"].iloc[1])
        assert data["endret_3aar"].iloc[1] == 1


def test_quarantine_sets_bad_rows_aside_and_continues(corpus, tmp_path) -> None:
    data_path = corpus / "quarantine.csv"
    before = sha(data_path)
    run_clean(data_path, CODEBOOK, tmp_path / "out", on_invalid="quarantine")
    paths = outputs(tmp_path / "out")
    data = read_processed(paths["processed"])
    assert len(data) == 4
    quarantine = pd.read_csv(paths["quarantine"], dtype=str, keep_default_na=False)
    assert quarantine["row"].tolist() == ["3", "6"]
    assert quarantine["E1"].tolist()[0] == "7" and quarantine["innbyggere"].tolist()[1] == "mange"
    assert "column 'E1': value '7'" in quarantine["reason"][0]
    assert "column 'innbyggere': value 'mange'" in quarantine["reason"][1]
    assert set(quarantine["svar_id"]).isdisjoint(data["svar_id"])
    report = Path(paths["report"]).read_text(encoding="utf-8")
    assert "Rader i karantene: 2" in report and "rows 3, 6" in report  # the study's language; the warning in English
    assert sha(data_path) == before


def test_quarantine_still_fails_on_file_level_problems(corpus, tmp_path) -> None:
    with pytest.raises(LikertpipeError, match="required column"):
        run_clean(corpus / "missing_column.csv", CODEBOOK, tmp_path / "out", on_invalid="quarantine")
    with pytest.raises(LikertpipeError, match="the file is empty"):
        run_clean(corpus / "empty.csv", CODEBOOK, tmp_path / "out2", on_invalid="quarantine")


def test_max_problems_limits_the_list_but_not_the_count(corpus, tmp_path) -> None:
    with pytest.raises(LikertpipeError) as info:
        run_clean(corpus / "german_labels.csv", CODEBOOK, tmp_path / "out", max_problems=5)
    message = str(info.value)
    assert "34 problem(s)" in message and message.count("\n- row") == 5 and "... and 29 more problems" in message


# --- through the real workflow ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    return copy_repository(tmp_path_factory.mktemp("repo"))


def snakemake(repo: Path, tmp_path: Path, study: dict, *targets: str) -> subprocess.CompletedProcess:
    config = tmp_path / "bad.yaml"
    config.write_text(yaml.safe_dump({"studies": {"kommunalsjef": study}}), encoding="utf-8")
    command = [str(SNAKEMAKE), *targets, "--cores", "1", "--configfile", str(config)]
    return subprocess.run(command, cwd=repo, capture_output=True, text=True)


def tree(repo: Path) -> dict[str, dict[str, str]]:
    return {folder: digests(repo / folder) for folder in ("results", "data_raw", "data_processed")}


@pytest.mark.workflow
@pytest.mark.parametrize("name", ["out_of_scale.csv", "truncated.csv", "bad_cell.xlsx", "mixed_encodings.csv"])
def test_workflow_fails_cleanly_on_a_broken_export(corpus, repo, tmp_path, name) -> None:
    before, data_before = tree(repo), sha(corpus / name)
    result = snakemake(repo, tmp_path, {"codebook": "config/kommunalsjef/codebook.yaml", "data": str(corpus / name)})
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert f"likertpipe error: {corpus / name}" in output
    fragment = FAILING[name][0]
    assert fragment in output
    assert tree(repo) == before, "outputs were written or raw data changed"
    assert sha(corpus / name) == data_before


@pytest.mark.workflow
def test_workflow_fails_on_a_broken_codebook(corpus, repo, tmp_path) -> None:
    before = tree(repo)
    book = corpus / "wrong_codebook.yaml"
    result = snakemake(repo, tmp_path, {"codebook": str(book), "data": "data_raw/kommunalsjef/demo_export.csv"})
    assert result.returncode != 0
    assert "does not follow the codebook schema" in result.stdout + result.stderr
    assert tree(repo) == before


@pytest.mark.workflow
def test_workflow_quarantine(corpus, repo, tmp_path) -> None:
    before = tree(repo)
    target = "data_processed/kommunalsjef/quarantine.csv"
    result = snakemake(repo, tmp_path, {"codebook": "config/kommunalsjef/codebook.yaml", "coding_sheet": None,
                                        "data": str(corpus / "quarantine.csv"), "on_invalid": "quarantine"},
                       target, "data_processed/kommunalsjef/responses.parquet")
    try:
        assert result.returncode == 0, result.stderr[-3000:]
        quarantine = pd.read_csv(repo / target, dtype=str, keep_default_na=False)
        assert quarantine["row"].tolist() == ["3", "6"]
        assert len(read_processed(repo / "data_processed/kommunalsjef/responses.parquet")) == 4
        assert digests(repo / "data_raw") == before["data_raw"] and digests(repo / "results") == before["results"]
    finally:
        shutil.rmtree(repo / "data_processed" / "kommunalsjef", ignore_errors=True)
