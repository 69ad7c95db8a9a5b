"""Turn a raw export (text cells) into typed, validated codes, checked against the codebook.

Processed layout, one row per respondent:
- the id column, as text;
- per item `<column>`: the substantive answer (nullable Int8), missing unless the answer is a scale level;
  and `<column>_code`: the code as answered (nullable Int16; don't-know and declared missing codes kept,
  missing when the cell was empty). Don't know, declared missing and empty thus stay three distinct states;
- per factor: the level code (nullable Int8), missing for declared missing codes and empty cells;
- per covariate: the number (Float64); per yes/no question: the code (nullable Int8);
- per open-text column: the text (missing when empty).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from likertpipe.codebook import Codebook, Scale
from likertpipe.errors import LikertpipeError
from likertpipe.tables import to_markdown

MAX_PROBLEMS_SHOWN = 50
STATUSES = ("valid", "dont_know", "declared_missing", "blank")


@dataclass(frozen=True)
class Problem:
    row: int | None  # row number as the user sees it in a spreadsheet: header is row 1
    column: str
    value: str
    expected: str
    fix: str

    def __str__(self) -> str:
        where = f"row {self.row}, column '{self.column}'" if self.row else f"column '{self.column}'"
        value = f": value '{self.value}'" if self.value else ""
        return f"- {where}{value}: expected {self.expected}. Fix: {self.fix}"


def problems_error(source: str, problems: list[Problem]) -> LikertpipeError:
    shown = "\n".join(str(p) for p in problems[:MAX_PROBLEMS_SHOWN])
    more = len(problems) - MAX_PROBLEMS_SHOWN
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


def _codes(raw: pd.Series, allowed: tuple[int, ...], expected: str, fix: str, problems: list[Problem]) -> pd.Series:
    """Parse integer codes; empty cells become missing; anything not in `allowed` is a problem."""
    text = raw.str.strip()
    blank = text == ""
    number = pd.to_numeric(text.str.replace(",", ".", regex=False), errors="coerce")
    bad = ~blank & ~number.isin(allowed)
    for idx in raw.index[bad]:
        problems.append(Problem(int(idx) + 2, str(raw.name), raw[idx], expected, fix))
    return number.where(~blank & ~bad).astype("Int16")


def _describe_codes(scale: Scale) -> str:
    parts = [f"one of {', '.join(map(str, scale.codes))}"]
    if scale.dont_know_codes:
        parts.append(f"don't know {', '.join(map(str, scale.dont_know_codes))}")
    if scale.missing_codes:
        parts.append(f"declared missing {', '.join(map(str, scale.missing_codes))}")
    return "; ".join(parts) + ", or empty"


def clean(raw: pd.DataFrame, codebook: Codebook, source: str) -> tuple[pd.DataFrame, list[str]]:
    """Validate `raw` (text cells as read by io.read_export) and return (processed frame, warnings).

    All problems of the file are collected and raised together as one LikertpipeError.
    """
    if raw.empty:
        raise LikertpipeError(f"{source}: the file has a header but no answers. Export the responses again.")
    missing = [c for c in codebook.columns if c not in raw.columns]
    if missing:
        raise LikertpipeError(
            f"{source}: required column(s) missing: {', '.join(missing)} (the codebook {codebook.source} declares "
            f"them; the file has: {', '.join(raw.columns)}). Fix: rename the columns in the export or the codebook."
        )
    warnings = [
        f"column '{c}' is not in the codebook and was ignored" for c in raw.columns if c not in codebook.columns
    ]
    problems: list[Problem] = []
    out: dict[str, pd.Series] = {}

    ids = raw[codebook.id_column].str.strip()
    for idx in ids.index[ids == ""]:
        problems.append(Problem(int(idx) + 2, codebook.id_column, "", "a respondent id", "fill in the id"))
    duplicated = ids.duplicated(keep="first") & (ids != "")
    for idx in ids.index[duplicated]:
        first = int(ids.index[ids == ids[idx]][0]) + 2
        problems.append(Problem(int(idx) + 2, codebook.id_column, ids[idx], f"a unique id (also on row {first})",
                                "remove the duplicate response or correct its id"))
    out[codebook.id_column] = ids.astype("string")

    for item in codebook.items:
        scale = item.scale
        codes = _codes(raw[item.column], scale.codes + scale.dont_know_codes + scale.missing_codes,
                       _describe_codes(scale),
                       f"correct the answer, or declare the code under scales.{scale.name} in the codebook",
                       problems)
        out[item.column] = codes.where(codes.isin(scale.codes)).astype("Int8")
        out[f"{item.column}_code"] = codes
    for factor in codebook.factors:
        allowed = factor.codes + tuple(lv.code for lv in factor.missing)
        codes = _codes(raw[factor.column], allowed, f"one of {', '.join(map(str, allowed))}, or empty",
                       f"correct the code, or add the level to factor {factor.column} in the codebook", problems)
        out[factor.column] = codes.where(codes.isin(factor.codes)).astype("Int8")
    for cov in codebook.covariates:
        out[cov.column] = _covariate(raw[cov.column], cov.min, cov.max, problems)
    for question in codebook.yes_no:
        scale = question.scale
        codes = _codes(raw[question.column], scale.codes + scale.dont_know_codes + scale.missing_codes,
                       _describe_codes(scale), f"correct the answer to a code of scale {scale.name}", problems)
        out[question.column] = codes.astype("Int8")
    for field in codebook.open_text:
        answers = raw[field.column].str.strip()
        out[field.column] = answers.where(answers != "").astype("string")

    if problems:
        raise problems_error(source, sorted(problems, key=lambda p: (p.row or 0, p.column)))
    for item in codebook.items:
        if out[item.column].isna().all():
            warnings.append(f"item '{item.column}' has no valid answer")
    return pd.DataFrame(out), warnings


def _covariate(raw: pd.Series, low: float | None, high: float | None, problems: list[Problem]) -> pd.Series:
    text = raw.str.strip().str.replace(" ", "", regex=False)
    blank = text == ""
    number = pd.to_numeric(text, errors="coerce")
    in_range = np.isfinite(number)
    if low is not None:
        in_range &= number >= low
    if high is not None:
        in_range &= number <= high
    expected = "a number" + (f" from {low}" if low is not None else "") + (f" to {high}" if high is not None else "")
    for idx in raw.index[~blank & ~in_range]:
        problems.append(Problem(int(idx) + 2, str(raw.name), raw[idx], expected,
                                "correct the value (digits only, '.' as decimal mark) or leave it empty"))
    return number.where(in_range).astype("Float64")


def status_counts(data: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """Per item, how many answers are valid, don't know, declared missing and empty."""
    rows = []
    for item in codebook.items:
        counts = item_status(data[f"{item.column}_code"], item.scale).value_counts()
        rows.append({"item": item.column, **{s: int(counts.get(s, 0)) for s in STATUSES}})
    return pd.DataFrame(rows, columns=["item", *STATUSES])


def cleaning_report(data: pd.DataFrame, codebook: Codebook, warnings: list[str],
                    inputs: dict[str, tuple[str, str]]) -> str:
    """Markdown summary of a cleaning run: inputs with SHA-256, warnings, answer states, level counts and
    open-text counts (never the text itself)."""
    lines = [f"# Cleaning report: {codebook.study_id}", "", "## Inputs", ""]
    lines += [f"- {role}: `{name}` (SHA-256 `{digest}`)" for role, (name, digest) in inputs.items()]
    lines += ["", f"Respondents: {len(data)}. Columns used: {len(codebook.columns)}.", "", "## Warnings", ""]
    lines += [f"- {w}" for w in warnings] or ["None."]
    lines += ["", "## Answers per item", "",
              "valid: a scale level; dont_know: a don't-know code; declared_missing: another declared missing code; "
              "blank: no answer. Only valid answers enter means, ranks and correlations.", "",
              to_markdown(status_counts(data, codebook)), "## Factor levels", ""]
    for factor in codebook.factors:
        counts = data[factor.column].value_counts()
        cells = ", ".join(f"{code}: {int(counts.get(code, 0))}" for code in factor.codes)
        lines.append(f"- {factor.column}: {cells}; missing: {int(data[factor.column].isna().sum())}")
    if codebook.open_text:
        with_comment, comments = comment_summary(data, codebook)
        lines += ["", "## Open text (counts only)", "",
                  f"Respondents with at least one comment: {with_comment}. Comments in total: {comments}.", ""]
        lines += [f"- {f.column}: {int(data[f.column].notna().sum())} answered" for f in codebook.open_text]
    return "\n".join(lines) + "\n"


def comment_summary(data: pd.DataFrame, codebook: Codebook) -> tuple[int, int]:
    """(respondents with at least one comment, non-empty comments in total) over comment fields."""
    columns = [f.column for f in codebook.open_text if f.comment]
    answered = data[columns].notna()
    return int(answered.any(axis=1).sum()), int(answered.to_numpy().sum())
