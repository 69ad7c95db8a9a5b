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
- the waves add up to all respondents;
- with a sample table by a factor (`sample: {by: ...}`), every other factor's levels within each level of
  that factor: the sample table publishes them (counts of respondents, like any group's), so within each
  by-level the levels add up to it, and each level's by-levels (and its respondents without one, unshown)
  add up to the level. These crossed cells count respondents only.

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
from collections.abc import Callable, Iterable, Sequence
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


HiddenLevels = Callable[[str, str], "set[int]"]
"""The levels of a factor the plan hides for a variable: (variable, factor column) -> codes (`Plan.hidden_levels`),
or within a wave. The tests pool them (`pool_hidden`)."""


def pool_hidden(table: np.ndarray, codes: Sequence[int], hidden: set[int]) -> np.ndarray:
    """`table` (values x levels, its columns the levels `codes`) with the columns of the `hidden` levels summed
    into one last column. A test of it rests on the pool of the hidden levels, whose counts (and rank sums) the
    published margins give anyway, never on a hidden level's own: a chi-square or H of the unpooled table,
    printed in full, would be one more equation in them (tests/test_attacker.py solves it)."""
    pooled = [j for j, code in enumerate(codes) if code in hidden]
    if not pooled:
        return table
    kept = [j for j in range(table.shape[1]) if j not in pooled]
    return np.column_stack([table[:, kept], table[:, pooled].sum(axis=1)])


def pooled_codes(hidden: set[int]) -> str:
    """The `pooled_levels` cell of a test: the codes pooled into one group, separated by spaces."""
    return " ".join(str(code) for code in sorted(hidden))


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


def sample_lines(data: pd.DataFrame, book: Codebook, factors: list[Factor], nested: dict[str, str]
                 ) -> list[tuple[str, list[str]]]:
    """Lines of the sample table's crossed cells (`crossed`): within each level of the `by` factor a factor's
    levels (and its respondents without one) add up to it, a nested factor's to its parent's, a recode's
    sources to the recoded level; each level's by-levels (and its respondents without one) add up to the
    level."""
    by = book.factor(book.sample_by) if book.sample_by else None
    lines = []
    chosen = crossed(book, factors)
    columns = {f.column for f in chosen}
    for factor in chosen:
        f = factor.column
        if nested.get(f) in columns:
            lines += _nested_lines(data, f, nested[f], [((by.column, g),) for g in by.codes])
        for g in by.codes:
            within = (by.column, g)
            lines.append((cell(within), [cell((f, level), within) for level in (*factor.codes, None)]))
            rule = factor.derived
            if rule is not None and rule.kind == "recode" and rule.sources[0] != by.column:
                lines += [(cell((f, level.code), within), [cell((rule.sources[0], c), within) for c in codes])
                          for level, codes in zip(factor.levels, rule.mapping, strict=True)]
        lines += [(cell((f, level)), [cell((f, level), (by.column, g)) for g in (*by.codes, None)])
                  for level in factor.codes]
    return lines


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


def crossed(book: Codebook, factors: list[Factor]) -> list[Factor]:
    """The factors the sample table publishes within each level of its `by` factor (none without one)."""
    by = book.sample_by
    if by is None or (book.wave is not None and by == book.wave.column):  # level x wave cells are planned anyway
        return []
    return [f for f in factors if f.column != by and f is not book.wave]


def _cell_counts(counted: pd.DataFrame, data: pd.DataFrame, factors: list[Factor], book: Codebook
                 ) -> dict[str, pd.Series]:
    """Every cell's count per variable (a Series indexed by variable, per cell key)."""
    cells = {ALL: counted.sum()}
    wave = book.wave

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
    for factor in crossed(book, factors):
        by([factor.column, book.sample_by],
           lambda level, g, f=factor.column: cell((f, level), (book.sample_by, g)))
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
        if f in nested:
            lines += _nested_lines(data, f, nested[f], [(), *((w,) for w in waves)])
    return lines


def _nested_lines(data: pd.DataFrame, child: str, parent: str, withins: list[tuple]) -> list[tuple[str, list[str]]]:
    """A parent level is the sum of the child levels nested in it (found in the data), within each of
    `withins` (tuples of (column, code) pairs; () for all respondents)."""
    both = data[[child, parent]].dropna().drop_duplicates()
    lines = []
    for parent_level, children in both.groupby(parent)[child]:
        kids = sorted(int(c) for c in children)
        lines += [(cell((parent, parent_level), *w), [cell((child, c), *w) for c in kids]) for w in withins]
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
            if margin in hidden:  # its empty cells too: a shown 0 would leave the line's other hidden cell alone
                for m in members:
                    if m not in hidden and m not in unshown and MISSING not in _pairs(m).values():
                        hidden[m], changed = "parent", True
                continue
            empty = [m for m in members if counts.get(m, 0) == 0 and m in hidden]  # hidden with their margin
            members = [m for m in members if counts.get(m, 0) > 0]
            pool = [m for m in members if m in hidden or m in unshown]
            published = [m for m in pool if m not in unshown] + empty  # a reader cannot tell a hidden 0
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
    return {key: hidden[key] for key in sorted(hidden, key=lambda k: (order.get(k, len(order)), k))}


def make_plan(data: pd.DataFrame, book: Codebook, min_cell: int) -> Plan:
    """The protection plan of the cleaned `data`: see the module docstring."""
    factors = planned_factors(book)
    nested = nesting(data, factors)
    counted = _counted(data, book)
    cells = _cell_counts(counted, data, factors, book)
    lines = _lines(data, factors, book.wave, nested) + recode_lines(book, factors) + sample_lines(data, book,
                                                                                                  factors, nested)
    crossed_columns = {f.column for f in crossed(book, factors)}
    sample_only = {key for key in cells if set(_pairs(key)) & crossed_columns and book.sample_by in _pairs(key)}
    hidden, counts = {}, {}
    respondents = {}
    for variable in counted.columns:
        of = {key: int(series[variable]) for key, series in cells.items()
              if variable == RESPONDENTS or key not in sample_only}
        start = {key: "respondents" for key in respondents}
        found = suppress(of, lines, min_cell, start)
        if variable == RESPONDENTS:
            respondents = found
        hidden[variable] = found
        counts[variable] = {key: of.get(key, 0) for key in found}
    waves = tuple(code for code in book.wave.codes if (data[book.wave.column] == code).any()) if book.wave else ()
    return Plan(min_cell, hidden, counts, nested, waves)
