"""Reading exports and writing outputs: all file I/O of the library lives here."""

from __future__ import annotations

import contextlib
import csv
import datetime as _dt
import io as _io
import math
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from xml.etree import ElementTree

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from likertpipe.errors import LikertpipeError, quoted
from likertpipe.files import EXCEL_SUFFIXES, check_readable

_DELIMITERS = ",;\t"
MAX_PROBLEMS = 50
MAX_FIELD_CHARS = 1_000_000
"""Longest cell a CSV export may hold: far beyond any real comment (about 150 pages), short of an unclosed quote
that has swallowed the rest of the file."""
MAX_NAMES_SHOWN = 20
def read_export(path: str | Path, options: Mapping | None = None, *, role: str = "data",
                where: str | None = None) -> pd.DataFrame:
    """Read an export as text cells (no type guessing): every cell a string, "" for empty.

    `options` may also give the codebook's `layout` ("auto" by default, see `header_layout`): the header rows
    of a survey platform's CSV or Excel export are recognised, and the leading metadata columns of the platforms
    (times, IP address, location, the recipient's name and e-mail) are dropped (`drop_metadata`), unless the
    layout is "plain". The frame's `attrs` record "layout", "header_rows", "questions" (column -> question text,
    from a platform's header) and "dropped_metadata" (names only).

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
    layout = options.get("layout") or "auto" if role == "data" else "plain"  # other tables have one header row
    if suffix in EXCEL_SUFFIXES:
        frame = _read_excel(path, options.get("sheet"), layout)
    elif suffix in (".sav", ".zsav"):
        frame = _read_spss(path)
    elif suffix == ".dta":
        frame = _read_stata(path)
    else:
        encoding = options.get("encoding") or "auto"
        frame = _read_csv(path, encoding, int(options.get("max_problems") or MAX_PROBLEMS), layout)
    if role != "data":  # a table written on from its frame (the coding sheet) carries no record of reading
        for key in ("layout", "header_rows", "questions"):
            frame.attrs.pop(key, None)
        return frame
    if layout == "plain":
        return frame
    return drop_metadata(frame, anywhere=frame.attrs.get("layout", "plain") != "plain")


# --- survey platforms' layouts ------------------------------------------------------------------------

# The metadata columns the survey platforms put before the questions (names compared normalised): when and how
# long, from where (IP address, location), by whom (the recipient's name and e-mail), and the platform's own
# bookkeeping. tests/platform_exports/README.md says which platform's documentation names which.
METADATA_COLUMNS = frozenset({
    # Qualtrics (current export)
    "startdate", "enddate", "status", "ipaddress", "progress", "duration (in seconds)", "finished", "recordeddate",
    "recipientlastname", "recipientfirstname", "recipientemail", "externalreference", "locationlatitude",
    "locationlongitude", "distributionchannel", "userlanguage",
    # Qualtrics (legacy export)
    "responseset", "name", "externaldatareference", "emailaddress", "locationaccuracy",
    # SurveyMonkey
    "collector id", "start date", "end date", "ip address", "email address", "first name", "last name",
    "custom data", "custom data 1",
    # LimeSurvey
    "submitdate", "lastpage", "startlanguage", "seed", "datestamp", "ipaddr", "refurl",
})
# Respondent ids of the platforms, kept (they are no personal data) and passed over in the leading block.
PLATFORM_IDS = frozenset({"responseid", "response id", "respondent id", "id", "record_id"})
_IMPORT_ID = re.compile(r'^\s*\{\s*"ImportId"\s*:')
_LEGACY_NAME = re.compile(r"^V\d+$")
_SURVEYMONKEY_SUBS = frozenset({"", "response", "open-ended response"})


def _norm(name: str) -> str:
    return re.sub(r"\s+", " ", str(name).casefold()).strip()


def header_layout(header: list[str], following: list[list[str]], layout: str = "auto") -> tuple[str, int, list[str],
                                                                                                  dict[str, str]]:
    """(layout, header rows, column names, column -> question text) of an export whose first row is `header`
    and whose next rows (up to two) are `following`.

    - qualtrics: row 3 holds ImportId JSON ({"ImportId":"QID1"}) in most cells; names from row 1, question texts
      from row 2 (Qualtrics' current CSV and Excel exports; also a legacy export with an ImportId row);
    - qualtrics_legacy: row 1 names the metadata columns V1, V2 ... (then Q1 ...) and row 2 holds their names
      (ResponseID, IPAddress ...) and the question texts; names from row 1, V-columns named from row 2;
    - surveymonkey: row 1 holds "Respondent ID" and "Collector ID" and, over a question's columns, the question
      once; row 2 the answer option or statement of each column ("Response" for a single answer). A column is
      named "question | option" (just the question for "Response" and "Open-Ended Response");
    - plain: one header row.
    `layout` "auto" detects them in this order; any other value forces it.
    """
    rows = [list(row) + [""] * (len(header) - len(row)) for row in following[:2]]
    if layout == "auto":
        layout = _detect_layout(header, rows)
    if layout == "plain":
        return "plain", 1, header, {}
    second = rows[0] if rows else [""] * len(header)
    if layout == "qualtrics":
        return layout, 3, header, {n: q.strip() for n, q in zip(header, second, strict=False) if q.strip()}
    if layout == "qualtrics_legacy":
        names = [q.strip() if _LEGACY_NAME.match(n) and q.strip() else n for n, q in zip(header, second, strict=False)]
        import_row = len(rows) > 1 and _import_ids(rows[1]) >= 0.5
        questions = {n: q.strip() for n, q, h in zip(names, second, header, strict=False)
                     if q.strip() and not _LEGACY_NAME.match(h)}
        return layout, 3 if import_row else 2, names, questions
    # surveymonkey
    names, question = [], ""
    for top, sub in zip(header, second, strict=False):
        question = top.strip() or question
        sub = sub.strip()
        names.append(question if _norm(sub) in _SURVEYMONKEY_SUBS else f"{question} | {sub}")
    return layout, 2, names, {}


def _import_ids(row: list[str]) -> float:
    filled = [cell for cell in row if cell.strip()]
    return sum(bool(_IMPORT_ID.match(cell)) for cell in filled) / len(filled) if filled else 0.0


def _detect_layout(header: list[str], rows: list[list[str]]) -> str:
    names = {_norm(n) for n in header}
    if len(rows) > 1 and _import_ids(rows[1]) >= 0.5:
        legacy = sum(bool(_LEGACY_NAME.match(n.strip())) for n in header[:12]) >= 3
        return "qualtrics_legacy" if legacy else "qualtrics"
    if rows and sum(bool(_LEGACY_NAME.match(n.strip())) for n in header[:12]) >= 3 and \
            any(_norm(cell) in ("responseid", "ipaddress", "startdate") for cell in rows[0]):
        return "qualtrics_legacy"
    if {"respondent id", "collector id"} <= names and rows and \
            any(_norm(cell) in _SURVEYMONKEY_SUBS - {""} for cell in rows[0]):
        return "surveymonkey"
    return "plain"


def drop_metadata(frame: pd.DataFrame, anywhere: bool = False) -> pd.DataFrame:
    """`frame` without the leading block of survey-platform metadata columns (METADATA_COLUMNS; the platforms'
    respondent ids are kept and passed over), their names recorded in `attrs["dropped_metadata"]`. In a plain
    export only the leading block (a column of the same name among the questions is the study's own); in a
    platform's layout (`anywhere`) wherever they are, as Qualtrics' legacy export puts the location last."""
    dropped = []
    for column in frame.columns:
        name = _norm(column)
        if name in METADATA_COLUMNS:
            dropped.append(column)
        elif name not in PLATFORM_IDS and not anywhere:
            break
    attrs = dict(frame.attrs) | {"dropped_metadata": dropped}
    if dropped:
        frame = frame.drop(columns=dropped)
    frame.attrs.update(attrs)
    return frame


def _with_layout(path: Path, header: list[str], following: list[list[str]], layout: str) -> tuple[list[str], int,
                                                                                                   dict]:
    """Column names (checked by `_header`), the header rows and the attrs of the layout read."""
    name, rows, names, questions = header_layout(header, following, layout)
    return _header(path, names), rows, {"layout": name, "header_rows": rows, "questions": questions}


# --- CSV ----------------------------------------------------------------------------------------------


def _row_of_offset(raw: bytes, offset: int) -> int:
    """Spreadsheet row (header = 1, one per record as the readers count them: a line break inside quotes does not
    start a row, blank lines are no rows) of the record holding byte `offset`.

    The bytes are read as Latin-1 (one character per byte, so character offsets are byte offsets) by the csv
    module, as `_read_csv_records` reads the decoded text, with the delimiter of the first line.
    """
    text = raw.decode("latin-1")
    delimiter = max(_DELIMITERS, key=text[: 1 << 16].split("\n", 1)[0].count)
    position = 0

    def lines():
        nonlocal position
        for line in _io.StringIO(text, newline=""):
            position += len(line)
            yield line

    row = 0
    with _field_limit(len(text)):
        try:
            for fields in csv.reader(lines(), delimiter=delimiter):
                if row == 0 or not _blank(fields):
                    row += 1
                if position > offset:
                    return max(row, 1)
        except csv.Error:
            pass
    return max(row, 1)


def _blank(fields: list[str]) -> bool:
    """A blank line as the readers skip it: no field, or one empty or whitespace-only field."""
    return not fields or len(fields) <= 1 and all(not f.strip() for f in fields)


@contextlib.contextmanager
def _field_limit(size: int):
    """Let the csv module read fields of up to `size` characters (its default limit is 131,072); restored after."""
    old = csv.field_size_limit()
    csv.field_size_limit(min(max(old, size + 1), sys.maxsize))
    try:
        yield
    finally:
        csv.field_size_limit(old)


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


def _read_csv(path: Path, encoding: str, max_problems: int, layout: str = "auto") -> pd.DataFrame:
    content = _decode(path, path.read_bytes(), encoding)
    if not content or content.isspace():
        raise LikertpipeError(f"{path}: the file is empty. Export the survey again with a header row and answers.")
    delimiter = max(_DELIMITERS, key=_first_line(content).count)
    table = _arrow_table(content, delimiter)
    if table is None:
        return _read_csv_records(path, content, delimiter, max_problems, layout)
    first = [[str(v) for v in row.values()] for row in table.slice(0, 3).to_pylist()]
    header, rows, attrs = _with_layout(path, [n.strip() for n in first[0]], first[1:], layout)
    if len(content) > MAX_FIELD_CHARS:  # else no cell can be longer
        _check_field_lengths(path, table, header, max_problems)
    if table.num_rows <= rows:
        frame = pd.DataFrame(columns=header, dtype=str)
    else:
        frame = table.slice(rows).rename_columns(header).to_pandas()
    frame.attrs.update(attrs)
    return frame


def _long_field(row: int, column: str, length: int) -> str:
    return (f"- row {row}, column {quoted(column)}: a cell of {length:,} characters, more than the "
            f"{MAX_FIELD_CHARS:,} likertpipe reads. Usually an opening quote (\") in this cell or above it is never "
            "closed, so the cell has swallowed the rows after it. Fix: close or remove the stray quote, or shorten "
            "the cell.")


def _check_field_lengths(path: Path, table: pa.Table, header: list[str], max_problems: int) -> None:
    problems = []
    for name, column in zip(header, table.columns, strict=True):
        lengths = pc.utf8_length(column)
        if (pc.max(lengths).as_py() or 0) > MAX_FIELD_CHARS:
            rows = pc.indices_nonzero(pc.greater(lengths, MAX_FIELD_CHARS)).to_pylist()
            problems += [(row + 1, name, lengths[row].as_py()) for row in rows]
    if problems:
        problems.sort()
        _raise_malformed(path, [_long_field(*p) for p in problems], max_problems)


def _raise_malformed(path: Path, problems: list[str], max_problems: int):
    more = len(problems) - max_problems
    tail = f"\n... and {more} more problems of the same file." if more > 0 else ""
    raise LikertpipeError(
        f"{path}: {len(problems)} problem(s) found; nothing was written. The file is truncated or malformed:\n"
        + "\n".join(problems[:max_problems]) + tail
    )


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
    module, as are files whose first record differs (a leading empty line).
    """
    head = content[: 1 << 16]
    head = head if "\n" in head or "\r" in head else content  # a header longer than 64 KiB (a very wide file)
    first = next(csv.reader(_io.StringIO(head, newline=""), delimiter=delimiter), [])
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
    return table


def _header(path: Path, names) -> list[str]:
    """Column names, trimmed; a name given twice is an error (found in one pass: linear in the columns)."""
    header = [name.strip() for name in names]
    first: dict[str, int] = {}
    repeated: dict[str, None] = {}
    for name in header:
        if name in first:
            repeated[name] = None
        else:
            first[name] = len(first)
    if repeated:
        names = sorted(repeated, key=first.__getitem__)
        shown = ", ".join(quoted(name) for name in names[:MAX_NAMES_SHOWN])
        more = f" and {len(names) - MAX_NAMES_SHOWN:,} more" if len(names) > MAX_NAMES_SHOWN else ""
        raise LikertpipeError(f"{path}: row 1 names column(s) {shown}{more} more than once. Rename or remove the "
                              "repeats.")
    return header


def _read_csv_records(path: Path, content: str, delimiter: str, max_problems: int,
                      layout: str = "auto") -> pd.DataFrame:
    """The reference reader (Python's csv module): slow, but reports every short or long row with its number."""
    records: list[tuple[int, list[str]]] = []
    reader = csv.reader(_io.StringIO(content, newline=""), delimiter=delimiter)
    with _field_limit(len(content)):  # long cells are read whole, then checked against MAX_FIELD_CHARS
        try:
            for fields in reader:
                records.append((reader.line_num, fields))
        except csv.Error as exc:
            row = 1 + sum(1 for _, fields in records[1:] if not _blank(fields)) + bool(records)
            raise LikertpipeError(
                f"{path}: cannot be read as a table at row {row} (line {reader.line_num} of the file): {exc}. "
                "Fix: check the quoting and delimiters of that row, or export the file again."
            ) from None
    following = [fields for _, fields in records[1:] if not _blank(fields)][:2]
    header, header_rows, attrs = _with_layout(path, [n.strip() for n in records[0][1]], following, layout)
    rows: list[list[str]] = []
    problems: list[str] = []
    long_cells = len(content) > MAX_FIELD_CHARS
    for number, fields in records[1:]:
        if _blank(fields):
            continue  # a blank line
        row = len(rows) + 2
        if len(fields) < len(header):
            last = header[len(fields) - 1] if fields else header[0]
            value = fields[-1] if fields else ""
            problems.append(
                f"- row {row}, column {quoted(last)}: value {quoted(value)}: expected {len(header)} "
                f"fields as in the header, found {len(fields)} (the row is cut short; line {number} of the file). "
                "Fix: export the file again completely, or complete or remove the row."
            )
        elif len(fields) > len(header):
            problems.append(
                f"- row {row}: expected {len(header)} fields as in the header, found {len(fields)} (line {number} "
                "of the file). Fix: quote cells that contain the delimiter, or remove the extra cells."
            )
        if long_cells:
            problems += [_long_field(row, name, len(field)) for name, field in zip(header, fields, strict=False)
                         if len(field) > MAX_FIELD_CHARS]
        rows.append(fields)
    if problems:
        _raise_malformed(path, problems, max_problems)
    rows = rows[header_rows - 1:]
    frame = pd.DataFrame(rows, columns=header, dtype=str) if rows else pd.DataFrame(  # 3x faster than .astype(str)
        columns=header, dtype=str
    )
    frame.attrs.update(attrs)
    return frame


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


def _frame_of_rows(path: Path, rows: list[list], layout: str = "auto") -> pd.DataFrame:
    rows = [[cell_text(v) for v in row] for row in rows]
    while rows and all(c.strip() == "" for c in rows[-1]):
        rows.pop()
    if not rows:
        raise LikertpipeError(f"{path}: the file is empty. Export the survey again with a header row and answers.")
    header = [c.strip() for c in rows[0]]
    while header and header[-1] == "" and all(len(r) < len(header) or r[len(header) - 1] == "" for r in rows):
        header.pop()
    body = [(r + [""] * len(header))[: len(header)] for r in rows[1:]]
    header, header_rows, attrs = _with_layout(path, header, body[:2], layout)
    body = body[header_rows - 1:]
    frame = pd.DataFrame(body, columns=header, dtype=str) if body else pd.DataFrame(
        columns=header, dtype=str
    )
    frame.attrs.update(attrs)
    return frame


def _read_excel(path: Path, sheet, layout: str = "auto") -> pd.DataFrame:
    """One sheet of a workbook as text cells, as Excel shows them: a formula cell as the value Excel calculated
    and saved with it. A formula saved without its value (written by a program, never opened in Excel) and a cell
    holding an Excel error (#DIV/0!, #N/A, ...) are errors naming the sheet and cell. The sheet read and the
    workbook's sheets are recorded in the frame's `attrs` ("sheet", "sheets") for later messages."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise LikertpipeError(f"{path}: cannot be read as an Excel workbook ({exc}). Save it again as .xlsx.") from None
    try:
        names = list(book.sheetnames)
        shown = ", ".join(quoted(n) for n in names)
        if sheet is None or sheet == "":
            sheet = 0
        if isinstance(sheet, int):
            if not 0 <= sheet < len(names):
                raise LikertpipeError(f"{path}: has no sheet number {sheet} (sheets: {shown}; numbers count from 0). "
                                      "Fix the study's 'sheet' in the config.")
            name = names[sheet]
        elif sheet in names:
            name = sheet
        else:
            raise LikertpipeError(f"{path}: has no sheet {quoted(sheet)} (sheets: {shown}). "
                                  "Fix the study's 'sheet' in the config.")
        worksheet = book[name]
        try:
            cells = [list(row) for row in worksheet.iter_rows()]
            uncalculated = _formulas_without_values(worksheet)
        except Exception as exc:
            raise LikertpipeError(f"{path}: sheet {quoted(name)} cannot be read ({exc}). Save the workbook again "
                                  "as .xlsx.") from None
    finally:
        book.close()
    header = {c.column: cell_text(c.value).strip() for c in (cells[0] if cells else []) if hasattr(c, "column")}
    problems = [_bad_cell(cell, header) for row in cells for cell in row
                if getattr(cell, "data_type", None) == "e" and cell.value is not None]
    problems += [f"- cell {ref} (row {row}, column {quoted(header.get(column, ''))}): the formula {quoted(formula)} "
                 "was saved without its calculated value" for ref, row, column, formula in uncalculated]
    if problems:
        raise LikertpipeError(
            f"{path}: sheet {quoted(name)}: {len(problems)} cell(s) hold no value to read; nothing was written:\n"
            + "\n".join(problems[:MAX_PROBLEMS])
            + (f"\n... and {len(problems) - MAX_PROBLEMS} more cells." if len(problems) > MAX_PROBLEMS else "")
            + "\nFix: open the workbook in Excel (or LibreOffice), correct any formula errors and save it, so every "
            "formula's value is calculated and saved; or copy the cells and paste them as values."
        )
    frame = _frame_of_rows(path, [[_excel_value(c) for c in row] for row in cells], layout)
    frame.attrs.update(sheet=name, sheets=names)
    if frame.empty and len(names) > 1:
        raise LikertpipeError(
            f"{path}: sheet {quoted(name)} has a header but no answers (the workbook's sheets: {shown}). If the "
            f"answers are on another sheet, set the study's 'sheet:' in the config to its name (e.g. sheet: "
            f"{names[1] if name == names[0] else names[0]}) or its number, counted from 0."
        )
    return frame


def _excel_value(cell):
    """A cell's value as pandas' openpyxl reader gives it: a whole number as int, an error cell as empty."""
    value = getattr(cell, "value", None)
    if getattr(cell, "data_type", None) == "e":
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _bad_cell(cell, header: dict[int, str]) -> str:
    return (f"- cell {cell.coordinate} (row {cell.row}, column {quoted(header.get(cell.column, ''))}): holds the "
            f"Excel error {quoted(cell.value)}, not an answer")


_FORMULA_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")


def _formulas_without_values(worksheet) -> list[tuple[str, int, int, str]]:
    """(cell, row, column, formula) of every formula cell saved without a value (`<c><f>..</f></c>` with no or an
    empty `<v>`, except a formula whose result is an empty text, `t="str"`).

    openpyxl's values-only reading shows those as empty cells, so the sheet's XML is searched for formula
    elements; only a sheet holding some is parsed again.
    """
    with worksheet._get_source() as source:
        tail, found = b"", False
        for block in iter(lambda: source.read(1 << 20), b""):
            if _FORMULA_TAG.search(tail + block):
                found = True
                break
            tail = block[-64:]
    if not found:
        return []
    from openpyxl.utils.cell import coordinate_to_tuple

    result = []
    with worksheet._get_source() as source:
        for _, element in ElementTree.iterparse(source):
            if element.tag.rpartition("}")[2] != "c":
                continue
            children = {child.tag.rpartition("}")[2]: child for child in element}
            value = children.get("v")
            saved = value is not None and (value.text or element.get("t") == "str")  # "" is a text result
            if "f" in children and not saved and element.get("t") != "inlineStr":
                ref = element.get("r") or "?"
                row, column = coordinate_to_tuple(ref) if ref != "?" else (0, 0)
                formula = children["f"].text
                result.append((ref, row, column, f"={formula}" if formula else "(shared formula)"))
            element.clear()
    return result


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
    check_readable(path, "sampling_frame")
    with open(path, encoding="utf-8-sig") as handle:
        header = handle.readline()
    return pd.read_csv(path, sep=max(_DELIMITERS, key=header.count), encoding="utf-8-sig")


def read_table_csv(path: str | Path) -> pd.DataFrame:
    """Read a result table written by `write_csv`; only empty cells are missing (a label "NA" stays text)."""
    return pd.read_csv(path, keep_default_na=False, na_values=[""])


# A text cell a spreadsheet would run as a formula (OWASP, "CSV Injection"), unless it is a plain number.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def spreadsheet_safe(value):
    """`value` as a spreadsheet shows it as text: a string starting with =, +, -, @, tab or carriage return
    gets a leading apostrophe (as OWASP recommends), so that opening a CSV in Excel or LibreOffice never runs a
    label, header or answer as a formula; numbers, and strings that are plain numbers ("-0.5"), stay as they are.
    Line breaks inside a string are written as "\n" (a "\r" is not quoted by the CSV writer and would split
    the row when the file is read back)."""
    if not isinstance(value, str):
        return value
    if value.startswith(_FORMULA_START) and not _PLAIN_NUMBER.match(value):
        value = "'" + value
    return value.replace("\r\n", "\n").replace("\r", "\n")


def write_csv(frame: pd.DataFrame, path: str | Path) -> None:
    """CSV at full precision with stable line endings, so reruns give identical bytes; text cells and headers
    neutralised for spreadsheets (`spreadsheet_safe`)."""
    text = frame.columns[[not pd.api.types.is_numeric_dtype(dtype) for dtype in frame.dtypes]]
    safe = frame.copy(deep=False)
    for column in text:
        safe[column] = frame[column].map(spreadsheet_safe, na_action="ignore")
    safe.columns = [spreadsheet_safe(str(column)) for column in frame.columns]
    safe.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")


def write_text(text: str, path: str | Path) -> None:
    Path(path).write_text(text, encoding="utf-8", newline="\n")


def read_processed(path: str | Path) -> pd.DataFrame:
    return pd.read_parquet(path)


def write_processed(frame: pd.DataFrame, path: str | Path) -> None:
    frame.to_parquet(path, index=False, compression="zstd")
