"""Check a reproduction: rerun each study with the config its manifest records and compare every file with it.

    python -m likertpipe verify [--cores N] [--configfile FILE ...]      (make verify)

For every results/{study}/manifest.json: copies the repository's tracked files (outside git, all but generated
folders) and the study's input files into a temporary directory, runs Snakemake there for that study alone with
exactly the config values the manifest records (whatever config/config.yaml now says, and whatever --config
values the run was given), and prints OK, DIFFERENT or MISSING for each input and output the manifest lists.
Inputs outside the repository are recorded by file name only, the respondents' files (export, coding sheet)
by SHA-256 only; they are looked up in the config files given with --configfile (make verify passes CONFIG,
so config/local.yaml is used when present), a respondents' file else by its SHA-256 under data_raw/. Exits 1
when anything differs or is missing, 2 when there is no manifest.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml
from snakemake.utils import update_config

from likertpipe.files import sha256
from likertpipe.manifest import UNPUBLISHED
from likertpipe.provenance import STUDY_FILES

GENERATED = ("results", "data_processed", "logs", ".snakemake", ".venv", ".git")
PROGRESS = re.compile(r"^(\d+) of (\d+) steps")


def _source_files(root: Path) -> list[str]:
    """The files git tracks; outside a git checkout, every file not under a generated folder."""
    listing = subprocess.run(["git", "ls-files", "-z"], cwd=root, capture_output=True)
    if listing.returncode == 0:
        return [name for name in listing.stdout.decode().split("\0") if name]
    return [p.relative_to(root).as_posix() for p in root.rglob("*")
            if p.is_file() and p.relative_to(root).parts[0] not in GENERATED]


def _copy(root: Path, names: list[str], dest: Path) -> None:
    for name in names:
        source = root / name
        if source.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)


def configured_files(root: Path, configfiles: list[str], study: str) -> dict[str, Path]:
    """Role -> absolute path of the study's files in config/config.yaml merged with `configfiles`."""
    config: dict = {}
    for path in ["config/config.yaml", *configfiles]:
        source = Path(path) if Path(path).is_absolute() else root / path
        if source.is_file():
            update_config(config, yaml.safe_load(source.read_text(encoding="utf-8")) or {})
    files = (config.get("studies") or {}).get(study) or {}
    return {role: (root / files[role]).resolve() for role in STUDY_FILES if files.get(role)}


def locate_inputs(manifest: dict, root: Path, configfiles: list[str]) -> dict[str, Path | None]:
    """Role -> the file to rerun with for each file role the manifest records: the file at its recorded path
    inside the repository, else (a file outside it, recorded by name) the file the config names for that role
    when its name matches, or (a respondents' file, recorded without a name) the one the config names, else the
    file under data_raw/ with the recorded SHA-256; None when none exists. The SHA-256 comparison then tells
    whether it is the same file."""
    configured = configured_files(root, configfiles, manifest["study"])
    found: dict[str, Path | None] = {}
    for role in STUDY_FILES:
        for name, digest in manifest["inputs"].get(role, {}).items():
            inside = root / name
            candidate = configured.get(role)
            if name == UNPUBLISHED:  # a respondents' file, recorded by SHA-256 only
                found[role] = candidate if candidate is not None and candidate.is_file() else by_digest(root, digest)
            elif inside.is_file() and not Path(name).is_absolute():
                found[role] = inside.resolve()
            elif candidate is not None and candidate.is_file() and candidate.name == Path(name).name:
                found[role] = candidate
            else:
                found[role] = None
    return found


def by_digest(root: Path, digest: str) -> Path | None:
    """The file under root/data_raw/ whose SHA-256 is `digest` (the first by name), None when there is none."""
    folder = root / "data_raw"
    files = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
    return next((path.resolve() for path in files if sha256(path) == digest), None)


def rerun_config(manifest: dict, files: dict[str, Path], root: Path) -> dict:
    """The config of the rerun: every value the manifest records, the study alone, its files where they are
    (inside the copy for files of the repository, absolute otherwise), unset roles set to null."""
    study = manifest["study"]
    recorded = dict(manifest["config"])
    entry = dict(recorded.pop("study")[study])
    for role in STUDY_FILES:
        path = files.get(role)
        if path is None:
            entry[role] = None
        else:
            try:
                entry[role] = path.relative_to(root).as_posix()
            except ValueError:
                entry[role] = str(path)
    return recorded | {"run": [study], "studies": {study: entry}}


def compare(manifest: dict, files: dict[str, Path | None], root: Path, rerun: Path) -> list[tuple[str, str, str]]:
    """(status, kind, path) for every input and output of the manifest: inputs as found for the rerun (config
    files in the repository), outputs as the rerun wrote them."""
    rows = []
    for role, listed in sorted(manifest["inputs"].items()):
        for path, digest in listed.items():
            target = files.get(role) if role in STUDY_FILES else root / path
            rows.append((_status(target, digest), "input", f"{role} {path}" if path == UNPUBLISHED else path))
    for path, digest in manifest["outputs"].items():
        rows.append((_status(rerun / path, digest), "output", path))
    return rows


def _status(path: Path | None, digest: str) -> str:
    if path is None or not path.is_file():
        return "MISSING"
    return "OK" if sha256(path) == digest else "DIFFERENT"


def _run(command: list[str], cwd: Path, study: str) -> subprocess.CompletedProcess:
    """Run Snakemake, printing its progress ("3 of 14 steps") as it goes; returns it with its stderr."""
    lines = []
    with subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) as process:
        for line in process.stdout:
            lines.append(line)
            if PROGRESS.match(line):
                print(f"  {study}: {line.strip()}", flush=True)
    return subprocess.CompletedProcess(command, process.returncode, "", "".join(lines))


def verify_study(manifest: dict, root: Path, cores: str,
                 configfiles: list[str]) -> list[tuple[str, str, str]] | None:
    """Rerun one study with its recorded config in a temporary copy; (status, kind, path) per listed file, or
    None when the rerun failed. When an input is missing nothing is rerun and every output is MISSING."""
    study = manifest["study"]
    files = locate_inputs(manifest, root, configfiles)
    if any(path is None for path in files.values()):
        return compare(manifest, files, root, root / ".likertpipe-no-rerun")
    with tempfile.TemporaryDirectory(prefix="likertpipe-verify-") as tmp:
        rerun = Path(tmp) / "repository"
        inside = [path.relative_to(root).as_posix() for path in files.values() if path.is_relative_to(root)]
        _copy(root, _source_files(root) + inside, rerun)
        config = rerun_config(manifest, files, root)
        settings = rerun / ".likertpipe-verify.yaml"
        settings.write_text(yaml.safe_dump(config, sort_keys=True, allow_unicode=True), encoding="utf-8")
        shown = {key: value for key, value in config.items() if key != "run"}
        print(f"Verifying {study} with the config its manifest records:\n"
              + "\n".join(f"  {line}" for line in yaml.safe_dump(shown, sort_keys=True).splitlines()), flush=True)
        command = [sys.executable, "-m", "snakemake", "--cores", cores, "--configfile", settings.name]
        result = _run(command, rerun, study)
        if result.returncode != 0:
            print(result.stderr[-4000:], file=sys.stderr)
            print(f"The rerun of {study} failed (above): nothing was compared.", file=sys.stderr)
            return None
        return compare(manifest, files, root, rerun)


def explain(rows: list[tuple[str, str, str]]) -> list[str]:
    """What the statuses mean together: a differing input explains differing outputs; with every input OK, a
    differing output means the same inputs gave other results."""
    inputs = [row for row in rows if row[1] == "input" and row[0] != "OK"]
    outputs = [row for row in rows if row[1] == "output" and row[0] != "OK"]
    said = []
    if any(row[0] == "MISSING" for row in inputs):
        said.append("An input the manifest lists was not found, so the study was not rerun. Inputs outside the "
                    "repository are recorded by file name, the export and coding sheet by SHA-256 only: pass the "
                    "config that names them (make verify CONFIG=<your config>).")
    elif inputs:
        said.append(f"{len(inputs)} input(s) differ from those the manifest records: these are not the data or "
                    "config the results were made from, so differing outputs are expected and say nothing about "
                    "whether the results reproduce.")
    elif outputs:
        said.append(f"Every input is the one recorded, yet {len(outputs)} output(s) differ: the same inputs gave "
                    "other results here (compare the manifests' software sections).")
    return said


def main(argv: list[str] | None = None, root: Path | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m likertpipe.verify", description=__doc__.splitlines()[0])
    parser.add_argument("--cores", default="2")
    parser.add_argument("--configfile", action="extend", nargs="+", default=[],
                        help="config files naming inputs outside the repository (e.g. config/local.yaml)")
    args = parser.parse_args(argv if argv is not None else sys.argv[1:])
    root = (root or Path.cwd()).resolve()
    manifests = sorted(root.glob("results/*/manifest.json"))
    if not manifests:
        print("No results/*/manifest.json: run the workflow first (make run).", file=sys.stderr)
        return 2
    rows = []
    for path in manifests:
        found = verify_study(json.loads(path.read_text(encoding="utf-8")), root, args.cores, args.configfile)
        if found is None:
            return 1
        rows += found
    for status, kind, name in rows:
        print(f"{status:<9} {kind:<6} {name}")
    bad = [row for row in rows if row[0] != "OK"]
    print(f"{len(rows) - len(bad)} OK, {len(bad)} DIFFERENT or MISSING")
    for line in explain(rows):
        print(line)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
