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
    disclosure,
    figures,
    inference,
    io,
    manifest,
    notes,
    posthoc,
    tables,
    weights,
)
from likertpipe.codebook import load_codebook
from likertpipe.multiplicity import add_adjusted
from likertpipe.reliability import indices_table, reliability_table


def _language(codebook, language: str | None) -> str:
    return language or codebook.language


def clean_export(data: str, codebook: str, processed: str, report: str, quarantine: str | None = None,
                 options: dict | None = None) -> None:
    """Read and validate the export; write the processed data, the cleaning report and (when a path is given)
    the quarantined rows. Nothing is written unless cleaning succeeds; the raw file is only read. `options`:
    encoding, sheet, on_invalid (fail | quarantine) and max_problems, as in the config schema."""
    options = {"on_invalid": "fail", "max_problems": clean.MAX_PROBLEMS_SHOWN} | dict(options or {})
    on_invalid, max_problems = options["on_invalid"], options["max_problems"]
    book = load_codebook(codebook)
    raw = io.read_export(data, options)
    result = clean.clean_rows(raw, book, source=data, on_invalid=on_invalid, max_problems=max_problems)
    text = clean.cleaning_report(result.data, book, result.warnings, inputs={
        "data": (Path(data).name, io.sha256(data)), "codebook": (Path(codebook).name, io.sha256(codebook)),
    }, quarantined=len(result.quarantine) if on_invalid == "quarantine" else None)
    io.write_processed(result.data, processed)
    io.write_text(text, report)
    if quarantine is not None:
        io.write_csv(result.quarantine, quarantine)


def describe_items(processed: str, codebook: str, language: str | None, descriptives: str, frequencies: str,
                   open_text: str) -> None:
    book = load_codebook(codebook)
    data = io.read_processed(processed)
    lang = _language(book, language)
    io.write_csv(describe.descriptives(data, book, lang), descriptives)
    io.write_csv(describe.frequencies(data, book, lang), frequencies)
    io.write_csv(describe.open_text_counts(data, book, lang), open_text)


def response_rates(processed: str, frame: str, codebook: str, language: str | None, min_cell: int,
                   out: str) -> None:
    book = load_codebook(codebook)
    table = describe.response_rates(io.read_processed(processed), io.read_table(frame), book,
                                    _language(book, language), frame_source=frame)
    io.write_csv(disclosure.suppress_response_rates(table, min_cell), out)


def kruskal_wallis(processed: str, codebook: str, language: str | None, family: list[str], min_cell: int,
                   out: str) -> None:
    book = load_codebook(codebook)
    table = inference.kruskal_wallis_table(io.read_processed(processed), book, _language(book, language))
    io.write_csv(disclosure.suppress_kruskal_wallis(add_adjusted(table, family), min_cell), out)


def dunn(processed: str, codebook: str, kruskal: str, language: str | None, only_significant: bool, alpha: float,
         family: list[str], min_cell: int, out: str) -> None:
    book = load_codebook(codebook)
    table = posthoc.dunn_table(io.read_processed(processed), book, _language(book, language),
                               io.read_table_csv(kruskal), only_significant, alpha)
    io.write_csv(disclosure.suppress_dunn(add_adjusted(table, family), min_cell), out)


def correlations(processed: str, codebook: str, language: str | None, method: str, ci_method: str,
                 confidence: float, family: list[str], out: str) -> None:
    book = load_codebook(codebook)
    table = correlate.correlation_table(io.read_processed(processed), book, _language(book, language), method,
                                        ci_method, confidence)
    io.write_csv(add_adjusted(table, family), out)


def indices(processed: str, codebook: str, language: str | None, indices: str, reliability: str) -> None:
    book = load_codebook(codebook)
    data = io.read_processed(processed)
    lang = _language(book, language)
    io.write_csv(indices_table(data, book, lang), indices)
    io.write_csv(reliability_table(data, book, lang), reliability)


def weighted_descriptives(processed: str, frame: str, codebook: str, language: str | None, out: str) -> None:
    book = load_codebook(codebook)
    data = io.read_processed(processed)
    frame_table = io.read_table(frame)
    describe.check_frame(frame_table, book, frame)
    spec = book.sampling_frame
    weight = weights.poststratification_weights(data[spec.factor], frame_table[spec.column])
    io.write_csv(weights.weighted_descriptives(data, weight, book, _language(book, language)), out)


def likert_figure(frequencies: str, codebook: str, language: str | None, figure_files: list[str]) -> None:
    book = load_codebook(codebook)
    freq = io.read_table_csv(frequencies)
    fig = figures.likert_distribution(freq, book, _language(book, language))
    for path in figure_files:
        figures.save_figure(fig, path)


def markdown(table: str, codebook: str, language: str | None, out: str) -> None:
    """The CSV table as Markdown, rounded, with its note (from notes.NOTES) in the study's language."""
    book = load_codebook(codebook)
    text = tables.to_markdown(io.read_table_csv(table))
    remark = notes.note(Path(table).stem, _language(book, language))
    io.write_text(text + (f"\n{remark}\n" if remark else ""), out)


def write_manifest(study: str, inputs: dict[str, list[str]], outputs: list[str], config: dict, out: str) -> None:
    manifest.write_manifest(manifest.build_manifest(study, inputs, outputs, config), out)
