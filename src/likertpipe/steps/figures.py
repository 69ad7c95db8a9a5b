"""The figure jobs: each figure drawn from protected tables, once, and saved in every requested format (by the
paths' suffixes)."""

from __future__ import annotations

from likertpipe.codebook import load_codebook
from likertpipe.figures import coding, distributions
from likertpipe.figures import correlations as correlation_figures
from likertpipe.figures import ranks as rank_figures
from likertpipe.figures import trends as trend_figures
from likertpipe.figures.save import save_figures
from likertpipe.labels import read_labelled


def distribution_figure(frequencies: str, codebook: str, language: str | None, figure: list[str]) -> None:
    """The answer distribution of every item."""
    book = load_codebook(codebook)
    lang = language or book.language
    save_figures(distributions.likert_distribution(read_labelled(frequencies, book, lang), book, lang), figure)


def factor_figures(frequencies: str, kruskal: str, codebook: str, factor: str, language: str | None, min_cell: int,
                   distribution: list[str], ranks: list[str]) -> None:
    """For one grouping factor: the answer distribution per level and the Kruskal-Wallis mean ranks."""
    book = load_codebook(codebook)
    lang = language or book.language
    by_level = distributions.likert_by_factor(read_labelled(frequencies, book, lang), book, factor, lang,
                                             min_cell)
    save_figures(by_level, distribution)
    save_figures(rank_figures.mean_ranks(read_labelled(kruskal, book, lang), book, factor, lang), ranks)


def correlation_heatmap(correlations: str, codebook: str, language: str | None, alpha: float,
                        figure: list[str]) -> None:
    book = load_codebook(codebook)
    lang = language or book.language
    table = read_labelled(correlations, book, lang)
    save_figures(correlation_figures.correlation_heatmap(table, book, lang, "p_holm", alpha), figure)


def index_trend(indices_by_wave: str, codebook: str, language: str | None, figure: list[str]) -> None:
    book = load_codebook(codebook)
    lang = language or book.language
    save_figures(trend_figures.trend(read_labelled(indices_by_wave, book, lang), book, lang), figure)


def coding_figure(tally: str, codebook: str, language: str | None, figure: list[str]) -> None:
    book = load_codebook(codebook)
    lang = language or book.language
    save_figures(coding.coding_tally(read_labelled(tally, book, lang), lang), figure)
