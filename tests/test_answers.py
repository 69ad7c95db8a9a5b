"""The one count of an item's answers by status (answers.status_counts) and the frequency table."""

from __future__ import annotations

import pandas as pd

from likertpipe.answers import STATUSES, item_status_counts, status_counts
from likertpipe.clean import clean, item_status


def test_status_counts_equal_a_count_of_each_answers_status(codebook, read_csv_text, make_csv) -> None:
    """Against clean.item_status, which classifies each answer on its own (no counting shared)."""
    cells = ["1", "5", "6", "6", "9", "", "", "3", "9", "4"]
    export = read_csv_text(make_csv([{"resp_id": f"r{i}", "q1": cell} for i, cell in enumerate(cells)]))
    data, _ = clean(export.raw, codebook, str(export.path))
    item = codebook.items[0]
    expected = item_status(data[f"{item.column}_code"], item.scale).value_counts()
    got = item_status_counts(data, item)
    assert got.as_row() == {status: int(expected[status]) for status in STATUSES}
    assert got.as_row() == {"valid": 4, "dont_know": 2, "declared_missing": 2, "blank": 2}


def test_status_counts_of_codes_outside_the_scale_are_blank(codebook) -> None:
    """Only declared codes count as answers; everything else among the respondents is blank."""
    scale = codebook.items[0].scale
    assert status_counts({}, scale, 3).as_row() == {"valid": 0, "dont_know": 0, "declared_missing": 0, "blank": 3}
    counted = status_counts({1: 2, 6: 1, 9: 1}, scale, 10)
    assert (counted.valid, counted.dont_know, counted.declared_missing, counted.blank) == (2, 1, 1, 6)
    assert pd.Series(counted.as_row()).sum() == 10
