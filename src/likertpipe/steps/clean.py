"""The cleaning job: raw export in, processed data, cleaning report and quarantined rows out."""

from __future__ import annotations

from pathlib import Path

from likertpipe import clean, io
from likertpipe.codebook import load_codebook


def clean_export(data: str, codebook: str, processed: str, report: str, quarantine: str | None = None,
                 options: dict | None = None) -> None:
    """Read and validate the export; write the processed data, the cleaning report and (when a path is given)
    the quarantined rows. Nothing is written unless cleaning succeeds; the raw file is only read. `options`:
    encoding, sheet, on_invalid (fail | quarantine) and max_problems, as in the config schema."""
    options = {"on_invalid": "fail", "max_problems": clean.MAX_PROBLEMS_SHOWN} | dict(options or {})
    on_invalid, max_problems = options["on_invalid"], options["max_problems"]
    book = load_codebook(codebook)
    raw = io.read_export(data, options)
    result = clean.clean_rows(raw, book, source=data, on_invalid=on_invalid, max_problems=max_problems)
    text = clean.cleaning_report(result.data, book, result.warnings, inputs={
        "data": (Path(data).name, io.sha256(data)), "codebook": (Path(codebook).name, io.sha256(codebook)),
    }, quarantined=len(result.quarantine) if on_invalid == "quarantine" else None)
    io.write_processed(result.data, processed)
    io.write_text(text, report)
    if quarantine is not None:
        io.write_csv(result.quarantine, quarantine)
