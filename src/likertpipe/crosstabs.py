"""Every variable overall and by a factor, with its test: the sample table ("Table 1"), the yes/no table and the
item-by-factor table.

The tables hold codes only (column names, level codes, test names, reasons); labels and words are attached at
render time. Conventions:

- counts of respondents; a factor's respondents without a level (declared missing or empty) are a row of their
  own (`row_type` missing); `percent` is of all respondents of the group, `valid_percent` of those with a
  level;
- a covariate: n (values present), mean, SD (n - 1), median and quartiles by R's quantile type 6 (SPSS's
  default), IQR = q3 - q1, min, max (`describe.summary`); pairwise deletion, each row with its own n;
- a yes/no question: n counts yes and no answers; don't know (`n_dont_know`) and other missing answers are
  left out of n and counted in `n_missing` (respondents - n), as the item descriptives count them;
  `percent_yes` with the Wilson interval (`describe.wilson_interval`, R's prop.test(correct = FALSE));
- the test of a variable against a factor is over the respondents with both: Pearson's chi-square or Fisher's
  exact test with Cramér's V (`categorical.association`: Cochran's rule picks the test) for a factor or
  yes/no question, Kruskal-Wallis for a covariate (`count_statistics.kruskal_from_table`); groups nobody in the
  test answered are left out of it and listed in `dropped_levels`; p adjusted within the table (Holm and
  Benjamini-Hochberg, `multiplicity.add_adjusted`), one family of every test of the table; the levels the
  protection plan hides for the variable (`hidden`, `disclosure.Plan.hidden_levels`) are one group in the test
  (`disclosure.pool_hidden`), listed in `pooled_levels`. Test columns are repeated on every row of the variable
  (and factor) they test;
- a value that cannot be computed is empty with the reason in `note` (a row) or `test_note` (a test): no
  respondents in the group, no answers, too few (n < 2), one level, no variation (`categorical`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from likertpipe import categorical, count_statistics, tally
from likertpipe.codebook import Codebook, Factor
from likertpipe.describe import summary, wilson_interval
from likertpipe.disclosure import RESPONDENTS, HiddenLevels, pool_hidden, pooled_codes
from likertpipe.multiplicity import add_adjusted

FACTOR, COVARIATE, YES_NO = "factor", "covariate", "yes_no"
LEVEL, MISSING, SUMMARY = "level", "missing", "summary"  # row_type: a level, respondents without one, a summary
KRUSKAL_WALLIS = "kruskal_wallis"
NO_RESPONDENTS = "no_respondents"
BY_FACTOR = "by_factor"  # the factor the table is by: not tested against itself
TEST_COLUMNS = ["test", "statistic", "df", "p", "p_holm", "p_bh", "cramers_v", "n_test", "dropped_levels",
                "pooled_levels", "test_note"]
SAMPLE_COLUMNS = ["variable", "kind", "row_type", "level", "by", "group", "respondents", "n", "percent",
                  "valid_percent", "n_missing", "n_dont_know", "mean", "sd", "median", "q1", "q3", "iqr", "min",
                  "max", "n_yes", "percent_yes", "ci_low", "ci_high", "note", *TEST_COLUMNS]
YES_NO_COLUMNS = ["variable", "factor", "group", "respondents", "n", "n_yes", "percent_yes", "ci_low", "ci_high",
                  "n_dont_know", "n_missing", "note", *TEST_COLUMNS]
ITEM_BY_FACTOR_COLUMNS = ["item", "factor", "group", "code", "n_group", "count", "percent", *TEST_COLUMNS]
_INTEGERS = ["level", "group", "code", "respondents", "n", "n_missing", "n_dont_know", "n_yes", "n_group", "count",
             "df", "n_test"]


def counts(values: pd.Series, codes: tuple[int, ...], groups: pd.Series, group_codes: tuple[int, ...]
           ) -> np.ndarray:
    """Respondents per (value, group): rows `codes`, columns `group_codes`, over the respondents with both (a
    value or group not listed counts nowhere)."""
    rows, columns = tally.encode(values), tally.encode(groups)
    return listed(tally.crosstab(rows, columns), rows.values, codes, columns.values, group_codes)


def listed(table: np.ndarray, values: np.ndarray, codes: tuple[int, ...], group_values: np.ndarray,
           group_codes: tuple[int, ...]) -> np.ndarray:
    """A cross-table of the present `values` (rows) by `group_values` (columns), as the table of rows `codes`
    by columns `group_codes` (counts of values or groups not listed left out, listed ones absent are 0)."""
    out = np.zeros((len(codes), len(group_codes)), dtype=np.int64)
    row_of = {value: i for i, value in enumerate(values.tolist())}
    column_of = {value: j for j, value in enumerate(group_values.tolist())}
    rows = [(i, row_of[code]) for i, code in enumerate(codes) if code in row_of]
    columns = [(j, column_of[code]) for j, code in enumerate(group_codes) if code in column_of]
    if rows and columns:
        (to_rows, from_rows), (to_columns, from_columns) = zip(*rows, strict=True), zip(*columns, strict=True)
        out[np.ix_(to_rows, to_columns)] = table[np.ix_(from_rows, from_columns)]
    return out


def _association(table: np.ndarray, group_codes: tuple[int, ...], pooled: set[int]) -> dict:
    """The test columns of a table of values (rows) by groups (columns), before adjustment, the groups `pooled`
    one group in the test."""
    empty = [code for code, size in zip(group_codes, table.sum(axis=0), strict=True) if size == 0]
    result = categorical.association(pool_hidden(table, group_codes, pooled))
    return {"test": result.test, "statistic": result.statistic, "df": result.df, "p": result.p,
            "cramers_v": result.cramers_v, "n_test": result.n, "dropped_levels": " ".join(map(str, empty)),
            "pooled_levels": pooled_codes(pooled), "test_note": result.note}


def _kruskal(values: pd.Series, groups: pd.Series, factor: Factor, pooled: set[int]) -> dict:
    """Kruskal-Wallis of a covariate across the levels of `factor` (respondents with both; the levels `pooled`
    one group), from the table of counts of its distinct values by level
    (`count_statistics.kruskal_from_table`)."""
    level = groups.astype("Float64").where(groups.astype("Float64").isin(factor.codes))
    both = values.notna() & level.notna()
    table = tally.crosstab(tally.encode(values[both]), tally.encode(level[both]))
    present = tally.encode(level[both]).values.astype(int).tolist()
    result = count_statistics.kruskal_from_table(pool_hidden(table, present, pooled))
    why = count_statistics.why_undefined(result.n, result.k, int((table.sum(axis=1) > 0).sum()))
    why = categorical.TOO_FEW if why == "" and result.n < 2 else why
    return {"test": "" if why else KRUSKAL_WALLIS, "statistic": result.h, "df": result.df, "p": result.p,
            "cramers_v": np.nan, "n_test": result.n,
            "dropped_levels": " ".join(str(code) for code in factor.codes if code not in present),
            "pooled_levels": pooled_codes(pooled), "test_note": why}


def _untested(note: str) -> dict:
    return {"test": "", "statistic": np.nan, "df": np.nan, "p": np.nan, "cramers_v": np.nan, "n_test": pd.NA,
            "dropped_levels": "", "pooled_levels": "", "test_note": note}


def _pooling(hidden: HiddenLevels | None) -> HiddenLevels:
    return hidden or (lambda variable, factor: set())


FAMILY: list[str] = []
"""The family of every table's adjusted p: all its tests."""


def _adjusted(tests: pd.DataFrame) -> pd.DataFrame:
    """`p_holm` and `p_bh` over every test of the table (untested rows are no member)."""
    if tests.empty:
        return tests.assign(p_holm=np.nan, p_bh=np.nan)
    return add_adjusted(tests.reset_index(drop=True), FAMILY, ("holm", "bh"))


def _yes_no_row(codes: pd.Series, question) -> dict:
    """n (yes and no answers), yes, don't know, missing, percent yes and its Wilson interval of one group."""
    scale = question.scale
    n_yes = int((codes == question.yes_code).sum())
    n = int(codes.isin(scale.codes).sum())
    low, high = wilson_interval(n_yes, n)
    return {"respondents": len(codes), "n": n, "n_yes": n_yes, "percent_yes": 100 * n_yes / n if n else np.nan,
            "ci_low": 100 * low, "ci_high": 100 * high, "n_dont_know": int(codes.isin(scale.dont_know_codes).sum()),
            "n_missing": len(codes) - n, "note": _why_empty(len(codes), n)}


def _why_empty(respondents: int, n: int) -> str:
    return NO_RESPONDENTS if respondents == 0 else categorical.NO_ANSWERS if n == 0 else ""


def _covariate_row(values: pd.Series) -> dict:
    present = values.dropna().to_numpy(dtype=float)
    stat = summary(present)
    n = len(present)
    note = _why_empty(len(values), n) or (categorical.TOO_FEW if n < 2 else "")
    return {"respondents": len(values), "n": n, "percent": 100 * n / len(values) if len(values) else np.nan,
            "n_missing": len(values) - n, **{k: stat[k] for k in ("mean", "sd", "median", "q1", "q3", "iqr")},
            "min": float(present.min()) if n else np.nan, "max": float(present.max()) if n else np.nan,
            "note": note}


def _factor_rows(levels: pd.Series, factor: Factor) -> list[dict]:
    respondents = len(levels)
    valid = int(levels.isin(factor.codes).sum())
    rows = []
    for code in (*factor.codes, None):
        n = int((levels == code).sum()) if code is not None else respondents - valid
        rows.append({"row_type": LEVEL if code is not None else MISSING, "level": code, "respondents": respondents,
                     "n": n, "percent": 100 * n / respondents if respondents else np.nan,
                     "valid_percent": 100 * n / valid if code is not None and valid else np.nan,
                     "note": _why_empty(respondents, valid) if code is not None else _why_empty(respondents, 1)})
    return rows


def _typed(table: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    table = table.reindex(columns=columns)
    for column in _INTEGERS:
        if column in table:
            table[column] = table[column].astype("Float64").astype("Int64")
    for column in ("variable", "kind", "row_type", "by", "factor", "item", "note", "test", "dropped_levels",
                   "pooled_levels", "test_note"):
        if column in table:
            table[column] = table[column].fillna("").astype(str)
    return table


def sample_table(data: pd.DataFrame, book: Codebook, by: str | None = None, hidden: HiddenLevels | None = None
                 ) -> pd.DataFrame:
    """The sample characteristics (columns SAMPLE_COLUMNS): every factor (compared or not, derived ones too)
    with a row per level and one of its respondents without a level; every covariate (`row_type` summary);
    every yes/no question (summary). Rows for all respondents (`group` empty) and, with `by` (a factor's
    column), for each of its levels; the `by` factor itself only for all respondents. With `by`, each variable's
    test against it (module docstring), on every row of the variable."""
    by_factor = book.factor(by) if by is not None else None
    pool = _pooling(hidden)
    groups: list[tuple[int | None, pd.Series]] = [(None, pd.Series(True, index=data.index))]
    if by_factor is not None:
        groups += [(code, (data[by] == code).fillna(False).astype(bool)) for code in by_factor.codes]
    rows, tests = [], []
    for factor in book.factors:
        for group, members in groups:
            if group is not None and factor is by_factor:
                continue
            for row in _factor_rows(data.loc[members, factor.column], factor):
                rows.append({"variable": factor.column, "kind": FACTOR, "by": by or "", "group": group, **row})
        if by_factor is not None:
            test = _untested(BY_FACTOR) if factor is by_factor else _association(
                counts(data[factor.column], factor.codes, data[by], by_factor.codes), by_factor.codes,
                pool(RESPONDENTS, by))
            tests.append({"variable": factor.column, **test})
    for covariate in book.covariates:
        for group, members in groups:
            rows.append({"variable": covariate.column, "kind": COVARIATE, "row_type": SUMMARY, "by": by or "",
                         "group": group, **_covariate_row(data.loc[members, covariate.column].astype("Float64"))})
        if by_factor is not None:
            tests.append({"variable": covariate.column, **_kruskal(
                data[covariate.column].astype("Float64"), data[by], by_factor, pool(covariate.column, by))})
    for question in book.yes_no:
        for group, members in groups:
            rows.append({"variable": question.column, "kind": YES_NO, "row_type": SUMMARY, "by": by or "",
                         "group": group, **_yes_no_row(data.loc[members, question.column], question)})
        if by_factor is not None:
            tests.append({"variable": question.column, **_association(
                counts(data[question.column], (question.yes_code, question.no_code), data[by], by_factor.codes),
                by_factor.codes, pool(question.column, by))})
    table = pd.DataFrame(rows)
    if tests:
        table = table.merge(_adjusted(pd.DataFrame(tests)), on="variable", how="left")
    else:
        table = table.assign(**_untested(""))
    return _typed(table, SAMPLE_COLUMNS)


def yes_no_table(data: pd.DataFrame, book: Codebook, hidden: HiddenLevels | None = None) -> pd.DataFrame:
    """Every yes/no question (derived ones too) for all respondents (`factor` and `group` empty) and by each
    level of each compared factor (columns YES_NO_COLUMNS), with the chi-square or Fisher test and Cramér's V
    of the question against the factor on the factor's rows."""
    rows, tests = [], []
    for question in book.yes_no:
        rows.append({"variable": question.column, "factor": "", "group": None,
                     **_yes_no_row(data[question.column], question)})
        for factor in book.compared_factors:
            for code in factor.codes:
                members = (data[factor.column] == code).fillna(False).astype(bool)
                rows.append({"variable": question.column, "factor": factor.column, "group": code,
                             **_yes_no_row(data.loc[members, question.column], question)})
            tests.append({"variable": question.column, "factor": factor.column, **_association(
                counts(data[question.column], (question.yes_code, question.no_code), data[factor.column],
                       factor.codes), factor.codes, _pooling(hidden)(question.column, factor.column))})
    table = pd.DataFrame(rows).reindex(columns=YES_NO_COLUMNS[:YES_NO_COLUMNS.index("test")])
    if tests:
        table = table.merge(_adjusted(pd.DataFrame(tests)), on=["variable", "factor"], how="left")
    return _typed(table, YES_NO_COLUMNS)


def item_by_factor_table(data: pd.DataFrame, book: Codebook, hidden: HiddenLevels | None = None) -> pd.DataFrame:
    """Per item, compared factor, level (`group`) and answer code (the scale's levels): the valid answers of
    the level (`n_group`), how many gave the code and their percent (don't know and missing answers are left
    out: `answers.frequencies_by_factor` counts them), with the chi-square or Fisher test of the item's
    answers by the factor's levels and Cramér's V (columns ITEM_BY_FACTOR_COLUMNS)."""
    rows, tests = [], []
    tallies = tally.Tallies(data)  # every item x factor table in a few passes over the data
    tables = tallies.tables([(item.column, factor.column) for item in book.items for factor in book.compared_factors])
    for item in book.items:
        codes = item.scale.codes
        for factor in book.compared_factors:
            table = listed(tables[(item.column, factor.column)], tallies.encoded(item.column).values, codes,
                           tallies.encoded(factor.column).values, factor.codes)
            for j, group in enumerate(factor.codes):
                n_group = int(table[:, j].sum())
                for i, code in enumerate(codes):
                    rows.append({"item": item.column, "factor": factor.column, "group": group, "code": code,
                                 "n_group": n_group, "count": int(table[i, j]),
                                 "percent": 100 * table[i, j] / n_group if n_group else np.nan})
            tests.append({"item": item.column, "factor": factor.column,
                          **_association(table, factor.codes, _pooling(hidden)(item.column, factor.column))})
    frame = pd.DataFrame(rows).reindex(columns=ITEM_BY_FACTOR_COLUMNS[:ITEM_BY_FACTOR_COLUMNS.index("test")])
    if tests:
        frame = frame.merge(_adjusted(pd.DataFrame(tests)), on=["item", "factor"], how="left")
    return _typed(frame, ITEM_BY_FACTOR_COLUMNS)
