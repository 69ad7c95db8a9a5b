"""The manifest job: what went in, what came out, with which software; and the files an earlier run left in the
output folders removed, so that results/ holds this run's outputs only."""

from __future__ import annotations

import sys

from likertpipe import manifest


def write_manifest(study: str, inputs: dict[str, list[str]], outputs: list[str], config: dict, out: str) -> None:
    for path in manifest.stale_outputs(outputs):
        path.unlink()
        print(f"removed {manifest.display_path(path)}: not an output of this run (an earlier run's)", file=sys.stderr)
    manifest.write_manifest(manifest.build_manifest(study, inputs, outputs, config), out)
