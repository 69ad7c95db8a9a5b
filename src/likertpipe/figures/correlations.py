"""Figure of correlations: the heatmap of the correlation table."""

from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from likertpipe.codebook import Codebook, text
from likertpipe.figures.style import (
    WIDTH,
    axis_numbers,
    ink,
    styled,
    wrap,
)
from likertpipe.formatting import number
from likertpipe.i18n import figure_note, word
from likertpipe.protect import MARKER


@styled
def correlation_heatmap(correlations: pd.DataFrame, book: Codebook, language: str, p_column: str = "p_holm",
                        alpha: float = 0.05) -> Figure:
    """Lower triangle over the items and covariates (codebook order) of `correlate.correlation_table`: the
    coefficient in each cell, coloured on RdBu centred on 0 (-1 red, +1 blue), * where `p_column` < `alpha`;
    the note names the adjustment and the range of the pairwise n. With fewer than two variables (one item, no
    covariate) there is no pair: the figure holds only a note saying so."""
    coefficient = "rho" if "rho" in correlations.columns else "tau_b"
    items = [item.column for item in book.items]
    variables = items + [cov.column for cov in book.covariates]
    labels = {v.column: text(v.label, language) for v in book.items + book.covariates}
    position = {column: i for i, column in enumerate(variables)}
    size = len(variables)
    if size < 2 or correlations.empty:
        fig = Figure(figsize=(WIDTH, 1.2), layout="constrained")
        fig.text(0.02, 0.5, figure_note("no_correlations", language), fontsize=8, va="center")
        return fig
    matrix = np.full((size, size), np.nan)
    stars = np.zeros((size, size), dtype=bool)
    for row in correlations.itertuples(index=False):
        i, j = sorted((position[row.var1], position[row.var2]), reverse=True)
        matrix[i, j] = getattr(row, coefficient)
        stars[i, j] = getattr(row, p_column) < alpha
    matrix, stars = matrix[1:, :-1], stars[1:, :-1]  # no diagonal, no upper triangle
    cmap = matplotlib.colormaps["RdBu"].with_extremes(bad="white")
    fig = Figure(figsize=(WIDTH, 0.5 * (size - 1) + 1.2), layout="constrained")
    ax = fig.add_subplot()
    image = ax.imshow(matrix, cmap=cmap, vmin=-1, vmax=1, aspect="auto")  # fixed aspect upsets the layout
    for (i, j), value in np.ndenumerate(matrix):
        if not np.isnan(value):
            ax.text(j, i, number(value, 2, language) + ("*" if stars[i, j] else ""), ha="center", va="center",
                    fontsize=7, color=ink(cmap((value + 1) / 2)))
        elif j <= i:
            ax.text(j, i, "\u2013", ha="center", va="center", fontsize=7)
    # Items by their column on the x axis and with their label on the y axis; covariates by label on both.
    x_labels = [v if v in items else wrap(labels[v], 16) for v in variables[:-1]]
    long = max(map(len, x_labels)) > 4
    ax.set_xticks(range(size - 1), x_labels, rotation=45 if long else 0, ha="right" if long else "center",
                  rotation_mode="anchor")
    ax.set_yticks(range(size - 1), [wrap(f"{v} {labels[v]}" if v in items else labels[v], 40)
                                    for v in variables[1:]])
    ax.tick_params(length=0)
    ax.spines[:].set_visible(False)
    bar = fig.colorbar(image, ax=ax, shrink=0.8, aspect=25, label=word(coefficient, language))
    bar.set_ticks(np.linspace(-1, 1, 5))
    axis_numbers(bar.ax.yaxis, language)
    n = correlations["n"].dropna().astype(int)  # pairs hidden by disclosure control have no n
    n_range = MARKER if n.empty else f"{n.min()}" if n.min() == n.max() else f"{n.min()}\u2013{n.max()}"
    note = word("significant", language).format(alpha=number(alpha, 2, language),
                                                      adjustment=word(p_column, language), n=n_range)
    fig.supxlabel(note, fontsize=7, x=0.02, ha="left")
    return fig
