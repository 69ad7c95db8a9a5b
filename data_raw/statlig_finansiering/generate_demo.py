"""Generate the SYNTHETIC demo export of the employee survey of the trial of state-financed municipal care.

The trial's yearly survey (2016-2021) asked the employees who allocate care services in trial, control and
late-joining municipalities how far users take part in allocation and how competence and collaboration work.
No respondent data are public, so this script invents them; nobody real is in it, and the municipalities
are called A-F. The data only have to make the pipeline's wave analyses show something: the trial
municipalities improve year by year, the controls do not, and the late joiners improve from their start year.

Model (every number a design choice, not an estimate):
- six municipalities, two per group: trial (1), control (2), joining late (3, from START_LATE);
- per municipality and year, 30-80 respondents (uniform);
- a respondent's level on each of two traits (user involvement, competence and collaboration) is the
  municipality's base level, plus the group's trend since its start (TREND per year for involvement, half as
  much for competence), plus a personal normal deviation (SD PERSON); an item answer is that level plus the
  item's offset plus noise (SD NOISE), rounded and clipped to 1-5;
- item b4 is worded negatively, so its answer is 6 minus the answer the level gives;
- each answer is "Vet ikke" (6) with probability DONT_KNOW and empty with probability BLANK.

Run from the repository root:  .venv/bin/python data_raw/statlig_finansiering/generate_demo.py [--out DIR]
Output is byte-identical on every run.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
EXPORT_NAME = "demo_export.csv"
# Seeds were tried from 20160101 on; 20160101 gave the controls a chance rise in 2021 (Mann-Whitney p 0.03 on
# user involvement, 2016 vs 2021), so the next one, where the controls show none (p > 0.7), was kept.
SEED = 20160102

YEARS = range(2016, 2022)
START_LATE = 2019
# municipality code -> (group code, base level of involvement, base level of competence)
MUNICIPALITIES = {1: (1, 2.7, 3.0), 2: (1, 2.9, 3.2), 3: (2, 2.8, 3.1), 4: (2, 3.0, 3.0), 5: (3, 2.6, 2.9),
                  6: (3, 2.8, 3.1)}
TRIAL, CONTROL, LATE = 1, 2, 3
TREND = 0.22
RESPONDENTS = (30, 80)
PERSON = 0.55
NOISE = 0.75
DONT_KNOW = 0.04
BLANK = 0.02
INVOLVEMENT = {"b1": 0.2, "b2": 0.0, "b3": -0.3, "b4": 0.1, "b5": 0.3, "b6": -0.1}
COMPETENCE = {"k1": 0.4, "k2": -0.2, "k3": 0.1, "k4": -0.4}
REVERSED = {"b4"}


def trend(group: int, year: int) -> float:
    """Years of the trial so far times TREND: trial from 2016, late joiners from START_LATE, controls never."""
    start = {TRIAL: YEARS[0], LATE: START_LATE}.get(group)
    return 0.0 if start is None else TREND * max(0, year - start)


def answer(rng: np.random.Generator, level: float, offset: float, reversed_item: bool) -> str:
    value = int(np.clip(np.rint(level + offset + rng.normal(0, NOISE)), 1, 5))
    value = 6 - value if reversed_item else value
    draw = rng.random()
    return "6" if draw < DONT_KNOW else "" if draw < DONT_KNOW + BLANK else str(value)


def rows(rng: np.random.Generator) -> list[list[str]]:
    out = []
    for year in YEARS:
        for municipality, (group, involvement, competence) in MUNICIPALITIES.items():
            for _ in range(int(rng.integers(RESPONDENTS[0], RESPONDENTS[1] + 1))):
                shift = trend(group, year)
                person = rng.normal(involvement + shift, PERSON)
                skill = rng.normal(competence + shift / 2, PERSON)
                cells = [answer(rng, person, offset, item in REVERSED) for item, offset in INVOLVEMENT.items()]
                cells += [answer(rng, skill, offset, False) for offset in COMPETENCE.values()]
                out.append([f"{len(out) + 1:05d}", str(year), str(municipality), str(group), *cells])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="directory to write demo_export.csv to")
    out = parser.parse_args().out
    out.mkdir(parents=True, exist_ok=True)
    with (out / EXPORT_NAME).open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["svar_id", "aar", "kommune", "gruppe", *INVOLVEMENT, *COMPETENCE])
        writer.writerows(rows(np.random.default_rng(SEED)))


if __name__ == "__main__":
    main()
