"""Build the browsable Snakemake report of each study after running the workflow.

    python -m likertpipe.report [--cores N] [snakemake arguments, e.g. --configfile config/local.yaml]

Runs the workflow (nothing happens when it is up to date), then writes results/{study}/report.zip and the
single-file results/{study}/report.html for every study the config runs, each holding that study's tables and
figures with their captions (workflow/report/). The report opens on the study's results page (results.html:
the results text, the tables in their numbered order, the figures; workflow/report/workflow.rst), not on the
rule graph: Snakemake does so when the report has metadata (workflow/report/metadata.yaml), and the stylesheet
(workflow/report/style.css) gives the page the window's width.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import yaml
from snakemake.utils import update_config

SNAKEMAKE = str(Path(sys.executable).with_name("snakemake"))
# Relative to the repository (the working directory of `make report`).
LANDING = ["--report-metadata=workflow/report/metadata.yaml", "--report-stylesheet=workflow/report/style.css"]


def studies(configfiles: list[str]) -> list[str]:
    """The studies the config runs: config/config.yaml updated by each --configfile, as Snakemake merges them."""
    config: dict = {}
    for path in ["config/config.yaml", *configfiles]:
        update_config(config, yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {})
    return config["run"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cores", default="2")
    parser.add_argument("--configfile", action="append", default=[])
    args, extra = parser.parse_known_args(argv)
    common = [f"--configfile={path}" for path in args.configfile] + extra
    subprocess.run([SNAKEMAKE, "--cores", args.cores, *common], check=True)
    for study in studies(args.configfile):
        for suffix in ("zip", "html"):
            report = f"results/{study}/report.{suffix}"
            subprocess.run([SNAKEMAKE, *common, "--report", report, *LANDING, f"results/{study}/manifest.json"],
                           check=True)
            print(f"wrote {report}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
