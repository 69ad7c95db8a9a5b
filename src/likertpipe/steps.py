"""One function per workflow step: read inputs, call the statistics, write outputs.

These are the edges where I/O happens; the Snakemake scripts only pass paths and parameters to them, and
notebooks or other tools can call them the same way.
"""

from __future__ import annotations

from pathlib import Path

from likertpipe import clean, correlate, describe, figures, inference, io, tables
from likertpipe.codebook import load_codebook


def _language(codebook, language: str | None) -> str:
    return language or codebook.language


def clean_export(data: str, codebook: str, processed: str, report: str) -> None:
    book = load_codebook(codebook)
    frame, warnings = clean.clean(io.read_export(data), book, source=data)
    text = clean.cleaning_report(frame, book, warnings, inputs={
        "data": (Path(data).name, io.sha256(data)), "codebook": (Path(codebook).name, io.sha256(codebook)),
    })
    io.write_processed(frame, processed)
    io.write_text(text, report)


def describe_items(processed: str, codebook: str, language: str | None, descriptives: str, frequencies: str,
                   open_text: str) -> None:
    book = load_codebook(codebook)
    data = io.read_processed(processed)
    lang = _language(book, language)
    io.write_csv(describe.descriptives(data, book, lang), descriptives)
    io.write_csv(describe.frequencies(data, book, lang), frequencies)
    io.write_csv(describe.open_text_counts(data, book, lang), open_text)


def response_rates(processed: str, frame: str, codebook: str, language: str | None, out: str) -> None:
    book = load_codebook(codebook)
    table = describe.response_rates(io.read_processed(processed), io.read_table(frame), book,
                                    _language(book, language), frame_source=frame)
    io.write_csv(table, out)


def kruskal_wallis(processed: str, codebook: str, language: str | None, out: str) -> None:
    book = load_codebook(codebook)
    io.write_csv(inference.kruskal_wallis_table(io.read_processed(processed), book, _language(book, language)), out)


def correlations(processed: str, codebook: str, language: str | None, out: str) -> None:
    book = load_codebook(codebook)
    io.write_csv(correlate.correlation_table(io.read_processed(processed), book, _language(book, language)), out)


def likert_figure(frequencies: str, codebook: str, language: str | None, outputs: list[str]) -> None:
    book = load_codebook(codebook)
    freq = io.read_table_csv(frequencies)
    fig = figures.likert_distribution(freq, book, _language(book, language))
    for path in outputs:
        figures.save_figure(fig, path)


def markdown(table: str, out: str) -> None:
    io.write_text(tables.to_markdown(io.read_table_csv(table)), out)
