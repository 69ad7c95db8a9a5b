"""`likertpipe check`: config, codebook and every input of every study checked without running the workflow, with
the messages the workflow gives; and the path of README's "Running on a real export" (draft, edit, check, run)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib

import pytest
import yaml
from repo_copy import REPO, copy_repository

from likertpipe.__main__ import main
from likertpipe.check import load_config
from likertpipe.draft import draft_codebook


@pytest.fixture
def repo(tmp_path):
    """A copy of the repository (tracked files, no outputs) to check from."""
    return copy_repository(tmp_path / "repo")


def run_check(repo, *args, capsys) -> tuple[int, str, str]:
    code = main(["check", "--directory", str(repo), "--no-dry-run", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_the_shipped_studies_pass(repo, capsys) -> None:
    code, out, _ = run_check(repo, "--configfile", "config/all.yaml", capsys=capsys)
    assert code == 0
    assert "runs kommunalsjef, statlig_finansiering" in out
    assert "data_raw/kommunalsjef/demo_export.csv (plain layout; 123 respondents)" in out
    assert "would write:    data_processed/statlig_finansiering/ and results/statlig_finansiering/" in out
    assert "every input is valid; nothing was written" in out
    assert not (repo / "data_processed").exists() and not (repo / "results").exists()


def test_a_broken_export_fails_with_the_cleaning_jobs_message(repo, capsys) -> None:
    export = repo / "bad.csv"
    export.write_text((REPO / "tests" / "bad_inputs" / "out_of_scale.csv").read_text(encoding="utf-8"),
                      encoding="utf-8")
    (repo / "config" / "local.yaml").write_text("studies:\n  kommunalsjef:\n    data: bad.csv\n", encoding="utf-8")
    code, out, err = run_check(repo, "--configfile", "config/local.yaml", capsys=capsys)
    assert code == 1
    assert "FAILED: likertpipe error: bad.csv: 1 problem(s) found; nothing was written" in out
    assert "expected one of 1, 2, 3, 4, 5; don't know 6" in out
    assert "1 study(ies) failed" in err


def test_config_errors_are_the_workflows(repo, capsys) -> None:
    (repo / "config" / "local.yaml").write_text("run: [nosuch]\n", encoding="utf-8")
    code, _, err = run_check(repo, "--configfile", "config/local.yaml", capsys=capsys)
    assert code == 1 and "likertpipe error: config: run names study 'nosuch', which is not under 'studies'" in err
    code, _, err = run_check(repo, "--config", "alpha=2", capsys=capsys)
    assert code == 1 and "likertpipe error: config:" in err and "alpha" in err


def test_a_study_id_that_differs_from_the_codebooks(repo, capsys) -> None:
    (repo / "config" / "local.yaml").write_text(
        "run: [mystudy]\nstudies:\n  mystudy:\n    codebook: config/kommunalsjef/codebook.yaml\n"
        "    data: data_raw/kommunalsjef/demo_export.csv\n", encoding="utf-8")
    code, _, err = run_check(repo, "--configfile", "config/local.yaml", capsys=capsys)
    assert code == 1 and "whose study.id is 'kommunalsjef'. Use the same id in both." in err


def test_config_is_merged_as_snakemake_merges_it(repo) -> None:
    (repo / "config" / "local.yaml").write_text("studies:\n  kommunalsjef:\n    on_invalid: quarantine\n",
                                                encoding="utf-8")
    config = load_config(repo, [repo / "config" / "local.yaml"], ["min_cell=3"])
    study = config["studies"]["kommunalsjef"]
    assert study["on_invalid"] == "quarantine" and study["data"] == "data_raw/kommunalsjef/demo_export.csv"
    assert config["min_cell"] == 3 and study["max_problems"] == 50  # defaults from the schema


def test_check_is_a_console_script_and_a_module() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["scripts"]["likertpipe"] == "likertpipe.__main__:main"
    result = subprocess.run([sys.executable, "-m", "likertpipe", "check", "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "without running the workflow" in " ".join(result.stdout.split())


@pytest.mark.parametrize("export", ["qualtrics", "bfi"])
def test_draft_edit_check_run_as_a_new_user(repo, tmp_path, capsys, export) -> None:
    """README's path: draft a codebook (a platform export, or R's write.csv), edit it, check, and the check
    passes; the unconfirmed guesses are listed until their marks are deleted."""
    if export == "qualtrics":
        data = tmp_path / "export.csv"
        shutil.copy(REPO / "tests" / "platform_exports" / "qualtrics.csv", data)
    else:
        sys.path.insert(0, str(REPO / "tests"))
        from test_export_conventions import write_r_csv

        data = tmp_path / "bfi.csv"
        write_r_csv(data, rows=100)
    codebook = repo / "config" / "mystudy" / "codebook.yaml"
    codebook.parent.mkdir(parents=True)
    assert main(["draft-codebook", str(data), "--study", "mystudy", "-o", str(codebook)]) == 0
    err = capsys.readouterr().err
    assert "Check these:" in err
    (repo / "config" / "local.yaml").write_text(
        f"run: [mystudy]\nstudies:\n  mystudy:\n    codebook: config/mystudy/codebook.yaml\n    data: {data}\n",
        encoding="utf-8")
    code, out, _ = run_check(repo, "--configfile", "config/local.yaml", capsys=capsys)
    assert code == 0, out
    assert "the codebook still holds" in out and "mark(s) CHECK or TODO" in out
    if export == "qualtrics":
        assert "qualtrics layout, 3 header rows; 123 respondents" in out
        assert "metadata columns dropped at reading: StartDate, EndDate" in out and "IPAddress" in out
    else:
        assert "read as empty (na_values) in A1: 'NA'" in out
    # confirm every guess: delete the marks; the check then lists none
    text = "\n".join(line for line in codebook.read_text(encoding="utf-8").splitlines()
                     if not line.lstrip().startswith("#"))
    codebook.write_text(text + "\n", encoding="utf-8")
    code, out, _ = run_check(repo, "--configfile", "config/local.yaml", capsys=capsys)
    assert code == 0 and "the codebook still holds" not in out
    assert yaml.safe_load(codebook.read_text(encoding="utf-8"))["study"]["id"] == "mystudy"
    assert draft_codebook(data, study="mystudy")  # the draft is reproducible


@pytest.mark.workflow
def test_check_lists_the_jobs_a_run_would_start(repo) -> None:
    result = subprocess.run([sys.executable, "-m", "likertpipe", "check"], cwd=repo, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "what a run would do (snakemake -n), jobs by rule:" in result.stdout
    assert re.search(r"^\s*clean\s+1$", result.stdout, flags=re.M) and "Workflow ID" not in result.stdout
    assert not (repo / "results").exists()
