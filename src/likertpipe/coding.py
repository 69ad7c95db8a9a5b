"""Open-text coding tally: statements and respondents per dimension, theme and concept of a coding sheet.

A coding sheet has one row per coded statement: the codebook's id column, `field` (an open-text column), and
the three levels of the qualitative coding, `dimension` > `theme` > `concept`. Only counts leave this module,
never text.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from likertpipe import io
from likertpipe.codebook import Codebook, normalise
from likertpipe.errors import LikertpipeError

LEVELS = ("dimension", "theme", "concept")
TALLY_COLUMNS = ["level", *LEVELS, "statements", "respondents"]


def load_coding_sheet(path: str | Path, book: Codebook, ids: Iterable) -> pd.DataFrame:
    """Read a coding sheet (CSV or Excel, as `io.read_export`) and check it against the codebook and the
    respondent ids of the processed data (`ids`); the columns id, field and LEVELS, cells trimmed."""
    return check_coding_sheet(io.read_export(path, role="coding_sheet"), book, ids, str(path))


def check_coding_sheet(sheet: pd.DataFrame, book: Codebook, ids: Iterable, source: str) -> pd.DataFrame:
    """The sheet's id, field and level columns (headers matched ignoring case and spacing), or a
    LikertpipeError listing every problem with row (header = row 1), column, value and fix."""
    wanted = [book.id_column, "field", *LEVELS]
    by_name = {normalise(c): c for c in sheet.columns}
    absent = [c for c in wanted if normalise(c) not in by_name]
    if absent:
        raise LikertpipeError(
            f"{source}: the coding sheet lacks column(s) {', '.join(absent)} (found: {', '.join(sheet.columns)}). "
            f"Fix: give it the columns {', '.join(wanted)}, one row per coded statement; or, if this sheet codes "
            "another study's answers (the demo's, merged in from config/config.yaml), set coding_sheet: null for "
            "this study in your config.")
    sheet = sheet[[by_name[normalise(c)] for c in wanted]].set_axis(wanted, axis=1)
    sheet = sheet.apply(lambda column: column.map(io.cell_text).str.strip())
    known_ids = {io.cell_text(i) for i in ids}
    fields = [t.column for t in book.open_text]
    problems = []
    for row, cells in zip(range(2, len(sheet) + 2), sheet.itertuples(index=False), strict=True):
        respondent, field, *codes = cells
        if respondent not in known_ids:
            problems.append(f"- row {row}, column '{book.id_column}': value '{respondent}': no respondent with this "
                            "id in the processed data. Fix: correct the id, or remove the row.")
        if field not in fields:
            problems.append(f"- row {row}, column 'field': value '{field}': not an open-text field of the codebook "
                            f"(one of {', '.join(fields) or 'none declared'}). Fix: name the field the statement "
                            "comes from.")
        for level, code in zip(LEVELS, codes, strict=True):
            if not code:
                problems.append(f"- row {row}, column '{level}': value '': empty. Fix: code the statement at every "
                                "level (dimension, theme, concept), or remove the row.")
    if problems:
        raise LikertpipeError(f"{source}: {len(problems)} problem(s) in the coding sheet:\n" + "\n".join(problems))
    return sheet.reset_index(drop=True)


def coding_tally(sheet: pd.DataFrame, id_column: str) -> pd.DataFrame:
    """Statements (rows) and respondents (distinct ids) per dimension, per dimension > theme and per
    dimension > theme > concept. Rows by level (dimensions first), then most statements first, then by name."""
    parts = []
    for depth, level in enumerate(LEVELS, start=1):
        keys = list(LEVELS[:depth])
        counts = sheet.groupby(keys, sort=False).agg(statements=(id_column, "size"),
                                                    respondents=(id_column, "nunique")).reset_index()
        counts = counts.sort_values(["statements", *keys], ascending=[False] + [True] * depth, kind="stable")
        parts.append(counts.assign(level=level))
    tally = pd.concat(parts, ignore_index=True).reindex(columns=TALLY_COLUMNS)
    return tally.fillna({level: "" for level in LEVELS})
