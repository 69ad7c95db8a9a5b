"""Applying the protection plan (`disclosure`) to a result table: the only way a table reaches results/.

Every table name has a rule here that maps its rows to the plan's cells; a table without one cannot be
published (`protect` raises). A hidden value becomes a real missing value, and the row's column `suppressed`
(last in every published table) names the columns hidden in it, separated by spaces, so that renderings show
":" (Statistics Norway's sign for "not published to protect confidentiality") and readers never parse a
marker out of a number column.

A test rests on no hidden cell: printed to 17 digits, a statistic computed from them is one more equation in
them beside the shown cells and the margins, and for a few small hidden cells usually the only solution (a
chi-square of the counts, or H of the rank sums, tells how the hidden pool splits). So the tests pool the
levels the plan hides into one group (`disclosure.pool_hidden`), whose counts the margins give anyway, and name
them in `pooled_levels`; a test whose `pooled_levels` are not the plan's hidden levels, or that rests on hidden
cells no pooling removes (a factor against the sample's by factor with hidden crossed cells), is hidden: its
statistic, df, p, adjusted p and effect size (its name stays).

Nor do the adjusted p of the shown tests say anything about a hidden one. Holm's and Benjamini-Hochberg's
adjusted p of a test depend on every p of its family: beside a hidden p, a shown p_holm of 9 p_(1) or 8 p_(2)
says where the hidden p ranks, and one equal to 9 times the hidden p prints it. So `protect` adjusts the shown
tests again with every hidden p taken as 1 (`_adjusted_shown`): the family keeps its size, and since both
adjustments only grow with any p of the family, the published adjusted p are at least the ones the hidden
values would give (conservative, never anti-conservative), and they are functions of the shown p alone.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from likertpipe.codebook import Codebook
from likertpipe.disclosure import ALL, RESPONDENTS, Plan, cell
from likertpipe.multiplicity import add_adjusted

SUPPRESSED = "suppressed"
MARKER = ":"  # what renderings show in place of a hidden value

# What each rule returns: for each row (by index label) the columns to hide.
Hidden = dict[object, list[str]]

ADJUSTED = ["p_holm", "p_bh"]
TESTS = {"sample": ["variable"], "yes_no": ["variable", "factor"], "item_by_factor": ["item", "factor"]}
"""The tables that repeat a test on several rows, and the columns naming the test; elsewhere a row is a test."""


def _figures(table: pd.DataFrame, keep: tuple[str, ...] = ()) -> list[str]:
    """The numeric columns of `table` other than `keep` (codes and counts that stay)."""
    return [c for c in table.columns
            if pd.api.types.is_numeric_dtype(table[c]) and not pd.api.types.is_bool_dtype(table[c]) and c not in keep]


def _whole_variable(variable_column: str, keep: tuple[str, ...] = ()) -> Callable[[pd.DataFrame, Plan, Codebook],
                                                                                 Hidden]:
    """Rows of one variable each (`variable_column`): every figure hidden when the variable's total is (its
    counts too: a count of fewer than min_cell valid answers is itself what is protected)."""
    def rule(table: pd.DataFrame, plan: Plan, book: Codebook) -> Hidden:
        figures = _figures(table, keep)
        return {i: figures for i, v in table[variable_column].items() if plan.is_hidden(str(v), ALL)}
    return rule


_KRUSKAL_WALLIS_TEST = ["H", "df", "p", "p_holm", "p_bh", "epsilon_sq", "eta_sq_h"]


def _pooled(row: pd.Series, levels: set[int]) -> bool:
    """Whether the row's test pooled exactly the hidden `levels` into one group (module docstring)."""
    named = row.get("pooled_levels", "")
    return {int(code) for code in ("" if pd.isna(named) else str(named)).split()} == levels


def _levels(table: pd.DataFrame, plan: Plan, variable: str, factor: str, within=None) -> list[str]:
    codes = sorted(plan.hidden_levels(variable, factor, within))
    return [c for code in codes for c in (f"n_{code}", f"mean_rank_{code}") if c in table.columns]


def _kruskal_wallis(table: pd.DataFrame, plan: Plan, book: Codebook) -> Hidden:
    """Where the plan hides a level for the item (within the row's wave): the level's n and mean rank, the
    list of levels without answers and the number of levels with answers, and the test unless it pooled the
    hidden levels (module docstring); the whole row when the item (in that wave) is hidden."""
    wave = book.wave.column if book.wave is not None and "wave" in table.columns else None
    hidden = {}
    for i, row in table.iterrows():
        within = (wave, int(row["wave"])) if wave else None
        total = cell(within) if within else ALL
        if plan.is_hidden(str(row["item"]), total):
            hidden[i] = _figures(table, ("wave",)) + ["dropped_levels"]
        else:
            hidden[i] = _levels(table, plan, str(row["item"]), row["factor"], within)
            if hidden[i]:  # the levels nobody answered (and k) would tell a hidden level's n is 0
                hidden[i] += ["dropped_levels", "k"]
                if not _pooled(row, plan.hidden_levels(str(row["item"]), row["factor"], within)):
                    hidden[i] += [c for c in _KRUSKAL_WALLIS_TEST if c in table.columns]
    return hidden


def _dunn(table: pd.DataFrame, plan: Plan, book: Codebook) -> Hidden:
    """Every figure of a pair with a hidden level."""
    figures = _figures(table, ("level1", "level2"))
    hidden = {}
    for i, row in table.iterrows():
        levels = plan.hidden_levels(str(row["item"]), row["factor"])
        if plan.is_hidden(str(row["item"]), ALL) or {int(row["level1"]), int(row["level2"])} & levels:
            hidden[i] = figures
    return hidden


def _correlations(table: pd.DataFrame, plan: Plan, book: Codebook) -> Hidden:
    """Every figure of a pair answered by fewer than min_cell respondents, or of a hidden variable."""
    figures = _figures(table)
    return {i: figures for i, row in table.iterrows()
            if row["n"] < plan.min_cell or plan.is_hidden(str(row["var1"]), ALL)
            or plan.is_hidden(str(row["var2"]), ALL)}


def _reliability(table: pd.DataFrame, plan: Plan, book: Codebook) -> Hidden:
    """Every figure of an index that is hidden, or whose complete cases (its `n`: respondents answering all its
    items, fewer than the index's own respondents) are fewer than min_cell."""
    figures = _figures(table, ("k",))
    return {i: figures for i, row in table.iterrows()
            if row["n"] < plan.min_cell or plan.is_hidden(str(row["index"]), ALL)}


def _frequencies(table: pd.DataFrame, plan: Plan, book: Codebook) -> Hidden:
    """Every count of an item answered by fewer than min_cell (its don't-know and missing counts too: with the
    number of respondents they would give the number of valid answers back)."""
    figures = _figures(table, ("code",))
    return {i: figures for i, row in table.iterrows() if plan.is_hidden(str(row["item"]), ALL)}


def _frequencies_by_factor(table: pd.DataFrame, plan: Plan, book: Codebook) -> Hidden:
    """Every count of a level the plan hides for the item."""
    figures = _figures(table, ("group", "code"))
    return {i: figures for i, row in table.iterrows()
            if plan.is_hidden(str(row["item"]), ALL)
            or int(row["group"]) in plan.hidden_levels(str(row["item"]), row["factor"])}


def _response_rates(table: pd.DataFrame, plan: Plan, book: Codebook) -> Hidden:
    """`responded` and `percent` of hidden groups (the frame's `sent` is public)."""
    levels = plan.hidden_levels(RESPONDENTS, book.sampling_frame.factor)
    return {i: ["responded", "percent"] for i, group in table["group"].items()
            if (pd.notna(group) and int(group) in levels) or plan.is_hidden(RESPONDENTS, ALL)}


def _descriptives_weighted(table: pd.DataFrame, plan: Plan, book: Codebook) -> Hidden:
    """Every figure of a hidden item, and of an item for which the plan hides a group beyond those pooled in
    the weights (the groups hidden for everyone): each weighted figure weighs every group's valid answers by
    its own weight, so with unpooled hidden groups n_effective, deff, the weighted mean and SD would each add an
    equation in those groups' hidden counts and sums."""
    factor = book.sampling_frame.factor
    pooled = plan.hidden_levels(RESPONDENTS, factor)
    hidden = {}
    for i, item in table["item"].items():
        if plan.is_hidden(str(item), ALL):
            hidden[i] = _figures(table)
        elif plan.hidden_levels(str(item), factor) - pooled:
            hidden[i] = _figures(table, ("n_valid",))
    return hidden


def _by_wave(variable_column: str) -> Callable[[pd.DataFrame, Plan, Codebook], Hidden]:
    """Rows per wave, for all respondents (empty `factor`) or one group: every figure of a hidden cell."""
    def rule(table: pd.DataFrame, plan: Plan, book: Codebook) -> Hidden:
        figures = _figures(table, ("wave", "group"))
        wave = book.wave.column
        hidden = {}
        for i, row in table.iterrows():
            within = (wave, int(row["wave"]))
            key = cell((row["factor"], row["group"]), within) if row["factor"] else cell(within)
            if plan.is_hidden(str(row[variable_column]), key):
                hidden[i] = figures
        return hidden
    return rule


def _wave_change(table: pd.DataFrame, plan: Plan, book: Codebook) -> Hidden:
    """Every figure of a change whose first or last wave cell (of all respondents or the group) is hidden."""
    wave = book.wave
    figures = _figures(table, ("group",))
    hidden = {}
    for i, row in table.iterrows():
        for code in (plan.waves[0], plan.waves[-1]):
            within = (wave.column, code)
            key = cell((row["factor"], row["group"]), within) if row["factor"] else cell(within)
            if plan.is_hidden(str(row["variable"]), key):
                hidden[i] = figures
    return hidden


# The test columns of the crosstabs tables (likertpipe.crosstabs.TEST_COLUMNS): a test's figures, and the groups
# it left out (which would tell that a hidden group has no answers).
_TEST_FIGURES = ["statistic", "df", "p", "p_holm", "p_bh", "cramers_v", "n_test"]


def _test_columns(row: pd.Series, plan: Plan, variable: str, factor: str) -> list[str]:
    """A test's columns to hide: every one (with its dropped levels) when the variable is hidden, or when the
    plan hides levels of the factor for the variable and the test did not pool them (module docstring); else
    its dropped levels when it pooled them (they would tell a hidden level has no answers)."""
    levels = plan.hidden_levels(variable, factor) if factor else set()
    if plan.is_hidden(variable, ALL) or (levels and not _pooled(row, levels)):
        return _TEST_FIGURES + ["dropped_levels"]
    return ["dropped_levels"] if levels else []


def _with_values(row: pd.Series, columns: list[str]) -> list[str]:
    """`columns` (once each) that hold a value in `row`: a cell empty by construction (a covariate's n_yes) is
    not named as hidden."""
    return [c for c in dict.fromkeys(columns) if c in row.index and pd.notna(row[c]) and row[c] != ""]


ORDER_STATISTICS = ("min", "max", "median", "q1", "q3", "iqr")
"""A covariate's figures that can equal one respondent's value."""


def _sample(table: pd.DataFrame, plan: Plan, book: Codebook) -> Hidden:
    """The sample table (crosstabs.sample_table). A row's figures are hidden where the plan hides its group
    (the `by` level) for the variable it counts (a factor's levels count respondents; a covariate's or yes/no
    question's row its own answers); a factor level the plan hides, in every group (the groups' rows would add
    up to it), and within a group the levels the plan hides there (the crossed cells of `disclosure`); where
    the plan hides any level of a factor in a group (or all respondents), the factor's missing row and its
    valid_percent there (with the levels shown they would give the hidden pool's parts back: valid = n /
    valid_percent); a covariate's order statistics (ORDER_STATISTICS) whenever min_cell > 1 (each can be one
    respondent's value: the largest municipality's population, or the middle one of a group's, names it; the
    mean and SD stay); a test's figures as in `_test_columns`, and a factor's test also when any of its
    crossed cells is hidden."""
    figures = [c for c in _figures(table, ("level", "group")) if c not in _TEST_FIGURES]
    by = book.factor(book.sample_by) if book.sample_by else None
    hidden: Hidden = {}
    for i, row in table.iterrows():
        variable, kind = str(row["variable"]), row["kind"]
        counted = RESPONDENTS if kind == "factor" else variable
        within = () if pd.isna(row["group"]) else ((row["by"], int(row["group"])),)
        columns = list(figures) if plan.is_hidden(counted, cell(*within)) else []
        tests = _test_columns(row, plan, counted, str(row["by"]))
        if kind == "factor":
            levels = plan.hidden_levels(RESPONDENTS, variable)
            here = levels | (plan.hidden_levels(RESPONDENTS, variable, within[0]) if within else set())
            if pd.notna(row["level"]) and int(row["level"]) in here:
                columns = list(figures)
            if here or plan.is_hidden(RESPONDENTS, cell((variable, None))):
                columns = list(figures) if row["row_type"] == "missing" else columns + ["valid_percent"]
            if by is not None and variable != by.column and any(
                    plan.hidden_levels(RESPONDENTS, variable, (by.column, g)) for g in by.codes):
                tests = _TEST_FIGURES + ["dropped_levels"]
        elif kind == "covariate" and plan.min_cell > 1:
            columns += list(ORDER_STATISTICS)
        hidden[i] = _with_values(row, columns + tests)
    return hidden


def _yes_no(table: pd.DataFrame, plan: Plan, book: Codebook) -> Hidden:
    """The yes/no table (crosstabs.yes_no_table): a row's figures where the plan hides its group (all
    respondents, or the factor's level) for the question; a test's figures as in `_test_columns`."""
    figures = [c for c in _figures(table, ("group",)) if c not in _TEST_FIGURES]
    hidden: Hidden = {}
    for i, row in table.iterrows():
        variable, factor = str(row["variable"]), str(row["factor"])
        key = cell((factor, int(row["group"]))) if factor else ALL
        columns = list(figures) if plan.is_hidden(variable, key) else []
        hidden[i] = _with_values(row, columns + (_test_columns(row, plan, variable, factor) if factor else []))
    return hidden


def _item_by_factor(table: pd.DataFrame, plan: Plan, book: Codebook) -> Hidden:
    """The item-by-factor table (crosstabs.item_by_factor_table): a level's counts and percents where the plan
    hides the level for the item (as `_frequencies_by_factor`); a test's figures as in `_test_columns`."""
    figures = [c for c in _figures(table, ("group", "code")) if c not in _TEST_FIGURES]
    hidden: Hidden = {}
    for i, row in table.iterrows():
        item, factor = str(row["item"]), str(row["factor"])
        columns = figures if (plan.is_hidden(item, ALL)
                              or int(row["group"]) in plan.hidden_levels(item, factor)) else []
        hidden[i] = _with_values(row, list(columns) + _test_columns(row, plan, item, factor))
    return hidden


_TREND_TEST = ["J", "expected", "variance", "z", "p", "p_holm", "p_bh", "direction", "tau_b"]


def _trend(table: pd.DataFrame, plan: Plan, book: Codebook) -> Hidden:
    """The Jonckheere-Terpstra table (likertpipe.trend). Where the plan hides levels for the item: the levels
    without answers and k (they would tell a hidden level's n is 0), and the test unless it pooled the hidden
    levels (E(J) and Var(J) give sum n_i^2 of the level sizes, so with the shown levels' counts a hidden
    level's n); every figure when the item is hidden."""
    test = [c for c in _TREND_TEST if c in table.columns]
    hidden = {}
    for i, row in table.iterrows():
        levels = plan.hidden_levels(str(row["item"]), row["factor"])
        if plan.is_hidden(str(row["item"]), ALL):
            hidden[i] = _figures(table) + test + ["dropped_levels"]
        elif levels:
            hidden[i] = ["dropped_levels", "k"] + ([] if _pooled(row, levels) else test)
    return hidden


def _model_outcomes(table: pd.DataFrame, plan: Plan, book: Codebook) -> Hidden:
    """The proportional-odds models (likertpipe.ordinal_models: terms and tests): every figure and note of an
    outcome's rows when the outcome is hidden, the plan hides a level of a modelled factor for it, or the
    model's rows (its n: the respondents with an answer to the outcome and every predictor) are fewer than
    min_cell. A hidden level's own odds ratio rests on its few respondents, and the model's other estimates and
    tests are functions of them too (and a note of a level without answers tells its n is 0); a small n, in the
    column or in a note saying why no model was fitted, is a count of fewer than min_cell. (A level with fewer
    than min_cell among the model's rows alone is ordinal_models' to leave unestimated: only it knows them.)"""
    factors = {factor.column for factor in book.factors}
    modelled = {outcome: set(rows["predictor"]) & factors for outcome, rows in table.groupby("outcome")}
    figures = _figures(table, ("level", "reference", "df")) + ["note"]
    return {i: figures for i, row in table.iterrows()
            if plan.is_hidden(str(row["outcome"]), ALL) or (pd.notna(row["n"]) and row["n"] < plan.min_cell)
            or any(plan.hidden_levels(str(row["outcome"]), factor) for factor in modelled[row["outcome"]])}


def _difference_in_change(table: pd.DataFrame, plan: Plan, book: Codebook) -> Hidden:
    """The difference in change (likertpipe.change_models): every figure of an estimate that rests on a hidden
    cell: the variable in a compared wave (the first and last, or every wave for the trend), the group's or
    (for a difference) the reference group's cell in such a wave, or a unit (cluster) hidden in it. A group's
    own change (no reference) rests on its own cells: each group has its own intercept and slope in the model."""
    wave = book.wave.column
    unit = book.unit.column if book.unit is not None else None
    figures = _figures(table, ("group", "reference", "first_wave", "last_wave"))
    hidden = {}
    for i, row in table.iterrows():
        variable = str(row["variable"])
        used = (int(row["first_wave"]), int(row["last_wave"])) if row["contrast"] == "first_last" else plan.waves
        for code in used:
            within = (wave, code)
            keys = [cell(within)] + [cell((row["factor"], group), within)
                                     for group in (row["group"], row["reference"]) if not pd.isna(group)]
            if any(plan.is_hidden(variable, key) for key in keys) or (
                    unit is not None and plan.hidden_levels(variable, unit, within)):
                hidden[i] = figures
    return hidden


def _nothing(table: pd.DataFrame, plan: Plan, book: Codebook) -> Hidden:
    """Tables of all respondents that show no group (counts of texts and codes)."""
    return {}


RULES: dict[str, Callable[[pd.DataFrame, Plan, Codebook], Hidden]] = {
    "descriptives": _whole_variable("item"),
    "frequencies": _frequencies,
    "frequencies_by_factor": _frequencies_by_factor,
    "open_text": _nothing,
    "kruskal_wallis": _kruskal_wallis,
    "dunn": _dunn,
    "correlations": _correlations,
    "response_rates": _response_rates,
    "descriptives_weighted": _descriptives_weighted,
    "indices": _whole_variable("index", ("k", "min_answered")),
    "reliability": _reliability,
    "coding_tally": _nothing,
    "descriptives_by_wave": _by_wave("item"),
    "indices_by_wave": _by_wave("index"),
    "kruskal_wallis_by_wave": _kruskal_wallis,
    "wave_change": _wave_change,
    "sample": _sample,
    "yes_no": _yes_no,
    "item_by_factor": _item_by_factor,
    "trend": _trend,
    "models": _model_outcomes,
    "model_tests": _model_outcomes,
    "difference_in_change": _difference_in_change,
}


def protect(name: str, table: pd.DataFrame, plan: Plan, book: Codebook, family: list[str] | None = None
            ) -> pd.DataFrame:
    """`table` as it may be published: the values the plan hides missing, and the `suppressed` column. Where it
    hides a p beside adjusted p (p_holm, p_bh), `family` names the columns they were adjusted within, so that
    the shown tests are adjusted again without the hidden p (module docstring)."""
    if name not in RULES:
        raise ValueError(f"table '{name}' has no disclosure rule in likertpipe.protect.RULES: add one")
    hide = {i: columns for i, columns in RULES[name](table, plan, book).items() if columns}
    hidden_p = [i for i, columns in hide.items() if "p" in columns]
    if hidden_p and set(ADJUSTED) <= set(table.columns):
        if family is None:
            raise ValueError(f"table '{name}' hides p beside adjusted p: protect needs the family columns they "
                             "were adjusted within")
        hide = {i: columns + [c for c in ADJUSTED if c not in columns] if "p" in columns else columns
                for i, columns in hide.items()}
        table = _adjusted_shown(table, hidden_p, family, TESTS.get(name))
    out = table.copy()
    touched = sorted({c for columns in hide.values() for c in columns}, key=list(table.columns).index)
    for column in touched:
        if pd.api.types.is_integer_dtype(out[column]):
            out[column] = out[column].astype("Int64")
        rows = [i for i, columns in hide.items() if column in columns]
        out.loc[rows, column] = pd.NA if out[column].dtype == "Int64" else float("nan")
    out[SUPPRESSED] = [" ".join(c for c in table.columns if c in hide.get(i, ())) for i in table.index]
    return out


def hidden(table: pd.DataFrame, column: str) -> pd.Series:
    """Whether each row's `column` was hidden by disclosure control (named in its `suppressed` column)."""
    if SUPPRESSED not in table:
        return pd.Series(False, index=table.index)
    return table[SUPPRESSED].astype("string").fillna("").map(lambda names: column in names.split()).astype(bool)


def _adjusted_shown(table: pd.DataFrame, hidden_rows: list, family: list[str], test: list[str] | None
                    ) -> pd.DataFrame:
    """`table` with p_holm and p_bh of every test adjusted within `family` as if the p of `hidden_rows` were 1
    (the rows of a test repeated on several rows, named by the `test` columns, counted once)."""
    tests = table[list(dict.fromkeys([*family, *(test or []), "p"]))].copy()
    tests.loc[hidden_rows, "p"] = np.where(tests.loc[hidden_rows, "p"].isna(), np.nan, 1.0)
    if test:
        unique = tests.drop_duplicates(test)
        adjusted = add_adjusted(unique, family)
        adjusted = tests[test].merge(adjusted[[*test, *ADJUSTED]], on=test, how="left").set_index(tests.index)
    else:
        adjusted = add_adjusted(tests, family)
    out = table.copy()
    out[ADJUSTED] = adjusted[ADJUSTED]
    return out
