"""Run one workflow step from a Snakemake script: log to the rule's log, turn user errors into a clean exit."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable

from likertpipe.errors import LikertpipeError


def run_step(step: Callable[..., None], log: str, **kwargs) -> None:
    """Call `step(**kwargs)` with stderr going to `log`.

    A LikertpipeError is written to the log and to the console and ends the job with exit status 1, without
    a traceback (Snakemake then removes the job's partial outputs). Other exceptions are bugs and propagate.
    """
    console = sys.stderr
    with open(log, "w", encoding="utf-8") as handle, contextlib.redirect_stderr(handle):
        try:
            step(**kwargs)
        except LikertpipeError as error:
            message = f"likertpipe error: {error}"
            print(message, file=handle)
            print(message, file=console)
            sys.exit(1)


def named(items) -> dict:
    """The named entries of a Snakemake input/output/params list as plain values (lists stay lists)."""
    return {name: value if isinstance(value, str) or not isinstance(value, list) else list(value)
            for name, value in items.items()}


RERUN_ONLY = ("library", "analysed_codebook")
"""Rule params that only trigger reruns (the library's fingerprint, the digest of what a codebook analyses)."""


def run_rule(step: Callable[..., None], snakemake) -> None:
    """Call `step` with the rule's named inputs, outputs and params as keyword arguments (but RERUN_ONLY),
    logging to the rule's log."""
    params = {k: v for k, v in named(snakemake.params).items() if k not in RERUN_ONLY}
    run_step(step, snakemake.log[0], **named(snakemake.input), **named(snakemake.output), **params)
