"""Markdown rendering: rounding by column, empty cells for missing values, escaped pipes."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from likertpipe.tables import format_value, to_markdown


def test_to_markdown_rounds_per_column() -> None:
    table = pd.DataFrame({
        "item": ["A | B", "C"],
        "n_valid": [14.0, np.nan],  # an integer column that became float (CSV read-back with a gap)
        "mean": [3.14159, np.nan],
        "median": [2.5, 4.0],
        "sd": [1.23456, 0.5],
        "p": [0.0004, 0.0123],
        "percent": [71.428571, 100.0],
        "agree_percent": [50, 33.33333],
    })
    expected = (
        "| item | n_valid | mean | median | sd | p | percent | agree_percent |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|\n"
        "| A \\| B | 14 | 3.14 | 2.50 | 1.235 | <0.001 | 71.4 | 50.0 |\n"
        "| C |  |  | 4.00 | 0.500 | 0.012 | 100.0 | 33.3 |\n"
    )
    assert to_markdown(table) == expected


def test_to_markdown_nullable_columns_and_missing_values() -> None:
    table = pd.DataFrame({
        "group": pd.array([1, pd.NA], dtype="Int64"),
        "label": ["North", "Total"],
        "sent": [5, 19],
        "percent": pd.array([60.0, pd.NA], dtype="Float64"),
    })
    expected = (
        "| group | label | sent | percent |\n"
        "|---:|---|---:|---:|\n"
        "| 1 | North | 5 | 60.0 |\n"
        "|  | Total | 19 |  |\n"
    )
    assert to_markdown(table) == expected


def test_to_markdown_escapes_pipes_and_newlines_in_labels_and_headers() -> None:
    table = pd.DataFrame({"a|b": ["x|y|z", "line one\nline two"]})
    lines = to_markdown(table).splitlines()
    assert lines[0] == "| a\\|b |"
    assert lines[2] == "| x\\|y\\|z |"
    assert lines[3] == "| line one line two |"
    assert len(lines) == 4


def test_to_markdown_keeps_every_row_and_column_count() -> None:
    table = pd.DataFrame({"item": ["a|b", "c"], "p": [0.5, 0.0]})
    lines = to_markdown(table).splitlines()
    # an escaped pipe must not add a cell: every line has the same number of unescaped separators
    counts = [line.replace("\\|", "").count("|") for line in lines]
    assert counts == [3, 3, 3, 3]


@pytest.mark.parametrize(
    "column, value, expected",
    [
        ("sd", 0.12345, "0.123"),
        ("sd", 2, "2.000"),
        ("mean", 3.14159, "3.14"),
        ("mean", 3.0, "3.00"),
        ("median", 4, "4.00"),
        ("H", 7.4567, "7.46"),
        ("rho", -0.45678, "-0.457"),
        ("mean_rank_2", 12.3456, "12.35"),
        ("p", 0.0004, "<0.001"),
        ("p", 0.000999, "<0.001"),
        ("p", 0.0, "<0.001"),
        ("p", 0.001, "0.001"),
        ("p", 0.04567, "0.046"),
        ("p", 0.5, "0.500"),
        ("percent", 52.631578, "52.6"),
        ("valid_percent", 100, "100.0"),
        ("agree_percent", 71.42857, "71.4"),
        ("n_valid", 14.0, "14"),
        ("count", 0.0, "0"),
        ("sent", 19, "19"),
        ("count", 14.5, "14.5"),
        ("label", "Nord", "Nord"),
        ("mean", float("nan"), ""),
        ("p", np.nan, ""),
        ("n_valid", np.float64("nan"), ""),
        ("percent", pd.NA, ""),
        ("label", None, ""),
    ],
)
def test_format_value(column, value, expected) -> None:
    assert format_value(value, column) == expected


def test_rounding_does_not_change_the_table() -> None:
    table = pd.DataFrame({"mean": [math.pi], "n_valid": [3.0]})
    before = table.copy()
    to_markdown(table)
    pd.testing.assert_frame_equal(table, before)
