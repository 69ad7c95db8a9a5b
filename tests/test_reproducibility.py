"""Reproducibility: byte-identical outputs across core counts, a manifest of inputs, outputs and software,
and `likertpipe.verify` telling exactly which outputs a changed input affects."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from repo_copy import SNAKEMAKE, copy_repository, digests

from likertpipe import verify
from likertpipe.files import sha256
from likertpipe.manifest import UNPUBLISHED

STUDY = "kommunalsjef"


def test_one_core_gives_the_same_bytes_as_two(run: Path, tmp_path: Path) -> None:
    """`run` used --cores 2; a fresh copy run with --cores 1 must match it byte for byte."""
    root = copy_repository(tmp_path / "repo")
    result = subprocess.run([str(SNAKEMAKE), "--cores", "1"], cwd=root, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-4000:]
    for folder in ("results", "data_processed"):
        assert digests(root / folder) == digests(run / folder), folder


def test_no_output_holds_a_timestamp_or_absolute_path(run: Path) -> None:
    for path in list((run / "results").rglob("*")) + list((run / "data_processed").rglob("*")):
        if path.is_file() and path.suffix in (".csv", ".md", ".json", ".svg"):
            content = path.read_text(encoding="utf-8")
            assert str(run) not in content, path
            assert "/tmp/" not in content and "2026-" not in content, path


def test_manifest_lists_inputs_outputs_software_and_config(run: Path) -> None:
    manifest = json.loads((run / "results" / STUDY / "manifest.json").read_text(encoding="utf-8"))
    data = f"data_raw/{STUDY}/demo_export.csv"
    # the respondents' files are recorded by SHA-256, never by name (an export's name is often a person's)
    assert manifest["inputs"]["data"] == {UNPUBLISHED: sha256(run / data)}
    assert "demo_export" not in json.dumps(manifest) and "coding_sheet.csv" not in json.dumps(manifest)
    assert set(manifest["inputs"]) == {"data", "codebook", "config", "sampling_frame", "coding_sheet"}
    outputs = manifest["outputs"]
    assert f"results/{STUDY}/tables/descriptives.csv" in outputs
    assert f"data_processed/{STUDY}/responses.parquet" in outputs
    assert f"results/{STUDY}/manifest.json" not in outputs
    for path, digest in outputs.items():
        assert sha256(run / path) == digest, path
    produced = {p.relative_to(run).as_posix() for p in (run / "results" / STUDY).rglob("*") if p.is_file()}
    assert produced - set(outputs) == {f"results/{STUDY}/manifest.json"}
    software = manifest["software"]
    assert software["python"] == ".".join(map(str, sys.version_info[:3]))
    assert {"snakemake", "pandas", "scipy", "likertpipe"} <= set(software["packages"])
    assert manifest["config"]["alpha"] == 0.05
    assert manifest["git_commit"] is None  # the copy is not a git checkout


@pytest.fixture
def reproduction(run: Path, tmp_path: Path) -> Path:
    """A copy of the finished run (sources, results and manifest) to verify against."""
    root = tmp_path / "repro"
    shutil.copytree(run, root, ignore=shutil.ignore_patterns(".snakemake"))
    return root


def test_verify_reports_all_ok_on_an_untouched_copy(reproduction: Path, capsys) -> None:
    assert verify.main([], root=reproduction) == 0
    out = capsys.readouterr().out
    assert not [line for line in out.splitlines() if line.startswith(("DIFFERENT", "MISSING"))]
    assert "0 DIFFERENT or MISSING" in out
    assert f"OK        output results/{STUDY}/tables/descriptives.csv" in out


def test_verify_names_exactly_the_outputs_a_changed_answer_affects(reproduction: Path, capsys) -> None:
    export = reproduction / "data_raw" / STUDY / "demo_export.csv"
    lines = export.read_text(encoding="utf-8").splitlines(keepends=True)
    column = lines[0].rstrip("\n").split(",").index("E1")
    row = next(i for i, line in enumerate(lines[1:], start=1) if line.split(",")[column] == "5")
    cells = lines[row].split(",")
    cells[column] = "4"  # one byte: an E1 answer 5 becomes 4
    lines[row] = ",".join(cells)
    export.write_text("".join(lines), encoding="utf-8")

    assert verify.main([], root=reproduction) == 1
    status = {line.split()[-1]: line.split()[0] for line in capsys.readouterr().out.splitlines()
              if line.split() and line.split()[0] in ("OK", "DIFFERENT", "MISSING")}
    assert status["published)"] == "DIFFERENT"  # "data (name not published)"
    for changed in ("descriptives.csv", "frequencies.csv", "kruskal_wallis.csv", "correlations.csv"):
        assert status[f"results/{STUDY}/tables/{changed}"] == "DIFFERENT", changed
    for unchanged in ("response_rates.csv", "open_text.csv", "indices.csv"):
        assert status[f"results/{STUDY}/tables/{unchanged}"] == "OK", unchanged
    assert status[f"config/{STUDY}/codebook.yaml"] == "OK"


def test_verify_reruns_each_study_with_the_config_its_manifest_records(reproduction: Path, capsys) -> None:
    """A run with --config language=en, a codebook outside the repository (`../`) and a second study: verify
    (with the config naming the outside file) reruns each study as recorded and finds every file OK."""
    outside = reproduction.parent / "kommunalsjef_codebook.yaml"
    shutil.copy(reproduction / "config" / STUDY / "codebook.yaml", outside)
    local = reproduction / "config" / "local.yaml"
    local.write_text(f"studies:\n  {STUDY}:\n    codebook: ../{outside.name}\n", encoding="utf-8")
    command = [str(SNAKEMAKE), "--cores", "2", "--configfile", "config/all.yaml", "config/local.yaml",
               "--config", "language=en", "replace_results=True"]
    result = subprocess.run(command, cwd=reproduction, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-4000:]
    assert verify.main(["--configfile", "config/local.yaml"], root=reproduction) == 0
    out = capsys.readouterr().out
    assert "0 DIFFERENT or MISSING" in out
    for study in (STUDY, "statlig_finansiering"):
        assert f"Verifying {study} with the config its manifest records:" in out
        assert f"OK        output results/{study}/tables/descriptives.csv" in out
    assert "  language: en" in out
    assert f"OK        input  {outside.name}" in out
    assert re.search(r"kommunalsjef: \d+ of \d+ steps", out)  # progress while it works


def test_verify_says_a_different_input_explains_different_outputs(reproduction: Path, capsys) -> None:
    """A frame with one population figure changed: an input DIFFERENT, every output OK, and verify says that a
    differing input makes differing outputs expected (not that the results fail to reproduce)."""
    frame = reproduction / "data_raw" / STUDY / "sampling_frame.csv"
    lines = frame.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = lines[1].rstrip("\n") + "0\n"  # one municipality ten times larger
    frame.write_text("".join(lines), encoding="utf-8")
    assert verify.main([], root=reproduction) == 1
    out = capsys.readouterr().out
    assert f"DIFFERENT input  data_raw/{STUDY}/sampling_frame.csv" in out
    assert "1 input(s) differ from those the manifest records" in out
    assert "say nothing about whether the results reproduce" in out
    assert "the same inputs gave other results" not in out


def test_verify_without_the_config_naming_an_outside_file_says_how_to_pass_it(reproduction: Path, capsys) -> None:
    manifest_file = reproduction / "results" / STUDY / "manifest.json"
    manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    digest = manifest["inputs"]["sampling_frame"].pop(f"data_raw/{STUDY}/sampling_frame.csv")
    manifest["inputs"]["sampling_frame"]["secure_export.csv"] = digest  # as a file outside the repo is recorded
    manifest_file.write_text(json.dumps(manifest), encoding="utf-8")
    assert verify.main([], root=reproduction) == 1
    out = capsys.readouterr().out
    assert "MISSING   input  secure_export.csv" in out
    assert "make verify CONFIG=<your config>" in out


def test_explain_tells_a_different_input_from_a_different_output() -> None:
    inputs_ok = [("OK", "input", "data.csv"), ("DIFFERENT", "output", "results/s/tables/t.csv")]
    assert verify.explain(inputs_ok) == ["Every input is the one recorded, yet 1 output(s) differ: the same inputs "
                                         "gave other results here (compare the manifests' software sections)."]
    changed = [("DIFFERENT", "input", "data.csv"), ("DIFFERENT", "output", "results/s/tables/t.csv")]
    assert "differing outputs are expected" in verify.explain(changed)[0]
    assert "pass the config that names them" in verify.explain([("MISSING", "input", "x.csv")])[0]
    assert verify.explain([("OK", "input", "a"), ("OK", "output", "b")]) == []
