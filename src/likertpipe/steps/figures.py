"""The figure jobs: each figure drawn from protected tables, once, and saved in every requested format (by the
paths' suffixes)."""

from __future__ import annotations

from likertpipe import io
from likertpipe.codebook import load_codebook
from likertpipe.figures import coding, distributions
from likertpipe.figures import correlations as correlation_figures
from likertpipe.figures import ranks as rank_figures
from likertpipe.figures import trends as trend_figures
from likertpipe.figures.save import save_figures


def distribution_figure(frequencies: str, codebook: str, language: str | None, figure: list[str]) -> None:
    """The answer distribution of every item."""
    book = load_codebook(codebook)
    lang = language or book.language
    save_figures(distributions.likert_distribution(io.read_table_csv(frequencies), book, lang), figure)


def factor_figures(frequencies: str, kruskal: str, codebook: str, factor: str, language: str | None, min_cell: int,
                   distribution: list[str], ranks: list[str]) -> None:
    """For one grouping factor: the answer distribution per level and the Kruskal-Wallis mean ranks."""
    book = load_codebook(codebook)
    lang = language or book.language
    by_level = distributions.likert_by_factor(io.read_table_csv(frequencies), book, factor, lang, min_cell)
    save_figures(by_level, distribution)
    save_figures(rank_figures.mean_ranks(io.read_table_csv(kruskal), book, factor, lang), ranks)


def correlation_heatmap(correlations: str, codebook: str, language: str | None, alpha: float,
                        figure: list[str]) -> None:
    book = load_codebook(codebook)
    table = io.read_table_csv(correlations)
    lang = language or book.language
    save_figures(correlation_figures.correlation_heatmap(table, book, lang, "p_holm", alpha), figure)


def index_trend(indices_by_wave: str, codebook: str, language: str | None, figure: list[str]) -> None:
    book = load_codebook(codebook)
    trends = io.read_table_csv(indices_by_wave)
    save_figures(trend_figures.trend(trends, book, language or book.language), figure)


def coding_figure(tally: str, codebook: str, language: str | None, figure: list[str]) -> None:
    book = load_codebook(codebook)
    tallied = io.read_table_csv(tally)
    save_figures(coding.coding_tally(tallied, language or book.language), figure)
