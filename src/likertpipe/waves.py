"""Analyses across waves (survey rounds such as years), for codebooks that declare a `wave` factor.

Every table covers all respondents and each group of each compared factor other than the wave (the codebook's
`group_factors`); all-respondent rows come first, with `factor` and `group` empty. Every declared wave and
group is listed, so a group nobody in a wave answered has a row with n 0 and empty statistics. Indices are
scored by `scores.index_scores`; don't-know and declared missing answers never enter a statistic.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import numpy as np
import pandas as pd
from scipy import special

from likertpipe.codebook import Codebook, Factor, Item
from likertpipe.describe import CONFIDENCE, descriptives, summary
from likertpipe.disclosure import Plan
from likertpipe.errors import LikertpipeError
from likertpipe.inference import kruskal_wallis_table
from likertpipe.scores import index_scores

GROUP_COLUMNS = ["factor", "group"]


def _wave(book: Codebook) -> Factor:
    if book.wave is None:
        raise LikertpipeError(f"{book.source}: the codebook declares no wave. Add `wave: {{column: <factor>}}` "
                              "naming the factor that holds the survey round (e.g. the year).")
    return book.wave


def _groups(data: pd.DataFrame, book: Codebook) -> Iterator[tuple[dict, pd.Series]]:
    """(factor, group) and the row mask of all respondents (an empty factor and group), then of each group of
    each factor."""
    yield {"factor": "", "group": pd.NA}, pd.Series(True, index=data.index)
    for factor in book.group_factors:
        for code in factor.codes:
            yield ({"factor": factor.column, "group": code},
                   (data[factor.column] == code).fillna(False).astype(bool))


def _waves(data: pd.DataFrame, wave: Factor) -> Iterator[tuple[dict, pd.Series]]:
    for code in wave.codes:
        yield ({"wave": code},
               (data[wave.column] == code).fillna(False).astype(bool))


def _int_columns(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    return frame.astype({c: "Int64" for c in columns})


def descriptives_by_wave(data: pd.DataFrame, book: Codebook) -> pd.DataFrame:
    """`describe.descriptives` of the respondents of each wave, for all respondents and per group x wave."""
    wave = _wave(book)
    parts = []
    for group, in_group in _groups(data, book):
        for key, in_wave in _waves(data, wave):
            table = descriptives(data[in_group & in_wave], book)
            parts.append(table.assign(**key, **group))
    table = pd.concat(parts, ignore_index=True)
    first = ["wave", *GROUP_COLUMNS]
    return _int_columns(table[first + [c for c in table.columns if c not in first]], ["wave", "group"])


def mean_interval(values: np.ndarray, level: float = CONFIDENCE) -> dict:
    """n, mean, SD (n-1) and the t interval of the mean: mean -+ t_(1-g/2, n-1) * SD / sqrt(n), g = 1 - level
    (R's t.test(x)$conf.int); NaN interval below two values."""
    stat = summary(values)
    n = stat["n_valid"]
    half = special.stdtrit(n - 1, 1 - (1 - level) / 2) * stat["sd"] / np.sqrt(n) if n > 1 else np.nan
    return {"n": n, "mean": stat["mean"], "sd": stat["sd"], "ci_low": stat["mean"] - half,
            "ci_high": stat["mean"] + half}


def indices_by_wave(data: pd.DataFrame, book: Codebook) -> pd.DataFrame:
    """Each index's n, mean, SD and 95% t interval of the mean per wave, for all respondents and per group."""
    wave = _wave(book)
    rows = []
    for index in book.indices:
        scores = index_scores(data, index)
        for group, in_group in _groups(data, book):
            for key, in_wave in _waves(data, wave):
                values = scores[in_group & in_wave].dropna().to_numpy(dtype=float)
                rows.append({"index": index.id, **group, **key,
                             **mean_interval(values)})
    columns = ["index", *GROUP_COLUMNS, "wave", "n", "mean", "sd", "ci_low", "ci_high"]
    return _int_columns(pd.DataFrame(rows, columns=columns), ["group", "wave"])


def _with_indices(data: pd.DataFrame, book: Codebook) -> tuple[pd.DataFrame, tuple[Item, ...]]:
    """The data with a column of scores per index (named by its id) and the items followed by one variable per
    index (an Item whose scale is that of the index's first item: only its column and label are used)."""
    scores = {index.id: index_scores(data, index) for index in book.indices}
    variables = book.items + tuple(Item(index.id, index.label, index.items[0].scale) for index in book.indices)
    return data.assign(**scores), variables


def kruskal_wallis_by_wave(data: pd.DataFrame, book: Codebook, plan: Plan | None = None) -> pd.DataFrame:
    """`inference.kruskal_wallis_table` within each wave, between the groups of each group factor, for every
    item and index (an index's id in `item`), the levels the `plan` hides within the wave pooled; column
    `wave` first."""
    wave = _wave(book)
    scored, variables = _with_indices(data, book)
    within = replace(book, items=variables, factors=book.group_factors)

    def hidden(code: int):
        return None if plan is None else lambda v, f: plan.hidden_levels(v, f, (wave.column, code))

    parts = [kruskal_wallis_table(scored[in_wave], within, hidden(key["wave"])).assign(**key)
             for key, in_wave in _waves(scored, wave)]
    table = pd.concat(parts, ignore_index=True)
    first = ["wave"]
    return _int_columns(table[first + [c for c in table.columns if c not in first]], ["wave"])


def mann_whitney(first: np.ndarray, last: np.ndarray) -> dict:
    """Mann-Whitney U of the last against the first wave, two-sided, normal approximation with the tie
    correction and without continuity correction (as SPSS and R's wilcox.test(last, first, exact = FALSE,
    correct = FALSE)).

    U is the last wave's: U = R_last - n_last(n_last+1)/2 with midranks over both waves (R's W), counted as the
    pairs (first, last) with the last answer higher, ties counting one half; z = (U -
    n_f n_l / 2) / sqrt(n_f n_l / 12 * ((N+1) - sum(t^3 - t) / (N(N-1)))), positive when the last wave ranks
    higher; r = |z| / sqrt(N) (Rosenthal 1991; rstatix::wilcox_effsize); rank-biserial = 2U / (n_f n_l) - 1
    (Kerby 2014), from -1 (every last-wave answer lower) to 1 (every one higher). NaN without answers in either
    wave; z, p and r are NaN when all answers are equal.
    """
    n_first, n_last = len(first), len(last)
    if n_first == 0 or n_last == 0:
        return dict.fromkeys(["U", "z", "p", "r", "rank_biserial"], np.nan)
    n = n_first + n_last
    _, ties = np.unique(np.concatenate([first, last]), return_counts=True)
    variance = n_first * n_last / 12 * ((n + 1) - float((ties**3 - ties).sum()) / (n * (n - 1)))
    ordered = np.sort(first)
    below = np.searchsorted(ordered, last, side="left")  # first-wave answers below each last-wave answer
    u = float(below.sum() + (np.searchsorted(ordered, last, side="right") - below).sum() / 2)  # ties count half
    z = (u - n_first * n_last / 2) / np.sqrt(variance) if variance > 0 else np.nan
    return {"U": u, "z": z, "p": float(2 * special.ndtr(-abs(z))) if variance > 0 else np.nan, "r": abs(z) / np.sqrt(n),
            "rank_biserial": 2 * u / (n_first * n_last) - 1}


def wave_change(data: pd.DataFrame, book: Codebook) -> pd.DataFrame:
    """First against last wave (the earliest and latest waves anyone answered in) for every item and index,
    for all respondents and within each group: n, median and mean of each wave, and `mann_whitney`."""
    wave = _wave(book)
    present = [code for code in wave.codes if (data[wave.column] == code).any()]
    if len(present) < 2:
        raise LikertpipeError(f"{book.source}: the data hold fewer than two waves of '{wave.column}' "
                              f"({', '.join(map(str, present)) or 'none'}); a change needs a first and a last wave.")
    first_code, last_code = present[0], present[-1]
    span = {"first_wave": first_code, "last_wave": last_code}
    scored, variables = _with_indices(data, book)
    rows = []
    for group, in_group in _groups(scored, book):
        first_rows = in_group & (scored[wave.column] == first_code).fillna(False).astype(bool)
        last_rows = in_group & (scored[wave.column] == last_code).fillna(False).astype(bool)
        for variable in variables:
            first = scored.loc[first_rows, variable.column].dropna().to_numpy(dtype=float)
            last = scored.loc[last_rows, variable.column].dropna().to_numpy(dtype=float)
            before, after = summary(first), summary(last)
            rows.append({
                **group, "variable": variable.column,
                **span,
                "n_first": len(first), "n_last": len(last), "median_first": before["median"],
                "median_last": after["median"], "mean_first": before["mean"], "mean_last": after["mean"],
                **mann_whitney(first, last),
            })
    return _int_columns(pd.DataFrame(rows), ["group", "first_wave", "last_wave"])
