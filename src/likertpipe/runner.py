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
