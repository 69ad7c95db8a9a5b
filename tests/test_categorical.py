"""likertpipe.categorical (chi-square, Fisher r x c, Cochran's rule, Cramér's V) and the yes/no rows of
likertpipe.crosstabs against base R (tests/reference/categorical_reference.R on categorical_data.csv: respondents
with missing values, levels nobody chose, small expected counts), within a relative 1e-9; a brute-force
enumeration of every table proves the network algorithm on tables R is not run on; and the degenerate tables
give empty values with their reason, never an error."""

from __future__ import annotations

import csv
import itertools
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from likertpipe import categorical, crosstabs
from likertpipe.codebook import parse_codebook

REFERENCE = Path(__file__).resolve().parent / "reference"
REL = 1e-9
CODES = (1, 2, 3, 4, 5)  # declared codes of x and g: more than any dataset uses, so empty levels are dropped


def _reference() -> dict[str, dict[tuple[str, str], float]]:
    out: dict[str, dict[tuple[str, str], float]] = {}
    with (REFERENCE / "categorical_reference.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            out.setdefault(row["dataset"], {})[(row["statistic"], row["group"])] = float(row["value"])
    return out


R = _reference()
DATA = pd.read_csv(REFERENCE / "categorical_data.csv", dtype={"dataset": str, "x": "Int64", "g": "Int64"})


def table_of(dataset: str) -> np.ndarray:
    rows = DATA[DATA["dataset"] == dataset]
    return crosstabs.counts(rows["x"], CODES, rows["g"], CODES)


def close(ours: float, theirs: float) -> bool:
    return math.isclose(ours, theirs, rel_tol=REL, abs_tol=1e-12)


@pytest.mark.parametrize("dataset", sorted(R))
def test_chi_square_fisher_and_cramers_v_agree_with_r(dataset) -> None:
    reference = R[dataset]
    full = table_of(dataset)
    table, _, _ = categorical.present(full)
    statistic, df, p = categorical.pearson_chi_square(table)
    assert int(table.sum()) == reference[("n", "")]
    assert close(statistic, reference[("chi_square", "")])
    assert df == reference[("df", "")]
    assert close(p, reference[("p_chi_square", "")])
    if table.sum() < 100:  # the large table's exact test takes seconds; chi-square decides it
        assert close(categorical.fisher_exact(table, max_work=10**7), reference[("p_fisher", "")])
    assert close(categorical.cramers_v(statistic, int(table.sum()), table.shape), reference[("cramers_v", "")])
    expected = categorical.expected_counts(table)
    assert close(expected.min(), reference[("min_expected", "")])
    cochran = reference[("min_expected", "")] < 1 or reference[("share_expected_below_5", "")] > 0.2
    assert categorical.needs_exact(table) == cochran
    result = categorical.association(full, max_work=10**7)  # the empty rows and columns are dropped here
    assert result.test == ("fisher" if cochran else "chi_square")
    assert close(result.p, reference[("p_fisher" if cochran else "p_chi_square", "")])
    assert close(result.statistic, reference[("chi_square", "")]) and result.note == ""


def test_the_datasets_exercise_what_they_are_for() -> None:
    """Small expected counts (Fisher), one table chi-square decides, levels nobody chose, missing values."""
    chosen = {name: categorical.needs_exact(categorical.present(table_of(name))[0]) for name in R}
    assert sum(chosen.values()) >= 7 and not chosen["large"]
    assert categorical.association(table_of("three_by_three_empty")).dropped_columns == (1, 4)  # g codes 2 and 5
    assert DATA["x"].isna().any() and DATA["g"].isna().any()


def test_wilson_intervals_of_the_yes_no_table_agree_with_r() -> None:
    """Through crosstabs.yes_no_table: x is a yes/no question (1 yes), g a factor with five levels."""
    book = parse_codebook({
        "study": {"id": "ref"}, "id_column": "id",
        "scales": {"s": {"levels": [{"code": 1, "label": "a"}, {"code": 2, "label": "b"}]},
                   "yn": {"levels": [{"code": 1, "label": "yes"}, {"code": 2, "label": "no"}]}},
        "items": [{"column": "q", "scale": "s", "label": "q"}],
        "factors": [{"column": "g", "label": "g", "levels": [{"code": c, "label": str(c)} for c in CODES]}],
        "yes_no": [{"column": "x", "label": "x", "scale": "yn", "yes_code": 1}],
    })
    rows = DATA[DATA["dataset"] == "yes_no_by_five"].reset_index(drop=True)
    data = pd.DataFrame({"id": rows.index.astype(str), "q": pd.array([1] * len(rows), dtype="Int8"),
                         "g": rows["g"].astype("Int8"), "x": rows["x"].astype("Int8")})
    table = crosstabs.yes_no_table(data, book)
    reference = R["yes_no_by_five"]
    for group in (1, 2, 3, 4, 5):
        row = table[(table["factor"] == "g") & (table["group"] == group)].iloc[0]
        assert row["n_yes"] == reference[("k", str(group))] and row["n"] == reference[("n_group", str(group))]
        assert close(row["ci_low"] / 100, reference[("wilson_low", str(group))])
        assert close(row["ci_high"] / 100, reference[("wilson_high", str(group))])
    assert close(row["p"], reference[("p_fisher", "")]) and row["test"] == "fisher"


def _brute_force(table: np.ndarray) -> float:
    """Fisher's p by listing every table with the margins (the definition, for small tables)."""
    rows, columns = table.sum(axis=1), table.sum(axis=0)
    log_k = sum(math.lgamma(v + 1) for v in [*rows, *columns]) - math.lgamma(table.sum() + 1)

    def log_p(t) -> float:
        return log_k - sum(math.lgamma(v + 1) for v in np.ravel(t))

    observed = log_p(table)
    total = 0.0
    ranges = [range(min(r, c) + 1) for r in rows[:-1] for c in columns[:-1]]
    for free in itertools.product(*ranges):
        t = np.zeros_like(table)
        t[:-1, :-1] = np.reshape(free, (len(rows) - 1, len(columns) - 1))
        t[:-1, -1] = rows[:-1] - t[:-1, :-1].sum(axis=1)
        t[-1, :] = columns - t[:-1, :].sum(axis=0)
        if (t < 0).any():
            continue
        if log_p(t) <= observed + math.log1p(1e-7):
            total += math.exp(log_p(t))
    return total


@pytest.mark.parametrize("seed", range(12))
def test_the_network_algorithm_equals_listing_every_table(seed) -> None:
    rng = np.random.default_rng(seed)
    shape = [(2, 2), (2, 3), (3, 3), (2, 4), (3, 4), (4, 3)][seed % 6]
    table = rng.integers(0, 4, size=shape) + (rng.random(shape) < 0.2) * (6 if min(shape) == 2 else 3)
    table = categorical.present(table)[0]
    if min(table.shape) < 2:
        pytest.skip("degenerate draw")
    assert math.isclose(categorical.fisher_exact(table), _brute_force(table), rel_tol=1e-12)


def test_a_table_too_large_for_the_exact_test_says_so_and_gives_chi_square() -> None:
    """An item's answers by groups where R's fisher.test stops at its default workspace (FEXACT error 7)."""
    table = np.array([[5, 3, 2, 8, 1, 4], [9, 2, 6, 3, 7, 2], [4, 8, 1, 5, 6, 9], [10, 3, 7, 2, 8, 6]])
    result = categorical.association(table)
    assert result.note == categorical.EXACT_TOO_LARGE and result.test == "chi_square"
    assert close(result.p, categorical.pearson_chi_square(table)[2])
    assert np.isnan(categorical.fisher_exact(table, max_work=1000))


@pytest.mark.parametrize(("table", "note"), [
    (np.zeros((2, 3), dtype=int), "no_answers"),
    (np.array([[1, 0], [0, 0]]), "too_few"),
    (np.array([[3, 0], [4, 0]]), "one_level"),        # one group with answers
    (np.array([[3, 5, 2], [0, 0, 0]]), "no_variation"),  # everyone yes
])
def test_degenerate_tables_give_empty_values_with_a_reason(table, note) -> None:
    result = categorical.association(table)
    assert result.note == note and result.test == ""
    assert all(np.isnan(v) for v in (result.statistic, result.df, result.p, result.cramers_v))
    assert result.n == int(table.sum())
