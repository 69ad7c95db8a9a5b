"""Figures of results: the correlation heatmap, mean ranks per Kruskal-Wallis test, index trends across waves and
the open-text coding tally. They draw the result tables as written; nothing is recomputed here."""

from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from likertpipe.codebook import Codebook, text
from likertpipe.figure_style import (
    QUALITATIVE,
    WIDTH,
    add_legend,
    axis_numbers,
    ink,
    number,
    styled,
    wrap,
)
from likertpipe.i18n import figure_note, number_separator, word
from likertpipe.protect import MARKER
from likertpipe.protect import hidden as hidden_cells
from likertpipe.tables import p_equation


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
        if np.isnan(test.n):  # the whole test hidden (its item has fewer than min_cell answers)
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


@styled
def trend(index_trends: pd.DataFrame, book: Codebook, language: str) -> Figure:
    """Each index by group across waves: the mean with its 95% interval as an error bar, groups side by side
    at each wave, all respondents (rows with an empty `factor`) in black. One panel per index; with several
    grouping factors one row of panels (and legend) per factor. Rows hidden by disclosure control (their n,
    mean and interval hidden) are left out, with a note."""
    hidden = hidden_cells(index_trends, "n")
    table = index_trends[~hidden].sort_values(["wave", "group"], na_position="first")
    all_rows = table[table["factor"].isna() | (table["factor"] == "")]
    factors = [f for f in dict.fromkeys(table["factor"]) if isinstance(f, str) and f]
    indices = list(dict.fromkeys(table["index"]))
    waves = list(dict.fromkeys(zip(table["wave"], table["wave_label"], strict=True)))
    x_of = {wave: x for x, (wave, _) in enumerate(waves)}
    ncols = min(2, len(indices))
    nrows = -(-len(indices) // ncols)
    sections = factors or [None]
    fig = Figure(figsize=(WIDTH, len(sections) * (nrows * 2.3 + 0.8)), layout="constrained")
    for subfig, factor in zip(fig.subfigures(len(sections), 1, squeeze=False)[:, 0], sections, strict=True):
        groups = table[table["factor"] == factor]
        series = [(label, rows) for (_, label), rows in groups.groupby(["group", "group_label"], sort=True)]
        series.append((word("all_respondents", language), all_rows))
        axes = subfig.subplots(nrows, ncols, sharex=True, sharey=True, squeeze=False).ravel()
        handles = []
        for s, (label, rows) in enumerate(series):
            last = s == len(series) - 1
            colour = "black" if last else QUALITATIVE[s % len(QUALITATIVE)]
            offset = 0.08 * (s - (len(series) - 1) / 2)
            for ax, index in zip(axes, indices, strict=False):
                own = rows[rows["index"] == index]
                x = own["wave"].map(x_of).to_numpy(dtype=float) + offset
                interval = np.vstack([own["mean"] - own["ci_low"], own["ci_high"] - own["mean"]])
                ax.errorbar(x, own["mean"], yerr=interval, color=colour, marker="s" if last else "o",
                            markersize=3.5, linewidth=1.2, linestyle="--" if last else "-", capsize=2,
                            elinewidth=0.8)
            handles.append(Line2D([], [], color=colour, marker="s" if last else "o", markersize=3.5,
                                  linestyle="--" if last else "-", label=label))
        for ax, index in zip(axes, indices, strict=False):
            own = table[table["index"] == index]
            ax.set_title(wrap(own["index_label"].iloc[0], 50), loc="left")
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
        factor_title = text(book.factor(factor).label, language) if factor in [f.column for f in book.factors] else None
        add_legend(subfig, handles, title=factor_title)
    if hidden.any():
        fig.supxlabel(figure_note("trend_hidden", language), fontsize=7, x=0.02, ha="left")
    return fig


@styled
def coding_tally(tally: pd.DataFrame, language: str) -> Figure:
    """Statements per theme as horizontal bars, grouped under their dimension (a bold heading with the
    dimension's total), dimensions and themes by count, most first (ties by name); respondents in parentheses."""
    themes = tally[tally["level"] == "theme"]
    totals = tally[tally["level"] == "dimension"].set_index("dimension")["statements"]
    dimensions = sorted(totals.index, key=lambda d: (-totals[d], d))
    fig = Figure(figsize=(WIDTH, 0.22 * (len(themes) + 1.3 * len(dimensions)) + 0.8), layout="constrained")
    ax = fig.add_subplot()
    ticks, tick_labels, bold, y = [], [], [], 0.0
    for d, dimension in enumerate(dimensions):
        ticks.append(y)
        tick_labels.append(wrap(f"{dimension} ({totals[dimension]})", 40))
        bold.append(True)
        y -= 1
        rows = themes[themes["dimension"] == dimension].sort_values(["statements", "theme"],
                                                                    ascending=[False, True])
        for row in rows.itertuples(index=False):
            ax.barh(y, row.statements, color=QUALITATIVE[d % len(QUALITATIVE)], height=0.75)
            ax.annotate(f"{row.statements} ({row.respondents})", (row.statements, y), xytext=(3, 0),
                        textcoords="offset points", va="center", fontsize=7)
            ticks.append(y)
            tick_labels.append(wrap(row.theme, 40))
            bold.append(False)
            y -= 1
        y -= 0.3
    ax.set_yticks(ticks, tick_labels)
    for label, heading in zip(ax.get_yticklabels(), bold, strict=True):
        label.set_fontweight("bold" if heading else "normal")
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(y + 0.5, 0.7)
    ax.margins(x=0.12)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel(word("statements", language))
    return fig
