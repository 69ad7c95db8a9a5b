"""Disclosure control: one protection plan per study, decided once from the cleaned data, before any statistic.

The respondents are identifiable people (a municipality has one health-and-care manager), so no published
figure may rest on fewer than `min_cell` of them, and no hidden figure may be derivable from the published
ones. The plan counts, for every variable (`RESPONDENTS`, each item's valid answers, each index's scores), the
cells the tables publish: all respondents, each level of each compared factor (and of the sampling frame's
factor), and in a wave study each wave and each level x wave. Cells that add up to another cell form a
*line* with that cell as its margin:

- a factor's levels (and its respondents without a level, who are never shown but are the margin minus the
  levels) add up to all respondents; in a wave study also within each wave, and each level's waves add up to
  the level;
- a factor nested in another (municipality within municipality group: every level of one lies in one level of
  the other, found in the data) adds up to its parent level, pooled and per wave;
- the waves add up to all respondents.

Primary suppression hides every cell with 0 < n < min_cell. Secondary suppression then makes every line
safe, until nothing changes: when a line's margin is hidden, its cells are too; otherwise its hidden cells
(with the unshown cell of respondents without a level) must be at least two published cells (so that no
single hidden cell equals the margin minus the shown ones, which would also undo a hidden cell of a crossing
line) and so many together that each of them could hold `min_cell` respondents even if every other held one
(sum - (cells - 1) >= min_cell: an attacker who knows each hidden cell has someone cannot tell that any of
them is small), else the smallest shown cell with respondents is hidden as well, or, when no such cell is
left, the margin. A variable's hidden cells include those of `RESPONDENTS` (tables that show
a group's don't-know and missing answers beside its valid ones also show its number of respondents).

The plan is written to `data_processed/{study}/disclosure_plan.json` (local: it names the hidden cells and
their counts); `protect` applies it to every table before it is written under results/.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from likertpipe import tally
from likertpipe.codebook import Codebook, Factor
from likertpipe.scores import index_scores

RESPONDENTS = "respondents"  # the variable counting every respondent of a group, whatever they answered
ALL = "all"
MISSING = "missing"  # the level of respondents without one (not published as a row)


def cell(*pairs: tuple[str, int | None]) -> str:
    """The key of a cell from (factor column, level code) pairs: "all", "kommune=5", "kommune=5|aar=2" (the
    wave is a factor too); a level None is MISSING."""
    return "|".join(f"{column}={MISSING if code is None else int(code)}" for column, code in pairs) or ALL


def _pairs(key: str) -> dict[str, str]:
    return {} if key == ALL else dict(part.split("=", 1) for part in key.split("|"))


@dataclass(frozen=True)
class Plan:
    """What may be published: per variable, the hidden cells and why (primary, secondary, parent, margin)."""

    min_cell: int
    hidden: dict[str, dict[str, str]] = field(default_factory=dict)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)  # n of every hidden cell (local file only)
    nesting: dict[str, str] = field(default_factory=dict)  # factor -> the factor it nests in
    waves: tuple[int, ...] = ()  # the wave codes present in the data, first to last

    def is_hidden(self, variable: str, key: str) -> bool:
        """Whether `key` is hidden for `variable` (or for every variable, through RESPONDENTS)."""
        return key in self.hidden.get(variable, {}) or key in self.hidden.get(RESPONDENTS, {})

    def hidden_levels(self, variable: str, factor: str, within: tuple[str, int] | None = None) -> set[int]:
        """Codes of the levels of `factor` hidden for `variable`, within the level `within` (e.g. the wave
        ("aar", 2)) when given."""
        keys = set(self.hidden.get(variable, {})) | set(self.hidden.get(RESPONDENTS, {}))
        expected = {factor} | ({within[0]} if within else set())
        levels = set()
        for key in keys:
            pairs = _pairs(key)
            if set(pairs) == expected and pairs[factor] != MISSING and (
                    within is None or pairs[within[0]] == str(int(within[1]))):
                levels.add(int(pairs[factor]))
        return levels

    def to_json(self) -> str:
        return json.dumps({"min_cell": self.min_cell, "nesting": self.nesting, "waves": list(self.waves),
                           "hidden": {v: {k: {"reason": r, "n": self.counts[v][k]} for k, r in cells.items()}
                                      for v, cells in self.hidden.items() if cells}},
                          indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def read_plan(path: str | Path) -> Plan:
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    hidden = {v: {k: entry["reason"] for k, entry in cells.items()} for v, cells in raw["hidden"].items()}
    counts = {v: {k: entry["n"] for k, entry in cells.items()} for v, cells in raw["hidden"].items()}
    return Plan(raw["min_cell"], hidden, counts, raw["nesting"], tuple(raw["waves"]))


def planned_factors(book: Codebook) -> list[Factor]:
    """The factors whose levels the tables publish: the compared ones other than the wave, and the sampling
    frame's factor (response rates by its groups), then every other factor but the wave (the sample table
    publishes every factor's levels, derived ones too)."""
    factors = list(book.group_factors if book.wave else book.compared_factors)
    frame = book.sampling_frame
    if frame is not None and all(f.column != frame.factor for f in factors):
        factors.append(book.factor(frame.factor))
    factors += [f for f in book.factors if f not in factors and f is not book.wave]
    return factors


def recode_lines(book: Codebook, factors: list[Factor]) -> list[tuple[str, list[str]]]:
    """Lines of the derived factors (`recode`): each level is the sum of the recoded factor's levels in its
    `from`, pooled and per wave, whatever the data's nesting found (a factor may be recoded more than once)."""
    planned = {f.column for f in factors}
    waves = [(book.wave.column, code) for code in book.wave.codes] if book.wave else []
    lines = []
    for factor in factors:
        rule = factor.derived
        if rule is None or rule.kind != "recode" or rule.sources[0] not in planned:
            continue
        for level, codes in zip(factor.levels, rule.mapping, strict=True):
            members = [cell((rule.sources[0], code)) for code in codes]
            lines.append((cell((factor.column, level.code)), members))
            lines += [(cell((factor.column, level.code), w), [cell((rule.sources[0], c), w) for c in codes])
                      for w in waves]
    return lines


def nesting(data: pd.DataFrame, factors: Iterable[Factor]) -> dict[str, str]:
    """factor -> the factor it nests in: every level of it (among respondents with both) lies within one level
    of the other, which has fewer levels in the data (of two identical partitions, the later nests in the
    earlier)."""
    factors = list(factors)
    found: dict[str, tuple[int, str]] = {}  # child -> (levels of its closest parent, parent)
    for i, child in enumerate(factors):
        for j, parent in enumerate(factors):
            if i == j:
                continue
            both = data[[child.column, parent.column]].dropna()
            if both.empty:
                continue
            children, parents = both[child.column].nunique(), both[parent.column].nunique()
            nests = (both.groupby(child.column)[parent.column].nunique() == 1).all()
            if nests and (children > parents or (children == parents and j < i)):
                if parents > found.get(child.column, (0, ""))[0]:  # the closest parent: the one with most levels
                    found[child.column] = (parents, parent.column)
    return {child: parent for child, (_, parent) in found.items()}


def _counted(data: pd.DataFrame, book: Codebook) -> pd.DataFrame:
    """One boolean column per variable: whether each respondent counts in it."""
    columns = {RESPONDENTS: pd.Series(True, index=data.index)}
    columns |= {item.column: data[item.column].notna() for item in book.items}
    columns |= {index.id: index_scores(data, index).notna() for index in book.indices}
    # the sample and yes/no tables publish each yes/no question's answers and each covariate's values per level
    columns |= {q.column: data[q.column].isin(q.scale.codes).fillna(False).astype(bool) for q in book.yes_no
                if q.column in data}
    columns |= {c.column: data[c.column].notna() for c in book.covariates if c.column in data}
    return pd.DataFrame(columns)


def _cell_counts(counted: pd.DataFrame, data: pd.DataFrame, factors: list[Factor], wave: Factor | None
                 ) -> dict[str, pd.Series]:
    """Every cell's count per variable (a Series indexed by variable, per cell key)."""
    cells = {ALL: counted.sum()}

    def by(columns: list[str], key) -> None:
        if len(columns) == 1:  # one factor: per counted variable a bincount of its codes (groupby's sums, faster)
            groups = tally.encode(data[columns[0]])
            values = [int(v) for v in groups.values] + ([None] if (~groups.present).any() else [])
            sums = np.stack([np.bincount(groups.codes[counted[c].to_numpy(dtype=bool)], minlength=groups.levels + 1)
                             for c in counted.columns], axis=1)
            for row, value in enumerate(values):
                cells[key(value)] = pd.Series(sums[row], index=counted.columns)
            return
        sums = counted.groupby([data[c] for c in columns], dropna=False).sum()
        for values, row in sums.iterrows():
            values = values if isinstance(values, tuple) else (values,)
            values = [None if pd.isna(v) else int(v) for v in values]
            cells[key(*values)] = row

    if wave:
        by([wave.column], lambda w: cell((wave.column, w)))
    for factor in factors:
        by([factor.column], lambda level, f=factor.column: cell((f, level)))
        if wave:
            by([factor.column, wave.column], lambda level, w, f=factor.column: cell((f, level), (wave.column, w)))
    return cells


def _lines(data: pd.DataFrame, factors: list[Factor], wave: Factor | None, nested: dict[str, str]
           ) -> list[tuple[str, list[str]]]:
    """(margin, cells adding up to it) of every relation between published cells."""
    waves = [(wave.column, code) for code in wave.codes] if wave else []
    lines = [(ALL, [cell(w) for w in waves])] if waves else []
    for factor in factors:
        f = factor.column
        levels = [*factor.codes, None]
        lines.append((ALL, [cell((f, level)) for level in levels]))
        lines += [(cell(w), [cell((f, level), w) for level in levels]) for w in waves]
        if waves:
            lines += [(cell((f, level)), [cell((f, level), w) for w in waves]) for level in factor.codes]
        parent = nested.get(f)
        if parent is not None:
            both = data[[f, parent]].dropna().drop_duplicates()
            for parent_level, children in both.groupby(parent)[f]:
                kids = sorted(int(c) for c in children)
                lines.append((cell((parent, parent_level)), [cell((f, c)) for c in kids]))
                lines += [(cell((parent, parent_level), w), [cell((f, c), w) for c in kids]) for w in waves]
    return lines


def suppress(counts: dict[str, int], lines: list[tuple[str, list[str]]], min_cell: int,
             already: dict[str, str] | None = None) -> dict[str, str]:
    """Hidden cells and why, by the rules of the module docstring; `already` are hidden from the start."""
    hidden = dict(already or {})
    for key, n in counts.items():
        if 0 < n < min_cell and key not in hidden:
            hidden[key] = "primary"
    unshown = {key for key in counts if MISSING in _pairs(key).values()}
    order = {key: i for i, key in enumerate(counts)}
    changed = True
    while changed:
        changed = False
        for margin, members in lines:
            members = [m for m in members if counts.get(m, 0) > 0]
            if margin in hidden:
                for m in members:
                    if m not in hidden and m not in unshown:
                        hidden[m], changed = "parent", True
                continue
            pool = [m for m in members if m in hidden or m in unshown]
            published = [m for m in pool if m not in unshown]
            # even if every other cell of the pool held one respondent, each could hold min_cell
            wide = sum(counts[m] for m in pool) - (len(pool) - 1) >= min_cell
            if not pool or (wide and len(published) != 1):
                continue
            shown = sorted((counts[m], order[m], m) for m in members if m not in hidden and m not in unshown)
            if shown:
                hidden[shown[0][2]] = "secondary"
            elif margin != ALL or not wide:
                hidden[margin] = "margin"
            else:
                continue
            changed = True
    return {key: hidden[key] for key in sorted(hidden, key=lambda k: order.get(k, len(order))) if key in counts}


def make_plan(data: pd.DataFrame, book: Codebook, min_cell: int) -> Plan:
    """The protection plan of the cleaned `data`: see the module docstring."""
    factors = planned_factors(book)
    nested = nesting(data, factors)
    counted = _counted(data, book)
    cells = _cell_counts(counted, data, factors, book.wave)
    lines = _lines(data, factors, book.wave, nested) + recode_lines(book, factors)
    hidden, counts = {}, {}
    respondents = {}
    for variable in counted.columns:
        of = {key: int(series[variable]) for key, series in cells.items()}
        start = {key: "respondents" for key in respondents}
        found = suppress(of, lines, min_cell, start)
        if variable == RESPONDENTS:
            respondents = found
        hidden[variable] = found
        counts[variable] = {key: of[key] for key in found}
    waves = tuple(code for code in book.wave.codes if (data[book.wave.column] == code).any()) if book.wave else ()
    return Plan(min_cell, hidden, counts, nested, waves)
