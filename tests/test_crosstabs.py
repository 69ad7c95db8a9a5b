"""likertpipe.crosstabs: the published sample reproduced from the demo's cleaned data, the tables' statistics
against straightforward pandas versions, degenerate groups, and their protection (protect.RULES "sample",
"yes_no", "item_by_factor") read as an attacker would."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from published import load_published, percent, round_half_up

from likertpipe import crosstabs, disclosure
from likertpipe.clean import clean, derived_columns
from likertpipe.codebook import load_codebook, parse_codebook
from likertpipe.io import read_export
from likertpipe.protect import protect

REPO = Path(__file__).resolve().parents[1]
BOOK = load_codebook(REPO / "config" / "kommunalsjef" / "codebook.yaml")


@pytest.fixture(scope="module")
def demo() -> pd.DataFrame:
    data, _ = clean(read_export(REPO / "data_raw" / "kommunalsjef" / "demo_export.csv"), BOOK, "demo")
    return data


def whole(value: float) -> int:
    return int(round_half_up(value))


def test_the_published_background_and_changes_are_reproduced(demo) -> None:
    """The article's percents of all 123 respondents (shared reference `background`, `changes`) from the
    sample and yes/no tables of the cleaned demo data; the 68 % (the job title "kommunalsjef") through the yes/no
    question the codebook derives from the free-text title (text_in), whose text never reaches results."""
    published = load_published()
    sample = crosstabs.sample_table(demo, BOOK)
    overall = sample[sample["group"].isna()].set_index(["variable", "level"])
    education = published["background"]["education"]
    assert whole(overall.loc[("helse_sosial", 1), "percent"]) == education["health_social_degree_percent"] == 76
    assert whole(overall.loc[("utdanning", 2), "percent"]) == education["additional_econ_management_percent"] == 57
    experience = published["background"]["leader_experience_percent"]
    assert [whole(overall.loc[("ledererfaring", code), "percent"]) for code in (1, 2, 3)] == \
        list(experience.values()) == [10, 21, 69]
    yes_no = crosstabs.yes_no_table(demo, BOOK)
    yes = yes_no[yes_no["factor"] == ""].set_index("variable")["percent_yes"]
    changes = published["changes"]
    assert [whole(yes[c]) for c in ("endret_3aar", "planlagt_3aar", "endret_eller_planlagt")] == [
        changes["changed_last_3_years_percent"], changes["planned_next_3_years_percent"],
        changes["changed_or_planned_percent"]] == [43, 54, 67]
    assert (yes_no.loc[yes_no["factor"] == "", "n"] == 123).all()
    # the 68 % is the job title (a yes/no derived from the free-text title), not the position factor (97 %)
    assert whole(yes["tittel_kommunalsjef"]) == published["background"]["title_kommunalsjef_percent"] == 68
    assert percent(int((demo["stilling_tittel"] == "Kommunalsjef").sum()), len(demo)) == 68
    assert whole(overall.loc[("stilling", 1), "percent"]) == 97


def test_sample_rows_equal_pandas(demo) -> None:
    sample = crosstabs.sample_table(demo, BOOK, by="ledererfaring")
    for code in (1, 2, 3):
        members = demo[demo["ledererfaring"] == code]
        rows = sample[(sample["group"] == code)]
        education = rows[rows["variable"] == "utdanning"].set_index("level")
        counts = members["utdanning"].value_counts()
        assert [education.loc[c, "n"] for c in (1, 2, 3, 4)] == [int(counts.get(c, 0)) for c in (1, 2, 3, 4)]
        population = rows[rows["variable"] == "innbyggere"].iloc[0]
        values = members["innbyggere"].astype(float)
        assert population["n"] == values.notna().sum()
        assert np.isclose(population["sd"], values.std(ddof=1)) and np.isclose(population["median"], values.median())
        assert np.isclose(population["q1"], np.percentile(values, 25, method="weibull"))
    assert "ledererfaring" not in set(sample.loc[sample["group"].notna(), "variable"])  # the by factor: overall only
    tests = sample.drop_duplicates("variable").set_index("variable")
    assert tests.loc["innbyggere", "test"] == "kruskal_wallis"
    assert tests.loc["ledererfaring", "test_note"] == "by_factor"
    from scipy import stats
    h = stats.kruskal(*[demo.loc[demo["ledererfaring"] == c, "innbyggere"].astype(float) for c in (1, 2, 3)])
    assert np.isclose(tests.loc["innbyggere", "statistic"], h.statistic) and np.isclose(tests.loc["innbyggere", "p"],
                                                                                        h.pvalue)
    chi = stats.chi2_contingency(pd.crosstab(demo["endret_3aar"], demo["ledererfaring"]), correction=False)
    assert tests.loc["endret_3aar", "test"] == "chi_square" and np.isclose(tests.loc["endret_3aar", "p"], chi.pvalue)
    assert tests["p_holm"].dropna().ge(tests["p"].dropna()).all()


BOOK_SMALL = {
    "study": {"id": "small"}, "id_column": "id",
    "scales": {"s": {"levels": [{"code": c, "label": str(c)} for c in (1, 2, 3)]},
               "yn": {"levels": [{"code": 1, "label": "yes"}, {"code": 2, "label": "no"}],
                      "dont_know": [{"code": 9, "label": "dk"}]}},
    "items": [{"column": "q", "scale": "s", "label": "q"}],
    "factors": [{"column": "g", "label": "g", "levels": [{"code": c, "label": str(c)} for c in (1, 2, 3, 4)]},
                {"column": "pos", "label": "p", "compare": False,
                 "levels": [{"code": 1, "label": "a"}, {"code": 2, "label": "b"}]}],
    "covariates": [{"column": "x", "label": "x"}],
    "yes_no": [{"column": "y", "label": "y", "scale": "yn", "yes_code": 1}],
}


def small_data(sizes: dict[int, int], seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    g = np.repeat(list(sizes), list(sizes.values()))
    n = len(g)
    return pd.DataFrame({
        "id": [str(i) for i in range(n)], "q": pd.array(rng.integers(1, 4, n), dtype="Int8"),
        "q_code": pd.array(rng.integers(1, 4, n), dtype="Int16"), "g": pd.array(g, dtype="Int8"),
        "pos": pd.array(np.where(np.arange(n) < 3, 2, 1), dtype="Int8"),
        "x": pd.array(rng.normal(50, 10, n), dtype="Float64"), "y": pd.array(np.ones(n, dtype=int), dtype="Int8")})


def test_degenerate_groups_give_empty_values_with_a_reason() -> None:
    """A level nobody chose (4), a group of one (3), everyone yes: empty values and notes, no error."""
    book = parse_codebook(BOOK_SMALL)
    data = small_data({1: 6, 2: 5, 3: 1})
    sample = crosstabs.sample_table(data, book, by="g")
    empty = sample[(sample["group"] == 4)]
    assert set(empty["note"]) == {"no_respondents"} and empty["percent"].isna().all()
    one = sample[(sample["group"] == 3) & (sample["variable"] == "x")].iloc[0]
    assert one["n"] == 1 and np.isnan(one["sd"]) and one["note"] == "too_few"
    tests = sample.drop_duplicates("variable").set_index("variable")
    assert tests.loc["y", "test_note"] == "no_variation" and np.isnan(tests.loc["y", "p"])
    assert tests.loc["x", "dropped_levels"] == "4"
    yes_no = crosstabs.yes_no_table(data, book)
    assert (yes_no.loc[yes_no["group"] == 4, "note"] == "no_respondents").all()
    overall = yes_no[yes_no["factor"] == ""].iloc[0]
    assert overall["percent_yes"] == 100 and overall["ci_high"] == 100
    items = crosstabs.item_by_factor_table(data, book)
    assert items.loc[items["group"] == 4, "percent"].isna().all() and (items["dropped_levels"] == "4").all()


def test_protection_of_the_sample_table() -> None:
    """Group 3 has 3 respondents and the position factor a level of 3: the plan hides them (and one more of
    each line); the sample table hides those levels in every group, the missing row and valid_percent with
    them, the by-group's column, covariates' min and max; no hidden count is the sum of shown ones."""
    book = parse_codebook(BOOK_SMALL)
    data = small_data({1: 12, 2: 9, 3: 3})
    plan = disclosure.make_plan(data, book, 5)
    assert plan.hidden_levels(disclosure.RESPONDENTS, "pos") == {1, 2}  # 3 and the other level with it
    assert plan.hidden_levels(disclosure.RESPONDENTS, "g") == {2, 3}
    assert plan.hidden_levels("y", "g") == {2, 3} and plan.hidden_levels("x", "g") == {2, 3}
    table = protect("sample", crosstabs.sample_table(data, book, by="g"), plan, book, crosstabs.FAMILY)
    position = table[table["variable"] == "pos"]
    assert position["n"].isna().all() and position["percent"].isna().all()
    education = table[(table["variable"] == "g") & table["group"].isna()].set_index("row_type")
    assert education.loc["missing", "n"] is pd.NA or pd.isna(education.loc["missing", "n"])
    assert table.loc[table["variable"] == "g", "valid_percent"].isna().all()
    for group in (2, 3):
        column = table[table["group"] == group]
        assert column[["respondents", "n", "percent", "mean", "percent_yes"]].isna().all().all()
    assert table.loc[table["kind"] == "covariate", ["min", "max"]].isna().all().all()
    assert table.loc[(table["group"] == 1) & (table["variable"] != "pos"), "n"].notna().all()
    yes_no = protect("yes_no", crosstabs.yes_no_table(data, book), plan, book, crosstabs.FAMILY)
    assert yes_no.loc[yes_no["group"].isin([2, 3]), ["n", "n_yes", "percent_yes", "ci_low"]].isna().all().all()
    assert yes_no.loc[yes_no["factor"] == "g", "dropped_levels"].isna().all()  # "4" would say a group is empty
    items = protect("item_by_factor", crosstabs.item_by_factor_table(data, book), plan, book, crosstabs.FAMILY)
    assert items.loc[items["group"].isin([2, 3]), ["n_group", "count", "percent"]].isna().all().all()
    assert items.loc[items["group"] == 1, "count"].notna().all()


def test_a_recoded_factor_and_its_source_are_one_line_in_the_plan() -> None:
    """helse_sosial = utdanning 1+2 | 3+4: when utdanning 4 is small, the plan hides it with another level of
    the same recode group, so that the recode's published count does not give it back."""
    book = BOOK
    rows = {1: 20, 2: 60, 3: 12, 4: 3}
    data = pd.DataFrame({"utdanning": pd.array(np.repeat(list(rows), list(rows.values())), dtype="Int8"),
                         "endret_3aar": pd.array([1] * 95, dtype="Int8"), "planlagt_3aar": pd.array([2] * 95,
                                                                                               dtype="Int8"),
                         "stilling_tittel": pd.array(["Kommunalsjef"] * 95, dtype="string")})
    derived = derived_columns(data, book)["helse_sosial"]
    assert derived.value_counts().to_dict() == {1: 80, 2: 15}
    lines = disclosure.recode_lines(book, disclosure.planned_factors(book))
    assert ("helse_sosial=2", ["utdanning=3", "utdanning=4"]) in lines
    counts = {disclosure.ALL: 95, "helse_sosial=1": 80, "helse_sosial=2": 15} | {
        f"utdanning={c}": n for c, n in rows.items()}
    hidden = disclosure.suppress(counts, [(disclosure.ALL, [f"utdanning={c}" for c in rows]),
                                          (disclosure.ALL, ["helse_sosial=1", "helse_sosial=2"]), *lines[:2]], 5)
    assert {"utdanning=3", "utdanning=4"} <= set(hidden)


def test_small_cells_of_the_sample_table_by_group_are_hidden() -> None:
    """With `sample: {by: g}` the table crosses every factor with g: 2 and 1 respondents of position "b" in
    groups 1 and 2 are cells of respondents under min_cell (the plan crosses the factors: `disclosure.crossed`),
    hidden with enough others that no row or column sum gives them back; the overall rows and the groups stay,
    and so does every other variable's row; the position's test against g (a chi-square of these cells) is
    hidden, the other tests are not."""
    book = parse_codebook({**BOOK_SMALL, "sample": {"by": "g"}})
    data = small_data({1: 12, 2: 9, 3: 8})
    data["pos"] = pd.array([2, 2] + [1] * 10 + [2] + [1] * 8 + [2] * 7 + [1], dtype="Int8")
    plan = disclosure.make_plan(data, book, 5)
    table = protect("sample", crosstabs.sample_table(data, book, by="g"), plan, book, crosstabs.FAMILY)
    position = table[(table["variable"] == "pos") & table["group"].notna() & (table["row_type"] == "level")]
    counts = pd.crosstab(data["pos"], data["g"])
    small = [(level, group) for level in (1, 2) for group in (1, 2, 3) if 0 < counts.loc[level, group] < 5]
    assert small == [(1, 3), (2, 1), (2, 2)]
    shown = position.dropna(subset=["n"]).set_index(["level", "group"])["n"]
    assert not set(small) & set(shown.index)
    for group in (1, 2, 3):  # within a group, a single hidden cell would be the group's size minus the others
        assert position[position["group"] == group]["n"].isna().sum() != 1
    overall = table[(table["variable"] == "pos") & table["group"].isna() & (table["row_type"] == "level")]
    assert overall.set_index("level")["n"].to_dict() == {1: 19, 2: 10}
    groups = table[(table["variable"] == "g") & table["group"].isna() & (table["row_type"] == "level")]
    assert groups.set_index("level")["n"].to_dict() == {1: 12, 2: 9, 3: 8, 4: 0}
    assert table.loc[(table["variable"] == "y"), "n_yes"].notna().all()
    tests = table.drop_duplicates("variable").set_index("variable")
    assert tests.loc["pos", "test"] != "" and tests.loc[["pos"], ["statistic", "p", "cramers_v"]].isna().all().all()
    assert tests.loc[["x"], ["statistic", "p"]].notna().all().all()
    assert not any(plan.hidden_levels(v, "g") for v in plan.hidden)  # no group is hidden for anything


def test_tests_pool_the_hidden_levels_into_one_group() -> None:
    """Groups 2 and 3 hidden (3 and 4 respondents): the yes/no and item-by-factor tests compare group 1 with
    groups 2 and 3 together (a chi-square of them apart would tell how their pool splits), named in
    pooled_levels; the values equal scipy's chi-square of the pooled table, and protect keeps them."""
    from scipy import stats
    book = parse_codebook(BOOK_SMALL)
    data = small_data({1: 20, 2: 3, 3: 4})
    data["y"] = pd.array(np.tile([1, 2, 2], 9), dtype="Int8")
    plan = disclosure.make_plan(data, book, 5)
    assert plan.hidden_levels("y", "g") == {2, 3} == plan.hidden_levels("q", "g")
    pooled = data["g"].where(data["g"] == 1, 2)
    yes_no = protect("yes_no", crosstabs.yes_no_table(data, book, plan.hidden_levels), plan, book,
                     crosstabs.FAMILY)
    row = yes_no[yes_no["factor"] == "g"].iloc[0]
    expected = stats.chi2_contingency(pd.crosstab(data["y"], pooled), correction=False)
    assert row["pooled_levels"] == "2 3" and row["df"] == 1
    assert row["statistic"] == pytest.approx(expected.statistic, rel=1e-12)
    assert row["test"] == "fisher" or row["p"] == pytest.approx(expected.pvalue, rel=1e-9)
    items = protect("item_by_factor", crosstabs.item_by_factor_table(data, book, plan.hidden_levels), plan, book,
                    crosstabs.FAMILY)
    expected = stats.chi2_contingency(pd.crosstab(data["q"], pooled), correction=False)
    assert items["statistic"].iloc[0] == pytest.approx(expected.statistic, rel=1e-12)
    # computed without pooling, the same tests are not published
    unpooled = protect("yes_no", crosstabs.yes_no_table(data, book), plan, book, crosstabs.FAMILY)
    assert unpooled.loc[unpooled["factor"] == "g", ["statistic", "p", "cramers_v"]].isna().all().all()
