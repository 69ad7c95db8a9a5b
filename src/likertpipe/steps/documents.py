"""The document job: every table of a study in one Word file, and the results text, both from the CSVs."""

from __future__ import annotations

from pathlib import Path

from likertpipe import documents, io, summary, tables
from likertpipe.codebook import load_codebook


def study_documents(tables_csv: list[str], codebook: str, language: str | None, alpha: float, docx: str,
                    text: str) -> None:
    """tables.docx (each table numbered, with its note) and summary.md, read from the written CSV tables so
    they can never disagree with them."""
    book = load_codebook(codebook)
    lang = language or book.language
    by_name = {Path(path).stem: io.read_table_csv(path) for path in tables_csv}
    documents.write_docx(tables.entries(by_name, lang), docx)
    io.write_text(summary.summary_text(by_name, book, lang, alpha), text)
