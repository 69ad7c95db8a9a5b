"""Proportional-odds (cumulative logit) models of each item on several factors and covariates at once: adjusted
odds ratios, likelihood-ratio tests per predictor and a check of the proportional-odds assumption.

The model (McCullagh 1980), for an item with used answer levels 1..J and predictors x (dummies of each factor
against its reference level, covariates as given):

    logit P(Y <= j | x) = theta_j - x'beta,   j = 1..J-1,

the parameterisation of R's ordinal::clm and MASS::polr and of statsmodels' OrderedModel, so a positive beta
(an odds ratio exp(beta) above 1) means higher answers. The fit is statsmodels' OrderedModel (logit), polished
by Newton steps with the analytic gradient and Hessian, which also give the covariance (the inverse observed
information, as clm's; OrderedModel's numerical Hessian differs from it in the 6th digit). Wald intervals
exp(beta -+ z_0.975 SE), Wald p from z = beta / SE.

Likelihood-ratio test of a predictor: 2 (l_full - l_without), df = its parameters, on the same rows; the model
without it is refitted by Newton from the full model's estimates (`fit_without`).

Proportional-odds check, as ordinal::nominal_test does it: per predictor, the model in which that predictor's
effects differ between cut-points (nominal effects, a partial proportional-odds model: theta_j(x) = theta_j +
x_p' alpha_j for its columns x_p) against the proportional-odds model, LR = 2 (l_nominal - l_po) with
df = (J - 2) x its parameters. A small p says the predictor's odds ratio differs between cut-points.

Degenerate cases never raise: a model that cannot be estimated (fewer than two used answer levels, too few
respondents, separation, no convergence) gives rows with empty values and a note; a factor level nobody in the
model's rows has gets a row with empty values and a note, and is left out of the model.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import pandas as pd
from scipy import linalg, special, stats

from likertpipe.codebook import Codebook, model_outcomes
from likertpipe.errors import LikertpipeError, quoted
from likertpipe.i18n import model_note
from likertpipe.multiplicity import add_adjusted

CONFIDENCE = 0.95
MIN_N = 30
"""Fewest respondents a model is fitted on (and it needs at least two per parameter)."""
MAX_LOG_ODDS = 10.0
"""A fitted |beta| or nominal effect above this (an odds ratio beyond e^10, about 22,000) is read as separation:
the maximum-likelihood estimate is infinite and the fitted number only where the optimiser stopped."""
GRADIENT_TOLERANCE = 1e-9
MAX_NEWTON = 200

TERM_COLUMNS = ["outcome", "predictor", "level", "reference", "n", "estimate", "se", "z", "p", "odds_ratio",
                "ci_low", "ci_high", "note"]
TEST_COLUMNS = ["outcome", "predictor", "test", "n", "chi2", "df", "p", "note"]


@dataclass(frozen=True)
class ModelSpec:
    """What to model: outcome columns (items or index ids), factor columns (each dummy-coded against its
    reference level: `references[column]`, else its first level with answers) and covariate columns."""

    outcomes: tuple[str, ...]
    factors: tuple[str, ...] = ()
    covariates: tuple[str, ...] = ()
    references: dict[str, int] = field(default_factory=dict)
    min_n: int = MIN_N
    min_cell: int = 1  # disclosure control: the fewest respondents at a factor level among a model's rows


@dataclass(frozen=True)
class Fit:
    params: np.ndarray
    cov: np.ndarray | None
    llf: float
    note: str = ""  # why the fit is not usable; empty when it is


# --- the cumulative logit likelihood -----------------------------------------------------------------------

def _design(n_cuts: int, X: np.ndarray, Z: np.ndarray) -> np.ndarray:
    """D[i, j] such that eta_ij = D[i, j] @ params, params = (theta_1..theta_J-1, alpha_1..alpha_J-1 (each
    the width of Z), beta): eta_ij = theta_j + Z_i'alpha_j - X_i'beta."""
    n = X.shape[0]
    q = Z.shape[1]
    D = np.zeros((n, n_cuts, n_cuts + n_cuts * q + X.shape[1]))
    for j in range(n_cuts):
        D[:, j, j] = 1.0
        D[:, j, n_cuts + j * q:n_cuts + (j + 1) * q] = Z
    D[:, :, n_cuts + n_cuts * q:] = -X[:, None, :]
    return D


def _pieces(params: np.ndarray, y: np.ndarray, D: np.ndarray):
    """Per respondent the rows of D at the upper and lower cut of the answer (zero beyond the ends), the
    logistic F at both (1 above the top, 0 below the bottom) and the answer's probability."""
    n_cuts = D.shape[1]
    rows = np.arange(len(y))
    upper = np.where((y < n_cuts)[:, None], D[rows, np.minimum(y, n_cuts - 1)], 0.0)
    lower = np.where((y > 0)[:, None], D[rows, np.maximum(y - 1, 0)], 0.0)
    f_upper = np.where(y < n_cuts, special.expit(upper @ params), 1.0)
    f_lower = np.where(y > 0, special.expit(lower @ params), 0.0)
    return upper, lower, f_upper, f_lower, f_upper - f_lower


def _loglik(params: np.ndarray, y: np.ndarray, D: np.ndarray) -> float:
    prob = _pieces(params, y, D)[-1]
    return float(np.log(prob).sum()) if (prob > 0).all() else -np.inf


def _derivatives(params: np.ndarray, y: np.ndarray, D: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Gradient and Hessian of the log-likelihood: with u, v the upper and lower linear predictors, f = F(1-F)
    and f' = f(1-2F), l_i = log(F(u) - F(v)), dl_i = (f(u) Du - f(v) Dv) / p_i, d2l_i = (f'(u) Du Du' -
    f'(v) Dv Dv') / p_i - dl_i dl_i'."""
    upper, lower, f_upper, f_lower, prob = _pieces(params, y, D)
    d_upper = f_upper * (1 - f_upper)
    d_lower = f_lower * (1 - f_lower)
    scores = (d_upper[:, None] * upper - d_lower[:, None] * lower) / prob[:, None]
    curv_upper = d_upper * (1 - 2 * f_upper) / prob
    curv_lower = d_lower * (1 - 2 * f_lower) / prob
    hessian = (upper.T * curv_upper) @ upper - (lower.T * curv_lower) @ lower - scores.T @ scores
    return scores.sum(axis=0), hessian


def _newton(start: np.ndarray, y: np.ndarray, D: np.ndarray) -> Fit:
    """Newton-Raphson with step halving from `start` to |gradient| < GRADIENT_TOLERANCE; the covariance is the
    inverse of minus the Hessian at the optimum. An ill-conditioned Hessian on the way (scipy's LinAlgWarning,
    reciprocal condition below machine precision: an effect diverging or predictors collinear) stops the fit
    with a note."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", linalg.LinAlgWarning)
        try:
            return _newton_steps(start, y, D)
        except linalg.LinAlgWarning:
            return Fit(start, None, np.nan, model_note("singular"))


def _newton_steps(start: np.ndarray, y: np.ndarray, D: np.ndarray) -> Fit:
    params = start.astype(float)
    llf = _loglik(params, y, D)
    if not np.isfinite(llf):
        return Fit(params, None, llf, model_note("zero_probability"))
    for _ in range(MAX_NEWTON):
        gradient, hessian = _derivatives(params, y, D)
        if np.abs(gradient).max() < GRADIENT_TOLERANCE:
            break
        try:
            step = linalg.solve(-hessian, gradient, assume_a="sym")
        except (linalg.LinAlgError, ValueError):
            return Fit(params, None, llf, model_note("singular"))
        for _halving in range(40):
            trial = params + step
            trial_llf = _loglik(trial, y, D)
            if trial_llf >= llf - 1e-12:
                break
            step = step / 2
        else:
            return Fit(params, None, llf, model_note("no_convergence"))
        params, llf = trial, trial_llf
    else:
        return Fit(params, None, llf, model_note("no_convergence"))
    try:
        cov = linalg.inv(-hessian)
    except (linalg.LinAlgError, ValueError):
        return Fit(params, None, llf, model_note("singular"))
    if not np.isfinite(cov).all() or (np.diag(cov) <= 0).any():
        return Fit(params, None, llf, model_note("singular"))
    return Fit(params, cov, llf)


def _start(y: np.ndarray, n_cuts: int, width: int) -> np.ndarray:
    """Thresholds at the logits of the cumulative shares, effects 0."""
    shares = np.cumsum(np.bincount(y, minlength=n_cuts + 1))[:-1] / len(y)
    return np.concatenate([special.logit(shares), np.zeros(width)])


def fit_po(y: np.ndarray, X: np.ndarray) -> Fit:
    """The proportional-odds model of answer indices y (0..J-1, every one used) on X (no constant):
    statsmodels' OrderedModel (logit, BFGS), then Newton to the analytic optimum. params = (theta, beta)."""
    from statsmodels.miscmodels.ordinal_model import OrderedModel

    n_cuts = int(y.max())
    D = _design(n_cuts, X, np.zeros((len(y), 0)))
    start = _start(y, n_cuts, X.shape[1])
    if X.shape[1]:
        model = OrderedModel(y, X, distr="logit")
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # convergence is Newton's to judge below
            result = model.fit(method="bfgs", disp=False, maxiter=2000)
        fitted = np.asarray(result.params, dtype=float)
        # OrderedModel: beta first, then the first threshold and the logs of the increments.
        candidate = np.concatenate([model.transform_threshold_params(fitted)[1:-1], fitted[:X.shape[1]]])
        if np.isfinite(_loglik(candidate, y, D)):
            start = candidate
    return _newton(start, y, D)


def fit_without(y: np.ndarray, X: np.ndarray, po: Fit, dropped: slice) -> Fit:
    """The proportional-odds model of y on X: the fit `po` without its columns `dropped`, refitted by Newton
    from `po`'s other parameters. The log-likelihood is concave in (theta, beta) (Pratt 1981), so the start only
    decides how many steps it takes, and the nested fits of the likelihood-ratio tests need no optimiser run of
    their own (OrderedModel's BFGS with numerical gradients took 0.4 s a fit on the demo)."""
    n_cuts = int(y.max())
    start = np.delete(po.params, np.arange(n_cuts + dropped.start, n_cuts + dropped.stop))
    return _newton(start, y, _design(n_cuts, X, np.zeros((len(y), 0))))


def fit_nominal(y: np.ndarray, X: np.ndarray, Z: np.ndarray, po: Fit) -> Fit:
    """The model with the columns Z (a subset of X's, given separately) having effects per cut-point, from the
    proportional-odds fit `po` of y on [Z, X] (alpha_j = -beta_Z at the start). params = (theta, alpha, beta)."""
    n_cuts = int(y.max())
    q = Z.shape[1]
    theta, beta = po.params[:n_cuts], po.params[n_cuts:]
    start = np.concatenate([theta, np.tile(-beta[:q], n_cuts), beta[q:]])
    return _newton(start, y, _design(n_cuts, X, Z))


# --- the tables --------------------------------------------------------------------------------------------

class _Block(NamedTuple):
    """A predictor's columns of the design: a factor's dummies (one per level with answers but the reference)
    or a covariate (levels [None])."""

    column: str
    levels: list
    matrix: np.ndarray
    has_reference: bool = True

    @property
    def is_factor(self) -> bool:
        return self.levels != [None]


def _separated(fit: Fit, first_effect: int) -> bool:
    return bool((np.abs(fit.params[first_effect:]) > MAX_LOG_ODDS).any())


def _columns(data: pd.DataFrame, book: Codebook, spec: ModelSpec, rows: pd.Series):
    """The design of the complete rows: per predictor its columns (names, levels), the notes of factor levels
    left out (nobody in the rows) and the reference levels."""
    blocks, empty, references = [], [], {}
    for column in spec.factors:
        factor = book.factor(column)
        values = data.loc[rows, column].astype(int)
        present = [code for code in factor.codes if (values == code).any()]
        reference = spec.references.get(column, present[0] if present else factor.codes[0])
        references[column] = reference
        for code in factor.codes:
            if code not in present:
                empty.append((column, code))
        levels = [code for code in present if code != reference]
        matrix = np.column_stack([(values == code).to_numpy(dtype=float) for code in levels]) if levels else \
            np.zeros((int(rows.sum()), 0))
        blocks.append(_Block(column, levels, matrix, reference in present))
    for column in spec.covariates:
        blocks.append(_Block(column, [None], data.loc[rows, column].to_numpy(dtype=float)[:, None]))
    return blocks, empty, references


def _outcome_rows(outcome: str, blocks, empty, references, n: int, fit: Fit | None, n_cuts: int,
                  note: str) -> list[dict]:
    z_crit = special.ndtri(1 - (1 - CONFIDENCE) / 2)
    rows, position = [], n_cuts
    for block in blocks:
        column = block.column
        for level in block.levels:
            row = {"outcome": outcome, "predictor": column, "level": level, "reference": references.get(column),
                   "n": n, "note": note}
            if fit is not None and not note:
                estimate, se = fit.params[position], np.sqrt(fit.cov[position, position])
                z = estimate / se
                row |= {"estimate": estimate, "se": se, "z": z, "p": 2 * special.ndtr(-abs(z)),
                        "odds_ratio": np.exp(estimate), "ci_low": np.exp(estimate - z_crit * se),
                        "ci_high": np.exp(estimate + z_crit * se)}
            rows.append(row)
            position += 1
    for column, code in empty:
        rows.append({"outcome": outcome, "predictor": column, "level": code, "reference": references.get(column),
                     "n": n, "note": model_note("empty_level", level=code, factor=column)})
    return rows


def _test_rows(outcome: str, y: np.ndarray, blocks, n: int, po: Fit | None, note: str) -> list[dict]:
    rows = []
    n_cuts = int(y.max()) if len(y) else 0
    full = np.column_stack([b.matrix for b in blocks]) if blocks else np.zeros((n, 0))
    start = 0
    for block in blocks:
        column, width = block.column, len(block.levels)
        own = slice(start, start + width)
        rest = np.delete(full, np.arange(start, start + width), axis=1)
        start += width
        for test in ("lr", "proportional_odds"):
            row = {"outcome": outcome, "predictor": column, "test": test, "n": n, "note": note}
            if note:
                rows.append(row)
                continue
            if width == 0:
                rows.append(row | {"note": model_note("one_level", factor=column)})
                continue
            if test == "lr":
                reduced = fit_without(y, rest, po, own)
                if reduced.note or _separated(reduced, n_cuts):
                    rows.append(row | {"note": model_note("without", factor=column,
                                                          reason=reduced.note or model_note("separation"))})
                    continue
                chi2, df = 2 * (po.llf - reduced.llf), width
            else:
                if n_cuts < 2:
                    rows.append(row | {"note": model_note("one_cut")})
                    continue
                po_ordered = Fit(np.concatenate([po.params[:n_cuts], po.params[n_cuts:][own],
                                                 np.delete(po.params[n_cuts:], np.arange(own.start, own.stop))]),
                                 None, po.llf)
                nominal = fit_nominal(y, rest, full[:, own], po_ordered)
                if nominal.note or _separated(nominal, n_cuts):
                    reason = nominal.note or model_note("effect_diverges")
                    rows.append(row | {"note": model_note("nominal", factor=column, reason=reason)})
                    continue
                chi2, df = 2 * (nominal.llf - po.llf), (n_cuts - 1) * width
            chi2 = max(chi2, 0.0)
            rows.append(row | {"chi2": chi2, "df": df, "p": float(stats.chi2.sf(chi2, df))})
    return rows


def _separation_note(y: np.ndarray, blocks) -> str:
    """A factor level whose answers are all at the lowest or all at the highest used level (its odds ratio is 0
    or infinite)."""
    top = y.max()
    for block in (b for b in blocks if b.is_factor):
        for k, level in enumerate(block.levels):
            answers = y[block.matrix[:, k] == 1]
            if len(answers) and (answers.min() == top or answers.max() == 0):
                where = "highest" if answers.min() == top else "lowest"
                return model_note(f"separation_{where}", level=level, factor=block.column)
    return ""


def _unfit_note(y: np.ndarray, used: int, blocks, spec: ModelSpec) -> str:
    """Why the model of answers `y` (indices of `used` answer levels) cannot be estimated, before fitting it:
    too few answer levels or respondents, nobody at a reference level, separation; empty when it can."""
    n, n_params = len(y), max(used - 1, 0) + sum(len(b.levels) for b in blocks)
    missing_reference = [b.column for b in blocks if not b.has_reference]
    if used < 2:
        return model_note("answer_levels", used=used)
    if n < max(spec.min_n, 2 * n_params):
        return model_note("too_few", n=n, parameters=n_params, min_n=spec.min_n)
    if missing_reference:
        return model_note("no_reference", factors=", ".join(missing_reference))
    return _separation_note(y, blocks)


def _small_level_note(data: pd.DataFrame, spec: ModelSpec, rows: pd.Series) -> str:
    """Disclosure control among the model's rows (the respondents with an answer to the outcome and every
    predictor, fewer than those the protection plan counts): a factor level with some but fewer than
    `spec.min_cell` of them would carry an odds ratio resting on those few (the reference level: every odds
    ratio of its factor), and the model's other estimates, its n and its tests are functions of their answers
    too, so the model is not fitted (docs/models.md, "Disclosure control")."""
    for column in spec.factors:
        counts = data.loc[rows, column].astype(int).value_counts().sort_index()
        small = counts[counts < spec.min_cell]
        if len(small):
            return model_note("small_level", min_cell=spec.min_cell, level=small.index[0], factor=column)
    return ""


def proportional_odds_tables(data: pd.DataFrame, book: Codebook, spec: ModelSpec
                             ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per outcome the proportional-odds model on all of `spec`'s predictors, fitted on the respondents with
    an answer to the outcome and every predictor: (terms, tests).

    terms: one row per outcome x predictor level (covariates: level empty) with the reference level, n, the
    log odds ratio `estimate`, its `se`, `z`, Wald `p`, `odds_ratio` and its 95% Wald interval, `note`.
    tests: per outcome x predictor the likelihood-ratio test (`test` lr) and the proportional-odds check
    (`test` proportional_odds, nominal effects as ordinal::nominal_test): chi2, df, p, note. Outcomes are
    items (ordinal answers); an index score is no ordinal answer.
    """
    unknown = [c for c in (*spec.factors, *spec.covariates) if c not in data.columns]
    if unknown:
        raise LikertpipeError(f"models: predictor(s) {', '.join(unknown)} are not columns of the data.")
    terms, tests = [], []
    for outcome in spec.outcomes:
        if outcome not in data.columns:
            raise LikertpipeError(f"models: outcome {outcome!r} is not a column of the data.")
        values = data[outcome]
        rows = values.notna() & data[list(spec.factors) + list(spec.covariates)].notna().all(axis=1)
        rows = rows.fillna(False).astype(bool)
        used = np.unique(values[rows].to_numpy(dtype=float))
        y = np.searchsorted(used, values[rows].to_numpy(dtype=float))
        n = int(rows.sum())
        blocks, empty, references = _columns(data, book, spec, rows)
        note = _small_level_note(data, spec, rows) or _unfit_note(y, len(used), blocks, spec)
        fit = None
        if not note:
            X = np.column_stack([b.matrix for b in blocks]) if blocks else np.zeros((n, 0))
            fit = fit_po(y, X)
            if fit.note:
                note = model_note("not_estimated", reason=fit.note)
            elif _separated(fit, len(used) - 1):
                note = model_note("diverges")
        terms += _outcome_rows(outcome, blocks, empty, references, n, fit, len(used) - 1, note)
        tests += _test_rows(outcome, y, blocks, n, fit, note)
    term_table = pd.DataFrame(terms, columns=TERM_COLUMNS).astype({"level": "Int64", "reference": "Int64",
                                                                   "n": "Int64"})
    test_table = pd.DataFrame(tests, columns=TEST_COLUMNS).astype({"n": "Int64", "df": "Int64"})
    return term_table, test_table


def spec_from_config(settings: dict, book: Codebook, min_cell: int = 1) -> ModelSpec:
    """The ModelSpec of a study's `models` config (workflow/schemas/config.schema.yaml), its names checked
    against the codebook: outcomes items (`all_items`: every item), factors, covariates, reference codes; the
    study's `min_cell`."""
    items = [item.column for item in book.items]
    outcomes = model_outcomes(settings, book)
    factors, covariates = list(settings.get("factors", [])), list(settings.get("covariates", []))
    references = dict(settings.get("references", {}))
    known = {"outcomes": items, "factors": [f.column for f in book.factors],
             "covariates": [c.column for c in book.covariates]}
    for key, names in (("outcomes", outcomes), ("factors", factors), ("covariates", covariates),
                       ("references", list(references))):
        allowed = known["factors" if key == "references" else key]
        unknown = [name for name in names if name not in allowed]
        if unknown:
            raise LikertpipeError(f"config models.{key}: {', '.join(map(quoted, unknown))} not among the "
                                  f"codebook's {'factors' if key == 'references' else key} "
                                  f"({', '.join(allowed) or 'none'}).")
    for column, code in references.items():
        if column not in factors or code not in book.factor(column).codes:
            raise LikertpipeError(f"config models.references: {column}: {code} is not a level of a modelled "
                                  f"factor (levels: {', '.join(map(str, book.factor(column).codes))}).")
    return ModelSpec(tuple(outcomes), tuple(factors), tuple(covariates), references,
                     settings.get("min_n", MIN_N), min_cell)


def model_tables(data: pd.DataFrame, book: Codebook, settings: dict, families: dict, min_cell: int = 1
                 ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """`proportional_odds_tables` of the config's `models` (no factor level with fewer than `min_cell`
    respondents among a model's rows), with Holm and BH adjusted p within the config's families
    (`families.models` for the terms; `families.model_tests` for the tests, always within each kind of test)."""
    terms, tests = proportional_odds_tables(data, book, spec_from_config(settings, book, min_cell))
    terms_family, tests_family = model_families(families)
    return add_adjusted(terms, terms_family), add_adjusted(tests, tests_family)


def model_families(families: dict) -> tuple[list[str], list[str]]:
    """The family columns of the terms and of the tests (each kind of test a family of its own)."""
    return list(families.get("models", [])), ["test", *families.get("model_tests", [])]
