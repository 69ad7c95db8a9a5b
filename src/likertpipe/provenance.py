"""Which inputs a study's outputs come from, checked before any job runs.

Two records bind a study's outputs to their inputs: `data_processed/{study}/inputs.json`, written by the
cleaning job together with the data it validated (the display path and SHA-256 of every input file), and
`results/{study}/manifest.json`, written last (also the config values in force). Before any job runs,
`check_study` compares them with what this run's config names:

- every configured file must exist and be a readable file of a supported format, whether or not outputs exist;
- another data file than the one the outputs come from stops the run (unless `replace_results`), so that the
  results of one export are never silently replaced by another's (the demo's, say);
- any other difference (a new version of the same file, another codebook, other config values) is said before
  the outputs are rebuilt.

After a failed run, `discard_incomplete` removes a manifest that no longer describes the files beside it, so
that no mix of old and new outputs is ever presented as one complete set.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from likertpipe.codebook import Codebook, analysis_digest, load_codebook
from likertpipe.errors import LikertpipeError
from likertpipe.files import check_readable, sha256
from likertpipe.manifest import UNPUBLISHED, display_path, published_path

# The files a study's config entry may name, in the order they are reported.
STUDY_FILES = ("data", "codebook", "sampling_frame", "coding_sheet")
# Config keys that steer a run but are not analysis settings, so no manifest records them.
RUN_ONLY = ("run", "studies", "replace_results")


def inputs_record(study: str) -> Path:
    return Path("data_processed") / study / "inputs.json"


def manifest_path(study: str) -> Path:
    return Path("results") / study / "manifest.json"


def input_files(files: dict) -> dict[str, str]:
    """Role -> path of every file the study's config entry names (unset optional files left out)."""
    return {role: files[role] for role in STUDY_FILES if files.get(role)}


def fingerprint(files: dict) -> dict[str, dict[str, str]]:
    """Role -> {display path: SHA-256} of every file the study's config entry names, as the records hold them."""
    return {role: {display_path(path): sha256(path)} for role, path in input_files(files).items()}


def config_in_force(config: dict, study: str) -> dict:
    """The config values of one study's run as the manifest records them: every analysis setting, and the
    study's own entry with file paths shown as display paths (no absolute paths)."""
    files = {key: published_path(key, value) if key in STUDY_FILES else value
             for key, value in config["studies"][study].items() if value is not None}
    return {key: value for key, value in config.items() if key not in RUN_ONLY} | {"study": {study: files}}


def check_files(study: str, files: dict) -> None:
    """Every file the study's config entry names exists, is a regular readable file and has a supported format."""
    for role, path in input_files(files).items():
        try:
            check_readable(path, role)
        except LikertpipeError as error:
            raise LikertpipeError(f"config studies.{study}.{role}: {error}") from None


def check_distinct(paths: list[str]) -> None:
    """No two outputs share a file, also on a file system that ignores case (macOS, Windows)."""
    seen: dict[str, str] = {}
    for path in paths:
        other = seen.get(path.casefold())
        if other is not None:
            case = f" ({other} differs only by case)" if other != path else ""
            raise LikertpipeError(f"two outputs would share the file {path}{case}. Fix: rename one of the "
                                  "codebook's columns.")
        seen[path.casefold()] = path


def analysed_codebook(path: str) -> dict[str, str]:
    """The record of what the cleaning job analysed of the codebook at `path`: its display path -> its
    `codebook.analysis_digest` (kept in inputs.json beside the inputs' SHA-256)."""
    return {display_path(path): analysis_digest(path)}


def analysed_as_recorded(study: str, analysed: dict[str, str]) -> bool:
    """Whether study `study`'s cleaned data were made from the codebook `analysed` describes (`analysed_codebook`
    of the configured one: its path and what it analyses), as inputs.json records it. While it holds, the
    computing jobs read the codebook as ancient (a label edit reruns only the rendering); when it does not, or
    there is no record, its timestamp counts again, so a copy of a run without Snakemake's metadata still reruns
    the cleaning."""
    record = _read(inputs_record(study))
    return bool(record) and record.get("analysed_codebook") == analysed


def _read(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _flat(value, prefix: str = "") -> dict[str, object]:
    """Nested dicts as dotted keys: {"a": {"b": 1}} -> {"a.b": 1}."""
    if not isinstance(value, dict):
        return {prefix: value}
    flat: dict[str, object] = {}
    for key, inner in value.items():
        flat |= _flat(inner, f"{prefix}.{key}" if prefix else str(key))
    return flat


def differences(recorded: dict[str, dict[str, str]], current: dict[str, dict[str, str]],
                recorded_config: dict | None = None, current_config: dict | None = None) -> list[str]:
    """What differs between the inputs (and config values) outputs were made from and this run's, one phrase each."""
    said = []
    for role in STUDY_FILES:
        before, now = recorded.get(role, {}), current.get(role, {})
        if before == now:
            continue
        if not before:
            said.append(f"{role} {', '.join(now)} added")
        elif not now:
            said.append(f"{role} {', '.join(before)} no longer given")
        elif set(before) != set(now):
            said.append(f"{role} is now {', '.join(now)} (was {', '.join(before)})")
        else:
            said.append(f"{role} {', '.join(now)} changed (SHA-256 {next(iter(now.values()))[:12]}, "
                        f"was {next(iter(before.values()))[:12]})")
    if recorded_config is not None and current_config is not None:
        before, now = _flat(recorded_config), _flat(current_config)
        for key in sorted(set(before) | set(now)):
            if key.rsplit(".", 1)[-1] in STUDY_FILES or before.get(key) == now.get(key):
                continue
            said.append(f"config {key}: {json.dumps(before.get(key))} -> {json.dumps(now.get(key))}")
    return said


def check_study(study: str, files: dict, config: dict, replace: bool = False) -> list[str]:
    """Check the study's configured files, then compare them with the records of its existing outputs.

    Raises a LikertpipeError when a file is unusable, or when the outputs come from another data file and
    `replace` is false. Returns the lines to tell the user before the outputs are rebuilt (none when nothing
    changed or there are no outputs yet).
    """
    check_files(study, files)
    record = _read(inputs_record(study))
    manifest = _read(manifest_path(study))
    recorded = record or (manifest or {}).get("inputs")
    if recorded is None:
        return []
    current = fingerprint(files)
    made_from, now = list(recorded.get("data", {})), list(current["data"])
    if made_from == [UNPUBLISHED]:  # only the manifest is left: it knows the data file by SHA-256 alone
        before, after = next(iter(recorded["data"].values())), next(iter(current["data"].values()))
        if before != after and not replace:
            raise LikertpipeError(
                f"results/{study}/ holds results made from a data file its manifest records by SHA-256 only "
                f"({before[:12]}), and this run's data file {', '.join(now)} has another ({after[:12]}): another "
                "export, or a new version of it. Results of one export never replace another's. Fix: run with the "
                f"config that made them (make run CONFIG=<your config>), or move results/{study}/ away (or delete "
                "it: make clean), or pass --config replace_results=True to replace them."
            )
        recorded = recorded | {"data": {now[0]: before}}  # compared by content from here on
    elif made_from != now and not replace:
        raise LikertpipeError(
            f"results/{study}/ and data_processed/{study}/ hold results made from the data file "
            f"{', '.join(made_from)}, but this run's config names {', '.join(now)}. Results of one export never "
            "replace another's. Fix: run with the config that made them (make run CONFIG=<your config>), or "
            f"move results/{study}/ and data_processed/{study}/ away (or delete them: make clean), or pass "
            "--config replace_results=True to replace them."
        )
    said = differences(recorded, current, (manifest or {}).get("config"), config_in_force(config, study))
    if not said:
        return []
    return [f"likertpipe: the outputs of study {study} were made from other inputs; they are rebuilt because:",
            *(f"  - {line}" for line in said)]


def check_config(config: dict, load: Callable[[str], Codebook] | None = None) -> list[str]:
    """The checks before any job, of every study the config runs: the study is under `studies`, its codebook
    loads (`load(name)`, by default load_codebook of its path) and its study.id is the study's key, a declared
    primary difference in change names a variable and group of it (`change_models.check_primary`), and
    `check_study` (its files, and the inputs its outputs were made from). Raises LikertpipeError; returns the
    lines to tell the user (what changed since the outputs were made)."""
    said: list[str] = []
    for name in config["run"]:
        if name not in config["studies"]:
            raise LikertpipeError(
                f"config: run names study '{name}', which is not under 'studies' "
                f"(known: {', '.join(config['studies'])}). Add it or fix the name."
            )
        book = load(name) if load is not None else load_codebook(config["studies"][name]["codebook"])
        if book.study_id != name:
            raise LikertpipeError(
                f"config: study '{name}' points to codebook {book.source}, whose study.id is "
                f"'{book.study_id}'. Use the same id in both."
            )
        change = config["studies"][name].get("difference_in_change") or {}
        if change.get("primary"):
            from likertpipe.change_models import check_primary  # scipy: only for a study that declares one

            check_primary(change["primary"], book, change["factor"], change["reference"])
        said += check_study(name, config["studies"][name], config, config["replace_results"])
    return said


def discard_incomplete(study: str) -> str | None:
    """After a failed run: remove the study's manifest when a file it lists is gone or has other bytes (the run
    replaced part of the set), and say so; None when the manifest still describes a complete set (as when the
    cleaning job failed and Snakemake restored its outputs)."""
    path = manifest_path(study)
    manifest = _read(path)
    if manifest is None:
        return None
    for name, digest in manifest.get("outputs", {}).items():
        output = Path(name)
        if not output.is_file() or sha256(output) != digest:
            path.unlink()
            return (f"likertpipe: the run of study {study} failed after replacing some of its outputs, so "
                    f"{path} was removed: the files under results/{study}/ are not one complete set. Fix the "
                    "problem above and rerun.")
    return None


@dataclass(frozen=True)
class Run:
    """What the last complete run of a study used, from its manifest: for notebooks, which must read the data
    with the config that made them, not with config/config.yaml."""

    study: str
    config: dict  # the config values in force (config_in_force)
    codebook: Path
    language: str | None


def last_run(root: str | Path, study: str | None = None) -> Run:
    """The last complete run of `study` under `root` (None: the only study with a manifest there)."""
    root = Path(root)
    found = sorted(root.glob("results/*/manifest.json"))
    names = [path.parent.name for path in found]
    if study is None and len(names) != 1:
        raise LikertpipeError(f"{root / 'results'}: manifests of {', '.join(names) or 'no study'}; name the study "
                              "(STUDY = ...) or run the workflow first (make run).")
    study = study or names[0]
    manifest = _read(root / manifest_path(study))
    if manifest is None:
        raise LikertpipeError(f"{root / manifest_path(study)}: no manifest of study {study}: run the workflow "
                              "first (make run), or name another study.")
    codebook = manifest["config"]["study"][study]["codebook"]
    if not (root / codebook).is_file():
        raise LikertpipeError(f"the codebook of the last run of {study}, {codebook}, is outside the repository; "
                              "load it by its path instead.")
    return Run(study, manifest["config"], root / codebook, manifest["config"].get("language"))
