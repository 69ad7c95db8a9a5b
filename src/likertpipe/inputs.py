"""A study's other inputs checked against its cleaned data: the sampling frame, the coding sheet and the waves.

The cleaning job (the first stage) makes these checks after cleaning the export and before it writes anything,
so that a problem in any input stops the run before a single output changes. Later jobs read only what it
wrote (data_processed/{study}/), never the raw inputs.
"""

from __future__ import annotations

import pandas as pd

from likertpipe import coding, io
from likertpipe.codebook import Codebook, normalise
from likertpipe.describe import check_frame
from likertpipe.errors import LikertpipeError


def check_waves(data: pd.DataFrame, book: Codebook) -> None:
    """A codebook that declares a wave needs at least two waves in the data: the first and the last."""
    if book.wave is None:
        return
    column = book.wave.column
    present = [code for code in book.wave.codes if (data[column] == code).any()]
    if len(present) < 2:
        raise LikertpipeError(
            f"{book.source}: the codebook declares the wave '{column}', but the data hold "
            f"{'only wave ' + str(present[0]) if present else 'no wave'}; the analyses across waves need a first "
            f"and a last wave. Fix: export every wave of the survey, or remove `wave:` from the codebook."
        )


def sampling_frame(path: str, data: pd.DataFrame, book: Codebook) -> pd.DataFrame:
    """The frame, after checking that the codebook describes it, every code in it is a level of its factor, and
    every respondent's group is in it (a group missing from the frame could not be weighted)."""
    frame = io.read_table(path)
    check_frame(frame, book, path)
    spec = book.sampling_frame
    unframed = sorted(set(data[spec.factor].dropna().astype(int)) - set(frame[spec.column].dropna().astype(int)))
    if unframed:
        raise LikertpipeError(
            f"{path}: respondents are in group(s) {', '.join(map(str, unframed))} of '{spec.factor}', which column "
            f"'{spec.column}' of the sampling frame does not contain. Fix: add the group's units to the frame, "
            "or correct the respondents' group in the export."
        )
    return frame


def quarantined_ids(quarantine: pd.DataFrame, book: Codebook) -> set[str]:
    """The ids of the quarantined rows (raw cells, under the export's name of the id column; their row numbers
    when the export has no id column)."""
    if book.row_ids:
        return {io.cell_text(value) for value in quarantine["row"]} if "row" in quarantine else set()
    names = {normalise(name) for name in (book.id_column, *book.aliases.get(book.id_column, ()))}
    columns = [c for c in quarantine.columns if normalise(c) in names]
    return {io.cell_text(value).strip() for value in quarantine[columns[0]]} if columns else set()


def coding_sheet(path: str, data: pd.DataFrame, book: Codebook,
                 quarantined: set[str]) -> tuple[pd.DataFrame, list[str]]:
    """The checked coding sheet without the statements of quarantined respondents, and a warning saying how many
    were dropped; every other id must be a respondent of the cleaned data."""
    ids = data[book.id_column]
    sheet = coding.load_coding_sheet(path, book, [*ids, *quarantined])
    dropped = sheet[book.id_column].isin(quarantined - set(ids))
    warnings = []
    if dropped.any():
        warnings.append(f"{int(dropped.sum())} coded statement(s) of quarantined respondents were left out of the "
                        "coding tally")
    return sheet[~dropped].reset_index(drop=True), warnings


def no_coding_sheet(book: Codebook) -> pd.DataFrame:
    """The processed coding sheet of a study without one: its columns, no rows."""
    return pd.DataFrame({name: pd.Series(dtype="string") for name in (book.id_column, "field", *coding.LEVELS)})
