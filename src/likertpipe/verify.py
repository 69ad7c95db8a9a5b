"""Check a reproduction: rerun the workflow in a temporary copy and compare every output with the manifest.

    python -m likertpipe.verify [--cores N] [snakemake arguments, e.g. --configfile config/local.yaml]

Copies the repository's tracked files (as they are in the working tree; outside git, all but generated
folders) and every input the manifests name into a temporary directory, runs Snakemake there, and prints
OK, DIFFERENT or MISSING for each input and output listed in results/*/manifest.json. Exits 1 when
anything differs, 2 when there is no manifest.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from likertpipe.io import sha256

GENERATED = ("results", "data_processed", "logs", ".snakemake", ".venv", ".git")


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


def compare(manifest: dict, rerun: Path) -> list[tuple[str, str, str]]:
    """(status, kind, path) for every input and output of the manifest, against the files under `rerun`."""
    listed = [("input", path, digest) for files in manifest["inputs"].values() for path, digest in files.items()]
    listed += [("output", path, digest) for path, digest in manifest["outputs"].items()]
    rows = []
    for kind, path, digest in listed:
        target = rerun / path
        status = "MISSING" if not target.is_file() else "OK" if sha256(target) == digest else "DIFFERENT"
        rows.append((status, kind, path))
    return rows


def main(argv: list[str] | None = None, root: Path | None = None) -> int:
    root = (root or Path.cwd()).resolve()
    manifests = sorted(root.glob("results/*/manifest.json"))
    if not manifests:
        print("No results/*/manifest.json: run the workflow first (make run).", file=sys.stderr)
        return 2
    loaded = [json.loads(path.read_text(encoding="utf-8")) for path in manifests]
    inputs = [path for m in loaded for files in m["inputs"].values() for path in files]
    args = argv if argv is not None else sys.argv[1:]
    with tempfile.TemporaryDirectory(prefix="likertpipe-verify-") as tmp:
        rerun = Path(tmp)
        _copy(root, _source_files(root) + inputs, rerun)
        command = [sys.executable, "-m", "snakemake", "--cores", "2", *args]
        result = subprocess.run(command, cwd=rerun, capture_output=True, text=True)
        if result.returncode != 0:
            print(result.stderr[-4000:], file=sys.stderr)
            print("The rerun failed; nothing was compared.", file=sys.stderr)
            return 1
        rows = [row for manifest in loaded for row in compare(manifest, rerun)]
    for status, kind, path in rows:
        print(f"{status:<9} {kind:<6} {path}")
    bad = [row for row in rows if row[0] != "OK"]
    print(f"{len(rows) - len(bad)} OK, {len(bad)} DIFFERENT or MISSING")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
