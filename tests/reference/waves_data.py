"""Write tests/reference/waves_data.csv: a small raw export with three waves for tests/test_waves.py.

96 respondents (seed 20240701): `wave` 1-3 (labelled 2019-2021 in the test's codebook), `group` 1-3, and
items q1-q3 on 1-5 with 6 = don't know, 9 = not applicable and empty cells. Nobody of group 3 answered in
wave 1 (an empty group in a wave); group 1 rises across the waves; q3 is worded the other way round.
Run from the repository root:  .venv/bin/python tests/reference/waves_data.py
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent / "waves_data.csv"
SEED = 20240701


def main() -> None:
    rng = np.random.default_rng(SEED)
    rows = []
    for number in range(96):
        wave = int(rng.integers(1, 4))
        group = int(rng.integers(1, 3)) if wave == 1 else int(rng.integers(1, 4))
        shift = (wave - 1) * 0.8 if group == 1 else 0.0
        answers = []
        for item in ("q1", "q2", "q3"):
            value = int(np.clip(np.rint(2.6 + shift + rng.normal(0, 1.0)), 1, 5))
            if item == "q3":
                value = 6 - value
            draw = rng.random()
            cell = "6" if draw < 0.07 else "9" if draw < 0.10 else "" if draw < 0.13 else str(value)
            answers.append(cell)
        rows.append([f"w{number + 1:03d}", str(wave), str(group), *answers])
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["id", "wave", "group", "q1", "q2", "q3"])
        writer.writerows(rows)


if __name__ == "__main__":
    main()
