"""likertpipe.trend (Jonckheere-Terpstra) against R (tests/reference/trend_reference.R: an implementation
counting every pair with Hollander & Wolfe's variance, and cor.test's Kendall z) on the demo and generated
data, and against the exact permutation distribution of J, enumerated on small data with ties."""

from __future__ import annotations

import csv
import itertools
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from likertpipe.clean import clean
from likertpipe.codebook import load_codebook
from likertpipe.io import read_export
from likertpipe.trend import jonckheere_terpstra, trend_table

ROOT = Path(__file__).resolve().parents[1]
REFERENCE_DIR = ROOT / "tests" / "reference"
REL = 1e-9


@cache
def reference() -> dict[tuple[str, str, str], float]:
    with (REFERENCE_DIR / "trend_reference.csv").open(encoding="utf-8") as fh:
        return {(r["dataset"], r["item"], r["statistic"]): float(r["value"]) for r in csv.DictReader(fh)}


def _table(values: np.ndarray, groups: np.ndarray, levels) -> np.ndarray:
    answers = np.unique(values)
    return np.array([[np.sum((groups == g) & (values == a)) for a in answers] for g in levels], dtype=float)


@cache
def demo_trend() -> pd.DataFrame:
    book = load_codebook(ROOT / "config" / "kommunalsjef" / "codebook.yaml")
    data, _ = clean(read_export(ROOT / "data_raw" / "kommunalsjef" / "demo_export.csv"), book, source="demo")
    return trend_table(data, book).set_index("item")


STATISTICS = ("n", "k", "J", "expected", "variance", "z", "p", "tau_b")


@pytest.mark.parametrize("item", [f"E{i}" for i in range(1, 7)])
def test_demo_equals_r(item):
    row = demo_trend().loc[item]
    assert row["factor"] == "ledererfaring"
    for statistic in STATISTICS:
        assert float(row[statistic]) == pytest.approx(reference()[("kommunalsjef", item, statistic)], rel=REL)
    assert row["z"] == pytest.approx(reference()[("kommunalsjef", item, "kendall_z")], rel=REL)


@pytest.mark.parametrize("dataset", ["po", "gap", "empty_level"])
def test_generated_equals_r(dataset):
    data = pd.read_csv(REFERENCE_DIR / "models_data.csv")
    data = data[data["dataset"] == dataset]
    result = jonckheere_terpstra(_table(data["y"].to_numpy(), data["f"].to_numpy(), (1, 2, 3, 4)))
    for statistic in STATISTICS:
        assert result[statistic] == pytest.approx(reference()[(dataset, "y", statistic)], rel=REL), statistic
    assert result["p"] == pytest.approx(reference()[(dataset, "y", "kendall_p")], rel=REL)


def _j(values, groups) -> float:
    """J by counting the pairs (the definition)."""
    total = 0.0
    for a, b in itertools.combinations(range(len(values)), 2):
        if groups[a] != groups[b]:
            low, high = (a, b) if groups[a] < groups[b] else (b, a)
            total += 1.0 if values[low] < values[high] else 0.5 if values[low] == values[high] else 0.0
    return total


SMALL = [  # (answers, group sizes): ties within and across groups, unequal groups
    ([1, 2, 2, 3, 3, 3, 4, 5], (3, 3, 2)),
    ([2, 2, 2, 4, 4, 5, 1], (2, 2, 3)),
    ([1, 1, 2, 2, 3, 3, 3, 3, 5], (2, 3, 4)),
    ([3, 1, 4, 1, 5, 2], (2, 2, 1, 1)),
]


@pytest.mark.parametrize(("values", "sizes"), SMALL)
def test_moments_equal_exact_permutation_distribution(values, sizes):
    """Every distinct assignment of the answers to the groups (equally likely under the null): the mean and
    variance of J over them are E(J) and the tie-corrected Var(J); J of the data is the pair count."""
    values = np.array(values, dtype=float)
    labels = np.repeat(np.arange(len(sizes)), sizes)
    js = [_j(values, np.array(perm)) for perm in set(itertools.permutations(labels))]
    result = jonckheere_terpstra(_table(values, labels, range(len(sizes))))
    assert result["J"] == _j(values, labels)
    assert result["expected"] == pytest.approx(np.mean(js), rel=1e-12)
    assert result["variance"] == pytest.approx(np.var(js), rel=1e-12)


def test_direction_and_tau_sign():
    rising = jonckheere_terpstra(np.array([[3, 1, 0], [1, 2, 1], [0, 1, 3]]))
    falling = jonckheere_terpstra(np.array([[0, 1, 3], [1, 2, 1], [3, 1, 0]]))
    assert rising["direction"] == "increasing" and rising["tau_b"] > 0 and rising["z"] > 0
    assert falling["direction"] == "decreasing" and falling["tau_b"] == pytest.approx(-rising["tau_b"])
    assert falling["p"] == pytest.approx(rising["p"])


@pytest.mark.parametrize(("table", "words"), [
    (np.array([[3, 2, 1], [0, 0, 0]]), "fewer than two levels"),
    (np.array([[0, 4, 0], [0, 2, 0]]), "every answer is the same"),
    (np.zeros((3, 2)), "fewer than two levels"),
])
def test_undefined_gives_empty_and_note(table, words):
    result = jonckheere_terpstra(table)
    assert np.isnan(result["z"]) and np.isnan(result["p"]) and words in result["note"]


def test_only_ordered_factors():
    assert set(demo_trend()["factor"]) == {"ledererfaring"}


def test_table_leaves_out_levels_nobody_answered():
    """f of models_data's empty_level has levels 1 and 3 only; the codebook declares 1-4, ordered."""
    from likertpipe.codebook import parse_codebook

    data = pd.read_csv(REFERENCE_DIR / "models_data.csv")
    data = data[data["dataset"] == "empty_level"].astype({"y": "Int8", "f": "Int8"})
    book = parse_codebook({
        "study": {"id": "trend_test"}, "id_column": None,
        "scales": {"agree5": {"levels": [{"code": c, "label": str(c)} for c in range(1, 6)]}},
        "items": [{"column": "y", "scale": "agree5", "label": "y"}],
        "factors": [{"column": "f", "label": "f", "ordered": True,
                     "levels": [{"code": c, "label": f"f{c}"} for c in range(1, 5)]}]})
    row = trend_table(data, book).iloc[0]
    assert row["dropped_levels"] == "2 4" and row["k"] == 2
    assert row["z"] == pytest.approx(reference()[("empty_level", "y", "z")], rel=REL)
