"""Post-stratification weights and weighted descriptives (likertpipe.weights) against numpy formulas."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from likertpipe.clean import clean
from likertpipe.codebook import parse_codebook
from likertpipe.errors import LikertpipeError
from likertpipe.labels import attach
from likertpipe.weights import poststratification_weights, weighted_descriptives, weighted_summary

NAN = np.nan

# Respondents: group 1 twice, group 2 once, group 3 three times, one unknown. Frame: 5 / 3 / 2 units.
GROUPS = pd.Series([1, 1, 2, pd.NA, 3, 3, 3], dtype="Int8")
FRAME = pd.Series([1] * 5 + [2] * 3 + [3] * 2)


def test_weights_by_hand():
    weights = poststratification_weights(GROUPS, FRAME)
    # frame shares 0.5, 0.3, 0.2; sample shares (6 known) 2/6, 1/6, 3/6
    expected = [0.5 / (2 / 6)] * 2 + [0.3 / (1 / 6)] + [NAN] + [0.2 / (3 / 6)] * 3
    assert weights.to_numpy(dtype=float) == pytest.approx(expected, nan_ok=True)
    assert weights.to_numpy(dtype=float) == pytest.approx([1.5, 1.5, 1.8, NAN, 0.4, 0.4, 0.4], nan_ok=True)
    assert weights.index.equals(GROUPS.index)


def test_weights_average_one_and_reproduce_the_frame_shares():
    rng = np.random.default_rng(11)
    groups = pd.Series(rng.choice([1, 2, 3, 4], size=80, p=[0.1, 0.2, 0.3, 0.4])).astype("Int8")
    groups[rng.choice(80, size=7, replace=False)] = pd.NA
    frame = pd.Series(rng.choice([1, 2, 3, 4], size=500, p=[0.4, 0.3, 0.2, 0.1]))
    weights = poststratification_weights(groups, frame)
    known = groups.notna()
    assert weights[known].notna().all() and weights[~known].isna().all()
    assert weights[known].mean() == pytest.approx(1.0)
    for code in (1, 2, 3, 4):
        in_group = (groups == code).fillna(False)
        frame_share = (frame == code).mean()
        sample_share = in_group.sum() / known.sum()
        assert weights[in_group].to_numpy() == pytest.approx(np.full(in_group.sum(), frame_share / sample_share))
        assert weights[in_group].sum() / known.sum() == pytest.approx(frame_share)  # weighted share = frame share


def test_weights_for_cleaned_factor_codes():
    codebook = parse_codebook({
        "study": {"id": "w", "language": "en"},
        "id_column": "id",
        "scales": {"s": {"levels": [{"code": c, "label": str(c)} for c in range(1, 6)]}},
        "items": [{"column": "q", "scale": "s", "label": "q"}],
        "factors": [{"column": "g", "label": "g", "levels": [{"code": c, "label": str(c)} for c in (1, 2)],
                     "missing": [{"code": 9, "label": "not stated"}]}],
    })
    raw = pd.DataFrame({"id": ["a", "b", "c", "d", "e"], "q": ["1", "2", "3", "4", "5"],
                        "g": ["1", "2", "2", "9", ""]})
    data, _ = clean(raw, codebook, source="test")
    weights = poststratification_weights(data["g"], pd.Series([1, 1, 2, 2]))
    assert weights.to_numpy(dtype=float) == pytest.approx([1.5, 0.75, 0.75, NAN, NAN], nan_ok=True)


# --- weighted_summary -----------------------------------------------------------------------------------

X = np.array([1, 2, 2, 3, 4, 4, 5, 5, 3, 1], dtype=float)
W = np.array([0.5, 1.5, 1.0, 0.8, 1.2, 2.0, 0.7, 0.9, 1.1, 0.3])


def test_weighted_summary_matches_numpy_formulas():
    stat = weighted_summary(X, W)
    mean = np.average(X, weights=W)
    variance = np.sum(W * (X - mean) ** 2) / (np.sum(W) - 1)
    n_eff = np.sum(W) ** 2 / np.sum(W**2)
    assert stat["mean"] == pytest.approx(mean, rel=1e-12)
    assert stat["sd"] == pytest.approx(np.sqrt(variance), rel=1e-12)
    assert stat["n_effective"] == pytest.approx(n_eff, rel=1e-12)
    assert stat["deff"] == pytest.approx(len(X) / n_eff, rel=1e-12)
    assert stat["deff"] > 1  # unequal weights cost precision


def test_weighted_summary_hand_example():
    # x 1, 3 with weights 1, 3: mean 10/4, variance (1 * 1.5^2 + 3 * 0.5^2) / 3 = 1, n_eff 16/10
    stat = weighted_summary(np.array([1.0, 3.0]), np.array([1.0, 3.0]))
    assert stat == pytest.approx({"mean": 2.5, "sd": 1.0, "n_effective": 1.6, "deff": 2 / 1.6})


def test_equal_weights_give_the_unweighted_statistics():
    stat = weighted_summary(X, np.ones_like(X))
    assert stat["mean"] == pytest.approx(X.mean())
    assert stat["sd"] == pytest.approx(X.std(ddof=1))
    assert stat["n_effective"] == pytest.approx(len(X))
    assert stat["deff"] == pytest.approx(1.0)


def test_scaling_equal_weights_keeps_the_mean_and_design_effect():
    stat = weighted_summary(X, np.full_like(X, 2.0))
    assert stat["mean"] == pytest.approx(X.mean())
    assert stat["deff"] == pytest.approx(1.0)
    assert stat["n_effective"] == pytest.approx(len(X))


def test_weights_summing_to_one_or_less_give_nan_sd():
    stat = weighted_summary(np.array([2.0, 4.0]), np.array([0.5, 0.4]))
    assert np.isnan(stat["sd"])
    assert stat["mean"] == pytest.approx((1 + 1.6) / 0.9)


# --- weighted_descriptives ------------------------------------------------------------------------------


def test_weighted_descriptives_rows():
    codebook = parse_codebook({
        "study": {"id": "w", "language": "en"},
        "id_column": "id",
        "scales": {"s": {"levels": [{"code": c, "label": str(c)} for c in range(1, 6)],
                         "dont_know": [{"code": 6, "label": "dk"}]}},
        "items": [{"column": "q", "scale": "s", "label": {"en": "Question", "nb": "Spørsmål"}},
                  {"column": "r", "scale": "s", "label": "r"}],
    })
    raw = pd.DataFrame({"id": [f"p{i}" for i in range(6)], "q": ["1", "4", "5", "6", "2", "5"],
                        "r": ["6", "", "6", "6", "6", "6"]})
    data, _ = clean(raw, codebook, source="test")
    weights = pd.Series([0.5, 1.5, 1.0, 2.0, NAN, 1.0])
    table = attach("descriptives_weighted", weighted_descriptives(data, weights, codebook), codebook, "nb")
    table = table.set_index("item")
    keep = [0, 1, 2, 5]  # a valid answer and a weight
    x, w = np.array([1.0, 4, 5, NAN, 2, 5])[keep], weights.to_numpy()[keep]
    row = table.loc["q"]
    assert row["label"] == "Spørsmål"
    assert row["n_valid"] == 4
    assert row["mean_weighted"] == pytest.approx(np.average(x, weights=w))
    mean = np.average(x, weights=w)
    assert row["sd_weighted"] == pytest.approx(np.sqrt(np.sum(w * (x - mean) ** 2) / (w.sum() - 1)))
    assert row["agree_percent_weighted"] == pytest.approx(100 * w[x >= 4].sum() / w.sum())
    assert row["n_effective"] == pytest.approx(w.sum() ** 2 / (w**2).sum())
    assert row["deff"] == pytest.approx(4 / (w.sum() ** 2 / (w**2).sum()))
    empty = table.loc["r"]
    assert empty["n_valid"] == 0
    assert np.isnan(empty[["mean_weighted", "sd_weighted", "agree_percent_weighted", "n_effective",
                           "deff"]].astype(float)).all()



def test_frame_group_without_respondents_is_left_out_and_weights_average_one() -> None:
    groups = pd.Series([1, 1, 2, 2, 2], name="g")
    frame = pd.Series([1] * 30 + [2] * 30 + [3] * 40)  # nobody answered from group 3
    w = poststratification_weights(groups, frame)
    assert w.mean() == pytest.approx(1.0, rel=1e-12)
    # among groups 1 and 2 the frame is half and half: (1/2)/(2/5) and (1/2)/(3/5)
    assert list(w) == pytest.approx([1.25, 1.25, 5 / 6, 5 / 6, 5 / 6], rel=1e-12)


def test_respondents_in_a_group_outside_the_frame_are_an_error() -> None:
    with pytest.raises(LikertpipeError, match=r"group\(s\) \[3\] of 'g'"):
        poststratification_weights(pd.Series([1, 3], name="g"), pd.Series([1, 1, 2]))


def test_frame_column_named_unlike_its_factor_with_groups_in_the_same_order():
    """The frame's column `region_code` against the respondents' `region`, both with group 1 largest: weights
    by code (this raised TypeError in pandas' alignment of the two value counts, #13)."""
    groups = pd.Series([1, 1, 1, 2, 2, 3], dtype="Int8", name="region")
    frame = pd.Series([1] * 5 + [2] * 3 + [3] * 2, name="region_code")
    weights = poststratification_weights(groups, frame)
    # frame shares .5 .3 .2, sample shares 3/6 2/6 1/6
    assert weights.to_numpy() == pytest.approx([1.0, 1.0, 1.0, 0.9, 0.9, 1.2])
    reordered = poststratification_weights(groups, frame.iloc[::-1].rename("other"))
    assert reordered.to_numpy() == pytest.approx(weights.to_numpy())


def test_frame_group_without_respondents_leaves_the_shares():
    groups = pd.Series([1, 1, 3], dtype="Int8", name="f")
    frame = pd.Series([1, 1, 2, 2, 2, 3, 3, 3], name="frame_group")
    # group 2 has no respondents: shares over groups 1 and 3 (2/5, 3/5) against 2/3, 1/3
    assert poststratification_weights(groups, frame).to_numpy() == pytest.approx([0.6, 0.6, 1.8])


def test_weighted_sd_of_one_answer_is_empty():
    """One answer with weight 1.5: sum(w) - 1 = 0.5 > 0 gave SD 0; the SD of one answer is undefined (as n-1)."""
    stat = weighted_summary(np.array([4.0]), np.array([1.5]))
    assert stat["mean"] == 4.0 and np.isnan(stat["sd"]) and stat["n_effective"] == pytest.approx(1.0)
    two = weighted_summary(np.array([2.0, 4.0]), np.array([1.0, 1.0]))
    assert two["sd"] == pytest.approx(np.std([2.0, 4.0], ddof=1))
