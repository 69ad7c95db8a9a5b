"""Forest plot of the proportional-odds models: each item's adjusted odds ratios with their intervals."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from likertpipe.codebook import Codebook, model_outcomes
from likertpipe.figures.pages import (
    FOREST_COLUMNS,
    WIDTH,
    forest_height,
    forest_labels,
    forest_pages,
    forest_references,
    forest_rows,
)
from likertpipe.figures.style import QUALITATIVE, axis_numbers, styled
from likertpipe.i18n import heading
from likertpipe.protect import MARKER
from likertpipe.protect import hidden as hidden_cells

LIMIT = 50.0  # the axis runs from 1/LIMIT to LIMIT; an interval running beyond it ends in an arrow at the edge
TICKS = (0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50)
COLOUR = QUALITATIVE[5]


@styled
def odds_ratio_figure(table: pd.DataFrame, book: Codebook, models: dict, language: str) -> list[Figure]:
    """A panel per item of the study's `models` config (models.csv, as protected), a row per level of each
    modelled factor but its reference (`pages.forest_rows`: labels at the left, shared by the panels; the
    reference levels named below), the odds ratio as a point with its 95% interval on a log scale, 1 (no
    difference from the reference) marked. An interval running off the axis ends in an arrow at the edge (an
    odds ratio off it too: the arrow alone). A hidden odds ratio shows the marker; one not estimated is left
    empty (the table's note says why), and so is an item's row against another reference than the plot's (nobody
    at the first level in its model). Pages as `pages.forest_pages`."""
    terms = table[table["level"].notna()] if "level" in table else table
    keys = forest_rows(book, models)
    references = forest_references(book, models)
    labels, reference = forest_labels(book, models, language)
    hidden = hidden_cells(terms, "odds_ratio")
    outcomes = model_outcomes(models, book)
    return [_page(terms, hidden, [outcomes[i] for i in page], keys, references, labels, reference, language)
            for page in forest_pages(book, models, language)]


def _page(terms: pd.DataFrame, hidden: pd.Series, outcomes: list[str], keys: list, references: dict[str, int],
          labels: list[str], reference: str, language: str) -> Figure:
    rows = max(-(-len(outcomes) // FOREST_COLUMNS), 1)
    fig = Figure(figsize=(WIDTH, forest_height(labels, reference, rows)), layout="constrained")
    axes = fig.subplots(rows, FOREST_COLUMNS, sharey=True, squeeze=False).ravel()
    y = np.arange(len(keys))[::-1]
    for ax, outcome in zip(axes, outcomes, strict=False):
        of = terms["outcome"] == outcome
        rows_of = terms[of].set_index(["predictor", "level"])
        hidden_of = hidden[of].set_axis(rows_of.index)
        ax.axvline(1, color="#999999", lw=0.8)
        for row, key in zip(y, keys, strict=True):
            if key not in rows_of.index or rows_of.loc[key, "reference"] != references[key[0]]:
                continue
            if hidden_of.loc[key]:
                ax.annotate(MARKER, (1, row), ha="center", va="center", fontweight="bold")
                continue
            ratio, low, high = (rows_of.loc[key, c] for c in ("odds_ratio", "ci_low", "ci_high"))
            if not pd.isna(ratio):
                _interval(ax, row, ratio, low, high)
        ax.set_xscale("log")
        ax.set_xlim(1 / LIMIT, LIMIT)
        ax.set_xticks([t for t in TICKS if t in (0.1, 1, 10)], minor=False)
        ax.set_xticks([t for t in TICKS if t not in (0.1, 1, 10)], minor=True)
        ax.xaxis.set_minor_formatter(lambda *_: "")
        axis_numbers(ax.xaxis, language)
        ax.set_title(str(outcome), fontsize=8)
        ax.set_xlabel(heading("odds_ratio", language), fontsize=7)
    for ax in axes[len(outcomes):]:
        ax.set_visible(False)
    axes[0].set_yticks(y, labels)
    axes[0].set_ylim(-0.6, len(keys) - 0.4)
    for ax in axes:
        ax.tick_params(axis="y", length=0, labelsize=6.5)
    if reference:
        fig.supxlabel(reference, fontsize=6.5)
    return fig


def _interval(ax, row: float, ratio: float, low: float, high: float) -> None:
    """The interval clipped to the axis, an arrow at each edge it runs beyond, the point where it is on the axis."""
    ax.plot(np.clip([low, high], 1 / LIMIT, LIMIT), [row, row], color=COLOUR, lw=1.2, solid_capstyle="butt")
    for beyond, edge, arrow in ((low < 1 / LIMIT, 1 / LIMIT, "<"), (high > LIMIT, LIMIT, ">")):
        if beyond:
            ax.plot([edge], [row], arrow, color=COLOUR, ms=4, clip_on=False)
    if 1 / LIMIT <= ratio <= LIMIT:
        ax.plot([ratio], [row], "o", color=COLOUR, ms=3.5)
