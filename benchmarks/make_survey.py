"""Synthetic Likert surveys for the benchmarks: 30 five-point items (don't know = 6), 3 grouping factors,
1 covariate with ties, about 3% empty cells, written as a CSV export with its codebook and a workflow config.

    python benchmarks/make_survey.py 100000 [--out benchmarks/.data]

writes <out>/n<N>/{export.csv, codebook.yaml, config.yaml}; the study id is `bench`. Seeded: the same N gives
the same files. Everything under benchmarks/.data is ignored by git.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import yaml

ITEMS = 30
FACTORS = {"region": 5, "size": 6, "role": 3}  # column: number of levels
DONT_KNOW = 6
MISSING_SHARE = 0.03
DONT_KNOW_SHARE = 0.04
DATA = Path(__file__).resolve().parent / ".data"


def items() -> list[str]:
    return [f"q{i:02d}" for i in range(1, ITEMS + 1)]


def codebook() -> dict:
    return {
        "study": {"id": "bench", "title": "Synthetic benchmark survey", "language": "en"},
        "id_column": "id",
        "scales": {"agree5": {
            "levels": [{"code": c, "label": f"level {c}"} for c in range(1, 6)],
            "dont_know": [{"code": DONT_KNOW, "label": "don't know"}],
        }},
        "items": [{"column": q, "scale": "agree5", "label": f"statement {q}"} for q in items()],
        "factors": [{"column": name, "label": name, "levels": [{"code": c, "label": f"{name} {c}"}
                                                                for c in range(1, k + 1)]}
                    for name, k in FACTORS.items()],
        "covariates": [{"column": "population", "label": "population", "min": 0}],
    }


def columns(n: int, seed: int = 20261123) -> dict[str, np.ndarray]:
    """Cells as strings ("" = empty): answers driven by a latent trait and the factors, so tests find effects."""
    rng = np.random.default_rng(seed)
    factors = {name: rng.integers(1, k + 1, n) for name, k in FACTORS.items()}
    trait = rng.normal(size=n) + 0.15 * (factors["region"] - 3) + 0.1 * (factors["size"] - 3.5)
    population = np.round(np.exp(rng.normal(9, 1.2, n)) + 2000 * factors["size"], -1)  # rounded: ties
    out: dict[str, np.ndarray] = {"id": np.char.add("r", np.arange(1, n + 1).astype(str))}
    digits = np.array(["", "1", "2", "3", "4", "5", "6"])
    for index, q in enumerate(items()):
        loading = 0.3 + 0.5 * ((index * 7) % 10) / 10
        score = loading * trait + rng.normal(size=n)
        answer = np.digitize(score, [-1.3, -0.45, 0.45, 1.3]) + 1
        answer[rng.random(n) < DONT_KNOW_SHARE] = DONT_KNOW
        answer[rng.random(n) < MISSING_SHARE] = 0
        out[q] = digits[answer]
    for name, codes in factors.items():
        codes = codes.copy()
        codes[rng.random(n) < MISSING_SHARE] = 0
        out[name] = np.where(codes == 0, "", codes.astype(str))
    population_text = population.astype(np.int64).astype(str)
    out["population"] = np.where(rng.random(n) < MISSING_SHARE, "", population_text)
    return out


def write_csv(cells: dict[str, np.ndarray], path: Path) -> None:
    """Comma-separated, one line per respondent, written in blocks (no quoting needed: no commas in cells)."""
    names = list(cells)
    n = len(cells[names[0]])
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(names) + "\n")
        for start in range(0, n, 50_000):
            block = [cells[c][start:start + 50_000].astype(object) for c in names]
            fh.write("".join(",".join(row) + "\n" for row in zip(*block, strict=True)))


def make_survey(n: int, out: Path = DATA) -> Path:
    """Write the survey of n respondents (if not there yet) and return its folder."""
    folder = out / f"n{n}"
    if (folder / "config.yaml").exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    write_csv(columns(n), folder / "export.csv")
    (folder / "codebook.yaml").write_text(yaml.safe_dump(codebook(), sort_keys=False, allow_unicode=True))
    config = {"run": ["bench"], "studies": {"bench": {"codebook": str(folder / "codebook.yaml"),
                                                      "data": str(folder / "export.csv")}}}
    (folder / "config.yaml").write_text(yaml.safe_dump(config, sort_keys=False))
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="+", type=int, help="numbers of respondents")
    parser.add_argument("--out", type=Path, default=DATA)
    args = parser.parse_args()
    for n in args.sizes:
        print(make_survey(n, args.out))


if __name__ == "__main__":
    main()
