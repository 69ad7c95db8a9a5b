"""Reference values compared a block at a time: every value of a block (e.g. one statistic family of one dataset)
is compared, and a failure lists EVERY value that differs, with the reference's value, likertpipe's, the difference
and the tolerance. Used by tests/test_reference_r.py and tests/test_waves.py."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import NamedTuple

import pytest


def _shown(value: object) -> str:
    """A value at full precision; a NumPy scalar as the Python number it holds (3.5, not np.float64(3.5))."""
    item = getattr(value, "item", None)
    return repr(item() if callable(item) and getattr(value, "ndim", None) == 0 else value)


class Case(NamedTuple):
    """One reference value: where it belongs, the reference's value, and how to get likertpipe's. `got()` returns
    a number, or a mapping from a sub-key (e.g. a respondent) to numbers that must each equal `expected`."""

    dataset: str
    statistic: str
    key: str
    expected: float
    got: Callable[[], object]


def compare_block(cases: Iterable[Case], matches: Callable[[float, object], bool],
                  tolerance: Callable[[float], str], reference: str = "R") -> None:
    """Compare every case with `matches(expected, got)`; then fail, if any differ, with a table of EVERY mismatch
    (a value that cannot be computed is one, with its error as `got`). Fails too when the block compares nothing,
    so an emptied reference cannot pass."""
    header = ("dataset", "statistic", "key", f"expected ({reference})", "got", "difference", "tolerance")
    mismatches, compared = [], 0
    for case in cases:
        try:
            got = case.got()
            values = got.items() if isinstance(got, Mapping) else [("", got)]
            if not values:
                raise AssertionError("no value to compare")
        except Exception as error:  # reported in the table with the others
            compared += 1
            mismatches.append((*case[:3], repr(case.expected), f"{type(error).__name__}: {error}", "", ""))
            continue
        for sub, value in values:
            compared += 1
            try:
                same = matches(case.expected, value)
            except Exception:  # e.g. pd.NA where a number belongs: a mismatch like any other
                same = False
            if not same:
                try:
                    difference = repr(float(value) - case.expected)
                except (TypeError, ValueError):
                    difference = ""
                mismatches.append((case.dataset, case.statistic, f"{case.key} [{sub}]" if sub else case.key,
                                   repr(case.expected), _shown(value), difference, tolerance(case.expected)))
    assert compared, "the block compares no value: is the reference file truncated?"
    if mismatches:
        rows = [header, *mismatches]
        widths = [max(len(str(row[i])) for row in rows) for i in range(len(header))]
        lines = ["  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
                 for row in rows]
        pytest.fail(f"{len(mismatches)} of {compared} values differ from {reference}:\n" + "\n".join(lines),
                    pytrace=False)
