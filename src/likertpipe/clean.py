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
from collections import Counter
from dataclasses import dataclass, field, replace

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
# Cell texts that statistics packages, spreadsheets and databases write for "no value" (compared normalised): a
# cell holding one that the codebook's na_values do not list gets a message saying how to declare it.
MISSING_MARKERS = frozenset({"na", "n/a", "#n/a", ".", "nan", "null", "none", "#null!", "-", "--", "<na>", "n.a.",
                             "missing", "#na", "na.", "n/a."})


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
    """The result of cleaning: the processed rows, warnings, the quarantined raw rows (`row`, `reason`), and how
    the export was read (`reading`: its layout, the platform metadata columns dropped at reading, and per column
    the cells read as empty because they hold one of the codebook's na_values)."""

    data: pd.DataFrame
    warnings: list[str]
    quarantine: pd.DataFrame = field(default_factory=pd.DataFrame)
    reading: Reading = field(default_factory=lambda: Reading())


@dataclass
class Reading:
    """How an export was read: its header layout (io.read_export), the metadata columns dropped at reading (names
    only), and per column, per na_values text, how many cells were read as empty."""

    layout: str = "plain"
    header_rows: int = 1
    dropped: list[str] = field(default_factory=list)
    na_cells: dict[str, Counter] = field(default_factory=dict)

    def count_na(self, column: str, texts, counts) -> None:
        found = self.na_cells.setdefault(column, Counter())
        for text, count in zip(texts, counts, strict=True):
            found[str(text)] += int(count)


class _Markers:
    """The codebook's na_values: which cells read as empty, counted per column into `reading`."""

    def __init__(self, values: tuple[str, ...], reading: Reading):
        self.values = frozenset(values)
        self.reading = reading

    def hits(self, column: str, text: pd.Series, positions: np.ndarray, keep: np.ndarray | None = None) -> np.ndarray:
        """Which distinct texts (`text`, stripped; `positions` from pd.factorize) are markers, unless `keep`
        (a label of the column's levels); their cells are counted."""
        hit = text.isin(self.values).to_numpy(dtype=bool) if self.values else np.zeros(len(text), dtype=bool)
        if keep is not None:
            hit = hit & ~keep
        if hit.any():
            rows = np.bincount(positions[positions >= 0], minlength=len(text))
            self.reading.count_na(column, text[hit], rows[hit])
        return hit


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
           problems: list[Problem], markers: _Markers) -> tuple[pd.Series, np.ndarray]:
    """Parse integer codes or label texts; empty cells and `markers` (na_values that are no label) become missing;
    anything else is a problem.

    Answers take few distinct texts, so each distinct text is parsed once. Returns the code of each distinct text
    (Float64, one of `allowed`; missing when empty or a problem) and each row's distinct text, for `_spread`.
    """
    positions, distinct = pd.factorize(raw)
    text = pd.Series(distinct, dtype=object).str.strip()
    by_label = text.map(lambda t: labels.get(normalise(t)) if t else None).astype("Float64")
    parsed = by_label.fillna(pd.to_numeric(text.str.replace(",", ".", regex=False), errors="coerce").astype("Float64"))
    blank = (text == "").to_numpy() | markers.hits(str(raw.name), text, positions, by_label.notna().to_numpy())
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
        dropped = {normalise(name): name for name in raw.attrs.get("dropped_metadata", [])}
        metadata = [dropped[normalise(n)] for column in missing for n in (column, *codebook.aliases[column])
                    if normalise(n) in dropped]
        note = (f" Column(s) {names_list(metadata)} were dropped at reading as survey-platform metadata (times, "
                "IP address, location, the respondent's name or e-mail: personal data the analysis never needs); "
                "to keep every column, set layout: plain in the codebook." if metadata else "")
        raise LikertpipeError(
            f"{source}: required column(s) missing: {', '.join(missing)} (the codebook {codebook.source} declares "
            f"them; the file has: {names_list(raw.columns)}){_sheet_note(raw)}. Fix: rename the columns in the export "
            f"or the codebook, or add the export's name under the column's aliases in the codebook.{note}"
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
    missing columns) always raise.

    Row numbers are the spreadsheet's: the first answer is on the row after the header rows (`raw.attrs`
    "header_rows", 1 unless io.read_export found a platform's multi-row header). Cells holding one of the
    codebook's `na_values` are read as empty (counted in `Cleaned.reading`). Without an id column
    (`id_column: null`), each respondent's id is their row number.
    """
    if on_invalid not in POLICIES:
        raise LikertpipeError(f"config: on_invalid is {quoted(on_invalid)}; use one of {', '.join(POLICIES)}.")
    if raw.empty:
        raise LikertpipeError(f"{source}: the file has a header but no answers{_sheet_note(raw)}. Export the "
                              "responses again.")
    reading = Reading(raw.attrs.get("layout", "plain"), int(raw.attrs.get("header_rows", 1)),
                      list(raw.attrs.get("dropped_metadata", [])))
    if reading.header_rows != 1:  # index + 2 is the spreadsheet row everywhere below
        raw = raw.set_axis(pd.RangeIndex(reading.header_rows - 1, reading.header_rows - 1 + len(raw)))
    markers = _Markers(codebook.na_values, reading)
    mapping = _match_columns(raw, codebook, source)
    ignored = [c for c in raw.columns if c not in mapping]
    warnings = list(codebook.notes)
    warnings += [f"column {quoted(c)} is not in the codebook and was ignored" for c in ignored[:MAX_NAMES_SHOWN]]
    if len(ignored) > MAX_NAMES_SHOWN:
        warnings.append(f"... and {len(ignored) - MAX_NAMES_SHOWN:,} more columns not in the codebook were ignored")
    frame = raw[list(mapping)].rename(columns=mapping)
    language = codebook.language
    problems: list[Problem] = []
    out: dict[str, pd.Series] = {}

    if codebook.row_ids:
        out[codebook.id_column] = pd.Series((frame.index + 2).astype(str), index=frame.index, dtype="string")
    else:
        ids = frame[codebook.id_column].str.strip()
        ids = ids.where(~_marker_cells(ids, codebook.id_column, markers), "")
        _check_ids(ids, problems)
        out[codebook.id_column] = ids.astype("string")

    for item in codebook.items:
        scale = item.scale
        column, declared = frame[item.column], scale.codes + scale.dont_know_codes + scale.missing_codes
        codes, rows = _codes(column, declared, label_codes(scale.levels + scale.dont_know + scale.missing),
                             _describe_codes(scale, language),
                             f"correct the answer, or declare the code under scales.{scale.name} in the codebook "
                             "(labels of any language are accepted too)",
                             problems, markers)
        out[item.column] = _spread(_integer(codes.where(codes.isin(scale.codes)), scale.codes), rows, column)
        out[f"{item.column}_code"] = _spread(_integer(codes, declared, "Int16"), rows, column)
    for factor in codebook.factors:
        if factor.derived is not None:
            continue
        allowed = factor.codes + tuple(lv.code for lv in factor.missing)
        expected = (f"one of {', '.join(map(str, allowed))}, or empty (or a level's label, e.g. "
                    f"{quoted(_example_label(factor.levels, language))})")
        column = frame[factor.column]
        codes, rows = _codes(column, allowed, label_codes(factor.levels + factor.missing), expected,
                             f"correct the code, or add the level to factor {factor.column} in the codebook",
                             problems, markers)
        out[factor.column] = _spread(_integer(codes.where(codes.isin(factor.codes)), factor.codes), rows, column)
    for cov in codebook.covariates:
        out[cov.column] = _covariate(frame[cov.column], cov.min, cov.max, problems, markers)
    for question in codebook.yes_no:
        if question.derived is not None:
            continue
        scale = question.scale
        column, declared = frame[question.column], scale.codes + scale.dont_know_codes + scale.missing_codes
        codes, rows = _codes(column, declared, label_codes(scale.levels + scale.dont_know + scale.missing),
                             _describe_codes(scale, language), f"correct the answer to a code of scale {scale.name}",
                             problems, markers)
        out[question.column] = _spread(_integer(codes, declared), rows, column)
    for text_field in codebook.open_text:
        typed = frame[text_field.column].str.strip()
        typed = typed.where(~_marker_cells(typed, text_field.column, markers), "")
        out[text_field.column] = typed.where(typed != "").astype("string")

    out |= derived_columns(pd.DataFrame(out), codebook)
    data = pd.DataFrame(out)
    problems = [_marker_advice(p, codebook.na_values) for p in problems]
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
        data = data.drop(index=bad)
        warnings.append(f"{len(bad)} row(s) with problems were quarantined (on_invalid: quarantine) and left out: "
                        f"rows {', '.join(str(r) for r in reasons)}")
    data = data.reset_index(drop=True)
    for item in codebook.items:
        if data[item.column].isna().all():
            warnings.append(f"item '{item.column}' has no valid answer")
    return Cleaned(data, warnings, quarantine, reading)


def derived_columns(data: pd.DataFrame, codebook: Codebook) -> dict[str, pd.Series]:
    """The derived factors and yes/no questions of the codebook (`codebook.Derivation`), from the processed
    columns they are computed from, typed as the export's factors and yes/no questions are:

    - `any_of`: the yes code where any source question is answered yes, the no code where every one is answered
      no (a level of its scale), missing otherwise (no yes, and a don't-know, declared missing or empty answer);
    - `text_in`: the yes code where the open-text answer is one of the texts (normalised), the no code where it is
      another answer, missing where it is empty;
    - `recode`: the level whose `from` lists the source factor's level; missing for a code in no `from` and for
      respondents without a level;
    - `cut`: the band [previous bound, below) holding the covariate's value, the last band open-ended; missing
      when the value is.
    """
    out: dict[str, pd.Series] = {}
    for question in codebook.yes_no:
        rule = question.derived
        if rule is None:
            continue
        if rule.kind == "text_in":
            given = data[rule.sources[0]].astype("string").fillna("").map(normalise)
            yes, answered = given.isin(rule.mapping), given != ""
        else:
            sources = {q.column: q for q in codebook.yes_no}
            yes = pd.Series(False, index=data.index)
            answered = pd.Series(True, index=data.index)
            for name in rule.sources:
                source, column = sources[name], data[name]
                yes |= (column == source.yes_code).fillna(False).astype(bool)
                answered &= column.isin(source.scale.codes).fillna(False).astype(bool)
        codes = pd.Series(np.where(yes, question.yes_code, np.where(answered, question.no_code, np.nan)),
                          index=data.index, dtype="Float64")
        scale = question.scale
        out[question.column] = _integer(codes, scale.codes + scale.dont_know_codes + scale.missing_codes)
    for factor in codebook.factors:
        rule = factor.derived
        if rule is None:
            continue
        (name,) = rule.sources
        if rule.kind == "recode":
            mapping = {code: level.code for level, codes in zip(factor.levels, rule.mapping, strict=True)
                       for code in codes}
            codes = data[name].astype("Float64").map(mapping.get, na_action="ignore").astype("Float64")
        else:
            value = data[name].astype("Float64")
            bounds = np.asarray(rule.mapping[:-1], dtype=float)
            band = np.searchsorted(bounds, value.to_numpy(dtype=float, na_value=np.nan), side="right")
            level_codes = np.asarray(factor.codes, dtype=float)
            codes = pd.Series(level_codes[np.minimum(band, len(level_codes) - 1)], index=data.index,
                              dtype="Float64").where(value.notna())
        out[factor.column] = _integer(codes, factor.codes)
    return out


def _marker_cells(cells: pd.Series, column: str, markers: _Markers) -> pd.Series:
    """Which of the (stripped) cells of a text column hold one of the na_values; counted."""
    hit = cells.isin(markers.values) if markers.values else pd.Series(False, index=cells.index)
    if hit.any():
        counts = cells[hit].value_counts(sort=False)
        markers.reading.count_na(column, counts.index, counts.to_numpy())
    return hit


def _marker_advice(problem: Problem, na_values: tuple[str, ...]) -> Problem:
    """A problem whose value looks like a missing-value marker (R's NA, Stata's ".", #N/A, NULL ...) that the
    codebook's na_values do not list, with the fix saying how to declare it."""
    value = problem.value.strip()
    if normalise(value) not in MISSING_MARKERS and normalise(value) not in {normalise(v) for v in na_values}:
        return problem
    listed = ", ".join(quoted(v) for v in na_values) or "none"
    wanted = ", ".join(quoted(v) for v in dict.fromkeys((*na_values, value)))
    return replace(problem, fix=(f"{quoted(value)} looks like a missing-value marker (as R writes NA, Stata '.', "
                                 f"a spreadsheet '#N/A'), but it is not one of the codebook's na_values ({listed}). "
                                 f"If it means no answer, declare it: na_values: [{wanted}]; otherwise "
                                 f"{problem.fix}"))


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
                                "remove the duplicate response or correct its id (if this column is no respondent "
                                "id, set id_column: null in the codebook to number the rows instead)"))


def _covariate(raw: pd.Series, low: float | None, high: float | None, problems: list[Problem],
               markers: _Markers) -> pd.Series:
    """Parse numbers as typed (see _NUMBER), each distinct text once; out of [low, high] is a problem; empty cells and
    na_values are missing."""
    positions, distinct = pd.factorize(raw)
    text = pd.Series(distinct).str.strip()
    blank = (text == "") | markers.hits(str(raw.name), text, positions)
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
