"""The figure jobs: each figure drawn from protected tables, once, and each of its pages saved in every requested
format (by the paths' suffixes). A figure's pages are the files `figures.pages.page_names` names: the rule's
outputs must be exactly those, in every format."""

from __future__ import annotations

from pathlib import Path

from matplotlib.figure import Figure

from likertpipe import io
from likertpipe.codebook import Codebook, load_codebook
from likertpipe.figures import coding, distributions
from likertpipe.figures import correlations as correlation_figures
from likertpipe.figures import ranks as rank_figures
from likertpipe.figures import trends as trend_figures
from likertpipe.figures.pages import page_names
from likertpipe.figures.save import save_figures
from likertpipe.figures.style import Options


def save_pages(figures: list[Figure], paths: list[str], kind: str, book: Codebook, language: str,
               factor: str | None = None) -> None:
    """Save page i of `figures` to those `paths` whose name is page i's (`page_names`)."""
    names = page_names(kind, book, language, factor)
    stems = [Path(path).stem for path in paths]
    if len(figures) != len(names) or set(stems) != set(names):
        raise ValueError(f"figure {kind}: the rule's outputs name the pages {sorted(set(stems))}, the figure has "
                         f"{names} (list the outputs with likertpipe.figures.pages.page_names)")
    for fig, name in zip(figures, names, strict=True):
        save_figures(fig, [path for path, stem in zip(paths, stems, strict=True) if stem == name])


def distribution_figure(frequencies: str, codebook: str, language: str | None, figure: list[str],
                        options: dict | None = None) -> None:
    """The answer distribution of every item."""
    book = load_codebook(codebook)
    lang = language or book.language
    drawn = distributions.likert_distribution(io.read_table_csv(frequencies), book, lang, Options.of(options))
    save_pages(drawn, figure, "likert_distribution", book, lang)


def factor_figures(frequencies: str, kruskal: str, codebook: str, factor: str, language: str | None, min_cell: int,
                   distribution: list[str], ranks: list[str], options: dict | None = None) -> None:
    """For one grouping factor: the answer distribution per level and the Kruskal-Wallis mean ranks."""
    book = load_codebook(codebook)
    lang = language or book.language
    by_level = distributions.likert_by_factor(io.read_table_csv(frequencies), book, factor, lang, min_cell,
                                              Options.of(options))
    save_pages(by_level, distribution, "likert_by_factor", book, lang, factor)
    save_pages(rank_figures.mean_ranks(io.read_table_csv(kruskal), book, factor, lang), ranks, "mean_ranks", book,
               lang, factor)


def correlation_heatmap(correlations: str, codebook: str, language: str | None, alpha: float,
                        figure: list[str]) -> None:
    book = load_codebook(codebook)
    table = io.read_table_csv(correlations)
    lang = language or book.language
    save_pages(correlation_figures.correlation_heatmap(table, book, lang, "p_holm", alpha), figure,
               "correlation_heatmap", book, lang)


def index_trend(indices_by_wave: str, codebook: str, language: str | None, figure: list[str]) -> None:
    book = load_codebook(codebook)
    lang = language or book.language
    save_pages(trend_figures.trend(io.read_table_csv(indices_by_wave), book, lang), figure, "index_trend", book,
               lang)


def coding_figure(tally: str, codebook: str, language: str | None, figure: list[str]) -> None:
    book = load_codebook(codebook)
    lang = language or book.language
    save_pages(coding.coding_tally(io.read_table_csv(tally), lang), figure, "coding_tally", book, lang)
