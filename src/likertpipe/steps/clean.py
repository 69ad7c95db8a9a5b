"""The cleaning job, the first stage: every input of a study checked, then the processed data written.

Raw export, codebook and (when configured) the sampling frame and coding sheet in; the processed data, the
checked frame and coding sheet, the quarantined rows, the cleaning report and the record of the inputs out.
Every input is checked before anything is written, and later jobs read only these files, so a problem in any
input stops the run before one output changes. The raw files are only read.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from likertpipe import clean, cleaning_report, inputs, io, provenance
from likertpipe.codebook import Codebook, load_codebook


@dataclass
class Checked:
    """Every input of a study, read and checked (`check_inputs`): what the cleaning job writes."""

    book: Codebook
    result: clean.Cleaned
    frame: pd.DataFrame
    coding: pd.DataFrame
    warnings: list[str]
    options: dict


def check_inputs(data: str, codebook: str, options: dict | None = None, *, sampling_frame: str | None = None,
                 coding_sheet: str | None = None) -> Checked:
    """Read and check the export and the study's other inputs, writing nothing: the codebook, the export (cleaned
    under the study's on_invalid), the waves, the sampling frame and the coding sheet. Raises the first
    LikertpipeError; `likertpipe check` runs this too, so it gives the cleaning job's messages."""
    options = {"on_invalid": "fail", "max_problems": clean.MAX_PROBLEMS_SHOWN} | dict(options or {})
    book = load_codebook(codebook)
    raw = io.read_export(data, options | {"layout": book.layout})
    result = clean.clean_rows(raw, book, source=data, on_invalid=options["on_invalid"],
                              max_problems=options["max_problems"])
    inputs.check_waves(result.data, book)
    frame_table = inputs.sampling_frame(sampling_frame, result.data, book) if sampling_frame else pd.DataFrame()
    warnings = list(result.warnings)
    if coding_sheet:
        sheet, dropped = inputs.coding_sheet(coding_sheet, result.data, book, inputs.quarantined_ids(result.quarantine,
                                                                                                     book))
        warnings += dropped
    else:
        sheet = inputs.no_coding_sheet(book)
    return Checked(book, result, frame_table, sheet, warnings, options)


def clean_export(data: str, codebook: str, processed: str, report: str, quarantine: str | None = None,
                 options: dict | None = None, *, sampling_frame: str | None = None, coding_sheet: str | None = None,
                 frame: str | None = None, coding: str | None = None, record: str | None = None) -> None:
    """Read and validate the export and the study's other inputs (`check_inputs`); write the processed data and
    the cleaning report, and where their paths are given the quarantined rows, the checked frame and coding
    sheet (empty tables when not configured) and `record`, the display path and SHA-256 of every input
    (data_processed/{study}/inputs.json). `options`: encoding, sheet, on_invalid (fail | quarantine) and
    max_problems, as in the config schema."""
    checked = check_inputs(data, codebook, options, sampling_frame=sampling_frame, coding_sheet=coding_sheet)
    book, result = checked.book, checked.result
    files = {"data": data, "codebook": codebook, "sampling_frame": sampling_frame, "coding_sheet": coding_sheet}
    fingerprint = provenance.fingerprint(files)
    text = cleaning_report.render(result.data, book, checked.warnings, inputs={
        role: (Path(name).name, digest) for role, found in fingerprint.items() for name, digest in found.items()
    }, quarantined=len(result.quarantine) if checked.options["on_invalid"] == "quarantine" else None,
        reading=result.reading)
    io.write_processed(result.data, processed)
    io.write_text(text, report)
    for table, path in ((checked.frame, frame), (checked.coding, coding)):
        if path is not None:
            io.write_processed(table, path)
    if quarantine is not None:
        io.write_csv(result.quarantine, quarantine)
    if record is not None:
        recorded = fingerprint | {"analysed_codebook": provenance.analysed_codebook(codebook)}
        io.write_text(json.dumps(recorded, indent=2, sort_keys=True) + "\n", record)
