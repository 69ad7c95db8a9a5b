"""Figure of correlations: the heatmap of the correlation table."""

from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from likertpipe.codebook import Codebook, text
from likertpipe.figures.pages import (
    EM,
    HEATMAP_FRAME,
    HEATMAP_MAX_CELL,
    LINE,
    WIDTH,
    heatmap_tiles,
    heatmap_variables,
    wrap,
)
from likertpipe.figures.style import axis_numbers, ink, styled
from likertpipe.formatting import number
from likertpipe.i18n import figure_note, word
from likertpipe.protect import MARKER
from likertpipe.protect import hidden as hidden_cells

ANNOTATION_FONT = 6.5  # pt


@styled
def correlation_heatmap(correlations: pd.DataFrame, book: Codebook, language: str, p_column: str = "p_holm",
                        alpha: float = 0.05) -> list[Figure]:
    """Lower triangle over the items and covariates (codebook order) of `correlate.correlation_table`, square
    cells coloured on RdBu centred on 0 (-1 red, +1 blue). Where the coefficient fits in its cell it is written
    there, * where `p_column` < `alpha`; in smaller cells (many variables) a dot marks those and the colour bar
    alone gives the value. Rows are labelled by code and wording while that leaves cells room for their
    number, else by code. The note names the adjustment and the range of the pairwise n. Pages as
    `pages.heatmap_tiles`. With fewer than two variables (one item, no covariate) there is no pair: the figure
    holds only a note saying so."""
    coefficient = "rho" if "rho" in correlations.columns else "tau_b"
    variables = heatmap_variables(book)
    if len(variables) < 2 or correlations.empty:
        fig = Figure(figsize=(WIDTH, 1.2), layout="constrained")
        fig.text(0.02, 0.5, figure_note("no_correlations", language), fontsize=8, va="center")
        return [fig]
    items = {item.column for item in book.items}
    labels = {v.column: text(v.label, language) for v in book.items + book.covariates}
    position = {column: i for i, column in enumerate(variables)}
    size = len(variables)
    matrix = np.full((size, size), np.nan)
    stars = np.zeros((size, size), dtype=bool)
    hidden = np.zeros((size, size), dtype=bool)
    secret = hidden_cells(correlations, coefficient).to_numpy()
    for row, is_hidden in zip(correlations.itertuples(index=False), secret, strict=True):
        i, j = sorted((position[row.var1], position[row.var2]), reverse=True)
        matrix[i, j] = getattr(row, coefficient)
        stars[i, j] = getattr(row, p_column) < alpha
        hidden[i, j] = is_hidden
    n = correlations["n"].dropna().astype(int)  # pairs hidden by disclosure control have no n
    n_range = MARKER if n.empty else f"{n.min()}" if n.min() == n.max() else f"{n.min()}\u2013{n.max()}"
    significance = word("significant", language).format(alpha=number(alpha, 2, language),
                                                          adjustment=word(p_column, language), n=n_range)
    tiles = heatmap_tiles(book)
    widest = max(len(number(v, 2, language)) + 1 for v in matrix[np.isfinite(matrix)]) if np.isfinite(
        matrix).any() else 5
    annotation = widest * EM * ANNOTATION_FONT / 7.5 + 0.06  # inches a coefficient with its star needs
    full_labels = [wrap(f"{v} {labels[v]}" if v in items else labels[v], 40) for v in variables]
    label_inches = max(len(line) for label in full_labels for line in label.split("\n")) * EM + 0.1
    figures = []
    for page, (rows, columns) in enumerate(tiles, start=1):
        worded = (WIDTH - HEATMAP_FRAME - label_inches) / len(columns) >= annotation and len(tiles) == 1
        cell = min(HEATMAP_MAX_CELL, (WIDTH - HEATMAP_FRAME - (label_inches if worded else 0.2)) / len(columns))
        written = cell >= annotation
        y_labels = [full_labels[i] if worded else variables[i] for i in rows]
        x_labels = [variables[j] if v_is_code or not worded else wrap(labels[variables[j]], 16)
                    for j, v_is_code in ((j, variables[j] in items) for j in columns)]
        rotate = max(len(line) for label in x_labels for line in label.split("\n")) * EM > cell
        x_inches = (max(len(line) for label in x_labels for line in label.split("\n")) * EM if rotate
                    else LINE * max(label.count("\n") + 1 for label in x_labels)) + 0.15
        height = len(rows) * cell + x_inches + 0.75 + 0.3 * (len(tiles) > 1)
        fig = Figure(figsize=(WIDTH, height), layout="constrained")
        ax = fig.add_subplot()
        tile = matrix[rows.start:rows.stop, columns.start:columns.stop]
        cmap = matplotlib.colormaps["RdBu"].with_extremes(bad="white")
        image = ax.imshow(tile, cmap=cmap, vmin=-1, vmax=1)
        for (r, c), value in np.ndenumerate(tile):
            i, j = rows[r], columns[c]
            if j >= i:
                continue
            if hidden[i, j]:
                ax.text(c, r, MARKER, ha="center", va="center", fontsize=ANNOTATION_FONT, fontweight="bold")
            elif np.isnan(value):
                ax.text(c, r, "\u2013", ha="center", va="center", fontsize=ANNOTATION_FONT)
            elif written:
                ax.text(c, r, number(value, 2, language) + ("*" if stars[i, j] else ""), ha="center", va="center",
                        fontsize=ANNOTATION_FONT, color=ink(cmap((value + 1) / 2)))
            elif stars[i, j]:
                ax.plot(c, r, "o", markersize=2, color=ink(cmap((value + 1) / 2)))
        ax.set_xticks(range(len(columns)), x_labels, rotation=90 if rotate else 0, ha="center",
                      fontsize=7 if worded else 6.5)
        ax.set_yticks(range(len(rows)), y_labels, fontsize=7 if worded else 6.5)
        ax.tick_params(length=0)
        ax.spines[:].set_visible(False)
        bar = fig.colorbar(image, ax=ax, shrink=min(1.0, 2.5 / max(1, len(rows) * cell)), aspect=20,
                           label=word(coefficient, language))
        bar.set_ticks(np.linspace(-1, 1, 5))
        axis_numbers(bar.ax.yaxis, language)
        note = significance if written else significance.replace("*", "\u2022", 1)
        if not worded:
            note += "\n" + word("codes_only", language)
        fig.supxlabel(note, fontsize=7, x=0.02, ha="left")
        if len(tiles) > 1:
            fig.suptitle(word("part", language).format(page=page, pages=len(tiles)), fontsize=7.5, x=0.02,
                         ha="left")
        figures.append(fig)
    return figures
