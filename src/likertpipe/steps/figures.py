"""The figure jobs: each figure drawn from protected tables, once, and each of its pages saved in every requested
format (by the paths' suffixes). A figure's pages are the files `figures.pages.page_names` names: the rule's
outputs must be exactly those, in every format."""

from __future__ import annotations

from pathlib import Path

from matplotlib.figure import Figure

from likertpipe.codebook import Codebook, load_codebook
from likertpipe.figures import coding, distributions, forest, proportions
from likertpipe.figures import correlations as correlation_figures
from likertpipe.figures import ranks as rank_figures
from likertpipe.figures import trends as trend_figures
from likertpipe.figures.pages import page_names
from likertpipe.figures.save import save_figures
from likertpipe.figures.style import Options
from likertpipe.labels import read_labelled


def save_pages(figures: list[Figure], paths: list[str], kind: str, book: Codebook, language: str,
               factor: str | None = None, models: dict | None = None) -> None:
    """Save page i of `figures` to those of `paths` named as page i (`page_names`; the others are other
    figures' pages)."""
    names = page_names(kind, book, language, factor, models)
    stems = [Path(path).stem for path in paths]
    if len(figures) != len(names) or not set(names) <= set(stems):
        raise ValueError(f"figure {kind}: the rule's outputs name the pages {sorted(set(stems))}, the figure has "
                         f"{names} (list the outputs with likertpipe.figures.pages.page_names)")
    for fig, name in zip(figures, names, strict=True):
        save_figures(fig, [path for path, stem in zip(paths, stems, strict=True) if stem == name])


def distribution_figures(frequencies: str, frequencies_by_factor: str, codebook: str, language: str | None,
                         min_cell: int, options: dict, distribution: list[str], by_factor: list[str]) -> None:
    """The figures that need only the answer counts: the distribution of every item, and per level of each
    compared factor (one job, so they start as soon as the counts are written and import once)."""
    book = load_codebook(codebook)
    lang = language or book.language
    chosen = Options.of(options)
    drawn = distributions.likert_distribution(read_labelled(frequencies, book, lang), book, lang, chosen)
    save_pages(drawn, distribution, "likert_distribution", book, lang)
    counts = read_labelled(frequencies_by_factor, book, lang)
    for factor in book.compared_factors:
        by_level = distributions.likert_by_factor(counts, book, factor.column, lang, min_cell, chosen)
        save_pages(by_level, by_factor, "likert_by_factor", book, lang, factor.column)


def test_figures(kruskal_wallis: str, correlations: str, codebook: str, language: str | None, alpha: float,
                 ranks: list[str], heatmap: list[str]) -> None:
    """The figures of the tests: the Kruskal-Wallis mean ranks by each compared factor and the correlation
    heatmap."""
    book = load_codebook(codebook)
    lang = language or book.language
    kruskal = read_labelled(kruskal_wallis, book, lang)
    for factor in book.compared_factors:
        save_pages(rank_figures.mean_ranks(kruskal, book, factor.column, lang), ranks, "mean_ranks", book, lang,
                   factor.column)
    drawn = correlation_figures.correlation_heatmap(read_labelled(correlations, book, lang), book, lang, "p_holm",
                                                    alpha)
    save_pages(drawn, heatmap, "correlation_heatmap", book, lang)


def index_trend(indices_by_wave: str, codebook: str, language: str | None, figure: list[str]) -> None:
    book = load_codebook(codebook)
    lang = language or book.language
    save_pages(trend_figures.trend(read_labelled(indices_by_wave, book, lang), book, lang), figure, "index_trend", book,
               lang)


def coding_figure(tally: str, codebook: str, language: str | None, figure: list[str]) -> None:
    book = load_codebook(codebook)
    lang = language or book.language
    save_pages(coding.coding_tally(read_labelled(tally, book, lang), lang), figure, "coding_tally", book, lang)


def yes_no_figure(yes_no: str, codebook: str, language: str | None, figure: list[str]) -> None:
    """The share of yes of every yes/no question, with its interval."""
    book = load_codebook(codebook)
    lang = language or book.language
    save_pages(proportions.yes_no_figure(read_labelled(yes_no, book, lang), book, lang), figure, "yes_no", book, lang)


def odds_ratio_figure(models: str, codebook: str, language: str | None, models_config: dict,
                      figure: list[str]) -> None:
    """The adjusted odds ratios of the proportional-odds models of the study's `models_config`, a panel per
    item."""
    book = load_codebook(codebook)
    lang = language or book.language
    drawn = forest.odds_ratio_figure(read_labelled(models, book, lang), book, models_config, lang)
    save_pages(drawn, figure, "odds_ratios", book, lang, models=models_config)
