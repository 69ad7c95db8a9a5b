"""Formatted tables: rounding and APA p-values per column, nb/en cells and headings, Markdown, HTML and LaTeX
renderings (the LaTeX compiled when pdflatex is installed), and writing every format of a table."""

from __future__ import annotations

import math
import re
import shutil
import subprocess
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest

from likertpipe import documents as documents_module
from likertpipe import formatting
from likertpipe import tables as tables_module
from likertpipe.formatting import format_value, p_equation, spreadsheet_number
from likertpipe.i18n import HEADINGS, heading
from likertpipe.protect import MARKER
from likertpipe.tables import (
    LATEX_PREAMBLE,
    TABLE_ORDER,
    caption,
    display,
    latex_escape,
    table_numbers,
    to_html,
    to_latex,
    to_markdown,
)

# Every column of every result table (README "Outputs", the by-wave tables and the coding tally).
COLUMNS = {
    "descriptives": ["item", "label", "n_valid", "n_missing", "n_dont_know", "mean", "median", "sd", "mode", "q1",
                     "q3", "iqr", "agree_percent", "agree_ci_low", "agree_ci_high", "disagree_percent",
                     "dont_know_percent"],
    "frequencies": ["item", "code", "level", "status", "count", "percent", "valid_percent"],
    "response_rates": ["group", "label", "sent", "responded", "percent"],
    "kruskal_wallis": ["item", "item_label", "factor", "factor_label", "n", "k", "H", "df", "p", "p_holm", "p_bh",
                       "epsilon_sq", "eta_sq_h", "dropped_levels"],
    "dunn": ["item", "factor", "level1", "level1_label", "level2", "level2_label", "n1", "n2", "mean_rank1",
             "mean_rank2", "z", "p", "p_holm", "p_bh", "p_holm_test", "p_bonferroni_test"],
    "correlations": ["var1", "var2", "kind", "var1_label", "var2_label", "n", "rho", "tau_b", "ci_low", "ci_high",
                     "p", "p_holm", "p_bh"],
    "descriptives_weighted": ["item", "label", "n_valid", "mean_weighted", "sd_weighted", "agree_percent_weighted",
                              "n_effective", "deff"],
    "indices": ["index", "label", "k", "min_answered", "n_valid", "n_missing", "mean", "sd", "median", "mode", "q1",
                "q3", "iqr"],
    "reliability": ["index", "label", "n", "k", "alpha", "alpha_ci_low", "alpha_ci_high", "item", "reversed",
                    "item_rest_r", "alpha_if_deleted"],
    "open_text": ["column", "label", "comment", "answered"],
    "waves": ["wave", "wave_label", "factor", "group", "group_label", "index", "index_label", "variable", "label",
              "n", "mean", "sd", "ci_low", "ci_high", "first_wave", "last_wave", "n_first", "n_last", "median_first",
              "median_last", "mean_first", "mean_last", "U", "z", "p", "r", "rank_biserial"],
    "coding_tally": ["level", "dimension", "theme", "concept", "statements", "respondents"],
}


def test_to_markdown_rounds_per_column() -> None:
    table = pd.DataFrame({
        "item": ["A | B", "C"],
        "n_valid": [14.0, np.nan],  # an integer column that became float (CSV read-back with a gap)
        "mean": [3.14159, np.nan],
        "median": [2.5, 4.0],
        "sd": [1.23456, 0.5],
        "p": [0.0004, 0.0123],
        "percent": [71.428571, 100.0],
        "agree_percent": [50, 33.33333],
    })
    expected = (
        "| item | n_valid | mean | median | sd | p | percent | agree_percent |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|\n"
        "| A \\| B | 14 | 3.14 | 2.5 | 1.235 | < .001 | 71.4 | 50.0 |\n"
        "| C |  |  | 4 | 0.500 | .012 | 100.0 | 33.3 |\n"
    )
    assert to_markdown(table) == expected


def test_to_markdown_nullable_columns_and_missing_values() -> None:
    table = pd.DataFrame({
        "group": pd.array([1, pd.NA], dtype="Int64"),
        "label": ["North", "Total"],
        "sent": [5, 19],
        "percent": pd.array([60.0, pd.NA], dtype="Float64"),
    })
    expected = (
        "| group | label | sent | percent |\n"
        "|---:|---|---:|---:|\n"
        "| 1 | North | 5 | 60.0 |\n"
        "|  | Total | 19 |  |\n"
    )
    assert to_markdown(table) == expected


def test_to_markdown_escapes_pipes_and_newlines_in_labels_and_headers() -> None:
    table = pd.DataFrame({"a|b": ["x|y|z", "line one\nline two"]})
    lines = to_markdown(table).splitlines()
    assert lines[0] == "| a\\|b |"
    assert lines[2] == "| x\\|y\\|z |"
    assert lines[3] == "| line one line two |"
    assert len(lines) == 4


def test_to_markdown_keeps_every_row_and_column_count() -> None:
    table = pd.DataFrame({"item": ["a|b", "c"], "p": [0.5, 0.0]})
    lines = to_markdown(table).splitlines()
    # an escaped pipe must not add a cell: every line has the same number of unescaped separators
    counts = [line.replace("\\|", "").count("|") for line in lines]
    assert counts == [3, 3, 3, 3]


def test_to_markdown_title_above_note_below() -> None:
    text = to_markdown(pd.DataFrame({"n": [3]}), "Table 2. Counts", "Note. n: respondents.")
    assert text == "**Table 2. Counts**\n\n| n |\n|---:|\n| 3 |\n\nNote. n: respondents.\n"


@pytest.mark.parametrize(
    "column, value, expected",
    [
        ("sd", 0.12345, "0.123"),
        ("sd", 2, "2.000"),
        ("mean", 3.14159, "3.14"),
        ("mean", 3.0, "3.00"),
        ("mean", 2.125, "2.13"),  # half up, not half to even
        ("median", 4, "4"),  # an answer code, not "4.00"
        ("median", 4.5, "4.5"),  # the half between two codes
        ("mode", 5.0, "5"),
        ("median", 3.6667, "3.67"),  # an index score: at most 2 decimals
        ("median_first", 2.0, "2"),
        ("epsilon_sq", -0.0001, "0.000"),  # no negative zero after rounding
        ("rho", -0.0004, "0.000"),
        ("mean", -0.004, "0.00"),
        ("H", 7.4567, "7.46"),
        ("rho", -0.45678, "-0.457"),
        ("mean_rank_2", 12.3456, "12.35"),
        ("mean_first", 3.005, "3.01"),
        ("U", 1234.5, "1234.5"),
        ("rank_biserial", 0.12345, "0.123"),
        ("p", 0.0004, "< .001"),
        ("p", 0.000999, "< .001"),
        ("p", 0.0, "< .001"),
        ("p", 0.001, ".001"),
        ("p", 0.04567, ".046"),
        ("p", 0.0445, ".045"),
        ("p", 0.5, ".500"),
        ("p_holm", 1.0, "1.000"),
        ("p_bh", 0.9995, "1.000"),
        ("percent", 52.631578, "52.6"),
        ("valid_percent", 100, "100.0"),
        ("agree_percent", 71.42857, "71.4"),
        ("n_valid", 14.0, "14"),
        ("count", 0.0, "0"),
        ("sent", 19, "19"),
        ("count", 14.5, "14.5"),
        ("label", "Nord", "Nord"),
        ("mean", float("nan"), ""),
        ("p", np.nan, ""),
        ("n_valid", np.float64("nan"), ""),
        ("percent", pd.NA, ""),
        ("label", None, ""),
        ("reversed", False, "No"),
        ("comment", np.bool_(True), "Yes"),
        ("kind", "item-covariate", "item–covariate"),
        ("new_column", 0.25, "0.25"),
    ],
)
def test_format_value(column, value, expected) -> None:
    assert format_value(value, column) == expected


@pytest.mark.parametrize(
    "column, value, expected",
    [
        ("mean", 3.14159, "3,14"),
        ("sd", 0.5, "0,500"),
        ("percent", 52.631578, "52,6"),
        ("p", 0.0004, "< ,001"),
        ("p", 0.04567, ",046"),
        ("rho", -0.45678, "-0,457"),
        ("epsilon_sq", -0.0002, "0,000"),
        ("median", 5.0, "5"),
        ("median", 4.5, "4,5"),
        ("n_valid", 14.0, "14"),
        ("label", "2 000-9 999 innb., lave frie inntekter", "2 000-9 999 innb., lave frie inntekter"),
        ("item", "E1.a", "E1.a"),  # codes keep their points
        ("reversed", True, "Ja"),
        ("status", "dont_know", "vet ikke"),
    ],
)
def test_format_value_norwegian(column, value, expected) -> None:
    assert format_value(value, column, "nb") == expected


def test_interval_takes_the_decimals_of_its_estimate() -> None:
    assert format_value(0.12345, "ci_low", columns=["rho", "ci_low"]) == "0.123"
    assert format_value(3.14159, "ci_high", columns=["n", "mean", "ci_high"]) == "3.14"


def test_rounding_does_not_change_the_table() -> None:
    table = pd.DataFrame({"mean": [math.pi], "n_valid": [3.0]})
    before = table.copy()
    to_markdown(display(table, "descriptives", "nb"))
    pd.testing.assert_frame_equal(table, before)


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_every_column_has_a_heading_in_both_languages(name) -> None:
    for column in COLUMNS[name]:
        assert column in HEADINGS, column
        assert HEADINGS[column]["nb"] and HEADINGS[column]["en"], column
    for language in ("nb", "en"):
        headings = [heading(c, language) for c in COLUMNS[name]]
        assert len(set(headings)) == len(headings), (name, language)


def test_headings_of_unknown_columns_follow_their_pattern_or_name() -> None:
    assert heading("n_4", "nb") == "n 4" and heading("mean_rank_4", "nb") == "Middelrang 4"
    assert heading("p_sidak", "en") == "p (sidak)"
    assert heading("brand_new", "nb") == "brand_new"
    assert heading("mean", "de") == "Mean"  # untranslated language: English


def kruskal_table() -> pd.DataFrame:
    return pd.DataFrame({
        "item": ["Q1", "Q2"], "item_label": ["Første spørsmål", "Second & last"], "factor": ["region"] * 2,
        "factor_label": ["Region"] * 2, "n": [40, 38], "k": [3, 3], "H": [8.765, 0.1234], "df": [2, 2],
        "p": [0.0125, 0.94], "p_holm": [0.025, 0.94], "p_bh": [0.025, 0.94], "epsilon_sq": [0.2247, 0.0033],
        "eta_sq_h": [0.1828, -0.0507], "dropped_levels": [np.nan, np.nan], "n_1": pd.array([20, None], "Int64"),
        "mean_rank_1": [25.5, np.nan], "n_2": [16, 30], "mean_rank_2": [14.0625, 19.45],
        "suppressed": ["", "n_1 mean_rank_1"],
    })


def test_display_formats_cells_and_translates_headings_only() -> None:
    nb, en = display(kruskal_table(), "kruskal_wallis", "nb"), display(kruskal_table(), "kruskal_wallis", "en")
    assert list(en.columns)[:4] == ["Item", "Item text", "Factor", "Factor name"]
    assert list(nb.columns)[:4] == ["Spørsmål", "Spørsmålstekst", "Faktor", "Faktornavn"]
    assert list(en.iloc[0]) == ["Q1", "Første spørsmål", "region", "Region", "40", "3", "8.77", "2", ".013", ".025",
                                ".025", "0.225", "0.183", "", "20", "25.50", "16", "14.06"]
    assert list(en.iloc[1])[-4:] == [MARKER, MARKER, "30", "19.45"]
    # switching the language changes the headings and the decimal mark, nothing else
    assert nb.shape == en.shape
    for (_, a), (_, b) in zip(nb.items(), en.items(), strict=True):
        assert [x.replace(",", ".") for x in a] == list(b)


def test_display_keeps_columns_whose_headings_would_clash() -> None:
    shown = display(pd.DataFrame({"Gruppe": ["x"], "group": [1]}), "mine", "nb")
    assert list(shown.columns) == ["Gruppe", "group"]


class _Cells(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags, self.text = [], []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append(tag)

    def handle_data(self, data) -> None:
        if data.strip():
            self.text.append((self.tags[-1], data))


def test_to_html_escapes_and_holds_caption_cells_and_note() -> None:
    shown = display(kruskal_table(), "kruskal_wallis", "en")
    text = to_html(shown, "Table 7. <Kruskal> & co", "Note. p < .05")
    # in a box of its own that scrolls sideways when the table is wider than the page (tables.HTML_STYLE)
    assert text.startswith('<div class="scroll">\n<table>\n<caption>Table 7. &lt;Kruskal&gt; &amp; co</caption>')
    assert ".likertpipe .scroll{overflow:auto" in tables_module.HTML_STYLE
    assert "Second &amp; last" in text and "< .05" not in text
    parser = _Cells()
    parser.feed(text)
    assert ("caption", "Table 7. <Kruskal> & co") in parser.text
    assert [t for tag, t in parser.text if tag == "th"] == list(shown.columns)
    assert [t for tag, t in parser.text if tag == "td"][:4] == ["Q1", "Første spørsmål", "region", "Region"]
    assert parser.text[-1] == ("p", "Note. p < .05")
    assert '<td style="text-align: right; white-space: nowrap">8.77</td>' in text and "<td>Q1</td>" in text


@pytest.mark.parametrize("raw, escaped", [
    ("50 % & more_than #1 {x} $5", r"50 \% \& more\_than \#1 \{x\} \$5"),
    ("a\\b ~ ^", r"a\textbackslash{}b \textasciitilde{} \textasciicircum{}"),
    ("p < ,001", r"p \textless{} ,001"),
    ("ε² ρ", r"$\varepsilon$$^2$ $\rho$"),
    ("Økonomi, Bølge, på", "Økonomi, Bølge, på"),
])
def test_latex_escape(raw, escaped) -> None:
    assert latex_escape(raw) == escaped


def test_to_latex_is_a_booktabs_longtable_with_caption_and_note() -> None:
    shown = display(pd.DataFrame({"item": ["Q1", "Q2 & co"], "mean": [3.14159, 2.0]}), "descriptives", "nb")
    text = to_latex(shown, "Beskrivende", "Merknad. 95 % «vet ikke».", label="descriptives", number=7, language="nb")
    lines = text.splitlines()
    assert lines[:5] == [r"\begingroup", r"\renewcommand{\tablename}{Tabell}", r"\small",
                         r"\setlength{\tabcolsep}{6pt}", r"\setcounter{table}{6}"]
    assert lines[5].startswith(r"\begin{longtable}{>{\raggedright\arraybackslash}p{") and "raggedleft" in lines[5]
    assert lines[6] == r"\caption{Beskrivende}\label{tab:descriptives}\\"
    assert lines[7:15] == [r"\toprule", r"Spørsmål & Gjennomsnitt \\", r"\midrule", r"\endfirsthead", r"\toprule",
                           r"Spørsmål & Gjennomsnitt \\", r"\midrule", r"\endhead"]
    assert lines[15:19] == [r"Q1 & 3,14 \\", r"Q2 \& co & 2,00 \\", r"\bottomrule", r"\end{longtable}"]
    assert lines[19] == r"{\footnotesize \textit{Merknad.} 95 \% \guillemotleft{}vet ikke\guillemotright{}.\par}"
    assert lines[20] == r"\endgroup" and "resizebox" not in text and "landscape" not in text
    assert to_latex(shown, "T", language="en").splitlines()[1] == r"\renewcommand{\tablename}{Table}"


def test_a_table_wider_than_the_text_goes_landscape_not_smaller_than_7_pt() -> None:
    shown = display(kruskal_table(), "kruskal_wallis", "en")  # 18 columns
    text = to_latex(shown, "Wide", label="wide")
    assert text.startswith("\\begin{landscape}\n\\begingroup") and text.endswith("\\end{landscape}\n")
    huge = display(pd.DataFrame({f"column_{i}": ["a long word here"] for i in range(40)}), "x", "en")
    assert "\\scriptsize" in to_latex(huge) and "\\tiny" not in to_latex(huge)


def test_kruskal_tests_are_one_row_per_test_with_the_effect_in_words() -> None:
    table = kruskal_table().assign(suppressed=["", "epsilon_sq n_1 mean_rank_1"])
    tests = tables_module.kruskal_tests(table)
    assert list(tests.columns) == ["item", "item_label", "factor", "n", "H", "df", "p", "p_holm", "p_bh",
                                   "epsilon_sq", "magnitude", "suppressed"]
    assert list(tests["factor"]) == ["Region", "Region"]  # by label
    assert list(tests["magnitude"]) == ["large", "very_small"]  # 0.2247 >= 0.14; 0.0033 < 0.01
    assert list(tests["H"]) == list(table["H"]) and list(tests["p_holm"]) == list(table["p_holm"])
    shown = display(tests, "kruskal_wallis", "nb")
    assert list(shown.iloc[0]) == ["Q1", "Første spørsmål", "Region", "40", "8,77", "2", ",013", ",025", ",025",
                                   "0,225", "stor"]
    assert list(shown.iloc[1])[-2:] == [MARKER, MARKER]  # the effect hidden with ε²


@pytest.mark.parametrize(("value", "expected"), [
    (-0.02, "very_small"), (0.0099, "very_small"), (0.01, "small"), (0.0599, "small"), (0.06, "medium"),
    (0.1399, "medium"), (0.14, "large"), (1.0, "large"), (np.nan, "")])
def test_magnitude_follows_field_2013(value, expected) -> None:
    assert formatting.magnitude(value) == expected


def test_mean_ranks_are_long_by_level_label(codebook) -> None:
    table = kruskal_table().assign(n_3=pd.array([0, 8], "Int64"), mean_rank_3=[np.nan, 20.5])
    long = tables_module.mean_ranks(table, codebook, "nb")
    assert list(long.columns) == ["item", "factor", "group", "n", "mean_rank", "suppressed"]
    assert list(long["group"]) == ["Nord", "Midt", "Sør"] * 2
    assert list(long["n"].astype(object)) == [20, 16, 0, pd.NA, 30, 8]
    assert long["mean_rank"].tolist()[:2] == [25.5, 14.0625] and math.isnan(long["mean_rank"][2])
    assert list(long["suppressed"]) == ["", "", "", "n mean_rank", "", ""]
    shown = display(long, "mean_ranks", "en")
    assert list(shown.columns) == ["Item", "Factor", "Group", "n", "Mean rank"]
    assert list(shown.iloc[3]) == ["Q2", "Region", "Nord", MARKER, MARKER]  # labels in the language asked for
    assert list(shown.iloc[2]) == ["Q1", "Region", "Sør", "0", ""]  # nobody answered: no mean rank


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex not installed (.ci/run installs texlive)")
def test_latex_compiles(tmp_path) -> None:
    """With LATEX_PREAMBLE and the article class, as README "Outputs" states: narrow tables in portrait, a wide
    one in landscape, none wider than its page."""
    tables = [to_latex(display(kruskal_table().iloc[:, :9], "kruskal_wallis", language),
                       caption("kruskal_wallis", language), "Note. ε² & «vet ikke» 50 % ≥ 3 × 2 …",
                       label=f"kw_{language}", number=2, language=language) for language in ("nb", "en")]
    wide = to_latex(display(kruskal_table().iloc[:, :14], "kruskal_wallis", "nb"), "Bred", "Merknad. Bred.",
                    label="wide", number=3, language="nb")
    assert wide.startswith("\\begin{landscape}")
    tables.append(wide)
    document = ("\\documentclass{article}\n" + LATEX_PREAMBLE + "\\begin{document}\n" + "\n".join(tables)
                + "\\end{document}\n")
    (tmp_path / "doc.tex").write_text(document, encoding="utf-8")
    run = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"], cwd=tmp_path,
                         capture_output=True, text=True, errors="replace", timeout=120)
    assert run.returncode == 0, run.stdout[-3000:]
    assert (tmp_path / "doc.pdf").stat().st_size > 1000
    aux = (tmp_path / "doc.aux").read_text(encoding="utf-8")
    assert r"\newlabel{tab:kw_nb}{{2}" in aux and r"\newlabel{tab:kw_en}{{2}" in aux  # numbered as given
    assert r"\newlabel{tab:wide}{{3}" in aux
    assert "in alignment" not in run.stdout  # no table is wider than its page


def test_table_numbers_follow_the_fixed_order() -> None:
    numbers = table_numbers(["zeta_new", "correlations", "descriptives", "alpha_new"])
    assert numbers == {"descriptives": 1, "correlations": 2, "alpha_new": 3, "zeta_new": 4}
    assert table_numbers(TABLE_ORDER) == {name: i + 1 for i, name in enumerate(TABLE_ORDER)}
    assert caption("correlations", "nb", 3) == "Tabell 3. Rangkorrelasjoner"
    assert caption("correlations", "en", 3) == "Table 3. Rank correlations"
    assert caption("brand_new", "en") == "brand_new"


def test_documents_hold_every_table_numbered_once(tmp_path, codebook) -> None:
    tables = {"kruskal_wallis": kruskal_table(), "descriptives": pd.DataFrame({"item": ["Q1"], "mean": [3.14159]}),
              "frequencies_by_factor": pd.DataFrame({"count": [1]})}
    tables["kruskal_wallis"] = tables["kruskal_wallis"].assign(n_3=pd.array([0, 8], "Int64"),
                                                                mean_rank_3=[np.nan, 2.5])
    entries = tables_module.entries(tables, codebook, "nb")
    # the counts behind a figure are CSV only; the mean ranks follow their tests
    assert [(e.name, e.number) for e in entries] == [("descriptives", 1), ("kruskal_wallis", 2), ("mean_ranks", 3)]
    assert tables_module.document_tables(tables) == ["descriptives", "kruskal_wallis", "mean_ranks"]
    md = tables_module.markdown_document(entries)
    assert md.startswith("**Tabell 1. ") and "**Tabell 2. Kruskal-Wallis-tester etter gruppe**\n\n| Spørsmål |" in md
    assert "min_cell" in md and "| ,013 |" in md and f"| Nord | {MARKER} | {MARKER} |" in md
    page = tables_module.html_document(entries, "Liten test")
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    assert "<caption>Tabell 2. Kruskal-Wallis-tester etter gruppe</caption>" in page
    tex = tables_module.latex_document(entries)
    assert r"\setcounter{table}{1}" in tex and r"\caption{Kruskal-Wallis-tester etter gruppe}" in tex
    assert tex.count(r"\renewcommand{\tablename}{Tabell}") == 3
    assert tex.startswith("% Needs in the preamble:\n% \\usepackage[T1]{fontenc}")
    again = tables_module.entries(tables, codebook, "nb")
    assert tables_module.markdown_document(again) == md  # deterministic


def test_markdown_of_csv_read_back_equals_markdown_of_the_table(tmp_path) -> None:
    """The documents read the CSV tables back: they give the same cells as the table in memory."""
    table = kruskal_table()
    table.to_csv(tmp_path / "kw.csv", index=False)
    back = pd.read_csv(tmp_path / "kw.csv", keep_default_na=False, na_values=[""])
    assert to_markdown(display(back, "kruskal_wallis", "nb")) == to_markdown(display(table, "kruskal_wallis", "nb"))
    assert re.search(r"\| 25,50 \|", to_markdown(display(back, "kruskal_wallis", "nb")))


@pytest.mark.parametrize(("p", "language", "expected"), [
    (0.0432, "en", "p = .043"), (0.0432, "nb", "p = ,043"), (0.0004, "en", "p < .001"),
    (0.0004, "nb", "p < ,001"), (0.99999, "en", "p = 1.000")])
def test_p_equation_as_the_summary_and_the_figures_print_it(p, language, expected) -> None:
    assert p_equation(p, language) == expected


def test_spreadsheet_numbers_of_codes_and_of_values_rounding_to_zero() -> None:
    assert spreadsheet_number(5.0, "median") == (5.0, "General")  # shown as 5, not 5.00
    assert spreadsheet_number(4.5, "mode") == (4.5, "General")
    value, number_format = spreadsheet_number(-0.0001, "epsilon_sq")
    assert (value, number_format) == (0.0, "0.000") and math.copysign(1, value) == 1  # not -0.000


def _descriptives(items: int) -> pd.DataFrame:
    """A descriptives table of `items` items with questionnaire-long labels and every column of the CSV."""
    label = "Tildeling desentralisert til tverrfaglige team med et langt spørsmål (tillitsmodell) nr. {}"
    return pd.DataFrame({
        "item": [f"E{i}" for i in range(1, items + 1)], "label": [label.format(i) for i in range(1, items + 1)],
        "n_valid": 123, "n_missing": 10, "n_dont_know": 8, "mean": 1.8849557522123894, "median": 1.0,
        "sd": 1.2036, "mode": 1.0, "q1": 1.0, "q3": 2.0, "iqr": 1.0, "agree_percent": 12.389380530973451,
        "agree_ci_low": 7.5, "agree_ci_high": 19.7, "disagree_percent": 77.0, "dont_know_percent": 6.5,
        "suppressed": [""] * (items - 1) + ["sd"]})


def test_descriptives_are_shown_as_the_articles_table_3_on_a_portrait_page(codebook) -> None:
    """The columns of the article's Table 3 (E6: 113 valid, 10 missing, mean 1.88, median 1, SD 1.204, 12 %
    agreeing); the 17 columns of the CSV took a landscape page in LaTeX and Word, at 6 and at 30 items."""
    for items in (6, 30):
        table = _descriptives(items)
        entry = tables_module.entries({"descriptives": table}, codebook, "nb")[0]
        assert list(entry.shown.columns) == ["Spørsmål", "Beskrivelse", "n", "Mangler", "M", "Mdn", "SD",
                                             "Øverste nivåer (%)"]
        assert list(entry.shown.iloc[0]) == ["E1", table["label"][0], "123", "10", "1,88", "1", "1,204", "12,4"]
        assert entry.shown.iloc[-1]["SD"] == MARKER
        latex = to_latex(entry.shown, entry.title, entry.note, language="nb")
        assert "landscape" not in latex and "\\small" in latex, items
        assert not documents_module._layout(entry.shown)[0], items  # Word: portrait
        assert list(entry.values.columns) == list(tables_module.DESCRIPTIVES_SHOWN)  # Excel's numbers


def _yes_no() -> pd.DataFrame:
    rows = [
        {"variable": "endret", "label": "Endret tildeling", "factor": None, "factor_label": None, "group": None,
         "group_label": None, "n": 123, "n_yes": 53, "percent_yes": 43.089, "ci_low": 34.678, "ci_high": 51.919},
        *({"variable": "endret", "label": "Endret tildeling", "factor": "utdanning", "factor_label": "Utdanning",
           "group": g, "group_label": name, "n": n, "n_yes": y, "percent_yes": 100 * y / n, "ci_low": 10.0,
           "ci_high": 60.0, "test": "fisher", "p_holm": 0.9172, "cramers_v": 0.28453,
           "suppressed": hidden} for g, name, n, y, hidden in [(1, "Helse-/sosialfaglig", 93, 40, ""),
                                                                (2, "Annen utdanning", 3, 1, "n n_yes percent_yes")]),
        {"variable": "planlagt", "label": "Planlagt endring", "factor": None, "factor_label": None, "group": None,
         "group_label": None, "n": 0, "n_yes": 0, "percent_yes": None, "ci_low": None, "ci_high": None},
        {"variable": "planlagt", "label": "Planlagt endring", "factor": "utdanning", "factor_label": "Utdanning",
         "group": 1, "group_label": "Helse-/sosialfaglig", "n": 0, "n_yes": 0, "percent_yes": None,
         "test_note": "no_answers"},
    ]
    return pd.DataFrame(rows).reindex(columns=["variable", "label", "factor", "factor_label", "group", "group_label",
                                               "n", "n_yes", "percent_yes", "ci_low", "ci_high", "test", "p_holm",
                                               "cramers_v", "test_note", "suppressed"])


def test_yes_no_questions_are_shown_one_line_each_with_their_tests_and_levels_below(codebook) -> None:
    entry = tables_module.entries({"yes_no": _yes_no()}, codebook, "nb")[0]
    assert list(entry.shown.columns) == ["Beskrivelse", "n", "% ja", "KI nedre", "KI øvre", "Test", "p (Holm)", "V"]
    assert [list(row) for row in entry.shown.itertuples(index=False)] == [
        ["Endret tildeling", "123", "43,1", "34,7", "51,9", "", "", ""],
        ["  Utdanning", "", "", "", "", "Fishers eksakte", ",917", "0,285"],
        ["    Helse-/sosialfaglig", "93", "43,0", "10,0", "60,0", "", "", ""],
        ["    Annen utdanning", MARKER, MARKER, "10,0", "60,0", "", "", ""],
        ["Planlagt endring", "0", "", "", "", "", "", ""],
        ["  Utdanning", "", "", "", "", "ingen svar", "", ""],  # why there is no test
        ["    Helse-/sosialfaglig", "0", "", "", "", "", "", ""],
    ]
    assert not documents_module._layout(entry.shown)[0]
    assert "landscape" not in to_latex(entry.shown, entry.title, entry.note, language="nb")


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex not installed (.ci/run installs texlive)")
def test_the_25_item_surveys_tables_fit_their_pages(tmp_path) -> None:
    """Every table of a 25-item wave survey (survey_shapes public25, its Dunn pairs and changes across waves
    included) compiles with the README's preamble and none is wider than its page (an alignment more than a
    few points too wide: Dunn's 16 columns were 78 pt over, the change across waves' 20 columns 221 pt)."""
    import survey_shapes
    from test_summary import PUBLIC25, _structured
    book, published = survey_shapes.summary_tables(PUBLIC25, data=_structured(PUBLIC25))
    assert len(published["dunn"]) > 20 and len(published["wave_change"]) > 20
    document = ("\\documentclass{article}\n" + LATEX_PREAMBLE + "\\begin{document}\n"
                + tables_module.latex_document(tables_module.entries(published, book, "nb")) + "\\end{document}\n")
    (tmp_path / "doc.tex").write_text(document, encoding="utf-8")
    run = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"], cwd=tmp_path,
                         capture_output=True, text=True, errors="replace", timeout=300)
    assert run.returncode == 0, run.stdout[-3000:]
    log = (tmp_path / "doc.log").read_text(encoding="utf-8", errors="replace")
    over = [float(points) for points in re.findall(r"Overfull \\hbox \(([\d.]+)pt too wide\) in alignment", log)]
    assert max(over, default=0) < 10, sorted(over)[-5:]


def test_models_are_shown_in_their_reading_form_with_notes_in_the_documents_language(codebook) -> None:
    """models.csv (19 columns with its labels) and model_tests.csv in the documents: the reader's columns only
    (tables.MODELS_SHOWN, MODEL_TESTS_SHOWN), a hidden odds ratio as the marker, and the English notes of
    ordinal_models in bokmål."""
    from likertpipe.i18n import model_note

    terms = pd.DataFrame({
        "outcome": ["E1", "E1", "E2"], "outcome_label": "Tekst", "predictor": "utdanning",
        "predictor_label": "Utdanning",
        "level": [2, 3, 2], "level_label": ["Økonomi/ledelse", "Annet", "Økonomi/ledelse"], "reference": 1,
        "reference_label": "Helse-/sosialfaglig", "n": [123, 123, 31], "estimate": [0.652, 1.8, None],
        "se": [0.674, 1.2, None], "z": [0.968, 1.5, None], "p": [0.3332, 0.0011, None], "p_holm": [1.0, 0.0066, None],
        "p_bh": [0.99, 0.006, None], "odds_ratio": [1.9193, 6.05, None], "ci_low": [0.5124, 0.6, None],
        "ci_high": [7.1892, 60.9, None], "note": ["", "", model_note("small_level", min_cell=5, level=3,
                                                                     factor="utdanning")],
        "suppressed": ["", "odds_ratio", ""]})
    tests = pd.DataFrame({
        "outcome": "E1", "outcome_label": "Tekst", "predictor": "utdanning", "predictor_label": "Utdanning",
        "test": ["lr", "proportional_odds"], "n": 123, "chi2": [1.6994, None], "df": [5, None],
        "p": [0.88897, None], "p_holm": [1.0, None], "p_bh": [0.9995, None],
        "note": ["", model_note("nominal", factor="utdanning", reason=model_note("singular"))], "suppressed": ""})
    entries = {e.name: e for e in tables_module.entries({"models": terms, "model_tests": tests}, codebook, "nb")}
    shown = entries["models"].shown
    assert list(shown.columns) == ["Utfall", "Forklaringsvariabel, navn", "Nivå, navn", "Referanse, navn", "n",
                                   "Oddsratio", "KI nedre", "KI øvre", "p", "p (Holm)", "Merknad"]
    assert list(shown.iloc[0]) == ["E1", "Utdanning", "Økonomi/ledelse", "Helse-/sosialfaglig", "123", "1,92",
                                   "0,51", "7,19", ",333", "1,000", ""]
    assert shown.iloc[1]["Oddsratio"] == MARKER
    assert shown.iloc[2]["Merknad"] == ("færre enn 5 respondenter på nivå 3 av utdanning blant modellens rader: "
                                        "ikke estimert (for å verne respondentene)")
    assert list(entries["models"].values.columns) == list(tables_module.MODELS_SHOWN)  # Excel's numbers
    tested = entries["model_tests"].shown
    assert list(tested.iloc[:, 2]) == ["likelihood-ratio", "proporsjonale odds"]
    assert tested.iloc[1]["Merknad"] == ("modellen med effekter av utdanning som varierer mellom "
                                         "skjæringspunktene: informasjonsmatrisen er singulær")
