"""The documents job: every table of a study rendered for reading, numbered once (Word with the figures, Excel,
Markdown, HTML, LaTeX), and the results text; all from the protected CSV tables and the figures drawn from them,
so they can never disagree with them."""

from __future__ import annotations

from pathlib import Path

from likertpipe import codebook as codebooks
from likertpipe import documents, io, manifest, results_page, summary, tables
from likertpipe.figures.pages import figure_titles, page_names
from likertpipe.i18n import word
from likertpipe.labels import read_labelled


def study_documents(tables_csv: list[str], codebook: str, figures: list[str], language: str | None, alpha: float,
                    min_cell: int, families: dict, docx: str, xlsx: str, markdown: str, html: str, latex: str,
                    text: str, page: str, models_config: dict | None = None) -> None:
    """tables.docx (the figures' PNGs, `figures`, after the tables), tables.xlsx, tables.md, tables.html,
    tables.tex, summary.md (its methods paragraph with the software the manifest records, `min_cell` and the
    adjustment `families`) and results.html (the results text, the tables and the figures on one page). The
    figures' titles follow the study's `models_config` too (the forest plot's pages)."""
    book = codebooks.load_codebook(codebook)
    lang = language or book.language
    by_name = {Path(path).stem: read_labelled(path, book, lang) for path in tables_csv}
    entries = tables.entries(by_name, book, lang)
    titles = figure_titles(book, lang, models_config)
    primary = summary.primary_sentence(by_name, book, lang, alpha)
    # the index trend figure's note: the declared primary difference in change, as the results text says it
    notes = dict.fromkeys(page_names("index_trend", book, lang), f"{word('note', lang)}. {primary}") if primary \
        else {}
    pages = [documents.Figure(number, titles[Path(path).stem], path, lang, notes.get(Path(path).stem, ""))
             for number, path in enumerate(figures, start=1)]
    documents.write_docx(entries, docx, pages)
    documents.write_xlsx(entries, xlsx)
    io.write_text(tables.markdown_document(entries), markdown)
    title = codebooks.text(book.title, lang)
    io.write_text(tables.html_document(entries, title), html)
    io.write_text(tables.latex_document(entries), latex)
    methods = summary.Methods(manifest.software(), min_cell, families)
    results = summary.summary_text(by_name, book, lang, alpha, methods)
    io.write_text(results, text)
    io.write_text(results_page.results_page(results, entries, pages, title, lang, page, by_name.get("frequencies")),
                  page)
