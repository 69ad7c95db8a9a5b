"""Disclosure control of the model tables (#20): the Jonckheere-Terpstra trend with hidden levels (pooled when
adjacent, else hidden), the proportional-odds models of an item with a hidden level of a modelled factor, and
the difference in change resting on a hidden group x wave cell. Checked against independent computations
(pair counts and scipy's Kendall tau-b of the pooled levels) and hand-made plans."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from matplotlib.text import Text
from scipy import stats

from likertpipe import change_models, trend
from likertpipe.codebook import parse_codebook
from likertpipe.disclosure import RESPONDENTS, Plan, make_plan
from likertpipe.ordinal_models import ModelSpec, proportional_odds_tables
from likertpipe.protect import SUPPRESSED, protect

BOOK = parse_codebook(
    {
        "study": {"id": "ordered", "language": "en"},
        "id_column": "id",
        "scales": {"s": {"levels": [{"code": c, "label": str(c)} for c in range(1, 6)]}},
        "items": [{"column": "q1", "scale": "s", "label": "Q1"}, {"column": "q2", "scale": "s", "label": "Q2"}],
        "factors": [
            {
                "column": "years",
                "label": "Years",
                "ordered": True,
                "levels": [{"code": c, "label": f"band {c}"} for c in range(1, 5)],
            },
            {"column": "region", "label": "Region", "levels": [{"code": c, "label": f"R{c}"} for c in (1, 2)]},
        ],
    },
    source="ordered.yaml",
)
SIZES = {1: 40, 2: 35, 3: 30, 4: 3}  # band 4: fewer than min_cell 5


def data(sizes: dict[int, int] = SIZES, seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    years = np.repeat(list(sizes), list(sizes.values()))
    answers = {q: np.clip(np.round(rng.normal(2.5 + 0.4 * years, 1.1)), 1, 5) for q in ("q1", "q2")}
    return pd.DataFrame(
        {"q1": answers["q1"], "q2": answers["q2"], "years": years, "region": rng.integers(1, 3, len(years))}
    ).astype({"q1": "Float64", "q2": "Float64", "years": "Int8", "region": "Int8"})


def pairs_above(values: np.ndarray, groups: np.ndarray) -> float:
    """J counted pair by pair: answers of a later group above an earlier group's, ties one half."""
    later = groups[None, :] > groups[:, None]
    return float(
        ((values[None, :] > values[:, None]) * later).sum() + 0.5 * ((values[None, :] == values[:, None]) * later).sum()
    )


def test_adjacent_hidden_levels_are_pooled_into_one_group() -> None:
    frame = data()
    plan = make_plan(frame, BOOK, 5)
    assert plan.hidden_levels("q1", "years") == {3, 4}  # band 4 and the next smallest
    table = protect("trend", trend.trend_table(frame, BOOK, plan.hidden_levels), plan, BOOK)
    for _, row in table.iterrows():
        values = frame[row["item"]].to_numpy(dtype=float)
        pooled = np.minimum(frame["years"].to_numpy(), 3)
        assert row["pooled_levels"] == "3 4"
        assert row["J"] == pairs_above(values, pooled)
        assert row["tau_b"] == pytest.approx(stats.kendalltau(values, pooled).statistic, rel=1e-12)
        assert row[SUPPRESSED] == "k dropped_levels"  # the test stands: it rests on the pool, not on band 4
        assert not pd.isna(row["p"])


def test_hidden_levels_with_a_shown_level_between_them_hide_the_test() -> None:
    """E(J) = (N^2 - sum n_i^2) / 4: with N and the shown levels' n it gives a hidden level's n; interior
    hidden levels cannot be pooled without breaking the order, so the test is hidden."""
    frame = data()
    plan = Plan(5, hidden={RESPONDENTS: {"years=2": "secondary", "years=4": "primary"}})
    table = protect("trend", trend.trend_table(frame, BOOK, plan.hidden_levels), plan, BOOK)
    assert (table["pooled_levels"].fillna("") == "").all()
    assert table[["J", "expected", "variance", "z", "p", "tau_b", "direction"]].isna().all().all()
    assert table["n"].notna().all() and table["item"].notna().all()


def test_no_hidden_level_leaves_the_trend_as_computed() -> None:
    frame = data({1: 40, 2: 35, 3: 30, 4: 20})
    plan = make_plan(frame, BOOK, 5)
    computed = trend.trend_table(frame, BOOK, plan.hidden_levels)
    table = protect("trend", computed, plan, BOOK)
    assert (table[SUPPRESSED] == "").all()
    pd.testing.assert_frame_equal(table.drop(columns=SUPPRESSED), computed)


def test_a_model_with_a_hidden_level_hides_every_row_of_its_item() -> None:
    """The hidden level's odds ratio rests on its few respondents, and the model's other estimates and tests
    are functions of them too."""
    frame = data()
    plan = Plan(5, hidden={"q1": {"years=4": "primary", "years=3": "secondary"}})
    terms, tests = proportional_odds_tables(frame, BOOK, ModelSpec(("q1", "q2"), ("years", "region")))
    for name, table in (("models", terms), ("model_tests", tests)):
        shown = protect(name, table, plan, BOOK)
        q1, q2 = shown[shown["outcome"] == "q1"], shown[shown["outcome"] == "q2"]
        assert q1[["n", "p"]].isna().all().all() and (q1[SUPPRESSED] != "").all(), name
        assert q2["p"].notna().any() and (q2[SUPPRESSED] == "").all(), name
    assert (
        protect("models", terms, plan, BOOK)
        .loc[terms["outcome"] == "q1", ["estimate", "odds_ratio", "ci_low", "ci_high"]]
        .isna()
        .all()
        .all()
    )


def test_a_level_small_among_the_models_rows_alone_leaves_the_model_unestimated() -> None:
    """The plan counts an item's answers by level among all respondents; a model uses only those who also
    answered every predictor. Band 4 has 20 answers to each item (the plan hides nothing), but 17 of them gave
    no region, so among the model's rows band 4 has 3 respondents (< min_cell 5): its odds ratio, and the
    model's other estimates and tests, would rest on them. With the band-4 rows complete instead, the same
    model is estimated (the rule can pass)."""
    frame = data({1: 40, 2: 35, 3: 30, 4: 20})
    band4 = np.flatnonzero(frame["years"].to_numpy() == 4)
    frame.loc[band4[3:], "region"] = pd.NA
    assert not make_plan(frame, BOOK, 5).hidden_levels("q1", "years")  # 20 answers at band 4: all shown
    complete = frame[["q1", "years", "region"]].notna().all(axis=1)
    assert ((frame["years"] == 4) & complete).sum() == 3  # counted independently of the library
    spec = ModelSpec(("q1", "q2"), ("years", "region"), min_cell=5)
    terms, tests = proportional_odds_tables(frame, BOOK, spec)
    for table in (terms, tests):
        assert table[["p"]].isna().all().all()
        assert (table["note"] == "fewer than 5 respondents at level 4 of years among the model's rows: not "
                                 "estimated (disclosure control)").all()
    estimated, _ = proportional_odds_tables(data({1: 40, 2: 35, 3: 30, 4: 20}), BOOK, spec)
    assert estimated["p"].notna().all() and (estimated["note"].fillna("") == "").all()


def test_a_small_reference_level_among_the_models_rows_leaves_the_model_unestimated() -> None:
    """Every odds ratio of a factor is against its reference level: a reference with fewer than min_cell among
    the model's rows carries them all."""
    frame = data({1: 3, 2: 40, 3: 35, 4: 30})
    terms, _ = proportional_odds_tables(frame, BOOK, ModelSpec(("q1",), ("years", "region"), min_cell=5))
    assert terms["p"].isna().all() and terms["note"].str.contains("level 1 of years").all()


def test_a_model_on_fewer_than_min_cell_rows_shows_neither_its_n_nor_its_note() -> None:
    """protect: a model's n is a count of respondents (those with every predictor), and the note saying why no
    model was fitted repeats it: under min_cell both are hidden, whatever ordinal_models did (here without its
    own min_cell rule)."""
    frame = data({1: 40, 2: 35, 3: 30, 4: 20})
    frame.loc[3:, "region"] = pd.NA  # 3 respondents with a region
    plan = make_plan(frame, BOOK, 5)
    assert not plan.is_hidden("q2", "all")
    terms, tests = proportional_odds_tables(frame, BOOK, ModelSpec(("q2",), ("years", "region")))
    assert (terms["n"] == 3).all() and terms["note"].str.contains("3 respondents").any()
    for name, table in (("models", terms), ("model_tests", tests)):
        shown = protect(name, table, plan, BOOK)
        assert shown["n"].isna().all() and shown["note"].isna().all(), name
        assert shown[SUPPRESSED].str.split().map(lambda hidden: {"n", "note"} <= set(hidden)).all(), name


WAVE_BOOK = parse_codebook(
    {
        "study": {"id": "waves", "language": "en"},
        "id_column": "id",
        "scales": {"s": {"levels": [{"code": c, "label": str(c)} for c in range(1, 6)]}},
        "items": [{"column": "q1", "scale": "s", "label": "Q1"}],
        "factors": [
            {
                "column": "aar",
                "compare": False,
                "label": "Year",
                "levels": [{"code": w, "label": str(w)} for w in (1, 2, 3)],
            },
            {"column": "gruppe", "label": "Group", "levels": [{"code": g, "label": f"G{g}"} for g in (1, 2, 3)]},
            {
                "column": "kommune",
                "label": "Municipality",
                "levels": [{"code": k, "label": f"M{k}"} for k in range(1, 7)],
            },
        ],
        "wave": {"column": "aar"},
        "unit": {"column": "kommune"},
    },
    source="waves.yaml",
)


def wave_data() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    rows = [
        {"q1": float(rng.integers(1, 6)), "aar": w, "gruppe": 1 + (k - 1) // 2, "kommune": k}
        for w in (1, 2, 3)
        for k in range(1, 7)
        for _ in range(12)
    ]
    return pd.DataFrame(rows).astype({"q1": "Float64", "aar": "Int8", "gruppe": "Int8", "kommune": "Int8"})


def test_a_difference_in_change_on_a_hidden_group_wave_cell_is_hidden() -> None:
    table = change_models.difference_in_change(wave_data(), WAVE_BOOK, "gruppe", 2, variables=["q1"])
    table = table[table["comparison"] == "difference"]
    hidden_last = Plan(5, hidden={"q1": {"gruppe=3|aar=3": "primary"}}, waves=(1, 2, 3))
    shown = protect("difference_in_change", table, hidden_last, WAVE_BOOK).set_index(["group", "contrast"])
    assert shown.loc[(3, "first_last"), ["estimate", "p", "ci_low", "n"]].isna().all()
    assert shown.loc[(3, "trend"), ["estimate", "p"]].isna().all()
    assert shown.loc[(1, "first_last"), ["estimate", "p"]].notna().all()
    hidden_middle = Plan(5, hidden={"q1": {"gruppe=3|aar=2": "primary"}}, waves=(1, 2, 3))
    shown = protect("difference_in_change", table, hidden_middle, WAVE_BOOK).set_index(["group", "contrast"])
    assert (
        shown.loc[(3, "first_last"), "estimate"]
        == table.set_index(["group", "contrast"]).loc[(3, "first_last"), "estimate"]
    )  # the middle wave is not in the first-last contrast
    assert pd.isna(shown.loc[(3, "trend"), "estimate"])  # but it is in the trend
    reference = Plan(5, hidden={"q1": {"gruppe=2|aar=1": "primary"}}, waves=(1, 2, 3))
    shown = protect("difference_in_change", table, reference, WAVE_BOOK)
    assert shown["estimate"].isna().all()  # every group's difference rests on the reference group's change
    municipality = Plan(5, hidden={"q1": {"kommune=5|aar=3": "primary"}}, waves=(1, 2, 3))
    assert protect("difference_in_change", table, municipality, WAVE_BOOK)["estimate"].isna().all()


def test_a_groups_own_change_is_hidden_with_its_own_cells_only() -> None:
    """A group's change rests on its own cells in the compared waves (and the units'): hiding the control group's
    last-wave cell hides its change and every difference against it, but not the other groups' own changes."""
    table = change_models.difference_in_change(wave_data(), WAVE_BOOK, "gruppe", 2, variables=["q1"])
    figures = ["estimate", "se", "p_cr1", "ci_low_cr1", "ci_high_cr1", "p", "ci_low", "ci_high", "n", "clusters"]
    control_last = Plan(5, hidden={"q1": {"gruppe=2|aar=3": "primary"}}, waves=(1, 2, 3))
    shown = protect("difference_in_change", table, control_last, WAVE_BOOK).set_index(
        ["comparison", "group", "contrast"]).sort_index()
    assert shown.loc[("change", 2, "first_last"), figures].isna().all()
    assert shown.loc[("change", 2, "trend"), figures].isna().all()
    assert shown.loc["difference", ["estimate", "p"]].isna().all().all()
    for group in (1, 3):
        assert shown.loc[("change", group), ["estimate", "se", "p"]].notna().all().all()
    trial_middle = Plan(5, hidden={"q1": {"gruppe=1|aar=2": "primary"}}, waves=(1, 2, 3))
    shown = protect("difference_in_change", table, trial_middle, WAVE_BOOK).set_index(
        ["comparison", "group", "contrast"]).sort_index()
    assert pd.isna(shown.loc[("change", 1, "trend"), "estimate"])  # the middle wave is in the trend
    assert shown.loc[("change", 1, "first_last"), "estimate"] == table.set_index(
        ["comparison", "group", "contrast"]).loc[("change", 1, "first_last"), "estimate"]  # not first-last
    assert shown.loc[("change", 2), "estimate"].notna().all()
    municipality = Plan(5, hidden={"q1": {"kommune=5|aar=3": "primary"}}, waves=(1, 2, 3))
    assert protect("difference_in_change", table, municipality, WAVE_BOOK)["estimate"].isna().all()


def test_the_forest_plot_draws_each_odds_ratio_and_the_marker_where_hidden() -> None:
    from likertpipe.figures.forest import odds_ratio_figure
    from likertpipe.labels import attach
    from likertpipe.protect import MARKER

    frame = data()
    plan = Plan(5, hidden={"q1": {"years=4": "primary", "years=3": "secondary"}})
    terms, _ = proportional_odds_tables(frame, BOOK, ModelSpec(("q1", "q2"), ("years", "region")))
    shown = attach("models", protect("models", terms, plan, BOOK), BOOK, "en")
    fig = odds_ratio_figure(shown, BOOK, {"outcomes": ["q1", "q2"], "factors": ["years", "region"]}, "en")[0]
    first, second = fig.axes[:2]
    assert [t.get_text() for t in first.texts] == [MARKER] * 4  # q1: every level hidden
    points = sorted(line.get_xdata()[0] for line in second.lines if line.get_marker() == "o")
    assert points == pytest.approx(sorted(terms.loc[terms["outcome"] == "q2", "odds_ratio"]), rel=1e-12)
    words = " ".join(t.get_text() for t in fig.findobj(Text))
    assert "Reference: Years: band 1; Region: R1" in words  # the reference levels, once


def test_an_interval_off_the_axis_ends_in_an_arrow_at_the_edge() -> None:
    """An interval beyond the axis (1/LIMIT..LIMIT) is clipped to it and ends in an arrow where it leaves it; an
    odds ratio beyond it is the arrow alone (no point drawn at the edge as if it were there)."""
    from likertpipe.figures.forest import LIMIT, odds_ratio_figure

    rows = [("q1", 2, 3.0, 1.5, 6.0), ("q1", 3, 0.2, 1e-4, 0.9), ("q1", 4, 400.0, 90.0, 1e4)]
    table = pd.DataFrame({"outcome": [r[0] for r in rows], "predictor": "years", "level": [r[1] for r in rows],
                          "reference": 1, "odds_ratio": [r[2] for r in rows], "ci_low": [r[3] for r in rows],
                          "ci_high": [r[4] for r in rows], "predictor_label": "Years",
                          "level_label": [f"band {r[1]}" for r in rows], "reference_label": "band 1",
                          SUPPRESSED: ""})
    ax = odds_ratio_figure(table, BOOK, {"outcomes": ["q1"], "factors": ["years"]}, "en")[0].axes[0]
    drawn = [(line.get_marker(), tuple(line.get_xdata()), line.get_ydata()[0]) for line in ax.lines[1:]]
    y = {2: 2, 3: 1, 4: 0}  # rows top to bottom in table order
    assert ("o", (3.0,), y[2]) in drawn and not [d for d in drawn if d[0] in "<>" and d[2] == y[2]]
    assert ("<", (1 / LIMIT,), y[3]) in drawn and ("o", (0.2,), y[3]) in drawn
    assert ("None", (1 / LIMIT, 0.9), y[3]) in drawn  # the interval, clipped at the edge
    assert (">", (LIMIT,), y[4]) in drawn and not [d for d in drawn if d[0] == "o" and d[2] == y[4]]


def test_an_items_odds_ratios_against_another_reference_are_not_drawn_in_the_plots_rows() -> None:
    """The rows are each factor's levels against its reference (configured, else the first level); an item
    whose model had nobody at the first level has its odds ratios against another level, which those rows
    would misstate: they are left empty (the table says against what)."""
    from likertpipe.figures.forest import odds_ratio_figure

    table = pd.DataFrame({"outcome": ["q1", "q1", "q2", "q2"], "predictor": "years", "level": [2, 3, 1, 3],
                          "reference": [1, 1, 2, 2], "odds_ratio": [2.0, 3.0, np.nan, 4.0], "ci_low": [1.0, 1.5,
                                                                                                      np.nan, 2.0],
                          "ci_high": [4.0, 6.0, np.nan, 8.0], SUPPRESSED: ""})
    first, second = odds_ratio_figure(table, BOOK, {"outcomes": ["q1", "q2"], "factors": ["years"]}, "en")[0].axes[:2]
    assert sorted(line.get_xdata()[0] for line in first.lines if line.get_marker() == "o") == [2.0, 3.0]
    assert not [line for line in second.lines if line.get_marker() == "o"]
    assert [t.get_text() for t in first.get_yticklabels()] == ["Years: band 2", "Years: band 3", "Years: band 4"]
