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
    """A column as small integer codes: `codes[row]` in 0..L-1 indexes `values` (ascending), L = missing."""

    codes: np.ndarray
    values: np.ndarray

    @property
    def levels(self) -> int:
        return len(self.values)

    @property
    def present(self) -> np.ndarray:
        return self.codes < self.levels


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
        if x.dtype.itemsize <= 2:  # int8/int16: index a table over the dtype's whole range, one pass
            offset = int(np.iinfo(x.dtype).min)
            size = int(np.iinfo(x.dtype).max) - offset + 1
            index = x.astype(np.int32) - offset
            index[missing] = size
            seen = np.bincount(index, minlength=size + 1)[:size] > 0
            lookup = np.append(np.cumsum(seen) - 1, int(seen.sum())).astype(np.int32)
            return Encoded(lookup[index], np.flatnonzero(seen).astype(float) + offset)
        present = x[~missing]
        if len(present):
            lo, hi = int(present.min()), int(present.max())
            if hi - lo < DENSE_RANGE:
                seen = np.bincount(present - lo, minlength=hi - lo + 1) > 0
                values = np.flatnonzero(seen).astype(float) + lo
                lookup = np.append(np.cumsum(seen) - 1, len(values)).astype(np.int32)
                index = np.where(missing, hi - lo + 1, x - lo)
                return Encoded(lookup[index], values)
    x = series.to_numpy(dtype=float, na_value=np.nan)
    missing = np.isnan(x)
    values, inverse = np.unique(x[~missing], return_inverse=True)
    codes = np.full(len(x), len(values), dtype=np.int32)
    codes[~missing] = inverse
    return Encoded(codes, values.astype(float))


def crosstab(a: Encoded, b: Encoded) -> np.ndarray:
    """Counts of (a, b) value pairs over the rows where both are present, shape (La, Lb): one bincount of
    the combined code a * (Lb + 1) + b, the missing row and column dropped."""
    width = b.levels + 1
    combined = a.codes.astype(np.int64) * width + b.codes if a.levels * width > 2**31 - 1 else a.codes * width + b.codes
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

    def code(b: int) -> np.ndarray:
        if b not in joint:
            total = np.zeros(len(variables[blocks[b][0]].codes), dtype=np.intp)
            for i, width in zip(blocks[b], shapes[b], strict=True):
                total *= width
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
            combined = code(b) * size_c + code(c)
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
    return np.bincount(a.codes, minlength=a.levels + 1)[:-1]
