"""Reading exports and writing outputs: all file I/O of the library lives here."""

from __future__ import annotations

import csv
import datetime as _dt
import hashlib
import io as _io
import math
import stat
from collections.abc import Mapping
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from likertpipe.errors import LikertpipeError

_DELIMITERS = ",;\t"
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
MAX_PROBLEMS = 50
EXPORT_SUFFIXES = (".csv", ".tsv", ".txt", *EXCEL_SUFFIXES, ".sav", ".zsav", ".dta")
"""The formats `read_export` reads (CSV by any of the first three; Excel; SPSS; Stata)."""

# What each configured path may be: a noun for messages and the file name suffixes the readers accept.
ROLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "data": ("data file", EXPORT_SUFFIXES),
    "coding_sheet": ("coding sheet", EXPORT_SUFFIXES),
    "sampling_frame": ("sampling frame", (".csv", ".tsv", ".txt")),  # read_table reads delimited text only
    "codebook": ("codebook file", (".yaml", ".yml")),
}


def check_readable(path: str | Path, role: str, *, where: str | None = None) -> Path:
    """The resolved path of an input file, after checking that it can be read as the `role` says.

    `role` is a key of ROLES ("data", "coding_sheet", "sampling_frame", "codebook"; any other role skips the
    format check). Raises LikertpipeError naming the path and the fix when the file is missing, is a folder,
    is not a regular file (a device such as /dev/zero, a pipe, a socket), cannot be opened (permissions), or
    has a suffix the role's reader does not read. `where` replaces the default hint, "the '<role>' path in the
    config", for callers that take the path elsewhere (the command line). The file is opened only after the
    checks on its type, so a pipe never blocks.
    """
    noun, suffixes = ROLES.get(role, (f"{role} file", ()))
    where = where or f"the '{role}' path in the config"
    given = Path(path)
    try:
        info = given.stat()
    except FileNotFoundError:
        raise LikertpipeError(f"{given}: {noun} not found. Check {where}.") from None
    except NotADirectoryError:
        raise LikertpipeError(f"{given}: {noun} not found (a part of the path is a file, not a folder). "
                              f"Check {where}.") from None
    except ValueError:  # a NUL character in the path
        raise LikertpipeError(f"{given!r}: {noun} not found (the path holds a NUL character). "
                              f"Check {where}.") from None
    except OSError as exc:  # permission denied on a folder of the path, name too long, ...
        raise LikertpipeError(f"{given}: cannot be read ({exc.strerror or exc}). Fix: give your user read "
                              f"access to the file and its folders, or check {where}.") from None
    if stat.S_ISDIR(info.st_mode):
        raise LikertpipeError(f"{given}: is a folder, not a {noun}. Check {where}: name the file itself, "
                              "not the folder holding it.")
    if not stat.S_ISREG(info.st_mode):
        raise LikertpipeError(f"{given}: is not a regular file (a device, pipe or socket), so it cannot be a "
                              f"{noun}. Check {where}: name a saved file.")
    if suffixes and given.suffix.lower() not in suffixes:
        shown = f"'{given.suffix}'" if given.suffix else "no suffix"
        raise LikertpipeError(f"{given}: {shown} is not a {noun} format likertpipe reads (it reads "
                              f"{', '.join(suffixes)}). Fix: save the file in one of these formats "
                              f"(with that suffix), or check {where}.")
    try:
        with open(given, "rb"):
            pass
    except OSError as exc:
        raise LikertpipeError(f"{given}: cannot be read ({exc.strerror or exc}). Fix: give your user read "
                              "permission on the file (e.g. chmod u+r, or ask its owner), or copy it somewhere "
                              f"readable and check {where}.") from None
    return given.resolve()


def sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_export(path: str | Path, options: Mapping | None = None, *, role: str = "data",
                where: str | None = None) -> pd.DataFrame:
    """Read an export as text cells (no type guessing): every cell a string, "" for empty.

    The file is first checked by `check_readable(path, role, where=where)`. The format follows the file's
    suffix: CSV (.csv, .tsv or .txt; delimiter detected among , ; and tab),
    .xlsx (openpyxl; `sheet` name or 0-based index, first sheet by default), .sav (SPSS, via pyreadstat) or
    .dta (Stata). `options` (the study's config) may give `encoding` ("auto", the default: UTF-8 with or
    without BOM, else Windows-1252; or a codec name), `sheet` and `max_problems`. Cleaning then validates the
    cells, so every format gives the same messages. A well-formed CSV file is parsed by Arrow, any other by
    Python's csv module, which reports the malformed rows; both give the same cells.
    """
    options = dict(options or {})
    path = Path(path)
    check_readable(path, role, where=where)
    suffix = path.suffix.lower()
    if suffix in EXCEL_SUFFIXES:
        return _read_excel(path, options.get("sheet"))
    if suffix in (".sav", ".zsav"):
        return _read_spss(path)
    if suffix == ".dta":
        return _read_stata(path)
    encoding = options.get("encoding") or "auto"
    return _read_csv(path, encoding, int(options.get("max_problems") or MAX_PROBLEMS))


# --- CSV ----------------------------------------------------------------------------------------------


def _row_of_offset(raw: bytes, offset: int) -> int:
    """Spreadsheet row (header = 1) of the line holding byte `offset`."""
    return raw.count(b"\n", 0, offset) + 1


def _decode(path: Path, raw: bytes, encoding: str) -> str:
    """Decode `raw`; "auto" tries UTF-8 (BOM removed) and falls back to Windows-1252 (Latin-1 for the five
    bytes Windows-1252 leaves undefined). A file mixing UTF-8 and another encoding is an error."""
    if encoding.lower() != "auto":
        try:
            return raw.decode("utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding)
        except LookupError:
            raise LikertpipeError(
                f"{path}: unknown encoding '{encoding}' in the config. Fix: use auto, utf-8, cp1252 or latin-1."
            ) from None
        except UnicodeDecodeError as exc:
            name = "UTF-8" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
            raise LikertpipeError(
                f"{path}: row {_row_of_offset(raw, exc.start)} is not valid {name} text (byte {exc.start}, "
                f"0x{raw[exc.start]:02x}). Fix: save the export as {name}, or set the study's encoding to auto "
                "(UTF-8, else Windows-1252) or to the file's encoding."
            ) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    # Not UTF-8. If some non-ASCII bytes do form UTF-8 characters, the file mixes encodings.
    start = 3 if raw.startswith(b"\xef\xbb\xbf") else 0
    for line_start, line in _lines_with_offsets(raw, start):
        if max(line, default=0) < 0x80:
            continue
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            continue
        raise LikertpipeError(
            f"{path}: mixed text encodings: row {_row_of_offset(raw, line_start)} is UTF-8, but row "
            f"{_row_of_offset(raw, first_bad)} is not (byte {first_bad}, 0x{raw[first_bad]:02x}). Fix: open the "
            "export in a spreadsheet or editor, correct the garbled letters and save the whole file as UTF-8."
        )
    return raw.decode("cp1252", errors="strict") if _is_cp1252(raw) else raw.decode("latin-1")


def _is_cp1252(raw: bytes) -> bool:
    try:
        raw.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def _lines_with_offsets(raw: bytes, start: int):
    offset = start
    for line in raw[start:].split(b"\n"):
        yield offset, line
        offset += len(line) + 1


def _read_csv(path: Path, encoding: str, max_problems: int) -> pd.DataFrame:
    content = _decode(path, path.read_bytes(), encoding)
    if not content or content.isspace():
        raise LikertpipeError(f"{path}: the file is empty. Export the survey again with a header row and answers.")
    delimiter = max(_DELIMITERS, key=_first_line(content).count)
    table = _arrow_table(content, delimiter)
    if table is None:
        return _read_csv_records(path, content, delimiter, max_problems)
    header = _header(path, table.slice(0, 1).to_pylist()[0].values())
    if table.num_rows == 1:
        return pd.DataFrame(columns=header, dtype=str)
    return table.slice(1).rename_columns(header).to_pandas()


def _first_line(content: str) -> str:
    """content.splitlines()[0], without splitting the whole file."""
    lines = content[: 1 << 16].splitlines()
    return lines[0] if len(lines) > 1 else content.splitlines()[0]


def _arrow_table(content: str, delimiter: str) -> pa.Table | None:
    """The records (header first) as text columns parsed by Arrow, many times faster than the csv module; None
    when the result might differ from `_read_csv_records`, which then reads the file and names its problems.

    On files Arrow parses with as many fields in every row as in the first, the two agree (quoting, doubled quotes,
    line breaks inside quotes, \n, \r\n or \r line ends, empty lines skipped; tests/test_io.py). Arrow refuses
    other rows, whitespace-only lines included, except in a one-column file, so those files are left to the csv
    module, as are files whose first record differs (a leading empty line) and fields at the csv module's limit.
    """
    first = next(csv.reader(_io.StringIO(content[: 1 << 16], newline=""), delimiter=delimiter), [])
    if len(first) < 2:
        return None
    try:
        table = pa_csv.read_csv(
            pa.py_buffer(content.encode("utf-8", "surrogatepass")),  # Arrow refuses surrogates
            read_options=pa_csv.ReadOptions(autogenerate_column_names=True),
            parse_options=pa_csv.ParseOptions(delimiter=delimiter, newlines_in_values=True, ignore_empty_lines=True),
            convert_options=pa_csv.ConvertOptions(
                column_types={f"f{i}": pa.large_string() for i in range(len(first))},
                strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
    except pa.ArrowInvalid:
        return None
    if table.num_columns != len(first) or list(table.slice(0, 1).to_pylist()[0].values()) != first:
        return None
    longest = max(pc.max(pc.binary_length(column)).as_py() or 0 for column in table.columns)
    return table if longest < csv.field_size_limit() else None


def _header(path: Path, names) -> list[str]:
    """Column names, trimmed; a name given twice is an error."""
    header = [name.strip() for name in names]
    repeated = ", ".join(sorted({f"'{name}'" for name in header if header.count(name) > 1}))
    if repeated:
        raise LikertpipeError(f"{path}: row 1 names column(s) {repeated} more than once. Rename or remove the repeats.")
    return header


def _read_csv_records(path: Path, content: str, delimiter: str, max_problems: int) -> pd.DataFrame:
    """The reference reader (Python's csv module): slow, but reports every short or long row with its number."""
    records: list[tuple[int, list[str]]] = []
    reader = csv.reader(_io.StringIO(content, newline=""), delimiter=delimiter)
    try:
        for fields in reader:
            records.append((reader.line_num, fields))
    except csv.Error as exc:
        raise LikertpipeError(
            f"{path}: cannot be read as a table near line {reader.line_num}: {exc}. Check quoting and delimiters."
        ) from None
    header = _header(path, records[0][1])
    rows: list[list[str]] = []
    problems: list[str] = []
    for number, fields in records[1:]:
        if not fields or all(not f.strip() for f in fields) and len(fields) <= 1:
            continue  # a blank line
        row = len(rows) + 2
        if len(fields) < len(header):
            last = header[len(fields) - 1] if fields else header[0]
            problems.append(
                f"- row {row}, column '{last}': value '{fields[-1] if fields else ''}': expected {len(header)} "
                f"fields as in the header, found {len(fields)} (the row is cut short; line {number} of the file). "
                "Fix: export the file again completely, or complete or remove the row."
            )
        elif len(fields) > len(header):
            problems.append(
                f"- row {row}: expected {len(header)} fields as in the header, found {len(fields)} (line {number} "
                "of the file). Fix: quote cells that contain the delimiter, or remove the extra cells."
            )
        rows.append(fields)
    if problems:
        more = len(problems) - max_problems
        tail = f"\n... and {more} more problems of the same file." if more > 0 else ""
        raise LikertpipeError(
            f"{path}: {len(problems)} problem(s) found; nothing was written. The file is truncated or malformed:\n"
            + "\n".join(problems[:max_problems]) + tail
        )
    return pd.DataFrame(rows, columns=header, dtype=object).astype(str) if rows else pd.DataFrame(
        columns=header, dtype=str
    )


# --- other formats ------------------------------------------------------------------------------------


def cell_text(value) -> str:
    """A cell as text as a spreadsheet shows it: integers without ".0", empty for missing."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, _dt.datetime):
        return value.isoformat(sep=" ") if value.time() != _dt.time() else value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if value is pd.NaT or value is pd.NA:
        return ""
    return str(value)


def _frame_of_rows(path: Path, rows: list[list]) -> pd.DataFrame:
    rows = [[cell_text(v) for v in row] for row in rows]
    while rows and all(c.strip() == "" for c in rows[-1]):
        rows.pop()
    if not rows:
        raise LikertpipeError(f"{path}: the file is empty. Export the survey again with a header row and answers.")
    header = [c.strip() for c in rows[0]]
    while header and header[-1] == "" and all(len(r) < len(header) or r[len(header) - 1] == "" for r in rows):
        header.pop()
    header = _header(path, header)
    body = [(r + [""] * len(header))[: len(header)] for r in rows[1:]]
    return pd.DataFrame(body, columns=header, dtype=object).astype(str) if body else pd.DataFrame(
        columns=header, dtype=str
    )


def _read_excel(path: Path, sheet) -> pd.DataFrame:
    try:
        sheets = pd.read_excel(path, sheet_name=None, header=None, dtype=object, engine="openpyxl")
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise LikertpipeError(f"{path}: cannot be read as an Excel workbook ({exc}). Save it again as .xlsx.") from None
    names = list(sheets)
    if sheet is None or sheet == "":
        sheet = 0
    if isinstance(sheet, int):
        if not 0 <= sheet < len(names):
            raise LikertpipeError(f"{path}: has no sheet number {sheet} (sheets: {', '.join(names)}). "
                                  "Fix the study's 'sheet' in the config.")
        name = names[sheet]
    elif sheet in sheets:
        name = sheet
    else:
        raise LikertpipeError(f"{path}: has no sheet '{sheet}' (sheets: {', '.join(names)}). "
                              "Fix the study's 'sheet' in the config.")
    table = sheets[name]
    rows = [list(r) for r in table.itertuples(index=False, name=None)]
    return _frame_of_rows(path, rows)


def _labelled_missing(frame: pd.DataFrame, meta) -> pd.DataFrame:
    """Cells as text; user-missing values shown as their value label (so cleaning maps them to the codebook's
    don't-know or missing code by label), else as their code."""
    out = {}
    discrete = getattr(meta, "missing_user_values", None) or {}
    ranges = getattr(meta, "missing_ranges", None) or {}
    labels_of = getattr(meta, "variable_value_labels", None) or {}
    for column in frame.columns:
        values = frame[column].tolist()
        missing_values = set(discrete.get(column, []))
        spans = [(r["lo"], r["hi"]) for r in ranges.get(column, [])]
        labels = labels_of.get(column, {})
        cells = []
        for value in values:
            is_user_missing = value in missing_values or any(
                isinstance(value, (int, float)) and not (isinstance(value, float) and math.isnan(value))
                and lo <= value <= hi for lo, hi in spans
            )
            if is_user_missing and value in labels:
                cells.append(str(labels[value]))
            else:
                cells.append(cell_text(value))
        out[column] = cells
    return pd.DataFrame(out, columns=list(frame.columns), dtype=object).astype(str)


def _read_spss(path: Path) -> pd.DataFrame:
    import pyreadstat

    try:
        frame, meta = pyreadstat.read_sav(str(path), user_missing=True, apply_value_formats=False)
    except Exception as exc:  # pyreadstat.ReadstatError and others
        raise LikertpipeError(f"{path}: cannot be read as an SPSS .sav file ({exc}). Save it again from SPSS.") \
            from None
    if frame.shape[1] == 0:
        raise LikertpipeError(f"{path}: the file is empty. Export the survey again with a header row and answers.")
    return _labelled_missing(frame, meta)


def _read_stata(path: Path) -> pd.DataFrame:
    import pyreadstat

    try:
        frame, meta = pyreadstat.read_dta(str(path), apply_value_formats=False)
    except Exception as exc:
        raise LikertpipeError(f"{path}: cannot be read as a Stata .dta file ({exc}). Save it again from Stata.") \
            from None
    if frame.shape[1] == 0:
        raise LikertpipeError(f"{path}: the file is empty. Export the survey again with a header row and answers.")
    return _labelled_missing(frame, meta)


# --- other tables and outputs -------------------------------------------------------------------------


def read_table(path: str | Path) -> pd.DataFrame:
    """Read a small auxiliary CSV (sampling frame) with type inference."""
    try:
        with open(path, encoding="utf-8-sig") as handle:
            header = handle.readline()
    except FileNotFoundError:
        raise LikertpipeError(f"{path}: file not found. Check the path in the config.") from None
    return pd.read_csv(path, sep=max(_DELIMITERS, key=header.count), encoding="utf-8-sig")


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
