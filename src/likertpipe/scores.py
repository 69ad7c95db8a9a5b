"""Index scores: the composite score of each of the codebook's indices, per respondent (pandas only, so the
protection plan and the light jobs that need the scores import no statistics library)."""

from __future__ import annotations

import pandas as pd

from likertpipe.codebook import Index


def item_matrix(data: pd.DataFrame, index: Index) -> pd.DataFrame:
    """The index's valid answers, reversed items recoded as (lowest + highest level) - answer."""
    columns = {}
    for item in index.items:
        values = data[item.column].astype(float)
        if item.column in index.reversed:
            values = min(item.scale.codes) + max(item.scale.codes) - values
        columns[item.column] = values
    return pd.DataFrame(columns)


def index_scores(data: pd.DataFrame, index: Index) -> pd.Series:
    """Mean of the answered (valid) items, for respondents answering at least `min_answered` of them."""
    matrix = item_matrix(data, index)
    enough = matrix.notna().sum(axis=1) >= index.min_answered
    return matrix.mean(axis=1).where(enough)
