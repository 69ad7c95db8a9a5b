"""The manifest job: what went in, what came out, with which software."""

from __future__ import annotations

from likertpipe import manifest


def write_manifest(study: str, inputs: dict[str, list[str]], outputs: list[str], config: dict, out: str) -> None:
    manifest.write_manifest(manifest.build_manifest(study, inputs, outputs, config), out)
