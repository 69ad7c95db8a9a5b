"""An attacker test of disclosure control (issue #15).

Respondents are identifiable people, so every level, group, wave and cell with fewer than `min_cell`
respondents is hidden in the published tables. This module plays an attacker who holds ONLY what a study
publishes (`results/{study}/tables/*.csv`, `results/{study}/summary.md`, and the public design: the codebook,
which unit nests in which group, the sampling frame's `sent`), and tries to get every hidden cell back:

- linear relations a reader of the README knows (a factor's level counts sum to the row's n; frequencies by
  code sum to the respondents; group rows against the all-respondents row; nested units sum to their parent;
  group x wave cells against group and wave totals; the same for sums of answers (n x mean), sums of squares
  ((n-1) sd^2 + n mean^2) and rank sums (n x mean rank, summing to N(N+1)/2)), solved with
  `scipy.optimize.milp`: the min and max of every hidden count under all relations;
- Kish's `n_effective` with the public `sent` column: a brute-force search for the hidden `responded`;
- the answers of groups whose n is known to be small, from their mean, SD, quartiles, rank sums.

A hidden count whose min equals its max, or whose feasible interval lies inside [1, min_cell - 1], is
recovered; so is a hidden mean, SD, mean rank or percent with one solution, and the answers of a group of
fewer than min_cell respondents with one solution. A hidden cell whose very quantity is shown in another cell
(the n of a large level in a hidden Dunn pair) is not counted: it was never secret. The test fails listing
every recovery as (study, table, row, column, value, how). It is built from the outside: it reads the
tables, never the code that hides cells (`likertpipe.disclosure`), and understands both hidden-cell formats
(the ":" marker, and an empty cell named in the row's `suppressed` column).

The generated studies cover the seven cases of issue #15, the sample table of issue #18 and the models of
issue #20 (`test_models_and_trends_rest_on_no_small_cell` checks them against the generated export); all
studies of one `min_cell` run in one Snakemake invocation (two runs for the module: min_cell 3 and 5).
"""

from __future__ import annotations

import csv
import io
import itertools
import math
import random
import re
import shutil
import subprocess
import sys
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from repo_copy import SNAKEMAKE, copy_repository
from scipy.optimize import Bounds, LinearConstraint, milp

from likertpipe import i18n

pytestmark = [pytest.mark.workflow, pytest.mark.slow]

MIN_CELLS = (3, 5)
SCALE = (1, 2, 3, 4, 5)  # the substantive levels of the generated items; 6 is don't know
GRAD5 = {
    "levels": [{"code": c, "label": {"nb": nb, "en": en}} for c, nb, en in [
        (1, "I svært liten grad", "To a very small extent"), (2, "I liten grad", "To a small extent"),
        (3, "I noen grad", "To some extent"), (4, "I stor grad", "To a large extent"),
        (5, "I svært stor grad", "To a very large extent")]],
    "dont_know": [{"code": 6, "label": {"nb": "Vet ikke", "en": "Don't know"}}],
}


# --- the generated studies ------------------------------------------------------------------------------------


@dataclass
class Study:
    """A generated study: its codebook, export rows and what the public design tells an attacker."""

    id: str
    codebook: dict
    rows: list[dict]
    frame: list[dict] | None = None
    nesting: dict[str, tuple[str, dict[int, int]]] = field(default_factory=dict)  # child -> (parent, map)
    settings: dict = field(default_factory=dict)  # extra config keys of the study (on_invalid ...)
    export_name: str = "export.csv"
    extra_columns: list[str] = field(default_factory=list)  # export columns the codebook does not know
    free_text: list[str] = field(default_factory=list)  # text typed by respondents


def _levels(labels: Iterable[str]) -> list[dict]:
    return [{"code": i, "label": label} for i, label in enumerate(labels, start=1)]


def _factor(column: str, label: str, labels: Iterable[str], compare: bool = True) -> dict:
    return {"column": column, "label": label, "levels": _levels(labels), "compare": compare}


def _codebook(study: str, items: list[str], factors: list[dict], **more) -> dict:
    return {"study": {"id": study, "title": f"Attack {study}", "language": "en"}, "id_column": "resp_id",
            "scales": {"grad5": GRAD5},
            "items": [{"column": c, "scale": "grad5", "label": f"Statement {c}"} for c in items],
            "factors": factors, **more}


def _answers(rng: random.Random, items: list[str], fixed: Iterable[int] | None = None) -> dict[str, str]:
    """One respondent's answers: the fixed ones, or random (a don't know now and then)."""
    if fixed is not None:
        return {c: str(v) for c, v in zip(items, fixed, strict=True)}
    return {c: str(rng.choice([1, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 6])) for c in items}


class Rows:
    """Export rows with sequential ids."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.rows: list[dict] = []

    def add(self, items: list[str], cells: dict, fixed: Iterable[int] | None = None, copies: int = 1) -> None:
        for _ in range(copies):
            row = {"resp_id": f"r{len(self.rows) + 1:04d}", **cells, **_answers(self.rng, items, fixed)}
            self.rows.append(row)


def nested_study() -> Study:
    """Case 1: municipalities within municipality groups, three waves; municipality 6 has 1 respondent in
    2016 (answers b1 = 4, k1 = 3), municipality 4 has cells of 5, 4 and 2."""
    items = ["b1", "b2", "k1"]
    parent = {1: 1, 2: 1, 3: 2, 4: 2, 5: 3, 6: 3}
    sizes = {1: (12, 12, 12), 2: (10, 11, 10), 3: (9, 10, 8), 4: (5, 4, 2), 5: (15, 14, 13), 6: (1, 6, 7)}
    book = _codebook("nested", items, [
        _factor("aar", "Year", ["2016", "2017", "2018"], compare=False),
        _factor("gruppe", "Municipality group", ["Group 1", "Group 2", "Group 3"]),
        _factor("kommune", "Municipality", [f"Municipality {k} (group {parent[k]})" for k in parent]),
    ], wave={"column": "aar"})
    rows = Rows(1)
    for kommune, per_wave in sizes.items():
        for wave, size in enumerate(per_wave):
            cells = {"aar": str(2016 + wave), "kommune": str(kommune), "gruppe": str(parent[kommune])}
            fixed = (4, 2, 3) if size == 1 else None
            rows.add(items, cells, fixed, copies=size)
    return Study("nested", book, rows.rows, nesting={"kommune": ("gruppe", parent)})


def weighted_study() -> Study:
    """Case 2: a sampling frame whose groups have 1, 2, 4, 5, 50 and 61 respondents (everyone answers every
    item, so each item's valid answers per group are the group's respondents)."""
    items = ["q1", "q2", "q3"]
    responded = (1, 2, 4, 5, 50, 61)
    sent = (3, 6, 9, 12, 100, 145)
    book = _codebook("weighted", items, [_factor("kgruppe", "Municipality group", [f"Group {g}" for g in
                                                                                   range(1, 7)])],
                     sampling_frame={"factor": "kgruppe", "column": "kgruppe"})
    rows = Rows(2)
    for group, size in enumerate(responded, start=1):
        for _ in range(size):
            rows.add(items, {"kgruppe": str(group)}, [rows.rng.choice(SCALE) for _ in items])
    groups = [g for g, size in enumerate(sent, start=1) for _ in range(size)]
    frame = [{"kommune_id": f"K{i:03d}", "kgruppe": str(g)} for i, g in enumerate(groups, start=1)]
    return Study("weighted", book, rows.rows, frame=frame)


def two_small_study() -> Study:
    """Case 3: two education levels of 1 respondent each (hidden together, nothing else hidden); both answer
    2 on E1 and 5 on E2."""
    items = ["E1", "E2", "E3"]
    book = _codebook("twosmall", items, [_factor("utdanning", "Education",
                                                 ["Health", "Health and management", "Management", "Other"])])
    rows = Rows(3)
    rows.add(items, {"utdanning": "1"}, (2, 5, 1))
    rows.add(items, {"utdanning": "2"}, (2, 5, 4))
    rows.add(items, {"utdanning": "3"}, copies=25)
    rows.add(items, {"utdanning": "4"}, copies=30)
    return Study("twosmall", book, rows.rows)


def small_wave_study() -> Study:
    """Case 4: a 2021 wave of 3 respondents (2 in group 1, 1 in group 2) answering 3, 4, 5 on q1."""
    items = ["q1", "q2"]
    book = _codebook("smallwave", items, [
        _factor("aar", "Year", ["2019", "2020", "2021"], compare=False),
        _factor("gruppe", "Trial group", ["Trial", "Control"]),
    ], wave={"column": "aar"})
    rows = Rows(4)
    for year, (g1, g2) in {"2019": (12, 10), "2020": (11, 13)}.items():
        rows.add(items, {"aar": year, "gruppe": "1"}, copies=g1)
        rows.add(items, {"aar": year, "gruppe": "2"}, copies=g2)
    rows.add(items, {"aar": "2021", "gruppe": "1"}, (3, 2))
    rows.add(items, {"aar": "2021", "gruppe": "1"}, (4, 2))
    rows.add(items, {"aar": "2021", "gruppe": "2"}, (5, 1))
    return Study("smallwave", book, rows.rows)


def one_level_study() -> Study:
    """Case 5: department 1 has 2 respondents and is the only one answering q3 (the others leave it empty)."""
    items = ["q1", "q2", "q3"]
    book = _codebook("onelevel", items, [_factor("avdeling", "Department", ["North", "Middle", "South"])])
    rows = Rows(5)
    rows.add(items, {"avdeling": "1"}, (4, 4, 2))
    rows.add(items, {"avdeling": "1"}, (5, 3, 3))
    for level, size in ((2, 30), (3, 25)):
        for _ in range(size):
            rows.add(items, {"avdeling": str(level)}, [rows.rng.choice(SCALE) for _ in items[:2]] + [0])
    for row in rows.rows:
        if row["q3"] == "0":
            row["q3"] = ""
    return Study("onelevel", book, rows.rows)


# Text typed by respondents: job titles, two with a name in them. Repeated values make a text column look
# categorical to a careless drafter (issue #15, case 7).
TITLES = ["Kommunalsjef"] * 12 + ["Helse- og omsorgssjef"] * 9 + ["Ola Nordmann, rådgiver helse"] * 2 + [
    "Kari Hansen (konstituert kommunalsjef)"]
COMMENTS = ["Vi har samlet tildelingen hos Per Olsen sitt kontor", "Jeg er den eneste sykepleieren i kommunen"]
IDENTITY_HEADER = "Fødselsnummer 01017012345"


def hygiene_study() -> Study:
    """Cases 6 and 7: an export with a free-text job title (names in it), a free-text comment, a column the
    codebook does not know named like a national identity number, a telling file name, a quarantined row and
    a background level of 2 respondents (which the cleaning report counts unsuppressed)."""
    items = ["E1", "E2", "E3"]
    book = _codebook("hygiene", items, [
        _factor("stilling", "Position", ["Top manager", "Other position"], compare=False),
        _factor("region", "Region", ["North", "Middle", "South"]),
    ], open_text=[{"column": "stilling_tittel", "comment": False, "label": "Job title"},
                  {"column": "kommentar", "label": "Comments"}])
    rows = Rows(6)
    for i, title in enumerate(TITLES):
        cells = {"stilling": "2" if i in (12, 20) else "1", "region": str(1 + i % 3), "stilling_tittel": title,
                 "kommentar": COMMENTS[i] if i < len(COMMENTS) else "",
                 IDENTITY_HEADER: f"{1017012345 + 1111 * i:011d}"}
        rows.add(items, cells)
    rows.rows[5]["E1"] = "7"  # not a code of the scale: quarantined, with its row number in the cleaning report
    return Study("hygiene", book, rows.rows, settings={"on_invalid": "quarantine"},
                 export_name="kari_hansen_kommunalsjef_eksport.csv", extra_columns=[IDENTITY_HEADER],
                 free_text=[t for t in TITLES + COMMENTS])


def background_study() -> Study:
    """Case 8 (issue #18): the sample table by region crosses education and leader experience with region
    (cells of 1 to 3 respondents: education "Other" has 2 respondents, both in the North; 0-3 years of
    experience 1 in the Middle, 3 in the South); a yes/no question and a covariate in every region; education
    compared, so the yes/no, item-by-factor and Kruskal-Wallis tests run over its hidden level."""
    items = ["q1", "q2"]
    book = _codebook("background", items, [
        _factor("region", "Region", ["North", "Middle", "South"]),
        _factor("utd", "Education", ["Health", "Health and management", "Management", "Other"]),
        _factor("erfaring", "Leader experience", ["0-3 years", "4-9 years", "10 years or more"], compare=False),
    ], yes_no=[{"column": "endret", "scale": "janei", "yes_code": 1, "label": "Changed"}],
        covariates=[{"column": "innbyggere", "label": "Population", "min": 0}], sample={"by": "region"})
    book["scales"]["janei"] = {"levels": [{"code": 1, "label": "Yes"}, {"code": 2, "label": "No"}]}
    rows = Rows(8)
    education = {1: [1] * 4 + [2] * 6 + [3] * 2 + [4] * 2, 2: [1] * 3 + [2] * 6 + [3] * 3,
                 3: [1] * 2 + [2] * 7 + [3] * 2}
    experience = {1: [2] * 5 + [3] * 9, 2: [1] + [2] * 4 + [3] * 7, 3: [1] * 3 + [2] * 2 + [3] * 6}
    for region in (1, 2, 3):
        for k, (utd, erfaring) in enumerate(zip(education[region], experience[region], strict=True)):
            rows.add(items, {"region": str(region), "utd": str(utd), "erfaring": str(erfaring),
                             "endret": str(1 + (k + region) % 2), "innbyggere": str(2000 + 731 * k + 5000 * region)})
    return Study("background", book, rows.rows)


MODELS = {"outcomes": "all_items", "factors": ["erfaring", "region"]}


def modelled_study() -> Study:
    """Case 9 (issue #20): proportional-odds models of q1-q3 on leader experience (ordered: a trend test too)
    and region. Experience 0-3 years has 20 respondents, 12 of them without a region, and 6 of the other 8 skip
    q3: q3 has 14 answers at 0-3 years (shown), but only 2 among its model's rows (those with a region), on
    which its odds ratios would rest. At 10 years or more 23 of 25 skip q2 (2 answers: hidden by the plan)."""
    items = ["q1", "q2", "q3"]
    book = _codebook("modelled", items, [
        {**_factor("erfaring", "Leader experience", ["0-3 years", "4-9 years", "10 years or more"]), "ordered": True},
        _factor("region", "Region", ["North", "South"]),
    ])
    rows = Rows(9)
    for k in range(70):
        erfaring = 1 if k < 20 else 2 if k < 45 else 3
        region = "" if k < 12 else str(1 + k % 2)
        answers = [rows.rng.choice(SCALE) for _ in items]
        rows.add(items, {"erfaring": str(erfaring), "region": region}, answers)
        row = rows.rows[-1]
        if 12 <= k < 18:
            row["q3"] = ""
        if k >= 47:
            row["q2"] = ""
    return Study("modelled", book, rows.rows, settings={"models": MODELS})


def studies() -> list[Study]:
    return [nested_study(), weighted_study(), two_small_study(), small_wave_study(), one_level_study(),
            hygiene_study(), background_study(), modelled_study()]


def write_csv(path: Path, rows: list[dict]) -> None:
    columns = list(dict.fromkeys(c for row in rows for c in row))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, columns, lineterminator="\n", restval="")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def write_studies(root: Path, data: Path, min_cell: int) -> Path:
    """Write every study's codebook, export (and frame) under `data` and one config running them all."""
    config: dict = {"run": [], "min_cell": min_cell, "studies": {}}
    for study in studies():
        folder = data / study.id
        folder.mkdir(parents=True)
        (folder / "codebook.yaml").write_text(yaml.safe_dump(study.codebook, allow_unicode=True), encoding="utf-8")
        write_csv(folder / study.export_name, study.rows)
        entry = {"codebook": str(folder / "codebook.yaml"), "data": str(folder / study.export_name),
                 **study.settings}
        if study.frame is not None:
            write_csv(folder / "frame.csv", study.frame)
            entry["sampling_frame"] = str(folder / "frame.csv")
        config["run"].append(study.id)
        config["studies"][study.id] = entry
    path = root / "config" / f"local_attack_{min_cell}.yaml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


# --- reading the published tables ---------------------------------------------------------------------------

MARKER = ":"  # the hidden-cell sign of today's tables
IDENTIFYING = ("item", "variable", "index", "var1", "var2", "factor", "by", "group", "level", "level1", "level2",
               "wave", "first_wave", "last_wave", "code", "status")


@dataclass
class Table:
    """One published CSV: its cells as text and the set of hidden cells (row number, column)."""

    name: str
    frame: pd.DataFrame
    hidden: set[tuple[int, str]]

    def value(self, i: int, column: str) -> float | None:
        """The cell as a number; None when hidden, empty, absent or not a number."""
        if column not in self.frame.columns or (i, column) in self.hidden:
            return None
        try:
            number = float(self.frame.at[i, column])
        except ValueError:
            return None
        return None if math.isnan(number) else number

    def text(self, i: int, column: str) -> str:
        return self.frame.at[i, column] if column in self.frame.columns else ""

    def rows(self) -> list[int]:
        """The rows a reader can place: none of the cells saying what the row is about is hidden."""
        return [i for i in range(len(self.frame)) if not any((i, c) in self.hidden for c in IDENTIFYING)]


def read_table(path: Path) -> Table:
    """Both hidden-cell formats: the marker ":" in a cell, or an empty cell named in the row's `suppressed`
    column (the names of the row's hidden columns, separated by spaces)."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    hidden = {(i, c) for c in frame.columns for i in np.flatnonzero(frame[c].to_numpy() == MARKER)}
    if "suppressed" in frame.columns:
        hidden |= {(i, c) for i, names in enumerate(frame["suppressed"]) for c in names.split()}
    return Table(path.stem, frame, {(int(i), c) for i, c in hidden})


def read_tables(results: Path) -> dict[str, Table]:
    return {p.stem: read_table(p) for p in sorted((results / "tables").glob("*.csv"))}


def row_label(table: Table, i: int) -> str:
    """What identifies a row to a reader: item, factor, group or levels, wave, code."""
    parts = []
    for column in (c for c in IDENTIFYING if not c.endswith("_wave")):
        cell = table.text(i, column)
        if cell:
            parts.append(f"{column}={cell}")
    return " ".join(parts) or "total"


# --- what the attacker knows besides the tables: the public design ------------------------------------------


@dataclass
class Design:
    """The public design of a study: items, factors and their levels, the wave, the nesting of units."""

    study: str
    min_cell: int
    items: list[str]
    levels: dict[str, list[int]]
    wave: str | None
    nesting: dict[str, tuple[str, dict[int, int]]]
    frame_factor: str | None

    @classmethod
    def of(cls, study: Study, min_cell: int) -> Design:
        book = study.codebook
        levels = {f["column"]: [lv["code"] for lv in f["levels"]] for f in book["factors"]}
        wave = book.get("wave", {}).get("column")
        frame = book.get("sampling_frame", {}).get("factor")
        return cls(study.id, min_cell, [i["column"] for i in book["items"]], levels, wave,
                   study.nesting, frame)


NA = "NA"  # the level of respondents whose factor is missing


def subset(*pairs: tuple[str, object]) -> frozenset:
    """A set of respondents: those with the given (factor, level) pairs."""
    return frozenset(pairs)


# --- the linear model: every published number as a variable, every relation as an equation -----------------

# integer counts of respondents (N: valid answers of an item in a subset; YES: yes answers of a yes/no question;
# CC: answers with one code (or status) in a subset, whose overall count is CNT)
COUNTS = {"N", "MISS", "RESP", "CNT", "YES", "CC"}
INF = np.inf


class Model:
    """Variables keyed by what they count, linear equations between them, and min/max of any linear
    expression under all of them (`scipy.optimize.milp`, integers where the quantity is an integer)."""

    def __init__(self) -> None:
        self.index: dict[tuple, int] = {}
        self.lo: list[float] = []
        self.hi: list[float] = []
        self.integer: list[int] = []
        self.rows: list[tuple[dict[int, float], float, float]] = []
        self.cache: dict[tuple, tuple[float, float]] = {}

    def var(self, key: tuple) -> int:
        if key not in self.index:
            self.index[key] = len(self.lo)
            self.lo.append(0.0)
            self.hi.append(INF)
            self.integer.append(1 if key[0] in COUNTS | {"SUM", "SQ"} else 0)
            if key[0] in ("SUM", "SQ"):  # an answer is between the lowest and the highest level
                power = 1 if key[0] == "SUM" else 2
                n = ("N", *key[1:])
                self.constrain({key: 1, n: -min(SCALE) ** power}, 0, INF)
                self.constrain({key: 1, n: -max(SCALE) ** power}, -INF, 0)
        return self.index[key]

    def constrain(self, terms: dict[tuple, float], lo: float, hi: float) -> None:
        row: dict[int, float] = defaultdict(float)
        for key, coef in terms.items():
            row[self.var(key)] += coef
        self.rows.append((dict(row), lo, hi))
        self.cache.clear()

    def equal(self, terms: dict[tuple, float], rhs: float = 0.0) -> None:
        self.constrain(terms, rhs, rhs)

    def fix(self, key: tuple, value: float) -> None:
        i = self.var(key)
        if self.integer[i]:
            if abs(value - round(value)) > 1e-4:
                return  # not an integer after all (e.g. a rounded mean): tells nothing exact
            value = round(value)
        self.lo[i], self.hi[i] = max(self.lo[i], value), min(self.hi[i], value)
        self.cache.clear()

    def at_least(self, key: tuple, value: float) -> None:
        i = self.var(key)
        self.lo[i] = max(self.lo[i], value)
        self.cache.clear()

    def fixed(self, key: tuple) -> float | None:
        i = self.index.get(key)
        return self.lo[i] if i is not None and self.lo[i] == self.hi[i] else None

    def bounds(self, terms: dict[tuple, float]) -> tuple[float, float]:
        """Min and max of sum(coef * variable) under every constraint (-inf/inf when unbounded)."""
        cache_key = tuple(sorted((self.var(k), c) for k, c in terms.items()))
        if cache_key not in self.cache:
            self.cache[cache_key] = (self._optimum(terms, 1), -self._optimum(terms, -1))
        return self.cache[cache_key]

    def _optimum(self, terms: dict[tuple, float], sign: int) -> float:
        from scipy.sparse import coo_matrix

        size = len(self.lo)
        c = np.zeros(size)
        for key, coef in terms.items():
            c[self.var(key)] += sign * coef
        rows, cols, data = [], [], []
        for r, (row, _, _) in enumerate(self.rows):
            for col, coef in row.items():
                rows.append(r)
                cols.append(col)
                data.append(coef)
        matrix = coo_matrix((data, (rows, cols)), shape=(len(self.rows), size)).tocsr()
        constraints = [LinearConstraint(matrix, [r[1] for r in self.rows], [r[2] for r in self.rows])]
        result = milp(c, constraints=constraints, integrality=np.array(self.integer), bounds=Bounds(self.lo, self.hi),
                      options={"time_limit": 30})
        if result.status != 0 and "nbounded" in result.message:
            return -INF
        assert result.status == 0, f"the attacker's model is inconsistent ({result.message}): a wrong assumption"
        return float(result.fun)


@dataclass
class Cell:
    """A hidden published cell and the quantities it shows."""

    table: str
    row: str
    column: str
    kind: str  # count, mean, sd, mean_rank, percent, or row (only the row's answers tell it)
    keys: tuple
    denominator: float | None = None  # of a percent


@dataclass
class Group:
    """Respondents whose answers to one item an attacker may solve: one subset, or several hidden ones
    together. `stats` holds the published statistics of a single subset's row."""

    item: str
    subsets: tuple[frozenset, ...]
    where: str
    stats: dict[str, float] = field(default_factory=dict)
    ranks: tuple | None = None  # (factor, levels) whose rank sums add up to this group's


@dataclass
class Recovery:
    study: str
    table: str
    row: str
    column: str
    value: object
    how: str

    def __str__(self) -> str:
        return f"{self.study}: {self.table} [{self.row}] {self.column} = {self.value} ({self.how})"


GROUP_COUNT = re.compile(r"^(n|n_valid|n_\d+|n1|n2|n_first|n_last|n_group|responded)$")
STATS = ("mean", "median", "sd", "mode", "q1", "q3", "iqr", "agree_percent", "disagree_percent")


class Attack:
    """Everything one study publishes, read into one linear model, and the attacks on it."""

    def __init__(self, design: Design, tables: dict[str, Table]) -> None:
        self.design, self.tables, self.model = design, tables, Model()
        self.cells: list[Cell] = []
        self.groups: list[Group] = []
        self.hidden_keys: set[tuple] = set()  # quantities shown by a hidden cell
        self.visible_keys: set[tuple] = set()  # quantities shown by a visible cell (public, whatever else hides)
        loaders = {"descriptives": self._descriptives, "descriptives_by_wave": self._descriptives,
                   "indices": self._descriptives, "indices_by_wave": self._descriptives,
                   "kruskal_wallis": self._kruskal_wallis, "kruskal_wallis_by_wave": self._kruskal_wallis,
                   "dunn": self._dunn, "wave_change": self._wave_change, "response_rates": self._response_rates,
                   "frequencies": self._frequencies, "descriptives_weighted": self._descriptives,
                   "sample": self._sample, "yes_no": self._yes_no, "item_by_factor": self._codes_by_factor,
                   "frequencies_by_factor": self._codes_by_factor}
        for name, table in tables.items():
            if name in loaders:
                loaders[name](table)
        self._partitions()
        self._cap()

    # -- helpers ---------------------------------------------------------------------------------------------

    def is_item(self, variable: str) -> bool:
        return variable in self.design.items

    def secret(self, key: tuple) -> bool:
        """A quantity some table hides and no table shows."""
        return key in self.hidden_keys and key not in self.visible_keys

    def subset_of(self, table: Table, i: int, factor_column: str = "factor", group_column: str = "group") -> set:
        pairs = set()
        if table.text(i, "wave") and self.design.wave:
            pairs.add((self.design.wave, int(float(table.text(i, "wave")))))
        if table.text(i, factor_column) and table.text(i, group_column):
            pairs.add((table.text(i, factor_column), int(float(table.text(i, group_column)))))
        return pairs

    def shown(self, table: Table, i: int, column: str, keys: tuple, kind: str = "count", value: float | None = None,
              denominator: float | None = None) -> None:
        """A published cell: hidden -> remembered as a target; visible -> fixes its quantity (the last key;
        the others are the n it needs)."""
        if (i, column) in table.hidden:
            self.cells.append(Cell(table.name, row_label(table, i), column, kind, keys, denominator))
            self.hidden_keys.update(keys)
        elif value is not None:
            self.model.fix(keys[-1], value)
            self.visible_keys.add(keys[-1])

    # -- the tables --------------------------------------------------------------------------------------------

    def _descriptives(self, table: Table) -> None:
        """Rows of n, missing, mean and SD for one item (or index) and one subset of respondents."""
        for i in table.rows():
            variable = table.text(i, "item") or table.text(i, "index")
            subset_ = frozenset(self.subset_of(table, i))
            self._moments(table, i, variable, subset_, "n_valid" if "n_valid" in table.frame.columns else "n",
                          "mean", "sd", "n_missing")

    def _moments(self, table: Table, i: int, variable: str, subset_: frozenset, n_column: str, mean_column: str,
                 sd_column: str | None, missing_column: str | None) -> None:
        n_key, sum_key, sq_key = ("N", variable, subset_), ("SUM", variable, subset_), ("SQ", variable, subset_)
        n, mean = table.value(i, n_column), table.value(i, mean_column)
        self.shown(table, i, n_column, (n_key,), value=n)
        if missing_column and missing_column in table.frame.columns:
            # A count by answer status (declared missing, don't know) is shown openly for every visible group
            # and overall: it is no group size, so pinning a hidden one is no worse than showing it (shown_small
            # allows it too); it stays in the model, where it pins the group sizes and sums it is linked to.
            self.shown(table, i, missing_column, (("MISS", variable, subset_),), "status",
                       value=table.value(i, missing_column))
        if not self.is_item(variable):
            return
        self.model.var(sum_key)
        self.shown(table, i, mean_column, (n_key, sum_key), "mean",
                   None if n is None or mean is None else n * mean)
        sd = table.value(i, sd_column) if sd_column else None
        if sd_column in table.frame.columns:
            self.model.var(sq_key)
            self.shown(table, i, sd_column, (n_key, sum_key, sq_key), "sd",
                       None if None in (n, mean, sd) or n < 2 else (n - 1) * sd**2 + n * mean**2)
            if n == 1 and mean is not None:
                self.model.fix(sq_key, mean**2)
        stats = {c: table.value(i, c) for c in STATS if table.value(i, c) is not None}
        if mean_column != "mean" and table.value(i, mean_column) is not None:
            stats["mean"] = table.value(i, mean_column)
        self.groups.append(Group(variable, (subset_,), f"{table.name} [{row_label(table, i)}]", stats))

    def _kruskal_wallis(self, table: Table) -> None:
        """n = the levels' n; the levels' rank sums = n(n+1)/2; levels with answers have n >= 1."""
        for i in table.rows():
            variable, factor = table.text(i, "item"), table.text(i, "factor")
            within = frozenset(self.subset_of(table, i, "", ""))
            levels = self.design.levels[factor]
            keys = {lv: ("N", variable, within | {(factor, lv)}) for lv in levels}
            ranks = {lv: ("RS", variable, factor, within, lv) for lv in levels}
            n = table.value(i, "n")
            self.shown(table, i, "n", tuple(keys.values()))
            if n is not None:
                self.model.equal(dict.fromkeys(keys.values(), 1), n)
                self.model.equal(dict.fromkeys(ranks.values(), 1), n * (n + 1) / 2)
            dropped = {int(c) for c in table.text(i, "dropped_levels").split()}
            for lv in levels:
                size, rank = table.value(i, f"n_{lv}"), table.value(i, f"mean_rank_{lv}")
                self.shown(table, i, f"n_{lv}", (keys[lv],), value=size)
                self.shown(table, i, f"mean_rank_{lv}", (keys[lv], ranks[lv]), "mean_rank",
                           None if size is None or rank is None else size * rank)
                if lv in dropped:
                    self.model.fix(keys[lv], 0)
                    self.model.fix(ranks[lv], 0)
                elif table.text(i, "k") and (i, "dropped_levels") not in table.hidden:
                    self.model.at_least(keys[lv], 1)
                self.model.constrain({ranks[lv]: 1, keys[lv]: -1}, 0, INF)  # a rank is at least 1
                if n is not None:
                    self.model.constrain({ranks[lv]: 1, keys[lv]: -n}, -INF, 0)  # and at most n
                self.groups.append(Group(variable, (keys[lv][2],),
                                         f"{table.name} [{row_label(table, i)} level={lv}]",
                                         ranks=(factor, within, (lv,))))
            hidden = tuple(lv for lv in levels if (i, f"n_{lv}") in table.hidden)
            if len(hidden) > 1:
                self.groups.append(Group(variable, tuple(keys[lv][2] for lv in hidden),
                                         f"{table.name} [{row_label(table, i)}] levels {hidden} together",
                                         ranks=(factor, within, hidden)))

    def _dunn(self, table: Table) -> None:
        for i in table.rows():
            variable, factor = table.text(i, "item"), table.text(i, "factor")
            for side in ("1", "2"):
                level = int(float(table.text(i, f"level{side}")))
                n_key = ("N", variable, frozenset({(factor, level)}))
                rank_key = ("RS", variable, factor, frozenset(), level)
                size, rank = table.value(i, f"n{side}"), table.value(i, f"mean_rank{side}")
                self.shown(table, i, f"n{side}", (n_key,), value=size)
                self.shown(table, i, f"mean_rank{side}", (n_key, rank_key), "mean_rank",
                           None if size is None or rank is None else size * rank)

    def _wave_change(self, table: Table) -> None:
        """The first and the last wave of each group: n, mean, median of each."""
        for i in table.rows():
            variable = table.text(i, "variable")
            base = self.subset_of(table, i)
            for end in ("first", "last"):
                wave = int(float(table.text(i, f"{end}_wave")))  # the wave's code
                subset_ = frozenset(base | {(self.design.wave, wave)})
                self._moments(table, i, variable, subset_, f"n_{end}", f"mean_{end}", None, None)
                median = table.value(i, f"median_{end}")
                if median is not None:
                    self.groups[-1].stats["median"] = median

    def _response_rates(self, table: Table) -> None:
        """responded per frame group and in total; responded = percent x sent / 100."""
        factor = self.design.frame_factor
        for i in table.rows():
            group = table.text(i, "group")
            subset_ = frozenset({(factor, int(float(group)))} if group else set())
            key, sent = ("RESP", subset_), table.value(i, "sent")
            self.shown(table, i, "responded", (key,), value=table.value(i, "responded"))
            self.shown(table, i, "percent", (key,), "percent", denominator=sent)
            percent = table.value(i, "percent")
            if percent is not None and sent:
                self.model.fix(key, percent * sent / 100)

    def _frequencies(self, table: Table) -> None:
        """Counts by code sum to the respondents, the valid ones to n; code x count sums to the answers' sum;
        count = percent x respondents / 100."""
        everyone = ("RESP", frozenset())
        by_item: dict[str, list[int]] = defaultdict(list)
        for i in table.rows():
            by_item[table.text(i, "item")].append(i)
        for variable, rows in by_item.items():
            counts, valid, sums, squares = {}, {}, {}, {}
            for i in rows:
                key = ("CNT", variable, table.text(i, "code") or table.text(i, "status"))
                counts[key] = 1
                self.shown(table, i, "count", (key,), value=table.value(i, "count"))
                percent = table.value(i, "percent")
                if percent is not None:
                    self.model.equal({key: 1, everyone: -percent / 100})
                if table.text(i, "status") == "valid":
                    code = int(float(table.text(i, "code")))
                    valid[key], sums[key], squares[key] = 1, code, code**2
            self.model.equal({**counts, everyone: -1})
            self.model.equal({**valid, ("N", variable, frozenset()): -1})
            self.model.equal({**sums, ("SUM", variable, frozenset()): -1})
            self.model.equal({**squares, ("SQ", variable, frozenset()): -1})

    def _ratio(self, table: Table, i: int, column: str, part: tuple, whole: dict[tuple, float]) -> None:
        """A shown percent: 100 x part = percent x whole (a linear expression)."""
        percent = table.value(i, column)
        if percent is not None:
            self.model.equal({part: 1, **{k: -c * percent / 100 for k, c in whole.items()}})

    def _sample(self, table: Table) -> None:
        """The sample table: per group (all respondents, or a level of `by`) its respondents; a factor's level
        (or missing) rows count respondents of the group with that level (n, percent of the group's respondents,
        valid_percent of those with a level); a yes/no question's n, n_yes, percent_yes and a covariate's n."""
        for i in table.rows():
            variable, kind = table.text(i, "variable"), table.text(i, "kind")
            base = frozenset(self.subset_of(table, i, "by", "group"))
            group = ("RESP", base)
            self.shown(table, i, "respondents", (group,), value=table.value(i, "respondents"))
            if kind == "factor":
                level = table.text(i, "level")
                key = ("RESP", base | {(variable, int(float(level)) if level else NA)})
                self.shown(table, i, "n", (key,), value=table.value(i, "n"))
                self._ratio(table, i, "percent", key, {group: 1})
                self._ratio(table, i, "valid_percent", key, {group: 1, ("RESP", base | {(variable, NA)}): -1})
                continue
            n_key = ("N", variable, base)
            self.shown(table, i, "n", (n_key,), value=table.value(i, "n"))
            self.shown(table, i, "n_missing", (("MISS", variable, base),), "status", value=table.value(i, "n_missing"))
            if kind == "yes_no":
                self._yes(table, i, variable, base)

    def _yes(self, table: Table, i: int, variable: str, subset_: frozenset) -> None:
        yes, n_key = ("YES", variable, subset_), ("N", variable, subset_)
        self.shown(table, i, "n_yes", (yes,), value=table.value(i, "n_yes"))
        self.model.constrain({yes: 1, n_key: -1}, -INF, 0)
        self._ratio(table, i, "percent_yes", yes, {n_key: 1})

    def _yes_no(self, table: Table) -> None:
        """The yes/no table: per question and group (all respondents, or a level of a compared factor) its
        respondents, n (yes and no answers), n_yes, percent_yes and missing answers."""
        for i in table.rows():
            variable, subset_ = table.text(i, "variable"), frozenset(self.subset_of(table, i))
            self.shown(table, i, "respondents", (("RESP", subset_),), value=table.value(i, "respondents"))
            self.shown(table, i, "n", (("N", variable, subset_),), value=table.value(i, "n"))
            self.shown(table, i, "n_missing", (("MISS", variable, subset_),), "status",
                       value=table.value(i, "n_missing"))
            self._yes(table, i, variable, subset_)

    def _codes_by_factor(self, table: Table) -> None:
        """Answers per code (and status) of an item in each level of a factor (item_by_factor: valid codes
        with the level's valid answers `n_group`; frequencies_by_factor: every code and status): the counts
        sum to the level's valid answers (and respondents), code x count to the sums of answers and squares."""
        by_cell: dict[tuple, list[int]] = defaultdict(list)
        for i in table.rows():
            by_cell[(table.text(i, "item"), frozenset(self.subset_of(table, i)))].append(i)
        for (variable, subset_), rows in by_cell.items():
            n_key = ("N", variable, subset_)
            valid, everything, sums, squares = {}, {}, {n_key: -1}, {n_key: -1}
            for i in rows:
                code = table.text(i, "code")
                status = table.text(i, "status") or "valid"
                key = cc_key(variable, subset_, code or status)  # as the frequencies' keys
                self.shown(table, i, "count", (key,), value=table.value(i, "count"))
                self.shown(table, i, "n_group", (n_key,), value=table.value(i, "n_group"))
                everything[key] = 1
                if status == "valid":
                    valid[key] = 1
                    self._ratio(table, i, "percent" if "n_group" in table.frame.columns else "valid_percent", key,
                                {n_key: 1})
                    value = int(float(code))
                    sums[key], squares[key] = value, value**2
                if "status" in table.frame.columns:
                    self._ratio(table, i, "percent", key, {("RESP", subset_): 1})
            self.model.equal({**valid, n_key: -1})
            if "status" in table.frame.columns:
                self.model.equal({**everything, ("RESP", subset_): -1})
            self.model.equal({k: v for k, v in sums.items() if k != n_key} | {("SUM", variable, subset_): -1})
            self.model.equal({k: v for k, v in squares.items() if k != n_key} | {("SQ", variable, subset_): -1})

    # -- relations every reader knows ----------------------------------------------------------------------------

    def _partitions(self) -> None:
        """A subset's count (and sum of answers, of squares, missing, respondents) is the sum over the levels of
        any factor (plus those whose level is missing); a parent unit's is the sum over the units nested in it;
        and the respondents of a subset are its valid answers plus its missing ones, for every item."""
        for key in [k for k in self.model.index if k[0] == "N"]:
            _, variable, subset_ = key
            self.model.equal({("RESP", subset_): 1, key: -1, ("MISS", variable, subset_): -1})
        done: set[tuple] = set()
        for key in [k for k in self.model.index if k[0] == "CC"]:
            _, variable, subset_, code = key
            for factor, level in subset_:
                rest = subset_ - {(factor, level)}
                mark = ("CC", variable, rest, factor, code)
                if level != NA and mark not in done:
                    done.add(mark)
                    self.model.equal({cc_key(variable, rest, code): 1, **{
                        cc_key(variable, rest | {(factor, lv)}, code): -1 for lv in [*self.design.levels[factor], NA]}})
        for key in [k for k in self.model.index if k[0] in ("N", "MISS", "SUM", "SQ", "RESP", "YES")]:
            kind, variable, subset_ = (key[0], None, key[1]) if key[0] == "RESP" else key
            for factor, level in subset_:
                if level == NA:
                    continue
                rest = subset_ - {(factor, level)}
                self._sum(done, kind, variable, rest, [rest | {(factor, lv)} for lv in
                                                       [*self.design.levels[factor], NA]])
                if factor in self.design.nesting:
                    parent, of = self.design.nesting[factor]
                    units = [rest | {(factor, c)} for c in of if of[c] == of[level]]
                    self._sum(done, kind, variable, rest | {(parent, of[level])}, units)

    def _sum(self, done: set, kind: str, variable: str, whole: frozenset, parts: list[frozenset]) -> None:
        mark = (kind, variable, whole, frozenset(parts))
        if mark in done or (kind in ("SUM", "SQ") and not self.is_item(variable)):
            return
        done.add(mark)
        def key(part: frozenset) -> tuple:
            return ("RESP", part) if kind == "RESP" else (kind, variable, part)

        self.model.equal({key(whole): 1, **{key(p): -1 for p in parts}})
        hidden = tuple(p for p in parts if self.secret(("N", variable, p)))
        if kind == "N" and len(hidden) > 1:
            self.groups.append(Group(variable, hidden, f"sum over {_describe(whole)} of {len(hidden)} hidden "
                                                       f"cells {[_describe(p) for p in hidden]}"))

    def _cap(self) -> None:
        """Finite upper bounds (10^7) so that no optimum is unbounded."""
        self.model.hi = [min(h, 1e7) for h in self.model.hi]
        self.model.cache.clear()


def cc_key(variable: str, subset_: frozenset, code: str) -> tuple:
    """The count of answers `code` (or a status) to `variable` in `subset_`: the frequencies' CNT for everyone."""
    return ("CNT", variable, code) if not subset_ else ("CC", variable, subset_, code)


def _describe(subset_: frozenset) -> str:
    return "{" + ", ".join(f"{f}={lv}" for f, lv in sorted(subset_, key=str)) + "}" if subset_ else "everyone"


# --- the attacks ---------------------------------------------------------------------------------------------

TOLERANCE = 1e-6
MAX_ANSWERS = 8  # the largest group whose answers are solved by enumeration


def determined(attack: Attack, terms: dict[tuple, float]) -> float | None:
    lo, hi = attack.model.bounds(terms)
    return lo if hi - lo <= TOLERANCE else None


def small(attack: Attack, lo: float, hi: float) -> bool:
    """Known to be a small non-empty group: every feasible value lies in [1, min_cell - 1]."""
    return lo >= 1 - TOLERANCE and hi <= attack.design.min_cell - 1 + TOLERANCE


def recover_cells(attack: Attack) -> Iterator[Recovery]:
    """Every hidden cell whose quantity has one feasible value (or, for a count, only small ones)."""
    study = attack.design.study
    for cell in attack.cells:
        if not any(attack.secret(k) for k in cell.keys) or cell.kind == "status":
            continue  # the same number is published in another cell, or a count by answer status
        found = _cell_value(attack, cell)
        if found is not None:
            yield Recovery(study, cell.table, cell.row, cell.column, *found)


def _cell_value(attack: Attack, cell: Cell) -> tuple[object, str] | None:
    how = "min = max under every published linear relation"
    if cell.kind == "count":
        lo, hi = attack.model.bounds(dict.fromkeys(cell.keys, 1))
        if hi < TOLERANCE:
            return None  # known to be 0 (nobody at all gave the answer): no one's data; 0 < n < min_cell is protected
        if hi - lo <= TOLERANCE:
            return round(lo), how
        if small(attack, lo, hi):
            return f"{round(lo)}..{round(hi)}", f"feasible values all inside [1, {attack.design.min_cell - 1}]"
        return None
    if cell.kind == "percent":
        responded = determined(attack, {cell.keys[0]: 1})
        return None if responded is None or not cell.denominator else (100 * responded / cell.denominator, how)
    n = determined(attack, {cell.keys[0]: 1})
    if n is None or n < 1:
        return None
    total = determined(attack, {cell.keys[1]: 1})
    if total is None:
        return None
    if cell.kind in ("mean", "mean_rank"):
        return total / n, f"{how} (n and the sum of {'answers' if cell.kind == 'mean' else 'ranks'})"
    squares = determined(attack, {cell.keys[2]: 1})
    if cell.kind == "sd" and squares is not None and n >= 2:
        return math.sqrt(max(squares - total**2 / n, 0) / (n - 1)), f"{how} (n, sums of answers and squares)"
    return None


def recover_together(attack: Attack) -> Iterator[Recovery]:
    """Hidden cells taken together must reach min_cell too: their total must not be known to be small."""
    for group in attack.groups:
        if len(group.subsets) < 2:
            continue
        lo, hi = attack.model.bounds({("N", group.item, s): 1 for s in group.subsets})
        if small(attack, lo, hi) or (hi - lo <= TOLERANCE and 1 <= lo < attack.design.min_cell):
            value = round(lo) if hi - lo <= TOLERANCE else f"{round(lo)}..{round(hi)}"
            yield Recovery(attack.design.study, *_where(group.where), "n of the hidden cells together", value,
                           "the hidden cells of one relation together are fewer than min_cell")


def _where(where: str) -> tuple[str, str]:
    table, _, row = where.partition(" [")
    return (table, row.replace("]", "")) if row else ("(relation)", where)


def quantile(values: list[int], p: float) -> float:
    """SPSS's weighted average at (n + 1)p (R's type 6), as the README says the tables use."""
    n = len(values)
    h = (n + 1) * p
    j = math.floor(h)
    if j < 1:
        return values[0]
    if j >= n:
        return values[-1]
    return values[j - 1] + (h - j) * (values[j] - values[j - 1])


def statistics(values: list[int]) -> dict[str, float]:
    """The published statistics of a sorted list of answers (README "Outputs", descriptives.csv)."""
    n = len(values)
    mean = sum(values) / n
    counts = {v: values.count(v) for v in values}
    out = {"mean": mean, "median": quantile(values, 0.5), "q1": quantile(values, 0.25),
           "q3": quantile(values, 0.75), "mode": min(v for v in counts if counts[v] == max(counts.values())),
           "agree_percent": 100 * sum(v >= SCALE[-2] for v in values) / n,
           "disagree_percent": 100 * sum(v <= SCALE[1] for v in values) / n}
    out["iqr"] = out["q3"] - out["q1"]
    if n >= 2:
        out["sd"] = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1))
    return out


def midranks(attack: Attack, item: str, factor: str) -> dict[int, float] | None:
    """The midrank of each answer in a Kruskal-Wallis test over all waves, when its respondents are everyone
    with a valid answer (nobody without a level) and the frequencies give every code's count."""
    if determined(attack, {("N", item, frozenset({(factor, NA)})): 1}) != 0:
        return None
    ranks, below = {}, 0
    for code in SCALE:
        count = determined(attack, {("CNT", item, str(code)): 1})
        if count is None:
            return None
        ranks[code], below = below + (count + 1) / 2, below + count
    return ranks


def recover_answers(attack: Attack) -> Iterator[Recovery]:
    """The answers of a hidden (or visibly small) group with known n, by enumerating every multiset of n
    answers that fits what is known: sums of answers and squares, published statistics, rank sums."""
    for group in attack.groups:
        if not attack.is_item(group.item):
            continue
        lo, hi = attack.model.bounds({("N", group.item, s): 1 for s in group.subsets})
        n = round(lo)
        if hi - lo > TOLERANCE or not 1 <= n <= min(MAX_ANSWERS, attack.design.min_cell - 1):
            continue  # only the answers of a group below min_cell are a disclosure
        checks = _answer_checks(attack, group)
        if not checks:
            continue
        fits = [a for a in itertools.combinations_with_replacement(SCALE, n) if all(c(list(a)) for c in checks)]
        if len(fits) == 1:
            table, row = _where(group.where)
            yield Recovery(attack.design.study, table, row, "answers", fits[0],
                           f"the only {n} answers fitting {len(checks)} published constraint(s)")


def _answer_checks(attack: Attack, group: Group) -> list:
    checks = []
    for kind, power in (("SUM", 1), ("SQ", 2)):
        total = determined(attack, {(kind, group.item, s): 1 for s in group.subsets})
        if total is not None:
            checks.append(lambda a, t=total, p=power: abs(sum(v**p for v in a) - t) <= TOLERANCE)
    for name, value in group.stats.items():
        checks.append(lambda a, k=name, v=value: k not in statistics(a) or abs(statistics(a)[k] - v) <= 1e-6)
    if group.ranks and not group.ranks[1]:
        factor, within, levels = group.ranks
        ranks = midranks(attack, group.item, factor)
        total = determined(attack, {("RS", group.item, factor, within, lv): 1 for lv in levels})
        if ranks and total is not None:
            checks.append(lambda a, r=ranks, t=total: abs(sum(r[v] for v in a) - t) <= 1e-6)
    return checks


MAX_TABLES = 300_000  # the most fillings of a test's hidden cells the attacker tries


def _range(attack: Attack, terms: dict[tuple, float]) -> range:
    lo, hi = attack.model.bounds(terms)
    return range(math.ceil(lo - TOLERANCE), math.floor(hi + TOLERANCE) + 1)


def pearson(table: np.ndarray) -> float:
    """Pearson's chi-square of a table of counts without its empty rows and columns (as the tests use it)."""
    table = table[table.sum(axis=1) > 0][:, table.sum(axis=0) > 0]
    expected = np.outer(table.sum(axis=1), table.sum(axis=0)) / table.sum()
    return float(((table - expected) ** 2 / expected).sum())


def published_tests(attack: Attack) -> Iterator[tuple[str, str, float, list[list[dict]]]]:
    """Every shown chi-square statistic (the `statistic` of a chi-square or Fisher test) with its table of
    counts as linear expressions of the model's quantities (rows: values, columns: groups): a factor against
    the sample's `by` factor (crossed respondents), a yes/no question against a factor (yes; n - yes), an item
    against a factor (answers per code)."""
    seen = set()
    for name in ("sample", "yes_no", "item_by_factor"):
        table = attack.tables.get(name)
        if table is None:
            continue
        for i in table.rows():
            statistic = table.value(i, "statistic")
            variable = table.text(i, "item") or table.text(i, "variable")
            factor = table.text(i, "by") if name == "sample" else table.text(i, "factor")
            kind = table.text(i, "kind") or ("yes_no" if name == "yes_no" else "item")
            if statistic is None or not factor or (name, variable, factor) in seen or kind == "covariate":
                continue
            seen.add((name, variable, factor))
            groups = attack.design.levels[factor]
            if kind == "factor":
                grid = [[{("RESP", frozenset({(variable, lv), (factor, g)})): 1} for g in groups]
                        for lv in attack.design.levels[variable]]
            elif kind == "yes_no":
                yes = [("YES", variable, frozenset({(factor, g)})) for g in groups]
                grid = [[{k: 1} for k in yes], [{("N", *k[1:]): 1, k: -1} for k in yes]]
            else:
                grid = [[{cc_key(variable, frozenset({(factor, g)}), str(code)): 1} for g in groups] for code in SCALE]
            yield name, row_label(table, i), statistic, pool(grid, groups, table.text(i, "pooled_levels"))


def pool(grid: list[list[dict]], groups: list[int], pooled: str) -> list[list[dict]]:
    """The grid with the columns of the groups a test names in `pooled_levels` summed into one last column, as
    the README says the test was computed."""
    codes = {int(code) for code in pooled.split()}
    if not codes:
        return grid
    kept = [j for j, g in enumerate(groups) if g not in codes]
    merged = [j for j, g in enumerate(groups) if g in codes]
    out = []
    for row in grid:
        total: dict[tuple, float] = defaultdict(float)
        for j in merged:
            for key, coef in row[j].items():
                total[key] += coef
        out.append([row[j] for j in kept] + [dict(total)])
    return out


def recover_from_tests(attack: Attack) -> Iterator[Recovery]:
    """A chi-square printed in full beside hidden cells of its table: every filling of the hidden cells that
    the published relations allow (each cell within its bounds, column and row sums within theirs) is tried,
    and a hidden cell with one value in every filling whose chi-square equals the published one is recovered."""
    for name, where, statistic, grid in published_tests(attack):
        ranges = [[_range(attack, cell_) for cell_ in row] for row in grid]
        if all(len(r) == 1 for row in ranges for r in row):
            continue  # nothing hidden
        columns = []
        for j in range(len(grid[0])):
            total = _range(attack, {k: v for row in grid for k, v in row[j].items()})
            options = [c for c in itertools.product(*(row[j] for row in ranges)) if sum(c) in total]
            columns.append(options)
        if not all(columns) or math.prod(len(c) for c in columns) > MAX_TABLES:
            continue
        sums = [_range(attack, {k: v for cell_ in row for k, v in cell_.items()}) for row in grid]
        fits = []
        for filling in itertools.product(*columns):
            counts = np.array(filling).T
            if all(int(s) in sums[r] for r, s in enumerate(counts.sum(axis=1))) and counts.sum() > 0 and abs(
                    pearson(counts) - statistic) <= 1e-9 * max(1.0, statistic):
                fits.append(counts)
        assert fits, f"{name} [{where}]: no filling gives the published chi-square: a wrong assumption"
        for r, row in enumerate(ranges):
            for j, values in enumerate(row):
                found = {int(f[r, j]) for f in fits}
                if len(values) > 1 and len(found) == 1:
                    yield Recovery(attack.design.study, name, where, f"cell {r + 1},{j + 1}", found.pop(),
                                   f"the only value of the hidden cell in the {len(fits)} filling(s) of the table "
                                   "whose chi-square equals the published statistic")


def recover_from_weights(attack: Attack) -> Iterator[Recovery]:
    """Kish's n_effective over an item everyone answered is (sum of sent)^2 / sum(sent_g^2 / responded_g)
    (weights = frame share / respondent share): search the hidden `responded` by brute force."""
    rates, weighted = attack.tables.get("response_rates"), attack.tables.get("descriptives_weighted")
    if rates is None or weighted is None:
        return
    groups = {int(float(rates.text(i, "group"))): i for i in rates.rows() if rates.text(i, "group")}
    sent = {g: rates.value(i, "sent") for g, i in groups.items()}
    key = {g: ("RESP", frozenset({(attack.design.frame_factor, g)})) for g in groups}
    unknown = [g for g in groups if (groups[g], "responded") in rates.hidden]
    ranges = {}
    for g in groups:
        lo, hi = attack.model.bounds({key[g]: 1})
        ranges[g] = range(round(lo), round(hi) + 1)
    if not unknown or math.prod(len(ranges[g]) for g in unknown) > 2_000_000:
        return
    targets = [weighted.value(i, "n_effective") for i in weighted.rows()
               if _everyone_answered(attack, weighted.text(i, "item"))]
    targets = [t for t in targets if t is not None]
    if not targets:
        return
    total = determined(attack, {key[g]: 1 for g in unknown})
    solutions = []
    for values in itertools.product(*(ranges[g] for g in unknown)):
        if total is not None and sum(values) != round(total):
            continue
        responded = {**{g: ranges[g][0] for g in groups}, **dict(zip(unknown, values, strict=True))}
        if any(all(abs(n_eff - t) <= 1e-9 * t for t in targets) for n_eff in kish(sent, responded, unknown)):
            solutions.append(values)
    for index, g in enumerate(unknown):
        found = {s[index] for s in solutions}
        if len(found) == 1:
            yield Recovery(attack.design.study, "response_rates", f"group={g}", "responded", found.pop(),
                           f"the only integer solution of n_effective with the public sent ({len(solutions)} "
                           "solution(s) in all)")


def kish(sent: dict[int, float], responded: dict[int, int], hidden: list[int]) -> tuple[float, float]:
    """Kish's n_effective of post-stratification weights under both models an attacker may assume: a weight
    per group, and the hidden groups pooled into one stratum (as README documents). A split of the hidden
    `responded` is a solution when either model gives the published value, so the search finds what a weight
    per group gives away, and finds nothing only when no split can be told from another."""
    framed = [g for g in sent if responded[g] > 0]
    total = sum(sent[g] for g in framed) ** 2
    per_group = total / sum(sent[g] ** 2 / responded[g] for g in framed)
    pool = [g for g in framed if g in hidden]
    shown = [g for g in framed if g not in hidden]
    pooled_terms = sum(sent[g] ** 2 / responded[g] for g in shown)
    if pool:
        pooled_terms += sum(sent[g] for g in pool) ** 2 / sum(responded[g] for g in pool)
    return per_group, total / pooled_terms


def _everyone_answered(attack: Attack, item: str) -> bool:
    return determined(attack, {("MISS", item, frozenset()): 1}) == 0


def shown_small(design: Design, tables: dict[str, Table]) -> Iterator[Recovery]:
    """Counts of a group, level, wave or cell published with 0 < n < min_cell."""
    for table in tables.values():
        for column in (c for c in table.frame.columns if GROUP_COUNT.match(c)):
            for i in table.rows():
                value = table.value(i, column)
                if value is not None and 0 < value < design.min_cell:
                    yield Recovery(design.study, table.name, row_label(table, i), column, int(value),
                                   f"published although below min_cell {design.min_cell}")


def attack_study(design: Design, results: Path) -> list[Recovery]:
    """Every recovery of one study's hidden cells, each once."""
    attack = Attack(design, read_tables(results))
    found = list(recover_from_weights(attack))
    for recovery in found:  # what the weights gave away is known from now on
        attack.model.fix(("RESP", frozenset({(design.frame_factor, int(recovery.row.split("=")[1]))})),
                         recovery.value)
    found += [*recover_cells(attack), *recover_together(attack), *_first_of_each(recover_answers(attack)),
              *recover_from_tests(attack)]
    unique = {(r.table, r.row, r.column, str(r.value)): r for r in reversed(found)}  # the first way found
    return list(reversed(unique.values()))


def _first_of_each(recoveries: Iterable[Recovery]) -> Iterator[Recovery]:
    """One recovery per set of answers and group size (the same people are found through several tables)."""
    seen = set()
    for recovery in recoveries:
        if (recovery.row, recovery.value) not in seen:
            seen.add((recovery.row, recovery.value))
            yield recovery


# --- the two workflow runs -----------------------------------------------------------------------------------


@dataclass
class Run:
    root: Path
    data: Path
    min_cell: int
    cache: dict = field(default_factory=dict, repr=False)

    def results(self, study: str) -> Path:
        return self.root / "results" / study

    def recoveries(self, study: Study) -> list[Recovery]:
        if study.id not in self.cache:
            self.cache[study.id] = attack_study(Design.of(study, self.min_cell), self.results(study.id))
        return self.cache[study.id]


def snakemake(root: Path, *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run([str(SNAKEMAKE), "--cores", "2", *args], cwd=root, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-4000:]
    return result


@pytest.fixture(scope="module", params=MIN_CELLS, ids=lambda m: f"min_cell{m}")
def published(request, tmp_path_factory) -> Run:
    """Every generated study in one invocation of the workflow, in a fresh copy of the repository."""
    base = tmp_path_factory.mktemp(f"attack{request.param}")
    root = copy_repository(base / "repo")
    config = write_studies(root, base / "data", request.param)
    snakemake(root, "--configfile", str(config.relative_to(root)))
    return Run(root, base / "data", request.param)


STUDIES = {s.id: s for s in studies()}
CASES = {  # the cases of issue #15 each study stands for
    "nested": "1 nested units in a wave study", "weighted": "2 weights and sent",
    "twosmall": "3 two small levels hidden together", "smallwave": "4 a small wave",
    "onelevel": "5 one level with answers", "hygiene": "6 and 7 working material and free text",
    "background": "8 the sample table by group, yes/no questions and their tests (issue #18)",
    "modelled": "9 proportional-odds models and a trend over an ordered factor (issue #20)",
}


def listing(found: list[Recovery]) -> str:
    return f"{len(found)} recovered:\n" + "\n".join(f"- {r}" for r in found)


# --- the tests -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("study", sorted(STUDIES))
def test_no_hidden_cell_can_be_recovered(published: Run, study: str) -> None:
    """From the published tables only, no hidden count, mean, SD, mean rank, percent or set of answers of
    fewer than min_cell respondents has one solution (issue #15, case of this study: see CASES)."""
    assert (published.results(study) / "tables").is_dir()
    found = published.recoveries(STUDIES[study])
    assert not found, f"case {CASES[study]}, min_cell {published.min_cell}: " + listing(found)


@pytest.mark.parametrize("study", sorted(STUDIES))
def test_no_small_count_is_published(published: Run, study: str) -> None:
    """Every cell with 0 < n < min_cell is really hidden: n columns, levels' n, responded, n_first/n_last."""
    found = list(shown_small(Design.of(STUDIES[study], published.min_cell), read_tables(published.results(study))))
    assert not found, f"case {CASES[study]}, min_cell {published.min_cell}: " + listing(found)


def hidden_levels(tables: dict[str, Table], item: str, factor: str) -> set[int]:
    """The levels of `factor` whose counts of answers to `item` are hidden in frequencies_by_factor.csv (what a
    reader sees of the plan)."""
    table = tables["frequencies_by_factor"]
    return {int(table.text(i, "group")) for i in range(len(table.frame)) if table.text(i, "item") == item
            and table.text(i, "factor") == factor and any((i, c) in table.hidden for c in ("count", "percent"))}


def complete_case_levels(study: Study, item: str) -> dict[tuple[str, int], int]:
    """From the generated export (what the attacker does not hold): per level of each modelled factor, the
    respondents with an answer to `item` and every modelled factor (a model's rows)."""
    factors = study.settings["models"]["factors"]
    complete = [row for row in study.rows if row[item] in {str(c) for c in SCALE}
                and all(row[f] for f in factors)]
    counts: dict[tuple[str, int], int] = defaultdict(int)
    for row in complete:
        for factor in factors:
            counts[factor, int(row[factor])] += 1
    return counts


MODEL_FIGURES = ("estimate", "se", "z", "p", "odds_ratio", "ci_low", "ci_high", "chi2")


def test_models_and_trends_rest_on_no_small_cell(published: Run) -> None:
    """The models (#20): no published model number of an item for which the plan hides a level of a modelled
    factor, or whose model's rows have a level with 1..min_cell-1 respondents (the generated export's truth:
    the plan counts all respondents, a model only those with every predictor), and no model's n under
    min_cell; a trend only where the item's hidden levels of its factor are the ones it pooled. The model of q1
    is published (the checks can fail)."""
    study, min_cell = STUDIES["modelled"], published.min_cell
    tables = read_tables(published.results(study.id))
    factors = study.settings["models"]["factors"]
    wrong, estimated = [], set()
    for name in ("models", "model_tests"):
        table = tables[name]
        for i in range(len(table.frame)):
            item = table.text(i, "outcome")
            shown = [c for c in MODEL_FIGURES if table.value(i, c) is not None]
            n = table.value(i, "n")
            if n is not None and n < min_cell:
                wrong.append(f"{name} {item}: n {n:g} < min_cell")
            if not shown:
                continue
            estimated.add(item)
            if any(hidden_levels(tables, item, factor) for factor in factors):
                wrong.append(f"{name} {item}: {shown} published although a level of a modelled factor is hidden")
            small = {level: n for level, n in complete_case_levels(study, item).items() if 0 < n < min_cell}
            if small:
                wrong.append(f"{name} {item}: {shown} published on a model whose rows have {small}")
    trend = tables["trend"]
    for i in range(len(trend.frame)):
        item, factor = trend.text(i, "item"), trend.text(i, "factor")
        levels = hidden_levels(tables, item, factor)
        pooled = {int(code) for code in trend.text(i, "pooled_levels").split()}
        if levels and trend.value(i, "p") is not None and pooled != levels:
            wrong.append(f"trend {item}: p published with hidden levels {levels}, pooled {pooled or 'none'}")
    assert not wrong, f"min_cell {min_cell}:\n" + "\n".join(wrong)
    assert "q1" in estimated and not estimated & {"q2", "q3"}


def published_texts(folder: Path) -> Iterator[tuple[str, str]]:
    """(name, text) of every file under `folder`, and of every member of its zip files (.docx, report.zip);
    binary formats that hold their text compressed (PDF, PNG) are left out."""
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        name = str(path.relative_to(folder))
        if path.suffix in (".docx", ".zip"):
            with zipfile.ZipFile(path) as archive:
                for member in archive.namelist():
                    yield f"{name}:{member}", archive.read(member).decode("utf-8", errors="ignore")
        elif path.suffix not in (".pdf", ".png"):
            yield name, path.read_bytes().decode("utf-8", errors="ignore")


def working_material(root: Path) -> list[str]:
    """What only the researcher may see: the export's file name, the unknown column's header, the quarantined
    rows and their reasons, the cleaning report's inputs, warnings and unsuppressed level counts, and every
    free text typed by a respondent."""
    study = STUDIES["hygiene"]
    secrets = [Path(study.export_name).stem, *study.extra_columns, IDENTITY_HEADER.split()[-1]]
    processed = root / "data_processed" / study.id
    secrets += list(pd.read_csv(processed / "quarantine.csv", dtype=str)["reason"])
    report = (processed / "cleaning_report.md").read_text(encoding="utf-8")
    # the sections in the study's language (the cleaning report is written in it)
    sections = [i18n.cleaning_text(key, language) for key in ("inputs", "warnings", "factors")
                for language in i18n.LANGUAGES]
    assert sum(section in report for section in sections) == 3, "the sections moved: the test would see none"
    for section in sections:
        lines = report.split(section, 1)[1].split("\n## ", 1)[0].splitlines() if section in report else []
        secrets += [line.strip("- ").strip() for line in lines if len(line.strip("- ").strip()) >= 12]
    return secrets + [t for s in STUDIES.values() for t in s.free_text if len(t) >= 8]


def leaks(folder: Path, secrets: list[str]) -> list[str]:
    found = [f"{name}: a file of the cleaning report" for name, _ in published_texts(folder)
             if "cleaning_report" in name]
    for name, text in published_texts(folder):
        found += [f"{name}: {secret!r}" for secret in secrets if secret in text]
    return found


def test_published_files_hold_no_working_material(published: Run) -> None:
    """Case 6 and 7: nothing under results/ holds the cleaning report, the export's file name, an unknown
    column's name, quarantined rows or any respondent's free text."""
    secrets = working_material(published.root)
    assert len(secrets) > len(TITLES)  # the cleaning report was read
    found = leaks(published.root / "results", secrets)
    assert not found, f"{len(found)} leak(s) under results/:\n" + "\n".join(f"- {f}" for f in found)


def test_report_holds_no_working_material(published: Run) -> None:
    """Case 6: the browsable Snakemake report (report.zip and report.html) holds none of it either."""
    if published.min_cell != MIN_CELLS[-1]:
        pytest.skip("the report is built once")
    config = next((published.root / "config").glob("local_attack_*.yaml")).relative_to(published.root)
    study = STUDIES["hygiene"].id
    for suffix in ("zip", "html"):
        snakemake(published.root, "--configfile", str(config), "--report", f"results/{study}/report.{suffix}",
                  f"results/{study}/manifest.json")
    reports = published.root / "report_only"
    reports.mkdir()
    for suffix in ("zip", "html"):
        shutil.copy(published.results(study) / f"report.{suffix}", reports)
    found = leaks(reports, working_material(published.root))
    assert not found, f"{len(found)} leak(s) in the report:\n" + "\n".join(f"- {f}" for f in found)


def test_draft_codebook_never_makes_free_text_a_label(tmp_path: Path) -> None:
    """Case 7: a typed job title (names in it, few distinct values) stays open text in the draft codebook,
    no typed text becomes a label, and the draft with guesses is not called valid."""
    study = STUDIES["hygiene"]
    export = tmp_path / study.export_name
    write_csv(export, study.rows)
    result = subprocess.run([sys.executable, "-m", "likertpipe", "draft-codebook", str(export), "-o",
                             str(tmp_path / "draft.yaml")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    draft = yaml.safe_load((tmp_path / "draft.yaml").read_text(encoding="utf-8"))
    coded = {entry["column"] for section in ("items", "factors", "yes_no") for entry in draft.get(section) or []}
    assert not {"stilling_tittel", "kommentar"} & coded
    assert {"stilling_tittel", "kommentar"} <= {entry["column"] for entry in draft.get("open_text") or []}
    labels = {str(level.get("label")) for scale in (draft.get("scales") or {}).values()
              for level in scale.get("levels", [])}
    labels |= {str(level.get("label")) for factor in draft.get("factors") or [] for level in factor["levels"]}
    assert not labels & set(study.free_text)
    assert "is a valid codebook" not in result.stderr


def test_the_reader_understands_both_hidden_cell_formats(tmp_path: Path) -> None:
    """Today's ":" marker, and an empty cell named in the row's `suppressed` column (the new format)."""
    (tmp_path / "old.csv").write_text("item,n,n_1,n_2\nq1,10,:,:\n", encoding="utf-8")
    (tmp_path / "new.csv").write_text("item,n,n_1,n_2,suppressed\nq1,10,,,n_1 n_2\nq2,10,4,6,\n", encoding="utf-8")
    old, new = read_table(tmp_path / "old.csv"), read_table(tmp_path / "new.csv")
    assert old.hidden == {(0, "n_1"), (0, "n_2")} == new.hidden
    assert old.value(0, "n_1") is None and new.value(0, "n_1") is None and new.value(1, "n_1") == 4
    assert old.value(0, "n") == new.value(0, "n") == 10
