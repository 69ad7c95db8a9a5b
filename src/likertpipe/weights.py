"""Post-stratification (non-response) weights from the sampling frame, and weighted item descriptives.

A respondent in frame group g gets w = (N_g / N) / (n_g / n): the group's share of the frame over its share of
the respondents (with a known group), so the weights average 1 over those respondents. Respondents with no
group get no weight and leave the weighted statistics. A frame group without respondents cannot be
represented: the frame shares are taken over the groups that have respondents.

Weighted statistics treat the weights as SPSS's WEIGHT BY does with weights averaging 1: mean = sum(wx)/sum(w),
variance = sum(w(x - mean)^2) / (sum(w) - 1). Kish's effective sample size n_eff = (sum w)^2 / sum(w^2) and
the design effect deff = n / n_eff are over the item's valid answers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from likertpipe.codebook import Codebook
from likertpipe.errors import LikertpipeError


def poststratification_weights(groups: pd.Series, frame_groups: pd.Series, pooled: set[int] = frozenset()
                                ) -> pd.Series:
    """Weight per respondent (NaN where the group is missing) from respondent and frame group codes.

    Matched by code, whatever the two columns are called and in whatever order their groups come (the frame's
    column need not be named like the respondents' factor). The `pooled` groups (those disclosure control
    hides) form one stratum: N and n summed over them, so each of them gets the same weight."""
    known = groups.dropna()
    respondents = {int(code): int(count) for code, count in known.value_counts().items()}
    units = {int(code): int(count) for code, count in pd.Series(frame_groups).dropna().value_counts().items()}
    unframed = sorted(code for code in respondents if units.get(code, 0) == 0)
    if unframed:
        raise LikertpipeError(
            f"respondents are in group(s) {unframed} of '{groups.name}', which the sampling frame does not contain, "
            "so they cannot be weighted. Add the group's units to the frame or correct the respondents' group."
        )
    frame_total = sum(units[code] for code in respondents)  # frame groups without respondents cannot count
    pool = [code for code in respondents if code in pooled]
    stratum = {code: pool if code in pooled else [code] for code in respondents}
    weight = {code: (sum(units[c] for c in stratum[code]) / frame_total)
              / (sum(respondents[c] for c in stratum[code]) / len(known)) for code in respondents}
    out = pd.Series(np.nan, index=groups.index, dtype=float, name=groups.name)
    for code, value in weight.items():
        out[(groups == code).fillna(False).to_numpy(dtype=bool)] = value
    return out


def weighted_summary(values: np.ndarray, weights: np.ndarray) -> dict:
    """Weighted mean, SD (sum(w) - 1 in the denominator; NaN below two answers, as the unweighted SD, or when
    sum(w) <= 1), Kish's n_eff and the design effect."""
    total = weights.sum()
    mean = float((weights * values).sum() / total)
    n_eff = float(total**2 / (weights**2).sum())
    variance = (weights * (values - mean) ** 2).sum() / (total - 1) if total > 1 and len(values) > 1 else np.nan
    return {"mean": mean, "sd": float(np.sqrt(variance)), "n_effective": n_eff, "deff": len(values) / n_eff}


def weighted_descriptives(data: pd.DataFrame, weights: pd.Series, codebook: Codebook) -> pd.DataFrame:
    rows = []
    for item in codebook.items:
        both = pd.DataFrame({"x": data[item.column].astype(float), "w": weights}).dropna()
        x, w = both["x"].to_numpy(), both["w"].to_numpy()
        if len(x) == 0:
            stat = dict.fromkeys(["mean", "sd", "n_effective", "deff", "agree_percent"], np.nan)
        else:
            stat = weighted_summary(x, w)
            stat["agree_percent"] = 100 * w[np.isin(x, item.scale.agree_codes)].sum() / w.sum()
        rows.append({"item": item.column, "n_valid": len(x),
                     "mean_weighted": stat["mean"], "sd_weighted": stat["sd"],
                     "agree_percent_weighted": stat["agree_percent"], "n_effective": stat["n_effective"],
                     "deff": stat["deff"]})
    return pd.DataFrame(rows)
