"""Composite indices declared in the codebook: scores, descriptives, and their reliability.

Hand-written rather than pingouin.cronbach_alpha, which rounds its interval to 3 decimals.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import special

from likertpipe.codebook import Codebook
from likertpipe.describe import summary
from likertpipe.scores import index_scores, item_matrix

CONFIDENCE = 0.95


def cronbach_alpha(matrix: np.ndarray, level: float = CONFIDENCE) -> tuple[float, float, float]:
    """(alpha, low, high) of complete cases (rows) x items (columns).

    alpha = k/(k-1) * (1 - sum(item variances) / variance of the sum), variances with n-1; interval by Feldt
    (1965): 1 - (1 - alpha) * F_(1-g/2)(n-1, (n-1)(k-1)) to 1 - (1 - alpha) * F_(g/2)(...), g = 1 - level.
    """
    n, k = matrix.shape
    if n < 2 or k < 2:
        return np.nan, np.nan, np.nan
    total_variance = matrix.sum(axis=1).var(ddof=1)
    if total_variance == 0:
        return np.nan, np.nan, np.nan
    alpha = k / (k - 1) * (1 - matrix.var(axis=0, ddof=1).sum() / total_variance)
    df1, df2 = n - 1, (n - 1) * (k - 1)
    gamma = 1 - level
    low = 1 - (1 - alpha) * special.fdtri(df1, df2, 1 - gamma / 2)
    high = 1 - (1 - alpha) * special.fdtri(df1, df2, gamma / 2)
    return float(alpha), float(low), float(high)


def indices_table(data: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    rows = []
    for index in codebook.indices:
        scores = index_scores(data, index).dropna().to_numpy()
        stat = summary(scores)
        rows.append({"index": index.id, "k": len(index.items),
                     "min_answered": index.min_answered, **stat, "n_missing": len(data) - stat["n_valid"]})
    columns = ["index", "k", "min_answered", "n_valid", "n_missing", "mean", "sd", "median", "mode", "q1",
               "q3", "iqr"]
    return pd.DataFrame(rows, columns=columns)


def reliability_table(data: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """One row per index and item, on the respondents with valid answers to all the index's items: the
    index's n, k, alpha with its Feldt interval, and per item whether it is reversed, its item-rest
    correlation (Pearson, item with the sum of the other items) and alpha if the item is deleted."""
    rows = []
    for index in codebook.indices:
        matrix = item_matrix(data, index).dropna()
        values = matrix.to_numpy()
        alpha, low, high = cronbach_alpha(values)
        for j, column in enumerate(matrix.columns):
            rest = np.delete(values, j, axis=1)
            with np.errstate(invalid="ignore", divide="ignore"):  # NaN when the item or the rest is constant
                item_rest = np.corrcoef(values[:, j], rest.sum(axis=1))[0, 1] if len(values) > 1 else np.nan
            rows.append({"index": index.id, "n": len(values),
                         "k": values.shape[1], "alpha": alpha, "alpha_ci_low": low, "alpha_ci_high": high,
                         "item": column, "reversed": column in index.reversed, "item_rest_r": item_rest,
                         "alpha_if_deleted": cronbach_alpha(rest)[0]})
    columns = ["index", "n", "k", "alpha", "alpha_ci_low", "alpha_ci_high", "item", "reversed",
               "item_rest_r", "alpha_if_deleted"]
    return pd.DataFrame(rows, columns=columns)
