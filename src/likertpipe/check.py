"""`likertpipe check`: every study's config, codebook and inputs checked without running the workflow.

The config is read as Snakemake reads it (config/config.yaml, then each --configfile over it, then --config
values) and validated against workflow/schemas/config.schema.yaml with its defaults; then come the checks the
workflow makes before any job (`provenance.check_config`) and, per study, those of the cleaning job
(`steps.clean.check_inputs`: the export cleaned with the codebook, the waves, the sampling frame, the coding
sheet), so every problem is reported with the message the workflow would give. Nothing is written. Last, what
a run would do: per study, the files it reads, and Snakemake's dry run of the jobs.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from likertpipe import provenance
from likertpipe.draft import guesses
from likertpipe.errors import LikertpipeError
from likertpipe.steps.clean import check_inputs

CONFIG = Path("config") / "config.yaml"
SCHEMA = Path("workflow") / "schemas" / "config.schema.yaml"
READ_OPTIONS = ("encoding", "sheet", "on_invalid", "max_problems")  # as workflow/rules/common.smk passes them


@dataclass
class Report:
    """What `check` found: lines to print, and whether any study failed."""

    lines: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def say(self, line: str = "") -> None:
        self.lines.append(line)


def _merge(base: dict, update: dict) -> dict:
    """`update` over `base`, nested mappings merged (as Snakemake merges config files)."""
    out = dict(base)
    for key, value in update.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def _yaml_file(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise LikertpipeError(f"{path}: config file cannot be read ({exc.strerror or exc}). Check the path.") from None
    except yaml.YAMLError as exc:
        raise LikertpipeError(f"{path}: not valid YAML: {exc}. Fix the config file's syntax.") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise LikertpipeError(f"{path}: a config file must be a YAML mapping (run:, studies: ...).")
    return data


def _value(text: str):
    """A --config value as Snakemake reads it: YAML (numbers, booleans, lists), else the text."""
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return text


def load_config(root: Path, configfiles: list[Path], overrides: list[str]) -> dict:
    """The config a Snakemake run from `root` with these --configfile and --config arguments would use, validated
    against the config schema with its defaults set (snakemake.utils.validate, as the Snakefile does)."""
    if not (root / CONFIG).is_file() or not (root / SCHEMA).is_file():
        raise LikertpipeError(f"{root}: no {CONFIG} and {SCHEMA} here. Fix: run likertpipe check from the "
                              "repository's root (where the Snakefile is), or pass --directory.")
    config = _yaml_file(root / CONFIG)
    for path in configfiles:
        config = _merge(config, _yaml_file(path if path.is_absolute() else root / path))
    for override in overrides:
        key, sep, text = override.partition("=")
        if not sep or not key:
            raise LikertpipeError(f"--config {override}: expected KEY=VALUE, e.g. --config replace_results=True.")
        config = _merge(config, {key: _value(text)})
    from snakemake.exceptions import WorkflowError
    from snakemake.utils import validate

    try:
        validate(config, str(root / SCHEMA), set_default=True)
    except WorkflowError as error:
        raise LikertpipeError(f"config: {error}") from None
    return config


def check(root: Path, configfiles: list[Path], overrides: list[str], dry_run: bool = True) -> Report:
    """Check the config and every study's inputs from `root` (paths in the config are relative to it)."""
    report = Report()
    config = load_config(root, configfiles, overrides)
    shown = ", ".join(str(p) for p in [CONFIG, *configfiles])
    report.say(f"config: {shown}: follows the config schema; runs {', '.join(config['run'])}.")
    said = provenance.check_config(config)  # raises the workflow's own errors
    for name in config["run"]:
        study = config["studies"][name]
        options = {key: study[key] for key in READ_OPTIONS}
        report.say()
        report.say(f"study {name}:")
        try:
            checked = check_inputs(study["data"], study["codebook"], options,
                                   sampling_frame=study.get("sampling_frame"), coding_sheet=study.get("coding_sheet"))
        except LikertpipeError as error:
            report.errors.append(str(error))
            report.say(f"  FAILED: likertpipe error: {error}")
            continue
        book, result = checked.book, checked.result
        reading = result.reading
        layout = f"{reading.layout} layout"
        layout += f", {reading.header_rows} header rows" if reading.header_rows > 1 else ""
        report.say(f"  data:           {study['data']} ({layout}; {len(result.data)} respondents"
                   + (f", {len(result.quarantine)} quarantined" if len(result.quarantine) else "") + ")")
        counts = ((book.items, "item", "items"), (book.factors, "factor", "factors"),
                  (book.covariates, "covariate", "covariates"), (book.yes_no, "yes/no question", "yes/no questions"),
                  (book.open_text, "open-text column", "open-text columns"), (book.indices, "index", "indices"))
        parts = [f"{len(group)} {one if len(group) == 1 else many}" for group, one, many in counts if group]
        if book.wave:
            parts.append(f"wave {book.wave.column}")
        if book.unit:
            parts.append(f"unit {book.unit.column}")
        report.say(f"  codebook:       {study['codebook']} ({', '.join(parts)})")
        for role in ("sampling_frame", "coding_sheet"):
            if study.get(role):
                report.say(f"  {role.replace('_', ' ') + ':':15} {study[role]}")
        if reading.dropped:
            report.say(f"  metadata columns dropped at reading: {', '.join(reading.dropped)}")
        for column, counts in sorted(reading.na_cells.items()):
            report.say(f"  read as empty (na_values) in {column}: "
                       + ", ".join(f"{text!r} x{count}" for text, count in sorted(counts.items())))
        for warning in checked.warnings:
            report.say(f"  warning: {warning}")
        marks = guesses(Path(study["codebook"]).read_text(encoding="utf-8"))
        if marks:
            report.say(f"  the codebook still holds {len(marks)} mark(s) CHECK or TODO: confirm each guess and delete "
                       "its mark:")
            report.lines += [f"    - {mark}" for mark in marks]
        report.say(f"  would write:    data_processed/{name}/ and results/{name}/")
    if said:
        report.say()
        report.lines += said
    if dry_run and not report.errors:
        report.lines += ["", *_dry_run(root, configfiles, overrides)]
    return report


def _dry_run(root: Path, configfiles: list[Path], overrides: list[str]) -> list[str]:
    """Snakemake's dry run (`snakemake -n --quiet rules`): the jobs a run would start, by rule."""
    snakemake = Path(sys.executable).with_name("snakemake")
    if not snakemake.exists():
        return ["(snakemake is not installed beside this Python, so the jobs are not listed)"]
    command = [str(snakemake), "-n", "--quiet", "rules", "--cores", "1"]
    command += [arg for path in configfiles for arg in ("--configfile", str(path))]
    command += ["--config", *overrides] if overrides else []
    done = subprocess.run(command, cwd=root, capture_output=True, text=True)
    lines = done.stdout.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith("Job stats:")), None)
    if start is None:
        lines = []
    else:
        end = next((i for i in range(start, len(lines)) if lines[i].startswith("total")), len(lines) - 1)
        lines = lines[start + 1: end + 1]
    if done.returncode != 0:
        return ["the dry run of the workflow failed:", *done.stderr.strip().splitlines()[-10:]]
    return ["what a run would do (snakemake -n), jobs by rule:", *(f"  {line}" for line in lines)] if lines else [
        "what a run would do (snakemake -n): nothing; every output is up to date."]
