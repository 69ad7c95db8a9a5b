"""Results always come from the inputs they claim (issue #13): each reproduction of a trap as a test.

Unit tests of `likertpipe.provenance`, then the real workflow in a copy of a finished demo run: a missing
data path fails even when outputs exist, the demo cannot replace a real export's results, a late problem in
any input leaves the previous complete set byte for byte, and a changed config value is said before the
rebuild.
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from repo_copy import REPO, SNAKEMAKE, digests

from likertpipe import provenance
from likertpipe.errors import LikertpipeError
from likertpipe.files import sha256
from likertpipe.manifest import UNPUBLISHED

STUDY = "kommunalsjef"
DEMO = f"data_raw/{STUDY}/demo_export.csv"


# --- units --------------------------------------------------------------------------------------------------


def test_differences_name_each_changed_input_and_config_value() -> None:
    before = {"data": {"a.csv": "1" * 64}, "codebook": {"b.yaml": "2" * 64}}
    now = {"data": {"a.csv": "3" * 64}, "codebook": {"c.yaml": "2" * 64}, "sampling_frame": {"f.csv": "4" * 64}}
    said = provenance.differences(before, now, {"min_cell": 5, "study": {"s": {"data": "a.csv"}}},
                                  {"min_cell": 3, "study": {"s": {"data": "x.csv"}}})
    assert said == [
        f"data a.csv changed (SHA-256 {'3' * 12}, was {'1' * 12})",
        "codebook is now c.yaml (was b.yaml)",
        "sampling_frame f.csv added",
        "config min_cell: 5 -> 3",
    ]
    assert provenance.differences(before, before, {"alpha": 0.05}, {"alpha": 0.05}) == []


def test_config_in_force_leaves_out_run_only_keys_and_absolute_paths(tmp_path: Path) -> None:
    config = {"run": [STUDY], "replace_results": True, "alpha": 0.05,
              "studies": {STUDY: {"data": str(tmp_path / "secret" / "export.csv"), "sheet": None}}}
    # the export's name is not published (it is often a person's or a municipality's): its role stands for it
    assert provenance.config_in_force(config, STUDY) == {"alpha": 0.05,
                                                         "study": {STUDY: {"data": "(name not published)"}}}


def test_discard_incomplete_removes_a_manifest_whose_outputs_were_replaced(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    output = Path("results", STUDY, "tables", "t.csv")
    output.parent.mkdir(parents=True)
    output.write_text("old\n")
    manifest = provenance.manifest_path(STUDY)
    manifest.write_text(json.dumps({"outputs": {output.as_posix(): sha256(output)}}))
    assert provenance.discard_incomplete(STUDY) is None and manifest.is_file()  # the set is complete
    output.write_text("new\n")
    said = provenance.discard_incomplete(STUDY)
    assert not manifest.exists()
    assert said and f"results/{STUDY}/manifest.json was removed" in said
    assert provenance.discard_incomplete(STUDY) is None  # no manifest, nothing to say


def test_with_only_the_manifest_left_another_data_file_still_stops_the_run(tmp_path, monkeypatch) -> None:
    """The manifest knows the export by SHA-256 alone: once data_processed/ is gone, a file with other bytes is
    refused as another export would be (and passes with replace_results); the same bytes pass."""
    monkeypatch.chdir(tmp_path)
    data, book = tmp_path / "export.csv", tmp_path / "codebook.yaml"
    data.write_text("id,q1\n1,3\n", encoding="utf-8")
    book.write_text("study: {id: x}\n", encoding="utf-8")
    files = {"data": str(data), "codebook": str(book)}
    config = {"studies": {STUDY: files}}
    manifest = provenance.manifest_path(STUDY)
    manifest.parent.mkdir(parents=True)
    manifest.write_text(json.dumps({"inputs": {"data": {UNPUBLISHED: sha256(data)}, "codebook": {
        "codebook.yaml": sha256(book)}}, "config": provenance.config_in_force(config, STUDY)}))
    assert provenance.check_study(STUDY, files, config) == []
    data.write_text("id,q1\n1,4\n", encoding="utf-8")
    with pytest.raises(LikertpipeError, match="records by SHA-256 only"):
        provenance.check_study(STUDY, files, config)
    assert provenance.check_study(STUDY, files, config, replace=True)  # said, then rebuilt


def test_two_outputs_never_share_a_file() -> None:
    provenance.check_distinct(["results/s/figures/likert_by_a.png", "results/s/figures/likert_by_b.png"])
    with pytest.raises(Exception, match=r"share the file results/s/x.png \(results/s/X.png differs only by case\)"):
        provenance.check_distinct(["results/s/X.png", "results/s/x.png"])
    with pytest.raises(Exception, match="share the file results/s/x.png. Fix"):
        provenance.check_distinct(["results/s/x.png", "results/s/" + "x.png"])


# --- the real workflow --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def repo(run: Path, tmp_path_factory) -> Path:
    """A copy of the finished demo run (outputs, manifest and Snakemake's records), changed freely here."""
    root = tmp_path_factory.mktemp("provenance") / "repo"
    shutil.copytree(run, root)
    return root


def snakemake(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(SNAKEMAKE), "--cores", "2", *args], cwd=repo, capture_output=True, text=True)


def outputs(repo: Path) -> dict[str, str]:
    return {folder: digests(repo / folder) for folder in ("results", "data_processed")}


def local_config(repo: Path, tmp_path: Path, **study) -> str:
    path = tmp_path / "local.yaml"
    path.write_text(yaml.safe_dump({"studies": {STUDY: study}}), encoding="utf-8")
    return str(path)


def real_export(repo: Path, folder: Path, drop: int = 0) -> Path:
    """A 'real' export outside the repository: the demo's rows (less the last `drop`) at another path."""
    rows = list(csv.reader((repo / DEMO).open(encoding="utf-8", newline="")))
    path = folder / "export_2026.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows[: len(rows) - drop])
    return path


def test_a_missing_data_path_fails_even_when_outputs_exist(repo: Path, tmp_path: Path) -> None:
    before = outputs(repo)
    for missing in (tmp_path / "nowhere.csv", tmp_path, Path("/dev/zero")):
        result = snakemake(repo, "--configfile", local_config(repo, tmp_path, data=str(missing)))
        assert result.returncode == 1, result.stderr[-2000:]
        assert f"likertpipe error: config studies.{STUDY}.data: {missing}" in result.stderr
        assert "Traceback" not in result.stderr and "File \"" not in result.stderr
        assert "Nothing to be done" not in result.stdout + result.stderr
    assert outputs(repo) == before


def test_a_late_problem_in_any_input_leaves_the_previous_set_untouched(repo: Path, tmp_path: Path) -> None:
    """A new export with a bad coding sheet used to leave new files beside old ones under the old manifest."""
    before = outputs(repo)
    sheet = tmp_path / "coding_sheet.csv"
    shutil.copy(repo / f"data_raw/{STUDY}/coding_sheet.csv", sheet)
    with sheet.open("a", encoding="utf-8") as handle:
        handle.write("99999999,kommentar,Organisering,Tillitsmodell,Team\n")  # no such respondent
    config = local_config(repo, tmp_path, data=str(real_export(repo, tmp_path, drop=10)), coding_sheet=str(sheet))
    result = snakemake(repo, "--configfile", config, "--config", "replace_results=True")
    assert result.returncode == 1
    assert f"{sheet}: " in result.stderr and "value '99999999': no respondent with this id" in result.stderr
    assert outputs(repo) == before, "a failed run changed outputs"
    manifest = json.loads((repo / "results" / STUDY / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["inputs"]["data"] == {UNPUBLISHED: sha256(repo / DEMO)}


def test_a_changed_config_value_is_said_before_the_rebuild(repo: Path) -> None:
    result = snakemake(repo, "-n", "--config", "min_cell=3")
    assert result.returncode == 0, result.stderr[-2000:]
    assert f"the outputs of study {STUDY} were made from other inputs" in result.stderr
    assert "config min_cell: 5 -> 3" in result.stderr


def test_the_demo_can_no_longer_replace_a_real_run(repo: Path, tmp_path_factory) -> None:
    """After a run on a real export, a run with the default config (the demo's data) stops and changes nothing."""
    secure = tmp_path_factory.mktemp("secure")
    export = real_export(repo, secure)
    config = local_config(repo, secure, data=str(export))
    refused = snakemake(repo, "--configfile", config)
    assert refused.returncode == 1
    assert f"hold results made from the data file {DEMO}, but this run's config names {export.name}" in refused.stderr

    replaced = snakemake(repo, "--configfile", config, "--config", "replace_results=True")
    assert replaced.returncode == 0, replaced.stderr[-3000:]
    assert f"data is now {export.name} (was {DEMO})" in replaced.stderr
    record = json.loads((repo / "data_processed" / STUDY / "inputs.json").read_text(encoding="utf-8"))
    assert record["data"] == {export.name: sha256(export)}
    real = outputs(repo)
    for command in ([], ["--forceall"]):
        demo = snakemake(repo, *command)
        assert demo.returncode == 1
        assert f"made from the data file {export.name}, but this run's config names {DEMO}" in demo.stderr
        assert "make run CONFIG=" in demo.stderr and "replace_results=True" in demo.stderr
    assert outputs(repo) == real


def test_make_picks_up_config_local_yaml(tmp_path: Path) -> None:
    """`make run`, `make report` and `make verify` pass config/local.yaml when it exists, or CONFIG when given."""
    root = tmp_path / "repo"
    (root / "config").mkdir(parents=True)
    shutil.copy(REPO / "Makefile", root / "Makefile")
    (root / "envs").mkdir()
    for name in ("envs/requirements.lock", "pyproject.toml"):
        (root / name).touch()
    (root / ".venv").mkdir()
    (root / ".venv" / ".installed").touch()  # setup done: make -n shows only the command itself

    def commands(*args: str) -> str:
        return subprocess.run(["make", "-n", *args], cwd=root, capture_output=True, text=True, check=True).stdout

    assert "--configfile" not in commands("run", "report", "verify")
    (root / "config" / "local.yaml").write_text("{}\n")
    shown = commands("run", "report", "verify").splitlines()
    assert all(line.endswith("--configfile=config/local.yaml") for line in shown if "likertpipe" in line
               or "snakemake" in line)
    both = commands("run", "CONFIG=config/statlig_finansiering.yaml config/local.yaml")
    assert "--configfile=config/statlig_finansiering.yaml --configfile=config/local.yaml" in both
