"""Turn a raw export (text cells) into typed, validated codes, checked against the codebook.

Processed layout, one row per respondent:
- the id column, as text;
- per item `<column>`: the substantive answer (nullable Int8), missing unless the answer is a scale level;
  and `<column>_code`: the code as answered (nullable Int16; don't-know and declared missing codes kept,
  missing when the cell was empty). Don't know, declared missing and empty thus stay three distinct states;
- per factor: the level code (nullable Int8), missing for declared missing codes and empty cells;
- per covariate: the number (Float64); per yes/no question: the code (nullable Int8);
- per open-text column: the text (missing when empty).
An integer column is wider than listed when the codebook declares codes that need it (a level 301: Int16).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from likertpipe import answers
from likertpipe.answers import STATUSES
from likertpipe.codebook import Codebook, Level, Scale, normalise
from likertpipe.errors import LikertpipeError, quoted

MAX_PROBLEMS_SHOWN = 50
MAX_NAMES_SHOWN = 20  # column names a message or the report lists before "... and N more"
INTEGER_TYPES = ("Int8", "Int16", "Int32", "Int64")
POLICIES = ("fail", "quarantine")

# A number as people type it: digits with an optional decimal point or comma, thousands optionally grouped by
# (thin, no-break or normal) spaces: "12500", "12 500", "12,5", "-3.25".
_SPACES = "[ \u00a0\u2009\u202f]"
_NUMBER = re.compile(rf"^[+-]?(\d+|\d{{1,3}}({_SPACES}\d{{3}})+)([.,]\d+)?$")


@dataclass(frozen=True)
class Problem:
    row: int | None  # row number as the user sees it in a spreadsheet: header is row 1
    column: str
    value: str
    expected: str
    fix: str

    def __str__(self) -> str:
        return f"- {self.where()}. Fix: {self.fix}"

    def where(self) -> str:
        where = f"row {self.row}, column {quoted(self.column)}" if self.row else f"column {quoted(self.column)}"
        value = f": value {quoted(self.value)}" if self.value else ""
        return f"{where}{value}: expected {self.expected}"


@dataclass
class Cleaned:
    """The result of cleaning: the processed rows, warnings, and the quarantined raw rows (`row`, `reason`)."""

    data: pd.DataFrame
    warnings: list[str]
    quarantine: pd.DataFrame = field(default_factory=pd.DataFrame)


def problems_error(source: str, problems: list[Problem], max_problems: int = MAX_PROBLEMS_SHOWN) -> LikertpipeError:
    shown = "\n".join(str(p) for p in problems[:max_problems])
    more = len(problems) - max_problems
    tail = f"\n... and {more} more problems of the same file." if more > 0 else ""
    return LikertpipeError(
        f"{source}: {len(problems)} problem(s) found; nothing was written. Fix them and rerun:\n{shown}{tail}"
    )


def item_status(codes: pd.Series, scale: Scale) -> pd.Series:
    """Per answer: valid, dont_know, declared_missing or blank (empty cell)."""
    status = np.select(
        [codes.isin(scale.codes), codes.isin(scale.dont_know_codes), codes.isin(scale.missing_codes)],
        ["valid", "dont_know", "declared_missing"],
        default="blank",
    )
    return pd.Series(pd.Categorical(status, categories=STATUSES), index=codes.index, name=codes.name)


def label_codes(levels: tuple[Level, ...]) -> dict[str, int]:
    """Every label of `levels`, in every language, normalised (see codebook.normalise) -> its code."""
    return {normalise(text): lv.code for lv in levels for text in lv.label.values()}


def _codes(raw: pd.Series, allowed: tuple[int, ...], labels: dict[str, int], expected: str, fix: str,
           problems: list[Problem]) -> tuple[pd.Series, np.ndarray]:
    """Parse integer codes or label texts; empty cells become missing; anything else is a problem.

    Answers take few distinct texts, so each distinct text is parsed once. Returns the code of each distinct text
    (Float64, one of `allowed`; missing when empty or a problem) and each row's distinct text, for `_spread`.
    """
    positions, distinct = pd.factorize(raw)
    text = pd.Series(distinct, dtype=object).str.strip()
    by_label = text.map(lambda t: labels.get(normalise(t)) if t else None).astype("Float64")
    parsed = by_label.fillna(pd.to_numeric(text.str.replace(",", ".", regex=False), errors="coerce").astype("Float64"))
    blank = (text == "").to_numpy()
    bad = ~blank & ~parsed.isin(allowed).fillna(False).to_numpy(dtype=bool)
    _add_problems(raw, distinct, positions, bad, expected, fix, problems)
    return parsed.where(~blank & ~bad), positions


def _integer(codes: pd.Series, declared: tuple[int, ...], smallest: str = "Int8") -> pd.Series:
    """`codes` (whole numbers among `declared`, or missing) in the smallest nullable integer type from `smallest` up
    that holds every declared code: small files, and no code ever cut to another value (Int8 would make 301 45)."""
    fits = (name for name in INTEGER_TYPES[INTEGER_TYPES.index(smallest):]
            if all(np.iinfo(name.lower()).min <= code <= np.iinfo(name.lower()).max for code in declared))
    return codes.astype(next(fits, "Int64"))


def _spread(distinct: pd.Series, positions: np.ndarray, like: pd.Series) -> pd.Series:
    """Values per distinct text spread to the rows (`positions` from pd.factorize), with the index and name of
    `like`."""
    return pd.Series(distinct.array.take(positions), index=like.index, name=like.name)


def _add_problems(raw: pd.Series, distinct, positions: np.ndarray, bad: np.ndarray, expected: str, fix: str,
                  problems: list[Problem]) -> None:
    """A problem for every row whose distinct text (`distinct[positions[row]]`) is `bad`."""
    rows = np.flatnonzero(bad[positions])
    problems += [Problem(int(raw.index[i]) + 2, str(raw.name), distinct[positions[i]], expected, fix) for i in rows]


def _example_label(levels: tuple[Level, ...], language: str) -> str:
    label = levels[-1].label
    return label.get(language) or next(iter(label.values()))


def _describe_codes(scale: Scale, language: str) -> str:
    parts = [f"one of {', '.join(map(str, scale.codes))}"]
    if scale.dont_know_codes:
        parts.append(f"don't know {', '.join(map(str, scale.dont_know_codes))}")
    if scale.missing_codes:
        parts.append(f"declared missing {', '.join(map(str, scale.missing_codes))}")
    return ("; ".join(parts) + f", or empty (or a label of scale {scale.name}, e.g. "
            f"{quoted(_example_label(scale.levels, language))})")


def _match_columns(raw: pd.DataFrame, codebook: Codebook, source: str) -> dict[str, str]:
    """raw column -> codebook column, names compared normalised, aliases included. File-level errors raise."""
    by_name: dict[str, list[str]] = {}
    for column in raw.columns:
        by_name.setdefault(normalise(column), []).append(column)
    mapping: dict[str, str] = {}
    missing, ambiguous = [], []
    for column, aliases in codebook.aliases.items():
        found = [rc for name in dict.fromkeys(normalise(n) for n in (column, *aliases)) for rc in by_name.get(name, [])]
        if not found:
            missing.append(column)
        elif len(found) > 1:
            ambiguous.append(f"{quoted(column)} matches {', '.join(quoted(f) for f in found)}")
        else:
            mapping[found[0]] = column
    if missing:
        raise LikertpipeError(
            f"{source}: required column(s) missing: {', '.join(missing)} (the codebook {codebook.source} declares "
            f"them; the file has: {names_list(raw.columns)}){_sheet_note(raw)}. Fix: rename the columns in the export "
            "or the codebook, or add the export's name under the column's aliases in the codebook."
        )
    if ambiguous:
        raise LikertpipeError(
            f"{source}: row 1 has more than one column for: {'; '.join(ambiguous)} (names are compared ignoring case "
            "and spacing, aliases included). Fix: remove or rename the repeats."
        )
    return mapping


def names_list(names, limit: int = MAX_NAMES_SHOWN) -> str:
    """Names quoted and comma-separated, the first `limit` of them and how many more."""
    names = list(names)
    shown = ", ".join(quoted(n) for n in names[:limit])
    return shown + (f", ... and {len(names) - limit:,} more" if len(names) > limit else "")


def _sheet_note(raw: pd.DataFrame) -> str:
    """For a workbook's sheet (io.read_export records it in `raw.attrs`): which sheet was read, the sheets of
    the workbook, and the config option that picks another."""
    sheets = raw.attrs.get("sheets")
    if not sheets:
        return ""
    return (f" (read from sheet {quoted(raw.attrs['sheet'])}; the workbook's sheets: {names_list(sheets)}; if the "
            "answers are on another sheet, set the study's 'sheet:' in the config to its name or number, "
            "counted from 0)")


def clean(raw: pd.DataFrame, codebook: Codebook, source: str,
          max_problems: int = MAX_PROBLEMS_SHOWN) -> tuple[pd.DataFrame, list[str]]:
    """Validate `raw` (text cells as read by io.read_export) and return (processed frame, warnings).

    All problems of the file are collected and raised together as one LikertpipeError.
    """
    result = clean_rows(raw, codebook, source, on_invalid="fail", max_problems=max_problems)
    return result.data, result.warnings


def clean_rows(raw: pd.DataFrame, codebook: Codebook, source: str, on_invalid: str = "fail",
               max_problems: int = MAX_PROBLEMS_SHOWN) -> Cleaned:
    """Validate `raw` under a policy: "fail" raises all problems together; "quarantine" sets the rows with
    problems aside (raw cells plus `row` and `reason`) and keeps the valid rows. File-level problems (no rows,
    missing columns) always raise."""
    if on_invalid not in POLICIES:
        raise LikertpipeError(f"config: on_invalid is {quoted(on_invalid)}; use one of {', '.join(POLICIES)}.")
    if raw.empty:
        raise LikertpipeError(f"{source}: the file has a header but no answers{_sheet_note(raw)}. Export the "
                              "responses again.")
    mapping = _match_columns(raw, codebook, source)
    ignored = [c for c in raw.columns if c not in mapping]
    warnings = [f"column {quoted(c)} is not in the codebook and was ignored" for c in ignored[:MAX_NAMES_SHOWN]]
    if len(ignored) > MAX_NAMES_SHOWN:
        warnings.append(f"... and {len(ignored) - MAX_NAMES_SHOWN:,} more columns not in the codebook were ignored")
    frame = raw[list(mapping)].rename(columns=mapping)
    language = codebook.language
    problems: list[Problem] = []
    out: dict[str, pd.Series] = {}

    ids = frame[codebook.id_column].str.strip()
    _check_ids(ids, problems)
    out[codebook.id_column] = ids.astype("string")

    for item in codebook.items:
        scale = item.scale
        column, declared = frame[item.column], scale.codes + scale.dont_know_codes + scale.missing_codes
        codes, rows = _codes(column, declared, label_codes(scale.levels + scale.dont_know + scale.missing),
                             _describe_codes(scale, language),
                             f"correct the answer, or declare the code under scales.{scale.name} in the codebook "
                             "(labels of any language are accepted too)",
                             problems)
        out[item.column] = _spread(_integer(codes.where(codes.isin(scale.codes)), scale.codes), rows, column)
        out[f"{item.column}_code"] = _spread(_integer(codes, declared, "Int16"), rows, column)
    for factor in codebook.factors:
        allowed = factor.codes + tuple(lv.code for lv in factor.missing)
        expected = (f"one of {', '.join(map(str, allowed))}, or empty (or a level's label, e.g. "
                    f"{quoted(_example_label(factor.levels, language))})")
        column = frame[factor.column]
        codes, rows = _codes(column, allowed, label_codes(factor.levels + factor.missing), expected,
                             f"correct the code, or add the level to factor {factor.column} in the codebook",
                             problems)
        out[factor.column] = _spread(_integer(codes.where(codes.isin(factor.codes)), factor.codes), rows, column)
    for cov in codebook.covariates:
        out[cov.column] = _covariate(frame[cov.column], cov.min, cov.max, problems)
    for question in codebook.yes_no:
        scale = question.scale
        column, declared = frame[question.column], scale.codes + scale.dont_know_codes + scale.missing_codes
        codes, rows = _codes(column, declared, label_codes(scale.levels + scale.dont_know + scale.missing),
                             _describe_codes(scale, language), f"correct the answer to a code of scale {scale.name}",
                             problems)
        out[question.column] = _spread(_integer(codes, declared), rows, column)
    for text_field in codebook.open_text:
        typed = frame[text_field.column].str.strip()
        out[text_field.column] = typed.where(typed != "").astype("string")

    data = pd.DataFrame(out)
    problems.sort(key=lambda p: (p.row or 0, p.column))
    quarantine = pd.DataFrame(columns=["row", *map(str, raw.columns), "reason"], dtype="string")
    if problems and on_invalid == "fail":
        raise problems_error(source, problems, max_problems)
    if problems:
        reasons: dict[int, list[str]] = {}
        for p in problems:
            reasons.setdefault(p.row, []).append(p.where())
        bad = [row - 2 for row in reasons]
        if len(bad) == len(raw):
            raise LikertpipeError(
                f"{source}: every row has a problem, so no valid row is left to analyse (on_invalid: quarantine). "
                f"Fix the problems and rerun:\n" + "\n".join(str(p) for p in problems[:max_problems])
            )
        quarantine = raw.loc[bad].astype("string")
        quarantine.insert(0, "row", pd.array([row for row in reasons], dtype="Int64"))
        quarantine["reason"] = ["; ".join(reasons[row]) for row in reasons]
        quarantine = quarantine.reset_index(drop=True)
        data = data.drop(index=bad).reset_index(drop=True)
        warnings.append(f"{len(bad)} row(s) with problems were quarantined (on_invalid: quarantine) and left out: "
                        f"rows {', '.join(str(r) for r in reasons)}")
    for item in codebook.items:
        if data[item.column].isna().all():
            warnings.append(f"item '{item.column}' has no valid answer")
    return Cleaned(data, warnings, quarantine)


def factor_warnings(data: pd.DataFrame, codebook: Codebook) -> list[str]:
    """A warning per compared factor with fewer than two levels present: its Kruskal-Wallis tests give NaN."""
    warnings = []
    for factor in codebook.compared_factors:
        present = sorted(int(c) for c in data[factor.column].dropna().unique())
        if len(present) < 2:
            shown = ", ".join(map(str, present)) or "none"
            warnings.append(f"factor '{factor.column}' has fewer than two levels present (levels: {shown}); its "
                            "Kruskal-Wallis tests are skipped (NaN)")
    return warnings


def _check_ids(ids: pd.Series, problems: list[Problem]) -> None:
    """A problem per empty id and per repeat of an id (naming the row of its first occurrence)."""
    positions, distinct = pd.factorize(ids)
    rows = np.arange(len(ids))
    first = np.full(len(distinct), len(ids))
    np.minimum.at(first, positions, rows)
    for i in np.flatnonzero((distinct == "")[positions]):
        problems.append(Problem(int(ids.index[i]) + 2, str(ids.name), "", "a respondent id", "fill in the id"))
    for i in np.flatnonzero((first[positions] != rows) & (distinct != "")[positions]):
        problems.append(Problem(int(ids.index[i]) + 2, str(ids.name), ids.iloc[i],
                                f"a unique id (also on row {int(ids.index[first[positions[i]]]) + 2})",
                                "remove the duplicate response or correct its id"))


def _covariate(raw: pd.Series, low: float | None, high: float | None, problems: list[Problem]) -> pd.Series:
    """Parse numbers as typed (see _NUMBER), each distinct text once; out of [low, high] is a problem."""
    positions, distinct = pd.factorize(raw)
    text = pd.Series(distinct).str.strip()
    blank = text == ""
    well_formed = text.str.match(_NUMBER)
    digits = text.str.replace(_SPACES, "", regex=True).str.replace(",", ".", regex=False)
    number = pd.to_numeric(digits.where(well_formed, ""), errors="coerce")
    in_range = well_formed & np.isfinite(number)
    if low is not None:
        in_range &= number >= low
    if high is not None:
        in_range &= number <= high
    expected = "a number" + (f" from {low}" if low is not None else "") + (f" to {high}" if high is not None else "")
    _add_problems(raw, distinct, positions, (~blank & ~in_range).to_numpy(dtype=bool), expected,
            "correct the value (digits, '.' or ',' as decimal mark, spaces between thousands) or leave it empty",
            problems)
    return _spread(number.where(in_range).astype("Float64"), positions, raw)


def status_counts(data: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """Per item, how many answers are valid, don't know, declared missing and empty (answers.status_counts)."""
    rows = [{"item": item.column, **answers.item_status_counts(data, item).as_row()} for item in codebook.items]
    return pd.DataFrame(rows, columns=["item", *STATUSES])


def comment_summary(data: pd.DataFrame, codebook: Codebook) -> tuple[int, int]:
    """(respondents with at least one comment, non-empty comments in total) over comment fields."""
    columns = [f.column for f in codebook.open_text if f.comment]
    answered = data[columns].notna()
    return int(answered.any(axis=1).sum()), int(answered.to_numpy().sum())
