"""results.html: the results text as HTML (the Markdown the results text uses), then every table in its numbered
order, then every figure, numbered, by a path relative to the page; the page keeps its style when the Snakemake
report includes it in its own (a class on a <div>, not on <body>)."""

from __future__ import annotations

import pandas as pd

from likertpipe.documents import Figure
from likertpipe.results_page import markdown_html, results_page
from likertpipe.tables import Entry


def test_markdown_html_renders_headings_lists_paragraphs_and_escapes() -> None:
    text = ("# Resultater: A & B\n\n- første <punkt>\n- andre, **viktig**\n  fortsetter\n\n"
            "Et avsnitt\nover to linjer med `kode` og *vekt*.\n\n1. en\n2. to\n## Metode\n")
    assert markdown_html(text) == (
        "<h1>Resultater: A &amp; B</h1>\n"
        "<ul><li>første &lt;punkt&gt;</li><li>andre, <strong>viktig</strong> fortsetter</li></ul>\n"
        "<p>Et avsnitt over to linjer med <code>kode</code> og <em>vekt</em>.</p>\n"
        "<ol><li>en</li><li>to</li></ol>\n"
        "<h2>Metode</h2>")


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
