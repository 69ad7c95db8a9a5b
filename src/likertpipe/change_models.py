"""Difference in change in a wave study with groups: did one group's answers change more than a reference
group's? A linear model of each item and index with a group x wave interaction, standard errors that treat the
codebook's `unit` (e.g. municipality) as the independent draw, and a wild cluster bootstrap for few clusters.

Two comparisons, each in two contrasts. The `difference` of each group g other than the reference group:

- `first_last`: the respondents of the first and last wave anyone answered in, y = a + b_g G + c L + d_g G L
  (L = 1 in the last wave): d_g is the group's change minus the reference group's change (difference in
  differences of means);
- `trend`: every wave, y = a + b_g G + c t + d_g G t with t the wave's position (0 first, 1 next, ...): d_g is
  the difference in the linear change per wave.

The `change` of every group, the reference group included: the same model refitted with that group as the
reference, so that its wave coefficient c is the group's own change (first_last: mean change from the first to
the last wave; trend: change per wave), with the same CR1 and bootstrap (the null c = 0 imposed). It answers
whether a group changed at all, e.g. that the controls did not.

A comparison declared `primary` (one group's difference in one variable and contrast, decided before the data
were seen) has role `primary`, every other row `secondary`, so that multiplicity adjustment can keep it a family
of one (the config's default families of the table are role and comparison).

All groups of the factor are in one model (one dummy per group but the reference). Ordinary least squares;
items are taken as scores 1..k (a linear model of a Likert item is the difference in mean answers; the
proportional-odds models are in `ordinal_models`).

Standard errors: CR1 (Liang & Zeger 1986 with Stata's small-sample factor, R's sandwich::vcovCL(type = "HC1")):
V = q (X'X)^-1 [sum_g X_g' u_g u_g' X_g] (X'X)^-1, q = G/(G-1) (N-1)/(N-K); t with G - 1 degrees of freedom.
With few clusters (the trial study has six municipalities) CR1 is too optimistic (Cameron, Gelbach & Miller
2008), so p and interval come from the wild cluster bootstrap with the null imposed (WCR): the model without
d_g (or with d_g fixed at b0 for the interval) is fitted, its residuals are multiplied by one weight per
cluster, and the CR1 t statistic of d_g is recomputed; p = share of |t*| >= |t|. Weights: Webb's (2014)
six-point distribution (+-sqrt(1/2), +-1, +-sqrt(3/2)), or Rademacher (+-1), all 6^G (2^G) weight vectors
enumerated when there are at most MAX_ENUMERATED, so the bootstrap is exact and needs no seed; else `draws`
vectors from a generator seeded with `seed`. With G clusters and Rademacher weights there are only 2^G
distinct draws (64 for six), so the smallest p is 2/2^G; Webb's weights give 6^G (46,656). The interval is
the set of b0 the bootstrap test does not reject at 5% (test inversion, MacKinnon 2015), found by bisection
on each side; it is empty, with a note, where the test does not reject at any b0 within 1000 standard errors.

Without a `unit`, every respondent is their own cluster (HC1) and no bootstrap is done (note).
"""

from __future__ import annotations

import functools
import itertools

import numpy as np
import pandas as pd
from scipy import special

from likertpipe.codebook import Codebook
from likertpipe.errors import LikertpipeError
from likertpipe.scores import index_scores

ALPHA = 0.05
MAX_ENUMERATED = 200_000
WEIGHTS = {"webb": np.array([-np.sqrt(1.5), -1.0, -np.sqrt(0.5), np.sqrt(0.5), 1.0, np.sqrt(1.5)]),
           "rademacher": np.array([-1.0, 1.0])}
MIN_CLUSTERS = 4
"""Fewest clusters for a bootstrap: with fewer, even enumerated weights give too few distinct draws."""
FEW_OWN = ("the group's change rests on its {own} clusters alone: the bootstrap has almost no power with so "
           "few, so a p above alpha is no evidence that the group did not change")
"""The note of a group's own change resting on fewer than MIN_CLUSTERS clusters (e.g. two municipalities):
each group has its own intercept and slope, so only its clusters' scores enter the estimate's CR1 and bootstrap."""
BISECTION_STEPS = 60
COLUMNS = ["variable", "factor", "comparison", "group", "reference", "contrast", "role", "first_wave", "last_wave",
           "n", "clusters", "estimate", "se", "df", "p_cr1", "ci_low_cr1", "ci_high_cr1", "p", "ci_low", "ci_high",
           "weights", "draws", "note"]
CONTRASTS = ("first_last", "trend")


@functools.cache
def weight_matrix(clusters: int, weights: str = "webb", draws: int = 9999, seed: int = 20261201) -> np.ndarray:
    """Every vector of per-cluster weights (rows), or `draws` seeded draws when there are more than
    MAX_ENUMERATED (read-only: one array per setting, shared)."""
    values = WEIGHTS[weights]
    if len(values) ** clusters <= MAX_ENUMERATED:
        matrix = np.array(list(itertools.product(values, repeat=clusters)))
    else:
        matrix = np.random.default_rng(seed).choice(values, size=(draws, clusters))
    matrix.flags.writeable = False
    return matrix


class _Design:
    """The OLS pieces of one model: A = (X'X)^-1 X', the residual maker applied to each cluster's part, q."""

    def __init__(self, X: np.ndarray, cluster: np.ndarray):
        self.X, self.cluster = X, cluster
        self.n, self.k = X.shape
        self.groups = np.unique(cluster)
        self.G = len(self.groups)
        self.index = np.searchsorted(self.groups, cluster)
        self.A = np.linalg.solve(X.T @ X, X.T)
        self.q = self.G / (self.G - 1) * (self.n - 1) / (self.n - self.k)

    def cr1(self, residuals: np.ndarray) -> np.ndarray:
        """CR1 covariance of the coefficients from the residuals."""
        scores = np.zeros((self.G, self.k))
        np.add.at(scores, self.index, self.X * residuals[:, None])
        bread = np.linalg.inv(self.X.T @ self.X)
        return self.q * bread @ scores.T @ scores @ bread

    def bootstrap(self, y: np.ndarray, column: int, W: np.ndarray):
        """A function of b0 giving the observed t of coefficient `column` against b0 and its wild cluster
        bootstrap draws with the null beta_k = b0 imposed.

        Everything is linear: the restricted residuals are r(b0) = M_r (y - b0 x_k) = r_0 - b0 r_1; a
        bootstrap sample y* = X_r b_r + b0 x_k + sum_h w_h r_(h) (r_(h): cluster h's part) has beta*_k - b0 =
        sum_h w_h c_h with c_h = sum over h's respondents of A_k r, and residuals u* = sum_h w_h M r_(h), so
        cluster g's score of coefficient k is (K w)_g, K_gh = sum over g's respondents of A_k (M r_(h)). No
        bootstrap sample is built: per b0 it is W c and W K'."""
        beta = self.A @ y
        se = np.sqrt(self.cr1(y - self.X @ beta)[column, column])
        rest = np.delete(self.X, column, axis=1)

        def residuals(v: np.ndarray) -> np.ndarray:
            return v - rest @ np.linalg.lstsq(rest, v, rcond=None)[0]

        a = self.A[column]
        pieces = []
        for r in (residuals(y), residuals(self.X[:, column])):
            parts = np.zeros((self.n, self.G))
            parts[np.arange(self.n), self.index] = r
            made = parts - self.X @ (self.A @ parts)
            K = np.zeros((self.G, self.G))
            np.add.at(K, self.index, a[:, None] * made)
            pieces.append((W @ np.bincount(self.index, weights=a * r, minlength=self.G), W @ K.T))
        (c0, s0), (c1, s1) = pieces
        # sum_g (s0 - b0 s1)_g^2 = v00 - 2 b0 v01 + b0^2 v11: per b0 only vectors of the draws
        v00, v01, v11 = (s0 ** 2).sum(axis=1), (s0 * s1).sum(axis=1), (s1 ** 2).sum(axis=1)

        def draws(b0: float) -> tuple[float, np.ndarray]:
            t_star = (c0 - b0 * c1) / np.sqrt(self.q * (v00 - 2 * b0 * v01 + b0 * b0 * v11))
            return float((beta[column] - b0) / se), t_star

        return draws


def wild_p(t_obs: float, t_star: np.ndarray) -> float:
    """Share of bootstrap draws with |t*| >= |t| (a relative 1e-9 counts as equal: the all-ones weight vector
    reproduces the data, so its t* is the observed t up to rounding)."""
    return float(np.mean(np.abs(t_star) >= abs(t_obs) * (1 - 1e-9)))


def bootstrap_p(X: np.ndarray, y: np.ndarray, cluster: np.ndarray, column: int, b0: float,
                W: np.ndarray) -> float:
    """The wild cluster bootstrap p of the null beta_column = b0 in the OLS model of y on X."""
    return wild_p(*_Design(X, cluster).bootstrap(y, column, W)(b0))


def wild_interval(design: _Design, y: np.ndarray, column: int, W: np.ndarray, se: float,
                  alpha: float = ALPHA) -> tuple[float, float]:
    """The bootstrap test's acceptance region around the estimate: on each side, from the estimate outward in
    steps of doubling multiples of `se` to a b0 the test rejects (p < alpha), then bisection between the last
    accepted and the first rejected b0. NaN on a side where nothing within 1000 se is rejected."""
    estimate = float((design.A @ y)[column])
    draws = design.bootstrap(y, column, W)

    def p_at(b0: float) -> float:
        return wild_p(*draws(b0))

    bounds = []
    for sign in (-1.0, 1.0):
        inside, step = estimate, se
        while step <= 1000 * se and p_at(estimate + sign * step) >= alpha:
            inside, step = estimate + sign * step, 2 * step
        if step > 1000 * se:
            bounds.append(np.nan)
            continue
        outside = estimate + sign * step
        for _ in range(BISECTION_STEPS):
            middle = (inside + outside) / 2
            if p_at(middle) >= alpha:
                inside = middle
            else:
                outside = middle
        bounds.append((inside + outside) / 2)
    return bounds[0], bounds[1]


def _variables(data: pd.DataFrame, book: Codebook) -> dict[str, pd.Series]:
    values = {item.column: data[item.column].astype(float) for item in book.items}
    return values | {index.id: index_scores(data, index) for index in book.indices}


def check_primary(primary: dict, book: Codebook, factor: str, reference: int) -> dict:
    """The declared primary comparison (config `difference_in_change.primary`) with its default contrast, after
    checking that its variable is an item or index of `book` and its group a level of `factor` other than the
    reference group."""
    where = "config difference_in_change.primary"
    if factor not in {f.column for f in book.factors}:
        raise LikertpipeError(f"config difference_in_change: factor {factor!r} is not a factor of {book.source}.")
    variables = [item.column for item in book.items] + [index.id for index in book.indices]
    if primary.get("variable") not in variables:
        raise LikertpipeError(f"{where}: variable {primary.get('variable')!r} is not an item column or index id of "
                              f"{book.source} (these are: {', '.join(variables)}). Name one of them.")
    groups = [code for code in book.factor(factor).codes if code != reference]
    if primary.get("group") not in groups:
        raise LikertpipeError(f"{where}: group {primary.get('group')!r} is not a level of {factor} other than the "
                              f"reference group {reference} (these are: {', '.join(map(str, groups))}). Name the "
                              "code of the group whose change is compared with the reference group's.")
    contrast = primary.get("contrast", "first_last")
    if contrast not in CONTRASTS:
        raise LikertpipeError(f"{where}: contrast {contrast!r} is not one of {', '.join(CONTRASTS)}.")
    return {"variable": primary["variable"], "group": primary["group"], "contrast": contrast}


def difference_in_change(data: pd.DataFrame, book: Codebook, factor: str, reference: int,
                         weights: str = "webb", draws: int = 9999, seed: int = 20261201,
                         variables: list[str] | None = None, primary: dict | None = None) -> pd.DataFrame:
    """One row per item and index (or the `variables` named) x contrast (first_last, trend) x comparison: the
    `difference` of each group of `factor` other than `reference` (its interaction), then the `change` of every
    group (its own wave coefficient); each with the estimate, its CR1 SE, df, p and 95% interval, the wild
    cluster bootstrap p and interval, the weights and number of draws, its role (`primary` for the declared
    `primary` comparison, `check_primary`; else `secondary`) and a note where something could not be
    estimated."""
    if book.wave is None:
        raise LikertpipeError(f"{book.source}: a difference in change needs a wave (`wave: {{column: ...}}`).")
    wave = book.wave
    group_factor = book.factor(factor)
    if reference not in group_factor.codes:
        raise LikertpipeError(f"models: reference group {reference} is not a level of {factor} "
                              f"({', '.join(map(str, group_factor.codes))}).")
    primary = check_primary(primary, book, factor, reference) if primary else None
    values = _variables(data, book)
    present = [code for code in wave.codes if (data[wave.column] == code).any()]
    if len(present) < 2:
        raise LikertpipeError(f"{book.source}: the data hold fewer than two waves of '{wave.column}'.")
    position = {code: i for i, code in enumerate(wave.codes)}
    others = [code for code in group_factor.codes if code != reference]
    clustered = book.unit is not None
    rows = []
    for variable in variables or list(values):
        y_all = values[variable]
        for contrast in CONTRASTS:
            keep = y_all.notna() & data[factor].notna() & data[wave.column].notna()
            if clustered:
                keep &= data[book.unit.column].notna()
            if contrast == "first_last":
                keep &= data[wave.column].isin([present[0], present[-1]])
            keep = keep.fillna(False).astype(bool)
            groups = data.loc[keep, factor].astype(int).to_numpy()
            waves = data.loc[keep, wave.column].astype(int).to_numpy()
            time = (waves == present[-1]).astype(float) if contrast == "first_last" else \
                np.array([position[w] for w in waves], dtype=float)
            cluster = data.loc[keep, book.unit.column].astype(int).to_numpy() if clustered else \
                np.arange(int(keep.sum()))
            y = y_all[keep].to_numpy(dtype=float)
            # a group without answers at two compared waves is left out of the model (with a note)
            changing = [g for g in group_factor.codes if len(np.unique(time[groups == g])) > 1]
            inside = np.isin(groups, changing)
            groups, time, cluster, y = groups[inside], time[inside], cluster[inside], y[inside]
            common = {"variable": variable, "factor": factor, "contrast": contrast, "first_wave": present[0],
                      "last_wave": present[-1], "n": len(y),
                      "clusters": len(np.unique(cluster)) if clustered else pd.NA,
                      "weights": weights if clustered else "", "note": ""}
            # (comparison, group, reference, the model's reference group, the groups the estimate needs)
            wanted = [("difference", g, reference, reference, (reference, g)) for g in others] + \
                [("change", g, pd.NA, g, (g,)) for g in group_factor.codes]
            for comparison, g, shown_reference, base, needs in wanted:
                role = "primary" if primary == {"variable": variable, "group": g, "contrast": contrast} and \
                    comparison == "difference" else "secondary"
                row = common | {"comparison": comparison, "group": g, "reference": shown_reference, "role": role}
                used = [h for h in changing if h != base]
                X = np.column_stack([np.ones(len(y)), *[(groups == h).astype(float) for h in used], time,
                                     *[(groups == h) * time for h in used]])
                note = _why_not(needs, changing, cluster, clustered, X)
                if note:
                    rows.append(row | {"note": note})
                    continue
                column = 1 + len(used) + (1 + used.index(g) if comparison == "difference" else 0)
                result = _estimate(X, y, cluster, column, clustered, weights, draws, seed)
                own = len(np.unique(cluster[groups == g]))
                if comparison == "change" and clustered and own < MIN_CLUSTERS:
                    result["note"] = "; ".join(filter(None, [result.get("note"), FEW_OWN.format(own=own)]))
                rows.append(row | result)
    table = pd.DataFrame(rows, columns=COLUMNS)
    return table.astype({c: "Int64" for c in ("group", "reference", "first_wave", "last_wave", "n", "clusters",
                                              "df", "draws")})


def _why_not(needs: tuple[int, ...], changing: list[int], cluster: np.ndarray, clustered: bool,
             X: np.ndarray) -> str:
    for code in needs:
        if code not in changing:
            return f"group {code} has no answers in both of the compared waves (or at two waves): left out"
    if np.linalg.matrix_rank(X) < X.shape[1]:
        return "the model's predictors are collinear"
    if clustered and len(np.unique(cluster)) < MIN_CLUSTERS:
        return f"{len(np.unique(cluster))} clusters: too few for cluster-robust inference (at least {MIN_CLUSTERS})"
    return ""


def _estimate(X: np.ndarray, y: np.ndarray, cluster: np.ndarray, column: int, clustered: bool, weights: str,
              draws: int, seed: int) -> dict:
    design = _Design(X, cluster)
    beta = design.A @ y
    se = float(np.sqrt(design.cr1(y - X @ beta)[column, column]))
    if not se > 1e-12 * max(1.0, float(np.abs(y).max())):
        return {"estimate": float(beta[column]), "note": "the model fits every answer exactly (no residual "
                                                          "variation): no standard error"}
    df = design.G - 1
    half = special.stdtrit(df, 1 - ALPHA / 2) * se
    t = beta[column] / se
    result = {"estimate": float(beta[column]), "se": se, "df": df, "p_cr1": float(2 * special.stdtr(df, -abs(t))),
              "ci_low_cr1": beta[column] - half, "ci_high_cr1": beta[column] + half}
    if not clustered:
        return result | {"note": "no unit declared: respondents treated as independent (HC1), no bootstrap"}
    W = weight_matrix(design.G, weights, draws, seed)
    result |= {"p": wild_p(*design.bootstrap(y, column, W)(0.0)), "draws": len(W)}
    low, high = wild_interval(design, y, column, W, se)
    note = "" if np.isfinite(low) and np.isfinite(high) else \
        "the bootstrap test does not reject any difference within 1000 standard errors on a side: interval unbounded"
    return result | {"ci_low": low, "ci_high": high, "note": note}
