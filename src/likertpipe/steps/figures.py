"""The figure jobs: each figure drawn once and saved in every requested format (by the paths' suffixes)."""

from __future__ import annotations

from likertpipe import describe, figures, io
from likertpipe.codebook import load_codebook


def distribution_figure(processed: str, codebook: str, language: str | None, figure: list[str]) -> None:
    """The answer distribution of every item (computed from the processed data, so this job need not wait
    for the statistics job)."""
    book = load_codebook(codebook)
    lang = language or book.language
    freq = describe.frequencies(io.read_processed(processed), book, lang)
    fig = figures.likert_distribution(freq, book, lang)
    for path in figure:
        figures.save_figure(fig, path)
