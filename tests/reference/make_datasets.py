"""Write the small synthetic datasets in tests/reference/data/ that the R reference values are computed on.

Run from the repository root: `.venv/bin/python tests/reference/make_datasets.py`. Seeded, so reruns give
identical files; the CSVs are committed, so the reference does not depend on numpy's generator staying the same.

Layout of every dataset (one row per respondent, raw codes as a survey export holds them):
- id: respondent id;
- group: factor level 1-5 (which levels occur differs per dataset), 9 = declared missing, empty = no answer;
- q1, q2, ...: Likert answers 1-5, 6 = don't know (must never enter a statistic), empty = no answer;
- x: a numeric covariate with ties, empty = missing.

Besides: `scale.csv`, four items of one composite index (q3 worded the other way round, reversed by the test
codebook and by the R script as 6 - x), for Cronbach's alpha; and `empty_level_frame.csv`, a sampling frame
(one row per unit the survey was sent to, column `group`) for the post-stratification weights of empty_level.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent / "data"
DONT_KNOW = 6


def likert(rng: np.random.Generator, groups: np.ndarray, shift: dict[int, float], spread: float) -> np.ndarray:
    """Answers 1-5 with many ties: a rounded normal around 3 + shift of the respondent's group."""
    centre = np.array([3 + shift.get(int(g), 0.0) for g in groups])
    return np.clip(np.rint(rng.normal(centre, spread)), 1, 5).astype(int)


def blank_out(rng: np.random.Generator, answers: np.ndarray, p_dont_know: float, p_blank: float) -> list[str]:
    """Raw cells: some answers replaced by the don't-know code, some left empty."""
    u = rng.random(len(answers))
    return [str(DONT_KNOW) if v < p_dont_know else "" if v < p_dont_know + p_blank else str(a)
            for a, v in zip(answers, u, strict=True)]


def groups_of(sizes: dict[int, int], rng: np.random.Generator) -> np.ndarray:
    groups = np.concatenate([np.full(n, g) for g, n in sizes.items()])
    return rng.permutation(groups)


def write(name: str, columns: dict[str, list[str]]) -> None:
    n = len(next(iter(columns.values())))
    lines = [",".join(columns)]
    lines += [",".join(col[i] for col in columns.values()) for i in range(n)]
    (OUT / f"{name}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def ties3(rng: np.random.Generator) -> None:
    """24 respondents, 3 unequal groups (4, 8, 12), integer covariate with many ties."""
    groups = groups_of({1: 4, 2: 8, 3: 12}, rng)
    cols = {"id": [f"a{i + 1:02d}" for i in range(len(groups))], "group": [str(g) for g in groups]}
    for item, shift in [("q1", {1: -1.0, 3: 0.8}), ("q2", {2: 0.5}), ("q3", {1: 1.0, 2: -0.5})]:
        cols[item] = blank_out(rng, likert(rng, groups, shift, 0.9), 0.10, 0.06)
    x = rng.integers(1, 9, len(groups)).astype(str).tolist()
    x[5] = ""
    cols["x"] = x
    write("ties3", cols)


def empty_level(rng: np.random.Generator) -> None:
    """40 respondents, 4 groups (6, 14, 12, 8); nobody of group 4 gives a valid answer to q3 (all don't know or
    empty), so q3 compares 3 levels; two respondents have the factor's missing code 9 and two an empty factor."""
    groups = groups_of({1: 6, 2: 14, 3: 12, 4: 8}, rng)
    raw_groups = [str(g) for g in groups]
    for i in (3, 17):
        raw_groups[i] = "9"
    for i in (8, 30):
        raw_groups[i] = ""
    cols = {"id": [f"b{i + 1:02d}" for i in range(len(groups))], "group": raw_groups}
    shifts = [("q1", {1: -0.8, 4: 0.9}), ("q2", {3: 0.7}), ("q3", {1: 0.6, 2: -0.4}), ("q4", {})]
    for item, shift in shifts:
        cols[item] = blank_out(rng, likert(rng, groups, shift, 1.0), 0.12, 0.05)
    q3 = cols["q3"]
    for i in np.flatnonzero(groups == 4):
        q3[i] = str(DONT_KNOW) if i % 3 else ""
    x = (np.rint(rng.normal(12, 4, len(groups)) * 2) / 2).clip(0, 30)  # half-units: ties
    cols["x"] = ["" if i in (2, 21, 33) else f"{v:g}" for i, v in enumerate(x)]
    write("empty_level", cols)


def heavy(rng: np.random.Generator) -> None:
    """60 respondents, 5 very unequal groups (3, 20, 15, 12, 10), answers bunched on 3-4 (heavy ties),
    a fifth don't know, blanks; continuous covariate rounded to one decimal, with ties and missing values."""
    groups = groups_of({1: 3, 2: 20, 3: 15, 4: 12, 5: 10}, rng)
    cols = {"id": [f"c{i + 1:02d}" for i in range(len(groups))], "group": [str(g) for g in groups]}
    shifts = [("q1", {2: 0.3, 5: 0.6}), ("q2", {1: -1.0, 4: 0.4}), ("q3", {}), ("q4", {3: -0.5, 5: 0.5})]
    for item, shift in shifts:
        cols[item] = blank_out(rng, likert(rng, groups, shift, 0.6), 0.20, 0.07)
    x = np.round(rng.gamma(4, 1.5, len(groups)), 1)
    x[[4, 9, 10]] = x[0]  # exact ties
    cols["x"] = ["" if i in (7, 25, 44, 51) else f"{v:g}" for i, v in enumerate(x)]
    write("heavy", cols)


def scale(rng: np.random.Generator) -> None:
    """50 respondents, 3 groups (12, 20, 18), four items driven by one latent trait; q3 is worded the other way
    round (answers fall as the trait rises); don't know and blanks, so alpha uses fewer complete cases."""
    groups = groups_of({1: 12, 2: 20, 3: 18}, rng)
    cols = {"id": [f"d{i + 1:02d}" for i in range(len(groups))], "group": [str(g) for g in groups]}
    trait = rng.normal(0, 1, len(groups)) + np.array([{1: -0.4, 2: 0.0, 3: 0.5}[int(g)] for g in groups])
    for item, loading, noise in [("q1", 0.9, 0.7), ("q2", 0.7, 0.9), ("q3", -0.8, 0.8), ("q4", 0.5, 1.1)]:
        answers = np.clip(np.rint(3 + loading * trait + rng.normal(0, noise, len(groups))), 1, 5).astype(int)
        cols[item] = blank_out(rng, answers, 0.07, 0.04)
    x = rng.integers(25, 66, len(groups))
    cols["x"] = ["" if i in (11, 40) else str(v) for i, v in enumerate(x)]
    write("scale", cols)


def empty_level_frame() -> None:
    """Sampling frame of empty_level: units per group 1-4 (25, 40, 20, 35), so the weights differ clearly."""
    groups = [g for g, n in ((1, 25), (2, 40), (3, 20), (4, 35)) for _ in range(n)]
    write("empty_level_frame", {"unit": [f"u{i + 1:03d}" for i in range(len(groups))],
                                "group": [str(g) for g in groups]})


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(20240611)
    ties3(rng)
    empty_level(rng)
    heavy(rng)
    scale(rng)  # drawn after the others, so their files stay as they were
    empty_level_frame()


if __name__ == "__main__":
    main()
