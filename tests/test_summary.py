"""The results text: the main results, each family of tests counted from its table, capped lists, the methods
paragraph and the citation. Expected texts are written by hand from the tables below; the counts of the
generated 25-item survey are counted here from its tables (p-values present, Holm-adjusted p below alpha), never
taken from likertpipe.summary, and its table numbers read from the captions of the documents."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import survey_shapes
import yaml

from likertpipe import tables as rendering
from likertpipe import waves
from likertpipe.codebook import parse_codebook
from likertpipe.formatting import format_value, magnitude
from likertpipe.summary import Methods, summary_text

ROOT = Path(__file__).resolve().parent.parent
BOOK = parse_codebook({
    "study": {"id": "demo", "title": {"nb": "Prøveundersøkelse", "en": "Trial survey"}, "language": "nb"},
    "id_column": "id",
    "scales": {"s5": {"levels": [{"code": c, "label": {"nb": f"nivå {c}", "en": f"level {c}"}} for c in range(1, 6)]}},
    "items": [{"column": "Q1", "scale": "s5", "label": {"nb": "Første påstand", "en": "First statement"}},
              {"column": "Q2", "scale": "s5", "label": {"nb": "Andre påstand", "en": "Second statement"}}],
    "factors": [{"column": "region", "label": {"nb": "Landsdel", "en": "Region"},
                 "levels": [{"code": 1, "label": "Nord"}, {"code": 2, "label": "Sør"}]}],
    "covariates": [{"column": "size", "label": {"nb": "Størrelse", "en": "Size"}}],
    "indices": [{"id": "both", "label": {"nb": "Begge", "en": "Both"}, "items": ["Q1", "Q2"]}],
})
SOFTWARE = {"python": "3.11.7", "snakemake": "9.1.0", "likertpipe": "0.1.0",
            "packages": {"pandas": "2.2.0", "numpy": "2.0.1", "scipy": "1.14.0", "matplotlib": "3.9.0"}}


def tables() -> dict[str, pd.DataFrame]:
    """Numbered in the documents: response_rates 1, descriptives 2, indices 3, reliability 4, kruskal_wallis 5
    (its mean ranks 6), correlations 7."""
    return {
        "response_rates": pd.DataFrame({"group": [1, 2, np.nan], "label": ["Nord", "Sør", "Totalt"],
                                        "sent": [10, 30, 40], "responded": [5, 12, 17],
                                        "percent": [50.0, 40.0, 42.5]}),
        "descriptives": pd.DataFrame({
            "item": ["Q1", "Q2"], "label": ["(table label)", "(table label)"], "n_valid": [16, 0],
            "mean": [3.8125, np.nan], "sd": [1.0468, np.nan], "agree_percent": [68.75, np.nan],
            "agree_ci_low": [44.4, np.nan], "agree_ci_high": [85.84, np.nan], "disagree_percent": [12.5, np.nan]}),
        "correlations": pd.DataFrame({
            "var1": ["Q1", "Q1"], "var2": ["Q2", "size"], "var1_label": ["x", "x"], "var2_label": ["y", "z"],
            "n": [15, 16], "rho": [-0.5625, 0.2], "p": [0.0291, 0.4571], "p_holm": [0.0582, 0.4571]}),
        "kruskal_wallis": pd.DataFrame({
            "item": ["Q1", "Q2"], "item_label": ["x", "y"], "factor": ["region", "region"],
            "factor_label": ["r", "r"], "n": [16, 14], "k": [2, 2], "df": [1, 1], "H": [6.125, 0.5],
            "p": [0.0133, 0.4795], "p_holm": [0.0266, 0.4795], "epsilon_sq": [6.125 / 15, 0.5 / 13],
            "n_1": [8, 7], "mean_rank_1": [5.0, 8.0], "n_2": [8, 7], "mean_rank_2": [12.0, 7.0],
            "test_note": ["", ""]}),
        "indices": pd.DataFrame({"index": ["both"], "label": ["x"], "n_valid": [16], "mean": [3.5], "sd": [0.75]}),
        "reliability": pd.DataFrame({"index": ["both", "both"], "n": [14, 14], "alpha": [0.8125, 0.8125],
                                     "alpha_ci_low": [0.4, 0.4], "alpha_ci_high": [0.93751, 0.93751]}),
    }


def test_summary_in_norwegian() -> None:
    assert summary_text(tables(), BOOK, "nb", 0.05) == (
        "# Resultater: Prøveundersøkelse\n\n"
        "## Hovedresultater\n\n"
        "- 17 av 40 enheter i utvalgsrammen svarte (42,5 %; Tabell 1).\n"
        "- Størst andel svar i de øverste nivåene («nivå 4» eller «nivå 5»): «Første påstand» 68,8 % (n = 16) "
        "(Tabell 2).\n"
        "- Størst andel svar i de nederste nivåene («nivå 1» eller «nivå 2»): «Første påstand» 12,5 % (n = 16) "
        "(Tabell 2).\n\n"
        "## Tester\n\n"
        "- Rangkorrelasjoner, Spearmans ρ (Tabell 7): 0 av 2 signifikante etter Holm-justering (α = 0,05).\n"
        "  - «Første påstand» og «Andre påstand»: ρ = -0,563 (stor); n = 15; Holm-justert p = ,058 (minste "
        "justerte p).\n"
        "- Kruskal-Wallis-tester etter gruppe (Tabell 5): 1 av 2 signifikante etter Holm-justering (α = 0,05).\n"
        "  - «Første påstand» etter «Landsdel»: H(1) = 6,13; ε² = 0,408 (stor); n = 16; Holm-justert p = ,027.\n\n"
        "## Indekser\n\n"
        "- Indeksen «Begge» hadde gjennomsnitt 3,50 (SD 0,750, n = 16). Cronbachs α = 0,813 (95 % KI 0,400–0,938, "
        "n = 14).\n"
    )


def test_summary_in_english_with_a_significant_correlation() -> None:
    text = summary_text(tables(), BOOK, "en", 0.10)
    assert "- 17 of the 40 units in the sampling frame responded (42.5%; Table 1).\n" in text
    assert ("- Highest share of answers in the top levels (“level 4” or “level 5”): “First statement” 68.8% "
            "(n = 16) (Table 2).\n") in text
    assert "- Rank correlations, Spearman's ρ (Table 7): 1 of 2 significant after Holm adjustment (α = 0.1).\n" in text
    assert ("  - “First statement” and “Second statement”: ρ = -0.563 (large), n = 15, Holm-adjusted p = .058.\n"
            in text)
    assert "Size" not in text  # p_holm .4571 is not below .10
    assert "  - “First statement” by “Region”: H(1) = 6.13, ε² = 0.408 (large), n = 16, Holm-adjusted p = .027.\n" \
        in text
    assert text.startswith("# Results: Trial survey\n")


def test_absent_tables_give_no_section() -> None:
    only = {"kruskal_wallis": tables()["kruskal_wallis"].assign(p_holm=[0.06, 0.4795])}
    assert summary_text(only, BOOK, "en", 0.05) == (
        "# Results: Trial survey\n\n"
        "## Tests\n\n"
        "- Kruskal-Wallis tests by group (Table 1): 0 of 2 significant after Holm adjustment (α = 0.05).\n"
        "  - “First statement” by “Region”: H(1) = 6.13, ε² = 0.408 (large), n = 16, Holm-adjusted p = .060 (the "
        "smallest adjusted p).\n"
    )


def _change(**columns) -> pd.DataFrame:
    return pd.DataFrame({
        "factor": ["", "region"], "group": [pd.NA, 1], "group_label": ["", "Nord"], "variable": ["both", "Q1"],
        "label": ["x", "y"], "first_wave": ["2016", "2016"], "last_wave": ["2021", "2021"], "n_first": [60, 7],
        "n_last": [62, 8], "mean_first": [3.1, 2.5], "mean_last": [3.6, 2.55], "U": [1830.5, 40.0],
        "p": [0.0004, 0.8], "p_holm": [0.0008, 0.8], "r": [0.31234, 0.05]} | columns)


def test_wave_change_sentences() -> None:
    assert summary_text({"wave_change": _change()}, BOOK, "nb", 0.05) == (
        "# Resultater: Prøveundersøkelse\n\n"
        "## Tester\n\n"
        "- Endring fra første til siste bølge (Tabell 1): 1 av 2 signifikante etter Holm-justering (α = 0,05).\n"
        "  - Alle respondenter: «Begge» 2016–2021: gjennomsnitt 3,10 til 3,60; U = 1830,5; r = 0,312 (middels); "
        "n = 122; Holm-justert p < ,001.\n"
    )


def test_hidden_cells_are_missing_in_the_summary_and_counted_as_hidden() -> None:
    """A wave change hidden by disclosure control (every figure empty, named in `suppressed`) says nothing but
    that it is hidden, and does not break the choice of the smallest p (#13)."""
    change = _change(mean_first=[3.1, np.nan], mean_last=[3.6, np.nan], U=[1830.5, np.nan], p=[0.3, np.nan],
                     p_holm=[0.3, np.nan], r=[0.05, np.nan], n_first=[60, np.nan],
                     suppressed=["", "n_first mean_first mean_last U p p_holm r"])
    text = summary_text({"wave_change": change}, BOOK, "en", 0.05)
    assert ("- Change from the first to the last wave (Table 1): 0 of 1 significant after Holm adjustment "
            "(α = 0.05); 1 could not be computed (hidden to protect respondents: 1).\n") in text
    assert ("  - All respondents: “Both” 2016–2021: mean 3.10 to 3.60, U = 1830.5, r = 0.050 (very small), "
            "n = 122, Holm-adjusted p = .300 (the smallest adjusted p).\n") in text
    assert "Nord" not in text and "2.55" not in text


def test_switching_language_changes_words_labels_and_decimal_marks_only() -> None:
    nb, en = summary_text(tables(), BOOK, "nb", 0.05), summary_text(tables(), BOOK, "en", 0.05)
    numbers = r"\d+(?:[.,]\d+)?"
    assert pd.Series([nb]).str.findall(numbers)[0] == [
        n.replace(".", ",") for n in pd.Series([en]).str.findall(numbers)[0]]


def test_no_computable_test_gives_its_reasons_not_a_crash() -> None:
    """All p empty (every test undefined) raised ValueError in idxmin (#13); the reasons come from the table."""
    table = tables()
    table["kruskal_wallis"] = table["kruskal_wallis"].assign(H=np.nan, df=pd.NA, p=np.nan, p_holm=np.nan,
                                                             epsilon_sq=np.nan, n=[16, 0], k=[1, 0],
                                                             test_note=["one_level", "no_answers"])
    table["correlations"] = table["correlations"].assign(rho=np.nan, p=np.nan, p_holm=np.nan, n=[2, 16])
    text = summary_text(table, BOOK, "en", 0.05)
    assert ("- Rank correlations, Spearman's ρ (Table 7): 0 of 0 significant after Holm adjustment (α = 0.05); 2 "
            "could not be computed (a variable with one value: 1, fewer than three pairs: 1).\n") in text
    assert ("- Kruskal-Wallis tests by group (Table 5): 0 of 0 significant after Holm adjustment (α = 0.05); 2 could "
            "not be computed (no answers: 1, one level only has answers: 1).\n") in text
    assert "smallest" not in text


def test_index_without_scores_and_undefined_alpha_are_not_stated() -> None:
    table = tables()
    table["indices"] = table["indices"].assign(n_valid=0, mean=np.nan, sd=np.nan)
    text = summary_text(table, BOOK, "en", 0.05)
    assert "index" not in text and "## Indices" not in text
    table = tables()
    table["reliability"] = table["reliability"].assign(alpha=np.nan, alpha_ci_low=np.nan, alpha_ci_high=np.nan)
    text = summary_text(table, BOOK, "en", 0.05)
    assert "The index “Both” had mean 3.50 (SD 0.750, n = 16).\n" in text and "Cronbach" not in text


def _yes_no(percent_yes, p, p_holm, v, notes) -> pd.DataFrame:
    return pd.DataFrame({
        "variable": ["c"] * 5, "label": ["x"] * 5, "factor": [np.nan, "region", "region", "size", "size"],
        "factor_label": ["", "Region", "Region", "Size", "Size"], "n": [40, 20, 20, 20, 20],
        "percent_yes": percent_yes, "ci_low": [28.51, 21.9, 25.82, np.nan, np.nan],
        "ci_high": [57.8, 61.3, 65.8, np.nan, np.nan], "test": [np.nan, "fisher", "fisher", np.nan, np.nan],
        "p": p, "p_holm": p_holm, "cramers_v": v, "n_test": [np.nan, 40, 40, np.nan, np.nan], "test_note": notes})


def test_yes_no_sentences_count_the_computable_tests() -> None:
    yes_no = _yes_no([42.5, 40.0, 45.0, np.nan, np.nan], [np.nan, 0.75, 0.75, np.nan, np.nan],
                     [np.nan, 0.75, 0.75, np.nan, np.nan], [np.nan, 0.05, 0.05, np.nan, np.nan],
                     [np.nan, np.nan, np.nan, "one_level", "one_level"])
    text = summary_text({"yes_no": yes_no}, BOOK, "en", 0.05)
    assert "- “First statement”: 42.5% of 40 valid answers were yes (95% CI 28.5–57.8; Table 1).\n" not in text
    assert "- “x”: 42.5% of 40 valid answers were yes (95% CI 28.5–57.8; Table 1).\n" in text
    assert ("- Yes/no questions against the factors (Table 1): 0 of 1 significant after Holm adjustment (α = 0.05); "
            "1 could not be computed (one level only has answers: 1).\n") in text  # one test per question x factor
    assert "  - “x” by “Region”: Fisher's exact, Cramér's V = 0.050 (very small), n = 40, Holm-adjusted p = .750" \
        in text


def test_a_significant_yes_no_difference_is_stated_with_its_test_and_effect_words() -> None:
    yes_no = _yes_no([50.0, 20.0, 80.0, np.nan, np.nan], [np.nan, 0.0004, 0.0004, np.nan, np.nan],
                     [np.nan, 0.0004, 0.0004, np.nan, np.nan], [np.nan, 0.6, 0.6, np.nan, np.nan],
                     [np.nan, np.nan, np.nan, "", ""])
    text = summary_text({"yes_no": yes_no}, BOOK, "nb", 0.05)
    assert ("  - «x» etter «Landsdel»: Fishers eksakte; Cramérs V = 0,600 (stor); n = 40; Holm-justert p < ,001.\n"
            in text)
    assert "1 kunne ikke beregnes (ikke definert: 1)" in text


@pytest.mark.parametrize(("value", "measure", "expected"), [
    (0.074, "rho", "very_small"), (-0.0999, "rho", "very_small"), (0.1, "rho", "small"), (-0.3, "rho", "medium"),
    (0.4999, "rho", "medium"), (-0.5, "rho", "large"), (0.29, "r", "small"), (0.3, "cramers_v", "medium"),
    (0.05, "cramers_v", "very_small"), (0.06, "epsilon_sq", "medium"), (0.2, "tau_b", ""), (np.nan, "rho", "")])
def test_effect_words_follow_cohen_1988_and_field_2013(value, measure, expected) -> None:
    """Cohen (1988): r 0.1 small, 0.3 medium, 0.5 large; Field (2013): ε² 0.01, 0.06, 0.14; each bound belongs to
    the larger effect; no convention for Kendall's τb."""
    assert magnitude(value, measure) == expected


def test_a_trivial_significant_correlation_is_called_very_small() -> None:
    """Issue #17: ρ = 0,074 at n ≈ 1,700 was reported as a finding without a word for its size."""
    table = {"correlations": pd.DataFrame({"var1": ["Q1"], "var2": ["Q2"], "var1_label": ["x"],
                                           "var2_label": ["y"], "n": [1703], "rho": [0.074], "p": [0.002],
                                           "p_holm": [0.046]})}
    assert "ρ = 0,074 (svært liten); n = 1703; Holm-justert p = ,046." in summary_text(table, BOOK, "nb", 0.05)


def test_methods_paragraph_names_tests_conventions_adjustment_missing_data_and_versions() -> None:
    text = summary_text(tables() | {"dunn": pd.DataFrame({
        "item": ["Q1"], "factor": ["region"], "level1": [1], "level2": [2], "level1_label": ["Nord"],
        "level2_label": ["Sør"], "n1": [8], "n2": [8], "z": [-2.47], "p": [0.0133], "p_holm": [0.0133]})},
        BOOK, "en", 0.05, Methods(SOFTWARE, min_cell=5, families={"kruskal_wallis": ["factor"], "dunn": [],
                                                                   "difference_in_change": ["role", "comparison"]}))
    methods = text.split("## Methods\n\n")[1].split("\n")[0]
    assert methods.startswith("The analyses were run with likertpipe 0.1.0 (Python 3.11.7, Snakemake 9.1.0, "
                              "pandas 2.2.0, NumPy 2.0.1, SciPy 1.14.0). Don't know and declared missing answers are "
                              "left out of means, ranks, tests and correlations")
    assert "pairwise deletion" in methods
    assert "Field (2013): small from 0.01, medium from 0.06, large from 0.14), followed by Dunn's test" in methods
    assert "Spearman's rank correlation ρ (p from the t approximation; in words after Cohen (1988): small from " \
        "0.1, medium from 0.3, large from 0.5)." in methods
    assert ("by Holm's method within the families the configuration sets (kruskal_wallis: factor), and a result is "
            "called significant when its Holm-adjusted p < 0.05.") in methods  # not the default of a table it lacks
    assert "fewer than 5 respondents are hidden" in methods
    assert "Mann-Whitney" not in methods and "yes/no" not in methods  # no such tables
    assert "  - Q1 by “Region”, Nord against Sør" not in text  # labels, not codes
    assert "  - “First statement” by “Region”, Nord against Sør: z = -2.47, n = 16, Holm-adjusted p = .013.\n" in text
    assert text.endswith("## How to cite\n\nCite the software as: likertpipe developers, *likertpipe* (version 0.1.0) "
                         "[software] (CITATION.cff in the source).\n")


# --- The generated surveys of issue #17 --------------------------------------------------------------------------

PUBLIC25 = next(shape for shape in survey_shapes.SHAPES if shape.name == "public25")
TEST_TABLES = ("correlations", "kruskal_wallis", "dunn", "kruskal_wallis_by_wave", "wave_change")


def _structured(shape: survey_shapes.Shape) -> pd.DataFrame:
    """The shape's answers made to agree and to differ: items 2-12 copy item 1 for most respondents (66
    significant correlations), items 14-20 lean to the top for level 1 of the first factor (significant
    Kruskal-Wallis and Dunn tests), item 24 everyone answers 3 (tests undefined: every answer equal, a variable
    with one value) and item 25 nobody answers (hidden: fewer than min_cell)."""
    book = survey_shapes.codebook(shape)
    data = survey_shapes.responses(shape, book)
    rng = np.random.default_rng(4)
    for i in range(2, 13):
        copy = rng.random(len(data)) < 0.7
        for column in (f"Q{i}", f"Q{i}_code"):
            data.loc[copy, column] = data.loc[copy, column.replace(f"Q{i}", "Q1")]
    for i in range(14, 21):
        top = (data["f1"] == 1) & (rng.random(len(data)) < 0.6)
        for column in (f"Q{i}", f"Q{i}_code"):
            data.loc[top, column] = shape.levels
    for column, value in (("Q24", 3), ("Q24_code", 3), ("Q25", pd.NA), ("Q25_code", pd.NA)):
        data[column] = pd.Series(value, index=data.index, dtype=data[column].dtype)
    return data


@pytest.fixture(scope="module")
def public25():
    book, published = survey_shapes.summary_tables(PUBLIC25, data=_structured(PUBLIC25))
    return book, published, summary_text(published, book, "nb", 0.05, Methods(SOFTWARE, 5, {}))


def _numbers(published: dict[str, pd.DataFrame], book) -> dict[str, int]:
    """The number of each table as the Markdown document captions it ("**Tabell 8. Rangkorrelasjoner**")."""
    document = rendering.markdown_document(rendering.entries(published, book, "nb"))
    titles = {rendering.caption(name, "nb"): name for name in published}
    return {titles[title]: int(number) for number, title in re.findall(r"^\*\*Tabell (\d+)\. (.+)\*\*$", document,
                                                                      re.MULTILINE) if title in titles}


def test_the_25_item_survey_summary_is_under_60_lines(public25) -> None:
    _, _, text = public25
    assert len(text.splitlines()) < 60
    assert max(len(line) for line in text.splitlines() if not line.startswith(("Analysene", "- Størst"))) < 400


def test_the_25_item_survey_counts_computable_and_significant_tests_from_the_tables(public25) -> None:
    book, published, text = public25
    numbers = _numbers(published, book)
    lines = text.splitlines()
    for name in TEST_TABLES:
        table = published[name]
        computable = int(table["p"].notna().sum())
        significant = int((table["p_holm"] < 0.05).sum())
        head = next(i for i, line in enumerate(lines) if f"(Tabell {numbers[name]}): " in line)
        expected = f"(Tabell {numbers[name]}): {significant} av {computable} signifikante etter Holm-justering"
        assert expected in lines[head], (name, lines[head])
        missing = len(table) - computable
        assert (f"; {missing} kunne ikke beregnes (" in lines[head]) == (missing > 0), lines[head]
        if missing:
            counted = re.search(r"kunne ikke beregnes \((.*)\)\.$", lines[head]).group(1)
            assert sum(int(n) for n in re.findall(r": (\d+)", counted)) == missing
        listed = [line for line in lines[head + 1:] if line.startswith("  - ")]
        listed = listed[:next((i for i, line in enumerate(listed) if "og " in line[:7] and "til, se" in line),
                              len(listed) - 1) + 1]
        if significant > 5:
            assert listed[5] == f"  - og {significant - 5} til, se Tabell {numbers[name]}.", name
    correlations, kruskal = published["correlations"], published["kruskal_wallis"]
    assert (correlations["p_holm"] < 0.05).sum() >= 66 and (kruskal["p_holm"] < 0.05).sum() >= 7  # structured
    # items 24 and 25 by the first factor; every item by the second, whose 2 levels are both hidden (its level
    # 2 is small) and so pooled into one group (protect: tests pool the hidden levels)
    assert (kruskal["p"].isna()).sum() == 2 + 25
    assert "bare én gruppe når de skjulte nivåene slås sammen: 24, ingen svar: 2" in text
    assert "alle svar er like: 1" in text  # item 24 by the first factor (by the second: one group)


def test_the_25_item_survey_lists_the_five_strongest_correlations(public25) -> None:
    _, published, text = public25
    table = published["correlations"]
    significant = table[table["p_holm"] < 0.05]
    strongest = significant.loc[significant["rho"].abs().sort_values(ascending=False, kind="stable").index]
    shown = [line for line in text.splitlines() if line.startswith("  - ") and "ρ = " in line]
    assert len(shown) == 5
    for line, (_, row) in zip(shown, strongest.head(5).iterrows(), strict=True):
        assert line.startswith(f"  - «{row['var1_label']}» og «{row['var2_label']}»: ρ = "), line


def test_every_sentence_reporting_a_test_gives_n_and_the_adjusted_p(public25) -> None:
    _, _, text = public25
    statistic = re.compile(r"(ρ|τb|H\(\d+\)|U|z|Cramérs V) = ")
    reported = [line for line in text.splitlines() if statistic.search(line)]
    assert len(reported) >= 15
    for line in reported:
        assert re.search(r"n = \d+", line) and re.search(r"Holm-justert p (=|<) (1,000|,\d{3})", line), line


def test_the_25_item_survey_states_nothing_the_plan_hid(public25) -> None:
    """Changes the plan hid (a group too small in a wave) are counted as hidden and none of their statistics is
    stated: the U of every hidden change, computed here without the plan, is not in the text."""
    book, published, text = public25
    raw = waves.wave_change(_structured(PUBLIC25), book)
    hidden = published["wave_change"]["suppressed"].fillna("").str.split().apply(lambda names: "U" in names)
    assert len(raw) == len(hidden) and hidden.sum() > 100
    assert f"skjult for å verne respondentene: {hidden.sum()})" in text
    for u in raw.loc[hidden.to_numpy(), "U"].dropna():
        assert f"U = {format_value(u, 'U', 'nb')};" not in text


def test_every_list_is_capped_with_how_many_more() -> None:
    yes_no = pd.DataFrame({"variable": [f"c{i}" for i in range(7)], "label": [f"Spørsmål {i}" for i in range(7)],
                           "factor": [np.nan] * 7, "factor_label": [""] * 7, "n": [40] * 7,
                           "percent_yes": [10.0 * i for i in range(7)], "ci_low": [1.0] * 7, "ci_high": [70.0] * 7,
                           "p": [np.nan] * 7, "p_holm": [np.nan] * 7})
    lines = summary_text({"yes_no": yes_no}, BOOK, "nb", 0.05).splitlines()
    assert [line for line in lines if line.startswith("- ")][5:] == ["- og 2 til, se Tabell 1."]
    assert "«Spørsmål 4»" in "".join(lines) and "«Spørsmål 5»" not in "".join(lines)


def test_citation_file_has_the_required_keys_and_the_project_s_version_and_license() -> None:
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert citation["cff-version"] == "1.2.0"
    assert {"cff-version", "message", "title", "authors"} <= set(citation)
    assert citation["authors"] == [{"name": "likertpipe developers"}]
    assert citation["version"] == project["version"] and citation["license"] == project["license"]
    assert citation["type"] == "software"
    article = next(reference for reference in citation["references"] if reference.get("doi"))
    assert article["doi"] == "10.18261/tfo.10.2.13" and article["type"] == "article"
    assert {"authors", "title", "journal", "year"} <= set(article)
    assert "CITATION.cff" in (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("shape", survey_shapes.SHAPES, ids=lambda shape: shape.name)
@pytest.mark.parametrize("language", ["nb", "en"])
def test_every_generated_survey_gets_a_short_text_in_both_languages(shape, language) -> None:
    """The demo's shape, both public surveys' and 40 items x 12 levels: every table of tests present (with hidden
    levels, hidden changes and Dunn tests), no traceback, and under 60 lines."""
    book, published = survey_shapes.summary_tables(shape, language=language)
    text = summary_text(published, book, language, 0.05, Methods(SOFTWARE, 5, {}))
    assert len(text.splitlines()) < 60
    assert text.count("\n## ") == 5 and "Kruskal-Wallis" in text  # main results, tests, indices, methods, cite


def test_model_sentences_give_direction_odds_ratio_and_bootstrap_interval() -> None:
    """The trend, the adjusted odds ratios and the difference in change (#20), each counted as a family."""
    given = {
        "trend": pd.DataFrame({"item": ["Q1"], "item_label": ["x"], "factor": ["region"], "factor_label": ["r"],
                               "n": [40], "direction": ["increasing"], "tau_b": [0.3512], "p": [0.004],
                               "p_holm": [0.004], "note": [""]}),
        "models": pd.DataFrame({"outcome": ["Q1", "Q2"], "outcome_label": ["x", "y"],
                                "predictor": ["region", "region"], "predictor_label": ["r", "r"], "level": [2, 2],
                                "level_label": ["Sør", "Sør"], "reference": [1, 1],
                                "reference_label": ["Nord", "Nord"], "n": [40, 38], "estimate": [1.2, np.nan],
                                "odds_ratio": [3.3201, np.nan], "ci_low": [1.514, np.nan], "ci_high": [7.2811, np.nan],
                                "p": [0.0028, np.nan], "p_holm": [0.0028, np.nan],
                                "note": ["", "separation: not estimated"]}),
        "difference_in_change": pd.DataFrame({
            "variable": ["both"], "label": ["x"], "comparison": ["difference"], "role": ["secondary"], "group": [1],
            "group_label": ["Nord"], "reference": [2],
            "reference_label": ["Sør"], "contrast": ["first_last"], "n": [697], "estimate": [0.9594],
            "ci_low": [0.0777], "ci_high": [1.8101], "p": [0.0463], "p_holm": [0.0463], "note": [""]}),
    }
    text = summary_text(given, BOOK, "nb", 0.05)
    assert ("  - «Første påstand» etter «Landsdel»: stigende; τb = 0,351; n = 40; Holm-justert p = ,004.\n"
            in text)
    assert ("- Proporsjonale odds-modeller: justerte oddsratioer (Tabell 2): 1 av 1 signifikante etter "
            "Holm-justering (α = 0,05); 1 kunne ikke beregnes (separation: not estimated: 1).\n" in text)
    assert ("  - «Første påstand» etter «Landsdel», Sør mot Nord: OR = 3,32 (1,51–7,28); n = 40; Holm-justert "
            "p = ,003.\n" in text)
    assert ("  - «Begge»: Nord mot Sør, første mot siste bølge: forskjell 0,96 (95 % KI 0,08–1,81, wild cluster "
            "bootstrap); n = 697; Holm-justert p = ,046.\n" in text)


def test_the_primary_comparison_comes_first_in_words_and_own_changes_are_a_family() -> None:
    """The declared primary difference in change (#20) is told in the main results with its estimate, bootstrap
    interval and p, and said to be declared; the other differences and the groups' own changes are families of
    their own, and an unbounded interval is said in words, not shown as an empty interval."""
    rows = pd.DataFrame({
        "variable": ["both"] * 4, "label": ["x"] * 4, "comparison": ["difference", "difference", "change", "change"],
        "group": [1, 3, 1, 2], "group_label": ["Nord", "Vest", "Nord", "Sør"], "reference": [2, 2, pd.NA, pd.NA],
        "reference_label": ["Sør", "Sør", "", ""], "contrast": ["first_last"] * 4,
        "role": ["primary", "secondary", "secondary", "secondary"], "n": [697] * 4,
        "estimate": [0.9594, 0.4476, 0.9933, 0.0339], "ci_low": [0.0777, -0.1229, np.nan, np.nan],
        "ci_high": [1.8101, 0.8388, np.nan, np.nan], "p": [0.0463, 0.0525, 0.2778, 0.3333],
        "p_holm": [0.0463, 0.0525, 0.3333, 0.3333], "note": [""] * 4})
    for language, primary, family, change in (
        ("nb", "- Hovedsammenligningen, fastsatt på forhånd: «Begge»: Nord mot Sør, første mot siste bølge: "
               "forskjell 0,96 (95 % KI 0,08–1,81, wild cluster bootstrap), p = ,046; n = 697 (Tabell 1). "
               "Forskjellen i endring er signifikant (α = 0,05).\n",
         "- Forskjell i endring mellom gruppene (Tabell 1): 0 av 1 signifikante",
         "  - «Begge»: endringen i Nord, første mot siste bølge: endring 0,99 (wild cluster bootstrap: intervallet "
         "er ubegrenset); n = 697; Holm-justert p = ,333 (minste justerte p).\n"),
        ("en", "- The primary comparison, declared in advance: “Both”: Nord against Sør, first against last wave: "
               "difference 0.96 (95% CI 0.08–1.81, wild cluster bootstrap), p = .046, n = 697 (Table 1). "
               "The difference in change is significant (α = 0.05).\n",
         "- Each group's own change (the same models) (Table 1): 0 of 2 significant",
         "the change in Nord, first against last wave: change 0.99 (wild cluster bootstrap: the interval is "
         "unbounded)"),
    ):
        text = summary_text({"difference_in_change": rows}, BOOK, language, 0.05)
        main = text.split("\n## ")[1]
        assert primary in main, main
        assert family in text and change in text, text
        assert text.count("Nord mot Sør" if language == "nb" else "Nord against Sør") == 1  # told once, first

