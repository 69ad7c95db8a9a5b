"""Figures across waves: each index by group and wave."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from likertpipe.codebook import Codebook, text
from likertpipe.figures.pages import TREND_COLUMNS, WIDTH, trend_pages, trend_section, wrap
from likertpipe.figures.style import QUALITATIVE, add_legend, axis_numbers, styled
from likertpipe.i18n import figure_note, word
from likertpipe.protect import hidden as hidden_cells


@styled
def trend(index_trends: pd.DataFrame, book: Codebook, language: str) -> list[Figure]:
    """Each index by group across waves: the mean with its 95% interval as an error bar, groups side by side
    at each wave, all respondents (rows with an empty `factor`) in black. One panel per index; with several
    grouping factors one block of panels (and legend) per factor. Rows hidden by disclosure control (their n,
    mean and interval hidden) are left out, with a note. Pages as `pages.trend_pages`."""
    hidden = hidden_cells(index_trends, "n")
    table = index_trends[~hidden].sort_values(["wave", "group"], na_position="first")
    indices = [index.id for index in book.indices]
    waves = list(dict.fromkeys(zip(table["wave"], table["wave_label"], strict=True)))
    figures = []
    for page in trend_pages(book):
        heights = [trend_section(book, factor, span) for factor, span in page]
        fig = Figure(figsize=(WIDTH, sum(heights) + 0.5), layout="constrained")
        for subfig, (factor, span) in zip(fig.subfigures(len(page), 1, squeeze=False, height_ratios=heights)[:, 0],
                                          page, strict=True):
            _section(subfig, table, book, factor, [indices[i] for i in span], waves, language)
        if hidden.any():
            fig.supxlabel(figure_note("trend_hidden", language), fontsize=7, x=0.02, ha="left")
        figures.append(fig)
    return figures


def _section(subfig, table: pd.DataFrame, book: Codebook, factor: str | None, indices: list[str], waves: list,
             language: str) -> None:
    """The panels of `indices` for the groups of `factor` (None: all respondents only), and their legend."""
    all_rows = table[table["factor"].isna() | (table["factor"] == "")]
    x_of = {wave: x for x, (wave, _) in enumerate(waves)}
    ncols = min(TREND_COLUMNS, len(indices))
    nrows = -(-len(indices) // ncols)
    groups = table[table["factor"] == factor]
    series = [(label, rows) for (_, label), rows in groups.groupby(["group", "group_label"], sort=True)]
    series.append((word("all_respondents", language), all_rows))
    axes = subfig.subplots(nrows, ncols, sharex=True, sharey=True, squeeze=False).ravel()
    handles = []
    for s, (label, rows) in enumerate(series):
        last = s == len(series) - 1
        colour = "black" if last else QUALITATIVE[s % len(QUALITATIVE)]
        offset = 0.4 * (s - (len(series) - 1) / 2) / max(1, len(series))
        for ax, index in zip(axes, indices, strict=False):
            own = rows[rows["index"] == index]
            x = own["wave"].map(x_of).to_numpy(dtype=float) + offset
            interval = np.vstack([own["mean"] - own["ci_low"], own["ci_high"] - own["mean"]])
            ax.errorbar(x, own["mean"], yerr=interval, color=colour, marker="s" if last else "o",
                        markersize=3.5, linewidth=1.2, linestyle="--" if last else "-", capsize=2, elinewidth=0.8)
        handles.append(Line2D([], [], color=colour, marker="s" if last else "o", markersize=3.5,
                              linestyle="--" if last else "-", label=label))
    for ax, index in zip(axes, indices, strict=False):
        own = table[table["index"] == index]
        ax.set_title(wrap(own["index_label"].iloc[0] if len(own) else index, 50), loc="left")
        ax.set_xticks(range(len(waves)), [label for _, label in waves])
        axis_numbers(ax.yaxis, language)
        ax.grid(axis="y", color="#e5e5e5", linewidth=0.6)
        ax.set_axisbelow(True)
    for ax in axes[len(indices):]:
        ax.set_visible(False)
    wave_title = text(book.wave.label, language) if book.wave else word("wave", language)
    for ax in axes[(nrows - 1) * ncols:]:
        ax.set_xlabel(wave_title)
    for ax in axes[::ncols]:
        ax.set_ylabel(wrap(word("mean_ci", language), 28))
    factor_title = text(book.factor(factor).label, language) if factor else None
    add_legend(subfig, handles, title=factor_title)
