"""Reading exports and writing outputs: all file I/O of the library lives here."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pandas as pd

from likertpipe.errors import LikertpipeError

_DELIMITERS = ",;\t"


def sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_export(path: str | Path) -> pd.DataFrame:
    """Read a CSV export as text cells (no type guessing), delimiter detected among , ; and tab.

    Every cell stays a string ("" for empty) so that cleaning can report the value exactly as the user
    typed it. A UTF-8 byte-order mark is removed.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise LikertpipeError(
            f"{path}: data file not found. Check the 'data' path of the study in the config."
        ) from None
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LikertpipeError(
            f"{path}: not UTF-8 text (byte {exc.start}). Save the export as UTF-8 CSV and rerun."
        ) from None
    if not content.strip():
        raise LikertpipeError(f"{path}: the file is empty. Export the survey again with a header row and answers.")
    header_line = content.splitlines()[0]
    delimiter = max(_DELIMITERS, key=header_line.count)
    header = [name.strip() for name in next(csv.reader([header_line], delimiter=delimiter))]
    repeated = ", ".join(sorted({f"'{name}'" for name in header if header.count(name) > 1}))
    if repeated:
        raise LikertpipeError(f"{path}: row 1 names column(s) {repeated} more than once. Rename or remove the repeats.")
    try:
        frame = pd.read_csv(
            path, sep=delimiter, dtype=str, keep_default_na=False, encoding="utf-8-sig", quoting=csv.QUOTE_MINIMAL
        )
    except pd.errors.ParserError as exc:
        raise LikertpipeError(f"{path}: cannot be read as a table: {exc}. Check quoting and delimiters.") from None
    frame.columns = header
    return frame


def read_table(path: str | Path) -> pd.DataFrame:
    """Read a small auxiliary CSV (sampling frame) with type inference."""
    try:
        return pd.read_csv(path, sep=None, engine="python", encoding="utf-8-sig")
    except FileNotFoundError:
        raise LikertpipeError(f"{path}: file not found. Check the path in the config.") from None


def read_table_csv(path: str | Path) -> pd.DataFrame:
    """Read a result table written by `write_csv`; only empty cells are missing (a label "NA" stays text)."""
    return pd.read_csv(path, keep_default_na=False, na_values=[""])


def write_csv(frame: pd.DataFrame, path: str | Path) -> None:
    """CSV at full precision with stable line endings, so reruns give identical bytes."""
    frame.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")


def write_text(text: str, path: str | Path) -> None:
    Path(path).write_text(text, encoding="utf-8", newline="\n")


def read_processed(path: str | Path) -> pd.DataFrame:
    return pd.read_parquet(path)


def write_processed(frame: pd.DataFrame, path: str | Path) -> None:
    frame.to_parquet(path, index=False, compression="zstd")
