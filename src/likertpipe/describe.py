"""Descriptive statistics: item descriptives, response rates, open-text counts (the frequency table is in `answers`).

Conventions (as SPSS reports them in the article):
- n_valid counts substantive answers only; n_missing = respondents - n_valid, so it includes don't know,
  declared missing codes and empty answers, which are also counted separately.
- mean and SD over valid answers, SD with n-1 in the denominator;
- median of the valid answers, the mean of the two middle values when n is even;
- quartiles by SPSS's default weighted average at p(n+1) (R's quantile type 6); IQR = q3 - q1;
- mode: the smallest of the most frequent values (SPSS prints the smallest when there are several);
- agree_percent / disagree_percent: share of valid answers in the top / bottom two levels of the scale,
  in percent, the agree share with a Wilson score interval (R's prop.test(correct = FALSE));
- dont_know_percent: don't-know answers in percent of all respondents.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import special

from likertpipe import count_statistics, tally
from likertpipe.answers import item_status_counts
from likertpipe.codebook import Codebook
from likertpipe.errors import LikertpipeError

CONFIDENCE = 0.95


def summary(values: np.ndarray) -> dict:
    """n, mean, SD (n-1), median, mode, quartiles and IQR of the valid values (NaN where undefined), from their
    frequency table (`count_statistics.summary_from_counts`: the one implementation; tests/reference_impl.py holds the
    straightforward numpy version that proves it)."""
    distinct, frequency = np.unique(np.asarray(values, dtype=float), return_counts=True)
    return count_statistics.summary_from_counts(distinct, frequency)


def wilson_interval(successes: int, n: int, level: float = CONFIDENCE) -> tuple[float, float]:
    """Wilson score interval of the proportion q = successes / n, without continuity correction (Wilson 1927;
    R's prop.test(successes, n, correct = FALSE)$conf.int, checked in tests/reference/wilson_reference.csv):

        (q + z^2/(2n)) / (1 + z^2/n)  -+  z * sqrt(q(1-q)/n + z^2/(4n^2)) / (1 + z^2/n),  z = z_(1-(1-level)/2),

    clipped to [0, 1]. The limit is exactly 0 at q = 0 and 1 at q = 1, where the formula gives it only up to
    rounding (as prop.test sets them). NaN for n = 0.
    """
    if n == 0:
        return np.nan, np.nan
    z = special.ndtri(1 - (1 - level) / 2)
    z2 = z**2
    q = successes / n
    denominator = 1 + z2 / n
    centre = (q + z2 / (2 * n)) / denominator
    half = z * np.sqrt(q * (1.0 - q) / n + z2 / (4.0 * n**2)) / denominator
    low = 0.0 if successes == 0 else float(np.clip(centre - half, 0, 1))
    high = 1.0 if successes == n else float(np.clip(centre + half, 0, 1))
    return low, high


def descriptives(data: pd.DataFrame, codebook: Codebook, tallies: tally.Tallies | None = None) -> pd.DataFrame:
    """One row per item, computed from the item's frequency table (likertpipe.count_statistics): one bincount of the
    answer codes per item, then O(levels) arithmetic (`count_statistics.summary_from_counts` equals `summary`);
    the columns encoded by `tallies` when given (shared with the other statistics of the job)."""
    tallies = tallies or tally.Tallies(data)
    rows = []
    respondents = len(data)
    for item in codebook.items:
        valid = tallies.encoded(item.column)
        valid_frequencies = tally.frequencies(valid)
        stat = count_statistics.summary_from_counts(valid.values, valid_frequencies)
        n = stat["n_valid"]
        valid_counts = dict(zip(valid.values.tolist(), valid_frequencies.tolist(), strict=True))
        dont_know = item_status_counts(data, item).dont_know
        agree = int(sum(valid_counts.get(float(c), 0) for c in item.scale.agree_codes))
        disagree = int(sum(valid_counts.get(float(c), 0) for c in item.scale.disagree_codes))
        low, high = wilson_interval(agree, n)
        rows.append({
            "item": item.column,
            "n_valid": n,
            "n_missing": respondents - n,
            "n_dont_know": dont_know,
            **{k: stat[k] for k in ("mean", "median", "sd", "mode", "q1", "q3", "iqr")},
            "agree_percent": 100 * agree / n if n else np.nan,
            "agree_ci_low": 100 * low,
            "agree_ci_high": 100 * high,
            "disagree_percent": 100 * (disagree / n) if n else np.nan,
            "dont_know_percent": 100 * (dont_know / respondents) if respondents else np.nan,
        })
    return pd.DataFrame(rows)


def check_frame(frame: pd.DataFrame, codebook: Codebook, frame_source: str) -> None:
    """The codebook describes the frame, the frame has its column, and every code there is a level."""
    spec = codebook.sampling_frame
    if spec is None:
        raise LikertpipeError(f"{codebook.source}: a sampling frame was given but the codebook has no "
                              "'sampling_frame' section. Add one, or remove the frame from the config.")
    if spec.column not in frame.columns:
        raise LikertpipeError(f"{frame_source}: column '{spec.column}' (codebook sampling_frame.column) not found; "
                              f"the file has: {', '.join(map(str, frame.columns))}. Fix the column name.")
    factor = codebook.factor(spec.factor)
    unknown = sorted(set(frame[spec.column].dropna()) - set(factor.codes))
    if unknown:
        raise LikertpipeError(f"{frame_source}: column '{spec.column}' holds codes {unknown} that are not levels of "
                              f"factor {factor.column}. Fix the frame or the codebook's levels.")


def response_rates(data: pd.DataFrame, frame: pd.DataFrame, codebook: Codebook,
                   frame_source: str = "sampling frame") -> pd.DataFrame:
    """Table of units sent and responding per level of the frame's factor, with a total row; percent =
    responded / sent, empty where nothing was sent. The total row's group is empty."""
    check_frame(frame, codebook, frame_source)
    spec = codebook.sampling_frame
    factor = codebook.factor(spec.factor)
    sent = frame[spec.column].value_counts()
    responded = data[factor.column].value_counts()
    rows = [
        {"group": code, "sent": int(sent.get(code, 0)),
         "responded": int(responded.get(code, 0))}
        for code in factor.codes
    ]
    table = pd.DataFrame(rows)
    total = {"group": pd.NA, "sent": int(table["sent"].sum()), "responded": int(len(data))}
    table = pd.concat([table, pd.DataFrame([total])], ignore_index=True)
    table["group"] = table["group"].astype("Int64")
    # a group with no units in the frame has no response rate (not infinity)
    table["percent"] = (100 * table["responded"] / table["sent"]).where(table["sent"] > 0)
    return table


def open_text_counts(data: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """Counts only, never the text: respondents answering each open-text field."""
    return pd.DataFrame([
        {"column": field.column, "comment": field.comment,
         "answered": int(data[field.column].notna().sum())}
        for field in codebook.open_text
    ], columns=["column", "comment", "answered"])
