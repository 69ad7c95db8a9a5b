"""Figures of group tests: the Kruskal-Wallis mean ranks of each level."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure

from likertpipe.codebook import Codebook, text
from likertpipe.figures.style import (
    QUALITATIVE,
    WIDTH,
    axis_numbers,
    styled,
    wrap,
)
from likertpipe.formatting import number, p_equation
from likertpipe.i18n import number_separator, word
from likertpipe.protect import MARKER
from likertpipe.protect import hidden as hidden_cells


@styled
def mean_ranks(kruskal: pd.DataFrame, book: Codebook, factor: str, language: str) -> Figure:
    """One panel per Kruskal-Wallis test of `factor` (one per item) from `inference.kruskal_wallis_table`: each
    level's mean rank as a dot on a stem from the rank expected with no difference, (n + 1)/2, with the level's
    n beside it and H, df, p in the title. A level hidden by disclosure control shows the marker instead of its
    dot and n; levels nobody answered in any test are left off the axis."""
    spec = book.factor(factor)
    item_labels = {item.column: text(item.label, language) for item in book.items}
    tests = kruskal[kruskal["factor"] == factor].reset_index(drop=True)
    ranks = {code: tests[f"mean_rank_{code}"].astype(float) for code in spec.codes}
    sizes = {code: tests[f"n_{code}"].astype(float) for code in spec.codes}
    hidden = {code: hidden_cells(tests, f"n_{code}") for code in spec.codes}
    levels = [code for code in spec.codes if ranks[code].notna().any() or hidden[code].any()]
    level_labels = [wrap(spec.level_label(code, language), 30) for code in levels]
    row_inches = 0.13 * max((label.count("\n") + 1 for label in level_labels), default=1) + 0.1
    ncols = 2 if len(tests) > 1 else 1
    nrows = -(-len(tests) // ncols)
    fig = Figure(figsize=(WIDTH, nrows * (row_inches * len(levels) + 0.8) + 0.6), layout="constrained")
    # Panels share limits and ticks, not axes: matplotlib lays out shared axes' ticks for every sibling (quadratic).
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    y = np.arange(len(levels))[::-1]
    for ax, (row, test) in zip(axes, enumerate(tests.itertuples(index=False)), strict=False):
        if pd.isna(test.n):  # the whole test hidden (its item has fewer than min_cell answers)
            ax.text(0.5, 0.5, MARKER, ha="center", va="center", fontweight="bold", transform=ax.transAxes)
            ax.set_title(wrap(f"{test.item} {item_labels[test.item]}", 44), loc="left")
            continue
        expected = (test.n + 1) / 2
        dots = []
        for position, code in zip(y, levels, strict=True):
            rank, right = ranks[code][row], ranks[code][row] >= expected
            if hidden[code][row]:
                ax.text(expected, position, MARKER, ha="center", va="center", fontweight="bold",
                        bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
            if np.isnan(rank):
                continue
            dots.append((rank, position))
            ax.annotate(f"{int(sizes[code][row])}", (rank, position), xytext=(5 if right else -5, 0),
                        textcoords="offset points", ha="left" if right else "right", va="center", fontsize=6.5,
                        color="#555555")
        if dots:  # one artist for all stems and one for all dots: far cheaper to draw than one per level
            ax.add_collection(LineCollection([[(expected, at), (rank, at)] for rank, at in dots], colors="#999999",
                                             linewidths=1, zorder=2))
            ax.plot(*zip(*dots, strict=True), "o", color=QUALITATIVE[5], markersize=4)
        ax.axvline(expected, color="black", linewidth=0.6, linestyle="--", zorder=0.5)
        # undefined H: one level or no variation
        stats = "H \u2013" if np.isnan(test.H) else number_separator(language).join([
            f"H = {number(test.H, 2, language)}", f"df = {int(test.df)}", p_equation(test.p, language)])
        ax.set_title(f"{wrap(f'{test.item} {item_labels[test.item]}', 44)}\n{stats}", loc="left")
    for ax in axes[len(tests):]:
        ax.set_visible(False)
    low, high = _limits([ax.dataLim.intervalx for ax in axes[:len(tests)]], 0.15)
    for panel, ax in enumerate(axes):
        ax.set_yticks(y, level_labels if panel % ncols == 0 else [])
        ax.set_ylim(-0.6, len(levels) - 0.4)
        ax.set_xlim(low, high)
        axis_numbers(ax.xaxis, language)
        if panel < (nrows - 1) * ncols:
            ax.tick_params(labelbottom=False)
        else:
            ax.set_xlabel(word("mean_rank", language))
    fig.suptitle(text(spec.label, language), fontweight="bold", x=0.02, ha="left")
    note = word("expected_rank", language)
    if any(h.any() for h in hidden.values()):
        note += "\n" + word("hidden_level", language)
    fig.supxlabel(note, fontsize=7, x=0.02, ha="left", linespacing=1.4)
    return fig


def _limits(intervals: list, margin: float) -> tuple[float, float]:
    """The range of all `intervals` widened by `margin` of its width on each side, as matplotlib's margins."""
    intervals = [i for i in intervals if np.isfinite(i).all()] or [(0.0, 1.0)]  # hidden panels have no data
    low, high = min(i[0] for i in intervals), max(i[1] for i in intervals)
    pad = margin * (high - low) if high > low else 0.5
    return low - pad, high + pad
