"""results.html: the results text as HTML (the Markdown the results text uses), then every table in its numbered
order, then every figure, numbered, by a path relative to the page; the page keeps its style when the Snakemake
report includes it in its own (a class on a <div>, not on <body>)."""

from __future__ import annotations

import pandas as pd

from likertpipe.documents import Figure
from likertpipe.results_page import markdown_html, results_page
from likertpipe.tables import Entry, answer_states


def test_markdown_html_renders_headings_lists_paragraphs_and_escapes() -> None:
    text = ("# Resultater: A & B\n\n- første <punkt>\n- andre, **viktig**\n  fortsetter\n\n"
            "Et avsnitt\nover to linjer med `kode` og *vekt*.\n\n1. en\n2. to\n## Metode\n")
    assert markdown_html(text) == (
        "<h1>Resultater: A &amp; B</h1>\n"
        "<ul><li>første &lt;punkt&gt;</li><li>andre, <strong>viktig</strong> fortsetter</li></ul>\n"
        "<p>Et avsnitt over to linjer med <code>kode</code> og <em>vekt</em>.</p>\n"
        "<ol><li>en</li><li>to</li></ol>\n"
        "<h2>Metode</h2>")


def test_markdown_html_renders_links() -> None:
    assert markdown_html("Se [CITATION.cff](https://example.org/a_b?x=1&y=2).") == (
        '<p>Se <a href="https://example.org/a_b?x=1&amp;y=2">CITATION.cff</a>.</p>')


def test_markdown_html_leaves_numbers_and_symbols_as_text() -> None:
    # p < ,001, a product sign and an underscore in a code are text, not markup
    assert markdown_html("- ρ = 0,463, n = 121, p < ,001; min_cell 5 * 2") == (
        "<ul><li>ρ = 0,463, n = 121, p &lt; ,001; min_cell 5 * 2</li></ul>")


def test_the_page_holds_the_text_then_the_tables_in_order_then_the_figures(tmp_path) -> None:
    shown = pd.DataFrame({"Spørsmål": ["E1"], "n": ["12"]})
    tables = [Entry("sample", 1, shown, "Merknad. Om utvalget.", "nb"), Entry("descriptives", 2, shown, "", "nb")]
    figure = Figure(1, "Svarfordeling per spørsmål", "results/s/figures/likert_distribution.png", "nb")
    page = results_page("# Resultater: S\n\n- 12 svarte.\n", tables, [figure], "S", "nb", "results/s/results.html")
    order = ["<h1>Resultater: S</h1>", "<li>12 svarte.</li>", "<h2>Tabeller</h2>", "Tabell 1. Utvalget",
             "Merknad. Om utvalget.", "Tabell 2. Beskrivende statistikk per spørsmål", "<h2>Figurer</h2>",
             "Figur 1. Svarfordeling per spørsmål"]
    at = [page.find(part) for part in order]
    assert -1 not in at and at == sorted(at)
    assert ('<img src="figures/likert_distribution.png" '
            'data-result="results/s/figures/likert_distribution.png"') in page
    assert '<body>\n<div class="likertpipe">' in page and page.count('<div class="scroll">') == 2
    assert page.startswith('<!DOCTYPE html>\n<html lang="nb">')


def test_a_page_without_tables_or_figures_has_no_empty_parts() -> None:
    page = results_page("Ingen resultater.\n", [], [], "S", "en", "results/s/results.html")
    assert "<p>Ingen resultater.</p>" in page and "<h2>" not in page


def _frequencies() -> pd.DataFrame:
    """Two items' published counts: Q1 with two don't-know codes, Q2 with a hidden declared-missing count."""
    rows = [("Q1", 1, "valid", 10, ""), ("Q1", 2, "valid", 5, ""), ("Q1", 8, "dont_know", 2, ""),
            ("Q1", 9, "dont_know", 1, ""), ("Q1", 99, "declared_missing", 0, ""), ("Q1", None, "blank", 3, ""),
            ("Q2", 1, "valid", 20, ""), ("Q2", 99, "declared_missing", 1, "count percent"),
            ("Q2", None, "blank", 0, "")]
    return pd.DataFrame(rows, columns=["item", "code", "status", "count", "suppressed"])


def test_answer_states_sum_the_published_counts_and_hide_a_sum_of_a_hidden_one() -> None:
    states = answer_states(_frequencies())
    assert states.drop(columns="suppressed").to_dict("records") == [
        {"item": "Q1", "n_valid": 15, "n_dont_know": 3, "n_declared_missing": 0, "n_blank": 3},
        {"item": "Q2", "n_valid": 20, "n_dont_know": 0, "n_declared_missing": 1, "n_blank": 0}]
    assert list(states["suppressed"]) == ["", "n_declared_missing"]


def test_the_page_shows_the_answer_states_before_the_tables() -> None:
    shown = pd.DataFrame({"Spørsmål": ["E1"]})
    page = results_page("# R\n", [Entry("sample", 1, shown, "", "nb")], [], "S", "nb", "results/s/results.html",
                        _frequencies())
    order = ["<h1>R</h1>", "<h2>Datagrunnlag</h2>", "Svar per spørsmål etter status",
             "<th>Spørsmål</th>", "Gyldige svar", "Vet ikke", "Oppgitt manglende", "Ikke svart",
             "Merknad. gyldig: et nivå på skalaen", "<h2>Tabeller</h2>"]
    at = [page.find(part) for part in order]
    assert -1 not in at and at == sorted(at), at
    assert '<td style="text-align: right; white-space: nowrap">:</td>' in page  # Q2's hidden count
