"""Forest plot of the proportional-odds models: each item's adjusted odds ratios with their intervals."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from likertpipe.figures.pages import RANK_LABEL_WIDTH, WIDTH, wrap
from likertpipe.figures.style import QUALITATIVE, axis_numbers, styled
from likertpipe.i18n import heading
from likertpipe.protect import MARKER
from likertpipe.protect import hidden as hidden_cells

COLUMNS = 3  # item panels per row
LIMIT = 50.0  # odds ratios (and interval ends) beyond 1/LIMIT..LIMIT are drawn at the edge, as an arrow
TICKS = (0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50)


@styled
def odds_ratio_figure(table: pd.DataFrame, language: str) -> list[Figure]:
    """One page: a panel per item (models.csv, labelled, as protected), a row per predictor level (its label and
    reference level at the left, shared by the panels), the odds ratio as a point with its 95% interval on a
    log scale, 1 (no difference from the reference) marked. A hidden odds ratio shows the marker; one not
    estimated is left empty (the table's note says why)."""
    terms = table[table["level"].notna()] if "level" in table else table
    keys = list(dict.fromkeys(zip(terms["predictor"], terms["level"], strict=True)))
    first = terms.drop_duplicates(["predictor", "level"]).set_index(["predictor", "level"])
    labels = [wrap(f"{first.loc[k, 'predictor_label']}: {first.loc[k, 'level_label']}", RANK_LABEL_WIDTH)
              for k in keys]
    references = first.reset_index().drop_duplicates("predictor")
    reference = "; ".join(f"{r.predictor_label}: {r.reference_label}" for r in references.itertuples()
                          if not pd.isna(r.reference_label))
    outcomes = list(dict.fromkeys(terms["outcome"]))
    rows = max(math.ceil(len(outcomes) / COLUMNS), 1)
    lines = sum(label.count("\n") + 1 for label in labels)
    fig = Figure(figsize=(WIDTH, 0.8 + rows * (0.35 + 0.14 * max(lines, len(keys)))), layout="constrained")
    axes = fig.subplots(rows, COLUMNS, sharey=True, squeeze=False).ravel()
    hidden = hidden_cells(terms, "odds_ratio")
    y = np.arange(len(keys))[::-1]
    for ax, outcome in zip(axes, outcomes, strict=False):
        rows_of = terms[terms["outcome"] == outcome].set_index(["predictor", "level"])
        hidden_of = hidden[terms["outcome"] == outcome].set_axis(rows_of.index)
        ax.axvline(1, color="#999999", lw=0.8)
        for row, key in zip(y, keys, strict=True):
            if key not in rows_of.index:
                continue
            if hidden_of.loc[key]:
                ax.annotate(MARKER, (1, row), ha="center", va="center", fontweight="bold")
                continue
            ratio, low, high = (rows_of.loc[key, c] for c in ("odds_ratio", "ci_low", "ci_high"))
            if pd.isna(ratio):
                continue
            low, high = max(low, 1 / LIMIT), min(high, LIMIT)
            ax.plot([low, high], [row, row], color=QUALITATIVE[5], lw=1.2, solid_capstyle="butt")
            ax.plot([min(max(ratio, 1 / LIMIT), LIMIT)], [row], "o", color=QUALITATIVE[5], ms=3.5)
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
        fig.supxlabel(wrap(f"{heading('reference', language)}: {reference}", 120), fontsize=6.5)
    return [fig]
