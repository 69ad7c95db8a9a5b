"""The SLURM profile (workflow/profiles/slurm/profile.yaml) parses and plans the whole workflow.

Needs snakemake-executor-plugin-slurm; skipped with the reason when it is not installed. The dry run happens in
a copy of the repository, so no .snakemake metadata is written here.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from repo_copy import REPO, SNAKEMAKE, copy_repository

PROFILE = Path("workflow/profiles/slurm/profile.yaml")


def test_profile_entries_are_commented():
    """Every top-level entry has a comment line right above it."""
    lines = (REPO / PROFILE).read_text(encoding="utf-8").splitlines()
    for index, line in enumerate(lines):
        if line and not line.startswith((" ", "#")):
            assert lines[index - 1].lstrip().startswith("#"), f"uncommented entry: {line}"
    profile = yaml.safe_load((REPO / PROFILE).read_text(encoding="utf-8"))
    assert profile["executor"] == "slurm"
    assert {"runtime", "mem_mb", "slurm_partition", "slurm_account", "cpus_per_task"} <= set(
        profile["default-resources"])


@pytest.mark.workflow
@pytest.mark.skipif(importlib.util.find_spec("snakemake_executor_plugin_slurm") is None,
                    reason="snakemake-executor-plugin-slurm is not installed (pip install "
                           "snakemake-executor-plugin-slurm); the SLURM profile cannot be loaded without it")
def test_slurm_profile_dry_run(tmp_path):
    root = copy_repository(tmp_path)
    (root / PROFILE).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / PROFILE, root / PROFILE)  # also when the profile is not committed yet
    result = subprocess.run([str(SNAKEMAKE), "--profile", str(PROFILE.parent), "--dry-run"], cwd=root,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-4000:]
    out = result.stdout + result.stderr
    for rule in ("clean", "statistics_kommunalsjef", "distribution_figures_kommunalsjef", "manifest"):
        assert rule in out
    assert "This was a dry-run" in out
