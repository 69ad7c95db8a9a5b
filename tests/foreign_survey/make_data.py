"""Write survey.csv: a small invented survey unlike the shipped studies, for tests/test_foreign_survey.py.

150 respondents (seed 7070707): four statements on a 7-point agreement scale without a don't-know code
(s1-s4, 1 = strongly disagree .. 7 = strongly agree, empty = no answer), gender written as German label text
("Frau", "Mann", "Keine Angabe" = declared missing code 9, or empty), education 1-5 (9 = declared missing),
age in years (some empty). Education shifts s1 and s2 upwards, so some tests are significant.
Run from the repository root:  .venv/bin/python tests/foreign_survey/make_data.py
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent / "survey.csv"
SEED = 7070707
GENDER = {1: "Frau", 2: "Mann", 9: "Keine Angabe"}


def main() -> None:
    rng = np.random.default_rng(SEED)
    rows = []
    for number in range(150):
        gender = int(rng.choice([1, 2, 9], p=[0.5, 0.46, 0.04]))
        education = int(rng.choice([1, 2, 3, 4, 5, 9], p=[0.12, 0.28, 0.3, 0.18, 0.1, 0.02]))
        age = int(rng.integers(18, 81))
        level = rng.normal(4.0, 1.0) + (0.35 * (education - 3) if education != 9 else 0.0)
        cells = []
        for shift in (0.3, 0.0, -0.2, 0.5):
            answer = int(np.clip(np.rint(level + shift + rng.normal(0, 1.2)), 1, 7))
            cells.append("" if rng.random() < 0.05 else str(answer))
        gender_cell = "" if rng.random() < 0.03 else GENDER[gender]
        age_cell = "" if rng.random() < 0.04 else str(age)
        rows.append([f"F{number + 1:04d}", gender_cell, str(education), age_cell, *cells])
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["respondent", "gender", "education", "age", "s1", "s2", "s3", "s4"])
        writer.writerows(rows)


if __name__ == "__main__":
    main()
