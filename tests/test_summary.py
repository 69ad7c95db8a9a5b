"""The results text: one sentence per headline result, its numbers taken from the tables (expected texts
written by hand from the tables below), labels from the codebook, in nb and en."""

from __future__ import annotations

import numpy as np
import pandas as pd

from likertpipe.codebook import parse_codebook
from likertpipe.summary import summary_text

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


def tables() -> dict[str, pd.DataFrame]:
    return {
        "response_rates": pd.DataFrame({"group": [1, 2, np.nan], "label": ["Nord", "Sør", "Totalt"],
                                        "sent": [10, 30, 40], "responded": [5, 12, 17],
                                        "percent": [50.0, 40.0, 42.5]}),
        "descriptives": pd.DataFrame({
            "item": ["Q1", "Q2"], "label": ["(table label)", "(table label)"], "n_valid": [16, 0],
            "mean": [3.8125, np.nan], "sd": [1.0468, np.nan], "agree_percent": [68.75, np.nan],
            "agree_ci_low": [44.4, np.nan], "agree_ci_high": [85.84, np.nan]}),
        "correlations": pd.DataFrame({
            "var1": ["Q1", "Q1"], "var2": ["Q2", "size"], "var1_label": ["x", "x"], "var2_label": ["y", "z"],
            "n": [15, 16], "rho": [-0.5625, 0.2], "p": [0.0291, 0.4571], "p_holm": [0.0582, 0.4571]}),
        "kruskal_wallis": pd.DataFrame({
            "item": ["Q1", "Q2"], "item_label": ["x", "y"], "factor": ["region", "region"],
            "factor_label": ["r", "r"], "n": [16, 14], "df": [1, 1], "H": [6.125, 0.5], "p": [0.0133, 0.4795],
            "p_holm": [0.0266, 0.4795]}),
        "indices": pd.DataFrame({"index": ["both"], "label": ["x"], "n_valid": [16], "mean": [3.5], "sd": [0.75]}),
        "reliability": pd.DataFrame({"index": ["both", "both"], "n": [14, 14], "alpha": [0.8125, 0.8125],
                                     "alpha_ci_low": [0.4, 0.4], "alpha_ci_high": [0.93751, 0.93751]}),
    }


def test_summary_in_norwegian() -> None:
    assert summary_text(tables(), BOOK, "nb", 0.05) == (
        "# Resultater: Prøveundersøkelse\n\n"
        "- 17 av 40 enheter i utvalgsrammen svarte (42,5 %).\n\n"
        "- «Første påstand»: 68,8 % av 16 gyldige svar var «nivå 4» eller «nivå 5» (95 % KI 44,4–85,8); "
        "gjennomsnitt 3,81 (SD 1,047).\n\n"
        "- Ingen av de 2 korrelasjonene var signifikante etter Holm-justering (α = 0,05); minste p = ,029 "
        "(«Første påstand» og «Andre påstand»).\n\n"
        "- «Første påstand» skilte seg mellom nivåene av «Landsdel» (Kruskal-Wallis H(1) = 6,13, n = 16, p = ,013; "
        "Holm-justert p = ,027).\n\n"
        "- Indeksen «Begge» hadde gjennomsnitt 3,50 (SD 0,750, n = 16). Cronbachs α = 0,813 (95 % KI 0,400–0,938, "
        "n = 14).\n"
    )


def test_summary_in_english_with_a_significant_correlation() -> None:
    text = summary_text(tables(), BOOK, "en", 0.10)
    assert "- 17 of the 40 units in the sampling frame responded (42.5%).\n" in text
    assert ("- “First statement”: 68.8% of 16 valid answers were “level 4” or “level 5” (95% CI 44.4–85.8); "
            "mean 3.81 (SD 1.047).\n") in text
    assert ("- “First statement” and “Second statement” were negatively correlated (ρ = -0.563, n = 15, p = .029; "
            "Holm-adjusted p = .058).\n") in text
    assert "Size" not in text  # p_holm .4571 is not below .10
    assert "differed between the levels of “Region” (Kruskal-Wallis H(1) = 6.13, n = 16, p = .013;" in text
    assert text.startswith("# Results: Trial survey\n")


def test_absent_tables_give_no_sentence_and_no_kruskal_result_is_reported() -> None:
    only = {"kruskal_wallis": tables()["kruskal_wallis"].assign(p_holm=[0.06, 0.4795])}
    assert summary_text(only, BOOK, "en", 0.05) == (
        "# Results: Trial survey\n\n"
        "- None of the 2 Kruskal-Wallis tests was significant after Holm adjustment (α = 0.05); smallest p = .013 "
        "(“First statement” by “Region”).\n"
    )


def test_wave_change_sentences() -> None:
    change = pd.DataFrame({
        "factor": ["", "region"], "group": [pd.NA, 1], "group_label": ["", "Nord"], "variable": ["both", "Q1"],
        "label": ["x", "y"], "first_wave": ["2016", "2016"], "last_wave": ["2021", "2021"],
        "mean_first": [3.1, 2.5], "mean_last": [3.6, 2.55], "U": [1830.5, 40.0], "p": [0.0004, 0.8],
        "r": [0.31234, 0.05]})
    assert summary_text({"wave_change": change}, BOOK, "nb", 0.05) == (
        "# Resultater: Prøveundersøkelse\n\n"
        "- Alle respondenter: «Begge» endret seg fra 2016 til 2021 (gjennomsnitt 3,10 til 3,60; U = 1830,5, "
        "p < ,001, r = 0,312).\n"
    )


def test_switching_language_changes_words_labels_and_decimal_marks_only() -> None:
    nb, en = summary_text(tables(), BOOK, "nb", 0.05), summary_text(tables(), BOOK, "en", 0.05)
    numbers = r"\d+(?:[.,]\d+)?"
    assert pd.Series([nb]).str.findall(numbers)[0] == [
        n.replace(".", ",") for n in pd.Series([en]).str.findall(numbers)[0]]


def test_no_computable_test_gives_a_sentence_not_a_crash() -> None:
    """All p empty (every test undefined) raised ValueError in idxmin (#13)."""
    table = tables()
    table["kruskal_wallis"] = table["kruskal_wallis"].assign(H=np.nan, df=pd.NA, p=np.nan, p_holm=np.nan)
    table["correlations"] = table["correlations"].assign(rho=np.nan, p=np.nan, p_holm=np.nan)
    text = summary_text(table, BOOK, "en", 0.05)
    assert "- None of the 2 correlations could be computed (fewer than three pairs, or a variable with one value).\n" \
        in text
    assert "- None of the 2 Kruskal-Wallis tests could be computed (fewer than two levels with answers, or every " \
        "answer equal).\n" in text


def test_hidden_cells_are_missing_in_the_summary() -> None:
    """A wave change hidden by disclosure control (every figure empty, named in `suppressed`) says nothing and
    does not break the choice of the smallest p (#13)."""
    change = pd.DataFrame({
        "factor": ["", "region"], "group": [pd.NA, 1], "group_label": ["", "Nord"], "variable": ["both", "Q1"],
        "label": ["x", "y"], "first_wave": ["2016", "2016"], "last_wave": ["2021", "2021"],
        "mean_first": [3.1, np.nan], "mean_last": [3.6, np.nan], "U": [1830.5, np.nan], "p": [0.3, np.nan],
        "r": [0.05, np.nan], "suppressed": ["", "mean_first mean_last U p r"]})
    assert summary_text({"wave_change": change}, BOOK, "en", 0.05) == (
        "# Results: Trial survey\n\n"
        "- None of the 1 changes from the first to the last wave was significant (α = 0.05); smallest p = .300 "
        "(“Both”).\n"
    )


def test_index_without_scores_and_undefined_alpha_are_not_stated() -> None:
    table = tables()
    table["indices"] = table["indices"].assign(n_valid=0, mean=np.nan, sd=np.nan)
    text = summary_text(table, BOOK, "en", 0.05)
    assert "index" not in text
    table = tables()
    table["reliability"] = table["reliability"].assign(alpha=np.nan, alpha_ci_low=np.nan, alpha_ci_high=np.nan)
    text = summary_text(table, BOOK, "en", 0.05)
    assert "The index “Both” had mean 3.50 (SD 0.750, n = 16).\n" in text and "Cronbach" not in text


def test_yes_no_sentences_count_the_computable_tests() -> None:
    yes_no = pd.DataFrame({
        "variable": ["c", "c", "c", "c", "c"], "label": ["x"] * 5, "factor": [np.nan, "region", "region", "size",
                                                                             "size"],
        "factor_label": ["", "Region", "Region", "Size", "Size"], "n": [40, 20, 20, 20, 20],
        "percent_yes": [42.5, 40.0, 45.0, np.nan, np.nan], "ci_low": [28.51, 21.9, 25.82, np.nan, np.nan],
        "ci_high": [57.8, 61.3, 65.8, np.nan, np.nan], "test": [np.nan, "chi_square", "chi_square", np.nan, np.nan],
        "p": [np.nan, 0.75, 0.75, np.nan, np.nan], "p_holm": [np.nan, 0.75, 0.75, np.nan, np.nan],
        "cramers_v": [np.nan, 0.05, 0.05, np.nan, np.nan], "n_test": [np.nan, 40, 40, np.nan, np.nan]})
    text = summary_text({"yes_no": yes_no}, BOOK, "en", 0.05)
    assert "42.5% of 40 valid answers were yes (95% CI 28.5–57.8)" in text
    assert "None of the 1 tests of the yes/no questions" in text  # the size test has no p: not counted


def test_a_significant_yes_no_difference_is_stated_with_its_test() -> None:
    yes_no = pd.DataFrame({
        "variable": ["c", "c", "c"], "label": ["x"] * 3, "factor": [np.nan, "region", "region"],
        "factor_label": ["", "Region", "Region"], "n": [40, 20, 20], "percent_yes": [50.0, 20.0, 80.0],
        "ci_low": [35.0, 8.0, 58.0], "ci_high": [65.0, 42.0, 92.0], "test": [np.nan, "fisher", "fisher"],
        "p": [np.nan, 0.0004, 0.0004], "p_holm": [np.nan, 0.0004, 0.0004], "cramers_v": [np.nan, 0.6, 0.6],
        "n_test": [np.nan, 40, 40]})
    text = summary_text({"yes_no": yes_no}, BOOK, "en", 0.05)
    assert ("differed between the levels of Region (Fisher's exact, Holm-adjusted p < .001, n = 40, Cramér's V = "
            "0.600)") in text
    assert "None of the" not in text
