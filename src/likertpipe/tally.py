"""Counting: columns as small integer codes and their (cross-)tables of counts, one pass over the data.

Likert answers and factor levels take few values, so `encode` maps a column to codes 0..L-1 (L = missing) and a
table of counts is one `numpy.bincount` of combined codes. Only numpy and pandas: the figure jobs count answers
without importing scipy (`count_statistics` computes the statistics from these tables).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

# Widest code range counted with bincount; wider (or non-integer) values are encoded with numpy.unique.
DENSE_RANGE = 1 << 16


@dataclass(frozen=True)
class Encoded:
    """A column as small integer codes: `codes[row]` in 0..L-1 indexes `values` (ascending), L = missing;
    `counts[l]` rows have value l. The codes are of the smallest unsigned type that holds L (uint8 for an
    item or a factor)."""

    codes: np.ndarray
    values: np.ndarray
    counts: np.ndarray

    @property
    def levels(self) -> int:
        return len(self.values)

    @property
    def present(self) -> np.ndarray:
        return self.codes < self.levels


def code_type(largest: int) -> type:
    """The smallest unsigned integer type holding 0..largest."""
    return next(t for t in (np.uint8, np.uint16, np.uint32) if largest <= np.iinfo(t).max)


def _from_index(index: np.ndarray, size: int, offset: float) -> Encoded:
    """Encoded from `index` = value - offset in 0..size-1, or `size` where missing: one bincount, one lookup."""
    counts = np.bincount(index, minlength=size + 1)[:size]
    seen = counts > 0
    levels = int(seen.sum())
    lookup = np.append(np.cumsum(seen) - 1, levels).astype(code_type(levels))
    return Encoded(np.take(lookup, index), np.flatnonzero(seen).astype(float) + offset, counts[seen])


def encode(column: pd.Series | np.ndarray) -> Encoded:
    """Codes of the distinct present values of `column` (pandas nullable or numpy; missing = NA or NaN).

    Integer columns with a narrow range (Likert codes, factor levels) are encoded in one pass with bincount;
    anything else through numpy.unique.
    """
    series = pd.Series(column) if not isinstance(column, pd.Series) else column
    if pd.api.types.is_integer_dtype(series.dtype):
        array = series.array
        if isinstance(array, pd.arrays.IntegerArray):  # nullable: values and mask without a copy
            x, missing = getattr(array, "_data", None), getattr(array, "_mask", None)
            if x is None or missing is None:  # pragma: no cover - pandas without the (stable) internals
                x, missing = array.to_numpy(dtype=array.dtype.numpy_dtype, na_value=0), np.asarray(array.isna())
        else:
            x, missing = series.to_numpy(), np.zeros(len(series), dtype=bool)
        present = ~missing
        if not present.any():
            lo, hi = 0, -1
        elif x.dtype.itemsize <= 2:  # int8/int16: index a table over the dtype's whole range
            lo, hi = int(np.iinfo(x.dtype).min), int(np.iinfo(x.dtype).max)
        else:
            lo, hi = int(x.min(where=present, initial=np.iinfo(x.dtype).max)), int(
                x.max(where=present, initial=np.iinfo(x.dtype).min))
        if hi - lo < DENSE_RANGE:
            if x.dtype.itemsize <= 2:
                index = x.astype(np.intp)
                index -= lo
            else:  # wraps where missing, which is overwritten next
                index = (x - x.dtype.type(lo)).astype(np.intp)
            np.putmask(index, missing, hi - lo + 1)
            return _from_index(index, hi - lo + 1, lo)
    x = series.to_numpy(dtype=float, na_value=np.nan)
    missing = np.isnan(x)
    values, inverse, counts = np.unique(x[~missing], return_inverse=True, return_counts=True)
    codes = np.full(len(x), len(values), dtype=code_type(len(values)))
    codes[~missing] = inverse
    return Encoded(codes, values.astype(float), counts)


def counts_of(column: pd.Series, values: tuple[int, ...]) -> dict[int, int] | None:
    """{value: rows} of each of `values` that `column` (pandas nullable integer) holds, ascending, by one
    comparison per value (no codes: cheaper than `encode` when only a few values are wanted); None when the
    column holds other values too, or is of another type."""
    array = column.array
    x, missing = getattr(array, "_data", None), getattr(array, "_mask", None)
    if not isinstance(array, pd.arrays.IntegerArray) or x is None or missing is None:
        return None
    present, limits = ~missing, np.iinfo(x.dtype)
    counts = {value: int(np.count_nonzero((x == value) & present)) if limits.min <= value <= limits.max else 0
              for value in sorted(set(values))}
    if sum(counts.values()) != int(np.count_nonzero(present)):
        return None
    return {value: count for value, count in counts.items() if count}


def crosstab(a: Encoded, b: Encoded) -> np.ndarray:
    """Counts of (a, b) value pairs over the rows where both are present, shape (La, Lb): one bincount of
    the combined code a * (Lb + 1) + b, the missing row and column dropped."""
    width = b.levels + 1
    combined = a.codes.astype(np.intp) * width
    combined += b.codes
    table = np.bincount(combined, minlength=(a.levels + 1) * width).reshape(a.levels + 1, width)
    return table[:-1, :-1]


# Largest joint table of one block of variables in `pair_tables` (two blocks: its square).
BLOCK_CELLS = 1 << 10


def _blocks(variables: list[Encoded]) -> list[list[int]]:
    """Consecutive variables grouped so that each group's joint table (missing included) has <= BLOCK_CELLS."""
    blocks: list[list[int]] = []
    cells = BLOCK_CELLS + 1
    for index, variable in enumerate(variables):
        width = variable.levels + 1
        if cells * width > BLOCK_CELLS or not blocks:
            blocks.append([])
            cells = 1
        blocks[-1].append(index)
        cells *= width
    return blocks


def pair_tables(variables: list[Encoded], pairs: list[tuple[int, int]]) -> dict[tuple[int, int], np.ndarray]:
    """`crosstab(variables[i], variables[j])` for every (i, j) in `pairs`, with far fewer passes over the data.

    The variables are grouped into blocks of a few; each block gets one joint code (mixed radix over the codes,
    missing included), and one bincount of two blocks' combined code gives the joint table of all their
    variables, from which every pair's table is a sum over the other axes. With 30 five-point items that is
    55 passes over the data instead of 435. Blocks too wide for this (many levels) fall back to `crosstab`.
    """
    blocks = _blocks(variables)
    block_of = {index: b for b, block in enumerate(blocks) for index in block}
    shapes = [[variables[i].levels + 1 for i in block] for block in blocks]
    joint: dict[int, np.ndarray] = {}

    def code(b: int) -> np.ndarray:  # in the smallest type that holds it (uint8 for three five-point items)
        if b not in joint:
            first, *rest = blocks[b]
            total = variables[first].codes.astype(code_type(int(np.prod(shapes[b])) - 1))
            for i in rest:
                total *= variables[i].levels + 1
                total += variables[i].codes
            joint[b] = total
        return joint[b]

    wanted: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for i, j in pairs:
        key = tuple(sorted((block_of[i], block_of[j])))
        wanted.setdefault(key, []).append((i, j))
    out: dict[tuple[int, int], np.ndarray] = {}
    for (b, c), members in wanted.items():
        if int(np.prod(shapes[b])) > BLOCK_CELLS or int(np.prod(shapes[c])) > BLOCK_CELLS:
            out.update({(i, j): crosstab(variables[i], variables[j]) for i, j in members})
            continue
        if b == c:
            axes_of = {index: position for position, index in enumerate(blocks[b])}
            table = np.bincount(code(b), minlength=int(np.prod(shapes[b]))).reshape(shapes[b])
        else:
            size_c = int(np.prod(shapes[c]))
            combined = code(b).astype(code_type(int(np.prod(shapes[b])) * size_c - 1))
            combined *= size_c
            combined += code(c)
            table = np.bincount(combined, minlength=int(np.prod(shapes[b])) * size_c).reshape(shapes[b] + shapes[c])
            axes_of = {index: position for position, index in enumerate(blocks[b] + blocks[c])}
        for i, j in members:
            keep = (axes_of[i], axes_of[j])
            other = tuple(axis for axis in range(table.ndim) if axis not in keep)
            two = table.sum(axis=other)
            if keep[0] > keep[1]:
                two = two.T
            out[(i, j)] = two[:-1, :-1]
    return out


def frequencies(a: Encoded) -> np.ndarray:
    """Count of each value of `a` (missing left out)."""
    return a.counts


class Tallies:
    """The counts of one data frame, each computed once: its columns as codes (`encode`) and the cross-tables of
    column pairs (`pair_tables`). The statistics of one job share one: the descriptives, Kruskal-Wallis, Dunn
    and Spearman tables read the same encoded items and the same item x level and item x item tables, so the
    data are passed over once per table block, not once per statistic. `data` must not change while in use."""

    def __init__(self, data: pd.DataFrame):
        self.data = data
        self._encoded: dict[str, Encoded] = {}
        self._tables: dict[tuple[str, str], np.ndarray] = {}

    def encoded(self, column: str) -> Encoded:
        if column not in self._encoded:
            self._encoded[column] = encode(self.data[column])
        return self._encoded[column]

    def tables(self, pairs: list[tuple[str, str]]) -> dict[tuple[str, str], np.ndarray]:
        """`crosstab` of each (column a, column b) in `pairs` (rows: a's values), those not counted before
        counted together by one `pair_tables`."""
        new = [(a, b) for a, b in dict.fromkeys(pairs) if (a, b) not in self._tables and (b, a) not in self._tables]
        if new:  # first columns, then second ones (the factors of item x factor tables in one block), wide last
            columns = list(dict.fromkeys([a for a, _ in new] + [b for _, b in new]))
            columns.sort(key=lambda column: self.encoded(column).levels >= BLOCK_CELLS)
            position = {column: index for index, column in enumerate(columns)}
            found = pair_tables([self.encoded(column) for column in columns],
                                [(position[a], position[b]) for a, b in new])
            self._tables.update({(a, b): found[(position[a], position[b])] for a, b in new})
        return {(a, b): self._tables[(a, b)] if (a, b) in self._tables else self._tables[(b, a)].T for a, b in pairs}
