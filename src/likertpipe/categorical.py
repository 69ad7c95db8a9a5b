"""Tests of two categorical variables from their table of counts: Pearson's chi-square, Fisher's exact test for
r x c tables, the rule choosing between them, and Cramér's V. Only numpy and scipy.special (no scipy.stats).

A table T has rows i and columns j (counts of respondents with both values); r_i and c_j are its margins,
n = sum T. Rows and columns without counts (a level nobody chose) are dropped before any test, so a test is
always of the levels present (R's chisq.test gives NaN with an empty level; the R reference drops them as
`droplevels` does, tests/reference/categorical_reference.R).

- **Pearson's chi-square**, without continuity correction (R's `chisq.test(x, correct = FALSE)`):
  E_ij = r_i c_j / n, X^2 = sum (T_ij - E_ij)^2 / E_ij, df = (rows - 1)(columns - 1), p = P(chi^2_df >= X^2).
- **Fisher's exact test** of independence in an r x c table (Freeman-Halton): with the margins fixed, a table
  has the multivariate hypergeometric probability P(T) = prod r_i! prod c_j! / (n! prod T_ij!), and
  p = sum of P over the tables with these margins whose P <= P(observed) (1 + 1e-7), the relative tolerance
  R's `fisher.test` uses so that tables as likely as the observed one count despite rounding. Computed
  exactly by the network algorithm (Mehta & Patel 1983; `fisher_exact`), which R's FEXACT implements too.
- **Which test** (`needs_exact`): Fisher when any expected count is below 1 or more than 20 % of the expected
  counts are below 5 (Cochran 1954, the rule SPSS and most textbooks print); in a 2 x 2 table this is "any
  expected count below 5". Otherwise chi-square.
- **Cramér's V** = sqrt(X^2 / (n (min(rows, columns) - 1))) from Pearson's X^2 of the table tested (no bias
  correction), reported with either test.

A table too large for the exact enumeration (more than `FISHER_MAX_WORK` partial tables visited, e.g. an item's
five answers by six groups of 120 respondents, where R's fisher.test also stops with "FEXACT error 7" at its
default workspace) gets the chi-square p with the note `exact_too_large`: the p is then asymptotic while the
expected counts are small, and the note says so.
"""

from __future__ import annotations

import functools
import math
import operator
from dataclasses import dataclass

import numpy as np
from scipy import special

RELATIVE_TOLERANCE = 1e-7
"""Tables whose probability is at most P(observed) (1 + RELATIVE_TOLERANCE) count as at least as extreme (R's
fisher.test: relErr = 1 + 10^-7)."""
MIN_EXPECTED = 5.0
"""Cochran's rule: chi-square only when at most SMALL_SHARE of the expected counts are below MIN_EXPECTED and
none below 1."""
SMALL_SHARE = 0.2
FISHER_MAX_WORK = 200_000
"""Most partial tables (nodes of the network, with their distinct past probabilities) the exact test visits
before it gives up (`exact_too_large`); about a second of work."""

# Why a test has no value (the `note` of `Association`): no answers; fewer than two respondents; fewer than
# two groups with answers; every answer the same (fewer than two values present).
NO_ANSWERS, TOO_FEW, ONE_LEVEL, NO_VARIATION = "no_answers", "too_few", "one_level", "no_variation"
EXACT_TOO_LARGE = "exact_too_large"
CHI_SQUARE, FISHER = "chi_square", "fisher"


def present(table: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(the table without empty rows and columns, which rows were kept, which columns were kept)."""
    table = np.asarray(table)
    rows, columns = table.sum(axis=1) > 0, table.sum(axis=0) > 0
    return table[rows][:, columns], rows, columns


def expected_counts(table: np.ndarray) -> np.ndarray:
    """E_ij = r_i c_j / n (of a table without empty rows or columns)."""
    table = np.asarray(table, dtype=float)
    return np.outer(table.sum(axis=1), table.sum(axis=0)) / table.sum()


def needs_exact(table: np.ndarray) -> bool:
    """Cochran's rule on the expected counts: Fisher when any is below 1 or more than 20 % are below 5."""
    expected = expected_counts(table)
    return bool((expected < 1).any() or (expected < MIN_EXPECTED).mean() > SMALL_SHARE)


def pearson_chi_square(table: np.ndarray) -> tuple[float, int, float]:
    """(X^2, df, p) of a table without empty rows or columns, as chisq.test(correct = FALSE)."""
    table = np.asarray(table, dtype=float)
    expected = expected_counts(table)
    statistic = float(((table - expected) ** 2 / expected).sum())
    df = (table.shape[0] - 1) * (table.shape[1] - 1)
    return statistic, df, float(special.chdtrc(df, statistic))


def cramers_v(statistic: float, n: int, shape: tuple[int, int]) -> float:
    """sqrt(X^2 / (n (min(rows, columns) - 1))); NaN for a table of one row or column."""
    smaller = min(shape) - 1
    if smaller < 1 or n == 0:
        return np.nan
    return float(np.sqrt(statistic / (n * smaller)))


def _log_factorial(x) -> np.ndarray:
    return special.gammaln(np.asarray(x, dtype=float) + 1)


def _spread(total: int, caps: list[int]) -> list[int]:
    """The most even integer split of `total` under `caps` (water filling): it maximises prod 1/x! there."""
    out = [0] * len(caps)
    order = sorted(range(len(caps)), key=caps.__getitem__)
    left, rest = total, len(caps)
    for position, i in enumerate(order):
        share = left // rest
        if caps[i] <= share:
            out[i], left, rest = caps[i], left - caps[i], rest - 1
            continue
        remaining = order[position:]
        base, extra = divmod(left, len(remaining))
        for k, j in enumerate(remaining):
            out[j] = base + (k < extra)
        return out
    return out


def _pile(total: int, caps: list[int]) -> list[int]:
    """The most concentrated split of `total` under `caps` (largest caps filled first): it minimises
    prod 1/x! there (log x! is convex, so the minimum is at this vertex)."""
    out = [0] * len(caps)
    left = total
    for i in sorted(range(len(caps)), key=caps.__getitem__, reverse=True):
        out[i] = min(caps[i], left)
        left -= out[i]
    return out


def _sum_log_factorials(values: list[int]) -> float:
    return float(sum(math.lgamma(v + 1) for v in values))


def _future(rows: tuple[int, ...], columns: tuple[int, ...]) -> tuple[float, float, float]:
    """For the columns still to fill with row totals `rows`: (log of sum over all completions of
    prod 1/x!, an upper bound of log max prod 1/x!, a lower bound of log min prod 1/x!).

    The sum is exact: sum over tables with margins (a, b) of prod 1/x! = N! / (prod a! prod b!). The bounds
    relax the problem to each column alone (rows as caps) and to each row alone (columns as caps), and take the
    tighter of the two; with one column left the completion is determined and all three are equal.
    """
    if len(columns) == 1:
        exact = -_sum_log_factorials(list(rows))
        return exact, exact, exact
    total = math.lgamma(sum(rows) + 1) - _sum_log_factorials(list(rows)) - _sum_log_factorials(list(columns))
    caps_rows, caps_columns = list(rows), list(columns)
    upper = min(-sum(_sum_log_factorials(_spread(c, caps_rows)) for c in columns),
                -sum(_sum_log_factorials(_spread(r, caps_columns)) for r in rows))
    lower = max(-sum(_sum_log_factorials(_pile(c, caps_rows)) for c in columns),
                -sum(_sum_log_factorials(_pile(r, caps_columns)) for r in rows))
    return total, upper, lower


def _splits(total: int, caps: tuple[int, ...]) -> list[tuple[int, ...]]:
    """Every integer vector x with sum x = total and 0 <= x_i <= caps_i, in lexicographic order."""
    after = [0] * (len(caps) + 1)
    for i in range(len(caps) - 1, -1, -1):
        after[i] = after[i + 1] + caps[i]
    if total > after[0]:
        return []
    out: list[tuple[int, ...]] = []
    last = len(caps) - 1

    def extend(i: int, left: int, prefix: tuple[int, ...]) -> None:
        if i == last:
            out.append((*prefix, left))
            return
        for x in range(max(0, left - after[i + 1]), min(caps[i], left) + 1):
            extend(i + 1, left - x, (*prefix, x))

    extend(0, total, ())
    return out


def fisher_exact(table: np.ndarray, max_work: int = FISHER_MAX_WORK) -> float:
    """Two-sided p of Fisher's exact test of an r x c table (see the module docstring); NaN when the network
    has more than `max_work` nodes (`exact_too_large`). A table with one row or column has p = 1.

    The network algorithm: the table is filled one column at a time; a node is the multiset of row totals
    still to fill (the order of rows does not change the probability of the rest), reached by paths whose
    "past" is log prod 1/x! of the columns filled. At each node the sum over all its completions is known in
    closed form, and bounds on its most and least likely completion (`_future`): a path whose every completion
    is at most as likely as the observed table adds its whole sum, a path none of whose completions is drops
    out, only the rest are extended. Paths reaching a node with the same past (the same product of factorials,
    compared exactly as integers) are merged with a multiplicity.
    """
    table, _, _ = present(np.asarray(table, dtype=np.int64))
    if table.size == 0 or min(table.shape) < 2:
        return 1.0
    if table.shape[0] > table.shape[1]:
        table = table.T
    rows = tuple(sorted(int(r) for r in table.sum(axis=1)))
    columns = tuple(sorted((int(c) for c in table.sum(axis=0)), reverse=True))
    n = sum(rows)
    log_k = _sum_log_factorials(list(rows)) + _sum_log_factorials(list(columns)) - math.lgamma(n + 1)
    observed = log_k - float(_log_factorial(table).sum())
    threshold = observed + math.log1p(RELATIVE_TOLERANCE)
    terms: list[float] = []
    factorial = functools.lru_cache(maxsize=None)(math.factorial)  # a cell's x! and log x!, each computed once
    log_factorial = functools.lru_cache(maxsize=None)(lambda x: math.lgamma(x + 1))
    # node -> {prod x! of the cells filled (exact): [its log, the number of paths]}
    stage: dict[tuple[int, ...], dict[int, list]] = {rows: {1: [0.0, 1]}}
    work = 0
    for j, column in enumerate(columns):
        following: dict[tuple[int, ...], dict[int, list]] = {}
        rest = columns[j + 1:]
        for node, pasts in stage.items():
            total, upper, lower = _future(node, columns[j:])
            extend = []
            for key, (past, paths) in pasts.items():
                if log_k + past + upper <= threshold:
                    terms.append(paths * math.exp(log_k + past + total))
                elif log_k + past + lower <= threshold:
                    extend.append((key, past, paths))
            if not extend or not rest:
                continue
            for split in _splits(column, node):
                child = tuple(sorted(map(operator.sub, node, split)))
                product = math.prod(map(factorial, split))
                step = -float(sum(map(log_factorial, split)))
                targets = following.get(child)
                if targets is None:
                    targets = following[child] = {}
                for key, past, paths in extend:
                    merged = key * product
                    entry = targets.get(merged)
                    if entry is None:
                        targets[merged] = [past + step, paths]
                    else:
                        entry[1] += paths
                work += len(extend)
                if work > max_work:
                    return np.nan
        stage = following
    return float(min(1.0, math.fsum(terms)))


@dataclass(frozen=True)
class Association:
    """The test of a table (`association`): which test, X^2, df and p (Fisher's p when `test` is fisher),
    Cramér's V, n, the rows and columns without counts (dropped), and `note` saying why a value is empty
    (or that the exact test was too large and p is chi-square's)."""

    test: str
    statistic: float
    df: float
    p: float
    cramers_v: float
    n: int
    dropped_rows: tuple[int, ...]
    dropped_columns: tuple[int, ...]
    note: str


def why_untestable(table: np.ndarray) -> str:
    """Why no test of the table can be computed ("" when one can): no answers, fewer than two, fewer than two
    columns (groups) with counts, fewer than two rows (values) with counts."""
    table = np.asarray(table)
    n = int(table.sum())
    if n == 0:
        return NO_ANSWERS
    if n < 2:
        return TOO_FEW
    if (table.sum(axis=0) > 0).sum() < 2:
        return ONE_LEVEL
    if (table.sum(axis=1) > 0).sum() < 2:
        return NO_VARIATION
    return ""


def association(table: np.ndarray, max_work: int = FISHER_MAX_WORK) -> Association:
    """Chi-square or Fisher (Cochran's rule, `needs_exact`) with Cramér's V of a table of counts: rows are the
    values of one variable, columns the groups. Empty rows and columns are dropped (their positions in
    `dropped_rows` and `dropped_columns`); a table that cannot be tested (`why_untestable`) gives NaN with the
    reason in `note`."""
    table = np.asarray(table, dtype=np.int64)
    n = int(table.sum())
    reduced, rows, columns = present(table)
    dropped = (tuple(int(i) for i in np.flatnonzero(~rows)), tuple(int(j) for j in np.flatnonzero(~columns)))
    why = why_untestable(table)
    if why:
        return Association("", np.nan, np.nan, np.nan, np.nan, n, *dropped, why)
    statistic, df, p = pearson_chi_square(reduced)
    v = cramers_v(statistic, n, reduced.shape)
    if not needs_exact(reduced):
        return Association(CHI_SQUARE, statistic, df, p, v, n, *dropped, "")
    exact = fisher_exact(reduced, max_work)
    if np.isnan(exact):
        return Association(CHI_SQUARE, statistic, df, p, v, n, *dropped, EXACT_TOO_LARGE)
    return Association(FISHER, statistic, df, exact, v, n, *dropped, "")
