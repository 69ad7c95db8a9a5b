"""Write tests/reference/models_data.csv: generated datasets for the proportional-odds models of
tests/test_ordinal_models.py (R's references: models_reference.R).

Columns `dataset, y, f, g, x`: answer y (1-5), factor f (levels 1-3, the codebook declares 1-4), factor g
(1-2), covariate x. numpy, seed 20261201, one generator drawn in the order below; the CSV is committed, so the
reference does not depend on numpy's generator. Datasets:

- `po`: 400 respondents, latent logistic with effects of f, g and x: the proportional-odds model holds;
- `nonpo`: 400, f = 3 spreads the latent variable (a scale effect), so f's odds ratio differs between cut-points;
- `gap`: 150, nobody answers 3 (four used levels);
- `empty_level`: f's level 2 has nobody (f in 1 and 3 only);
- `separation`: 120, every answer at f = 3 is 5;
- `two_levels`: 150, y in 1-2 (a binary logit; no proportional-odds check);
- `one_level`: 60, every answer 3;
- `small`: 20 respondents (too few for 5 parameters + thresholds).
Run from the repository root:  .venv/bin/python tests/reference/models_data.py
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent / "models_data.csv"
SEED = 20261201
CUTS = np.array([-1.5, -0.4, 0.6, 1.8])


def _answers(rng, f, g, x, scale=None, cuts=CUTS):
    latent = 0.6 * (f == 2) - 0.8 * (f == 3) + 0.5 * (g == 2) + 0.4 * x
    noise = rng.logistic(size=len(f)) * (1.0 if scale is None else scale)
    return 1 + np.searchsorted(cuts, latent + noise)


def _predictors(rng, n, f_levels=(1, 2, 3)):
    return rng.choice(f_levels, n), rng.integers(1, 3, n), np.round(rng.normal(0, 1, n), 2)


def main() -> None:
    rng = np.random.default_rng(SEED)
    sets = {}
    f, g, x = _predictors(rng, 400)
    sets["po"] = (_answers(rng, f, g, x), f, g, x)
    f, g, x = _predictors(rng, 400)
    sets["nonpo"] = (_answers(rng, f, g, x, scale=np.where(f == 3, 3.0, 1.0)), f, g, x)
    f, g, x = _predictors(rng, 150)
    y = _answers(rng, f, g, x)
    sets["gap"] = (np.where(y == 3, rng.choice([2, 4], len(y)), y), f, g, x)
    f, g, x = _predictors(rng, 150, (1, 3))
    sets["empty_level"] = (_answers(rng, f, g, x), f, g, x)
    f, g, x = _predictors(rng, 120)
    sets["separation"] = (np.where(f == 3, 5, _answers(rng, f, g, x)), f, g, x)
    f, g, x = _predictors(rng, 150)
    sets["two_levels"] = (_answers(rng, f, g, x, cuts=np.array([0.2])), f, g, x)
    f, g, x = _predictors(rng, 60)
    sets["one_level"] = (np.full(60, 3), f, g, x)
    f, g, x = _predictors(rng, 20)
    sets["small"] = (_answers(rng, f, g, x), f, g, x)
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["dataset", "y", "f", "g", "x"])
        for name, (y, f, g, x) in sets.items():
            writer.writerows([name, int(a), int(b), int(c), f"{d:.2f}"] for a, b, c, d in zip(y, f, g, x,
                                                                                              strict=True))


if __name__ == "__main__":
    main()
