"""One function per workflow step: read inputs, call the statistics, write outputs.

These are the edges where I/O happens; the Snakemake scripts only pass paths and parameters to them, and
notebooks or other tools can call them the same way.
"""

from __future__ import annotations

from pathlib import Path

from likertpipe import (
    clean,
    correlate,
    describe,
    figures,
    inference,
    io,
    manifest,
    notes,
    posthoc,
    reliability,
    tables,
    weights,
)
from likertpipe.codebook import load_codebook
from likertpipe.multiplicity import add_adjusted


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


def kruskal_wallis(processed: str, codebook: str, language: str | None, family: list[str], out: str) -> None:
    book = load_codebook(codebook)
    table = inference.kruskal_wallis_table(io.read_processed(processed), book, _language(book, language))
    io.write_csv(add_adjusted(table, family), out)


def dunn(processed: str, codebook: str, kruskal: str, language: str | None, only_significant: bool, alpha: float,
         family: list[str], out: str) -> None:
    book = load_codebook(codebook)
    table = posthoc.dunn_table(io.read_processed(processed), book, _language(book, language),
                               io.read_table_csv(kruskal), only_significant, alpha)
    io.write_csv(add_adjusted(table, family), out)


def correlations(processed: str, codebook: str, language: str | None, method: str, ci_method: str,
                 confidence: float, family: list[str], out: str) -> None:
    book = load_codebook(codebook)
    table = correlate.correlation_table(io.read_processed(processed), book, _language(book, language), method,
                                        ci_method, confidence)
    io.write_csv(add_adjusted(table, family), out)


def indices(processed: str, codebook: str, language: str | None, indices: str, reliability_out: str) -> None:
    book = load_codebook(codebook)
    data = io.read_processed(processed)
    lang = _language(book, language)
    io.write_csv(reliability.indices_table(data, book, lang), indices)
    io.write_csv(reliability.reliability_table(data, book, lang), reliability_out)


def weighted_descriptives(processed: str, frame: str, codebook: str, language: str | None, out: str) -> None:
    book = load_codebook(codebook)
    data = io.read_processed(processed)
    frame_table = io.read_table(frame)
    describe.check_frame(frame_table, book, frame)
    spec = book.sampling_frame
    weight = weights.poststratification_weights(data[spec.factor], frame_table[spec.column])
    io.write_csv(weights.weighted_descriptives(data, weight, book, _language(book, language)), out)


def likert_figure(frequencies: str, codebook: str, language: str | None, outputs: list[str]) -> None:
    book = load_codebook(codebook)
    freq = io.read_table_csv(frequencies)
    fig = figures.likert_distribution(freq, book, _language(book, language))
    for path in outputs:
        figures.save_figure(fig, path)


def markdown(table: str, codebook: str, language: str | None, out: str) -> None:
    """The CSV table as Markdown, rounded, with its note (from notes.NOTES) in the study's language."""
    book = load_codebook(codebook)
    text = tables.to_markdown(io.read_table_csv(table))
    remark = notes.note(Path(table).stem, _language(book, language))
    io.write_text(text + (f"\n{remark}\n" if remark else ""), out)


def write_manifest(study: str, inputs: dict[str, list[str]], outputs: list[str], config: dict, out: str) -> None:
    manifest.write_manifest(manifest.build_manifest(study, inputs, outputs, config), out)
