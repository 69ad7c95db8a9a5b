"""Writes tests/reference/categorical_data.csv: respondent-level data for the categorical reference
(categorical_reference.R, tests/test_categorical.py), numpy seed 20240618, one generator drawn in order.

Columns: dataset, x (the variable's code), g (the group's code); an empty cell is a missing value. Every
dataset declares more codes than it uses (x codes 1..X, g codes 1..G in SHAPES), so that levels nobody chose
are dropped by both sides. Small expected counts throughout (Fisher's exact test), one larger dataset where
chi-square is used, a 2 x 2 with a zero cell, a yes/no (x 1 = yes, 2 = no) by five groups.

Run from the repository root: .venv/bin/python tests/reference/categorical_data.py
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent / "categorical_data.csv"
# dataset: (respondents, x codes used, g codes used, share missing); declared codes are in test_categorical.py
SHAPES = {
    "two_by_two": (14, [1, 2], [1, 2], 0.0),
    "two_by_two_zero": (11, [1, 2], [1, 2], 0.0),
    "two_by_three": (20, [1, 2], [1, 2, 3], 0.1),
    "three_by_three_empty": (24, [1, 2, 4], [1, 3, 4], 0.1),
    "three_by_four": (30, [1, 2, 3], [1, 2, 3, 4], 0.15),
    "item_by_group": (36, [1, 2, 3, 4, 5], [1, 2, 3], 0.1),
    "four_by_five": (40, [1, 2, 3, 4], [1, 2, 3, 4, 5], 0.1),
    "yes_no_by_five": (45, [1, 2], [1, 2, 3, 4, 5], 0.1),
    "large": (400, [1, 2, 3], [1, 2, 3], 0.05),
}


def main() -> None:
    rng = np.random.default_rng(20240618)
    rows = []
    for name, (n, xs, gs, missing) in SHAPES.items():
        if name == "two_by_two_zero":
            pairs = [(1, 1)] * 4 + [(2, 1)] * 3 + [(2, 2)] * 4  # cell (1, 2) is zero
        else:
            weights = rng.dirichlet(np.full(len(xs), 6.0))
            pairs = [(int(rng.choice(xs, p=weights)), int(rng.choice(gs))) for _ in range(n)]
        for x, g in pairs:
            rows.append([name, "" if rng.random() < missing else x, "" if rng.random() < missing else g])
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["dataset", "x", "g"])
        writer.writerows(rows)


if __name__ == "__main__":
    main()
