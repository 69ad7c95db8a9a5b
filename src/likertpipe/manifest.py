"""The manifest of a run: what went in, what came out (SHA-256), and the software and config that made it.

Paths are written relative to the working directory (the repository root when run by Snakemake); a file
outside it is named by its file name only, so no absolute path or timestamp enters the manifest and the same
inputs give the same bytes. The files of the respondents (the export, the coding sheet of their statements)
are recorded by role and SHA-256 only: their names are often a person's or a municipality's, and the
manifest is published.
"""

from __future__ import annotations

import json
import platform
import subprocess
from importlib import metadata
from pathlib import Path

from likertpipe.files import sha256


def display_path(path: str | Path) -> str:
    path = Path(path)
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.name


PRIVATE_ROLES = ("data", "coding_sheet")
UNPUBLISHED = "(name not published)"


def published_path(role: str, path: str | Path) -> str:
    """How the manifest names an input of `role`: its display path, or UNPUBLISHED for respondents' files."""
    return UNPUBLISHED if role in PRIVATE_ROLES else display_path(path)


def packages() -> dict[str, str]:
    """Every installed distribution and its version, sorted by name."""
    found = {dist.metadata["Name"].lower(): dist.version for dist in metadata.distributions()}
    return dict(sorted(found.items()))


def software() -> dict:
    """The software of a run as the manifest records it: Python, Snakemake, likertpipe and every package."""
    return {"python": platform.python_version(), "snakemake": metadata.version("snakemake"),
            "likertpipe": metadata.version("likertpipe"), "packages": packages()}


def git_commit() -> str | None:
    """The commit checked out in the working directory, with '-dirty' when tracked files differ; None
    outside a git checkout."""
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True, check=True).stdout
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], capture_output=True,
                               text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    return head.strip() + ("-dirty" if dirty.strip() else "")


def build_manifest(study: str, inputs: dict[str, list[str]], outputs: list[str], config: dict) -> dict:
    """`inputs` maps a role (data, codebook, config, sampling_frame) to its files."""
    return {
        "study": study,
        "inputs": {role: {published_path(role, p): sha256(p) for p in sorted(paths)}
                   for role, paths in sorted(inputs.items())},
        "outputs": {display_path(p): sha256(p) for p in sorted(outputs, key=display_path)},
        "software": software(),
        "git_commit": git_commit(),
        "config": config,
    }


OUTPUT_FOLDERS = ("figures", "tables")
"""The folders of a study's results that hold only what the workflow writes."""


def stale_outputs(outputs: list[str]) -> list[Path]:
    """Files in the OUTPUT_FOLDERS of `outputs` that are none of them: left by an earlier run whose figure
    pages, formats, factors or tables were others (a figure split into pages, a format or a factor dropped).
    Left there, they would sit beside this run's outputs as if it had made them."""
    made = {Path(p).resolve() for p in outputs}
    folders = sorted({Path(p).parent for p in outputs if Path(p).parent.name in OUTPUT_FOLDERS})
    return [path for folder in folders for path in sorted(folder.iterdir())
            if path.is_file() and path.resolve() not in made]


def write_manifest(manifest: dict, path: str | Path) -> None:
    Path(path).write_text(json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n",
                          encoding="utf-8", newline="\n")
