"""Disclosure control: hide group-level figures based on fewer than `min_cell` respondents.

The published results come from a small population of identifiable units (municipalities), so a level's n,
mean rank or percent based on very few respondents could point to individuals. Primary suppression hides every
such figure; secondary suppression then hides the next smallest level of the same table row as well, so that a
hidden n cannot be recovered as the total minus the shown levels (nor a hidden mean rank from the overall mean
rank (n+1)/2). Hidden cells show MARKER (":", Statistics Norway's sign for "not published to protect
confidentiality"). Test statistics of the whole test (H, df, p) stay.
"""

from __future__ import annotations

import pandas as pd

MARKER = ":"


def levels_to_hide(counts: dict[int, int], min_cell: int) -> set[int]:
    """Levels whose figures are hidden: those with 0 < n < min_cell and, when exactly one level is hidden and
    others remain, the smallest other level too (levels with n = 0 reveal nobody and are left alone)."""
    small = {code for code, n in counts.items() if 0 < n < min_cell}
    shown = sorted((n, code) for code, n in counts.items() if n > 0 and code not in small)
    if len(small) == 1 and shown:
        small.add(shown[0][1])
    return small


def suppress_kruskal_wallis(table: pd.DataFrame, min_cell: int) -> pd.DataFrame:
    """Hide `n_<code>` and `mean_rank_<code>` of the levels `levels_to_hide` picks, per test (row)."""
    table = table.astype({c: object for c in table.columns if c.startswith(("n_", "mean_rank_"))})
    codes = [int(c[2:]) for c in table.columns if c.startswith("n_")]
    for index, row in table.iterrows():
        counts = {code: int(row[f"n_{code}"]) for code in codes if pd.notna(row[f"n_{code}"])}
        for code in levels_to_hide(counts, min_cell):
            table.loc[index, [f"n_{code}", f"mean_rank_{code}"]] = MARKER
    return table


def suppress_dunn(table: pd.DataFrame, min_cell: int) -> pd.DataFrame:
    """Hide every figure of a Dunn pair involving a level hidden in its Kruskal-Wallis test (the same levels:
    the pairs carry each present level's n)."""
    table = table.astype(object)
    keys = ("item", "factor", "level1", "level1_label", "level2", "level2_label")
    figures = [c for c in table.columns if c not in keys]
    for _, pairs in table.groupby(["item", "factor"], sort=False):
        counts = dict(zip(pairs["level1"], pairs["n1"], strict=True)) | dict(
            zip(pairs["level2"], pairs["n2"], strict=True))
        hide = levels_to_hide({int(k): int(v) for k, v in counts.items()}, min_cell)
        involved = pairs.index[pairs["level1"].astype(int).isin(hide) | pairs["level2"].astype(int).isin(hide)]
        table.loc[involved, figures] = MARKER
    return table


def suppress_response_rates(table: pd.DataFrame, min_cell: int) -> pd.DataFrame:
    """Hide `responded` and `percent` of small groups (the frame's `sent` is public and stays)."""
    table = table.astype({"responded": object, "percent": object})
    groups = table[table["group"].notna()]
    hide = levels_to_hide(dict(zip(groups["group"].astype(int), groups["responded"].astype(int), strict=True)),
                          min_cell)
    table.loc[table["group"].isin(hide), ["responded", "percent"]] = MARKER
    return table


def suppress_small_groups(table: pd.DataFrame, n_columns: list[str], keys: list[str], min_cell: int) -> pd.DataFrame:
    """Hide the figures (numeric columns, the n included) of group rows (non-empty `group`) based on fewer than
    `min_cell` respondents (the smallest of `n_columns`), with `levels_to_hide`'s second group among the rows
    sharing `keys` (the same item or index, factor and wave), whose n add up to the all-respondents row's."""
    figures = [c for c in table.columns if pd.api.types.is_numeric_dtype(table[c]) and c not in keys + ["group"]]
    table = table.astype({c: object for c in figures})
    groups = table[table["group"].notna()]
    for _, rows in groups.groupby(keys, sort=False, dropna=False):
        hide = levels_to_hide(dict(zip(rows.index, rows[n_columns].min(axis=1).astype(int), strict=True)), min_cell)
        table.loc[sorted(hide), figures] = MARKER
    return table


def hidden_cells(values: pd.Series) -> pd.Series:
    """Which cells of a result-table column hold MARKER (hidden by disclosure control), as booleans."""
    return pd.Series(values, copy=False).astype("string").eq(MARKER).fillna(False).astype(bool)


def numbers(values: pd.Series) -> pd.Series:
    """A result-table column as floats, hidden (MARKER) and empty cells NaN: the one way every reader of the
    written tables (figures, the results text) takes numbers from a column that may hold the marker. Text that is
    neither a number nor the marker raises ValueError (a bug, not a hidden value)."""
    values = pd.Series(values, copy=False)
    return pd.to_numeric(values.mask(hidden_cells(values)), errors="raise").astype(float)


def unhide(table: pd.DataFrame) -> pd.DataFrame:
    """`table` with every column holding MARKER turned into numbers (`numbers`); other columns unchanged.
    Readers that must show where a value was hidden take `hidden_cells` of the original column first."""
    table = table.copy()
    for column in table.columns:
        if not pd.api.types.is_numeric_dtype(table[column]) and hidden_cells(table[column]).any():
            table[column] = numbers(table[column])
    return table
