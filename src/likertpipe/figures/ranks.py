"""Figures of group tests: the Kruskal-Wallis mean ranks of each level, with an interval."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure

from likertpipe.codebook import Codebook, text
from likertpipe.figures.pages import RANK_COLUMNS, RANK_LABEL_WIDTH, WIDTH, rank_pages, rank_panel, wrap
from likertpipe.figures.style import QUALITATIVE, axis_numbers, styled
from likertpipe.formatting import number, p_equation
from likertpipe.i18n import number_separator, word
from likertpipe.protect import MARKER
from likertpipe.protect import hidden as hidden_cells

Z = 1.959963984540054  # the standard normal's 97.5th percentile


def rank_interval(mean_rank: np.ndarray, n_level: np.ndarray, n: float) -> tuple[np.ndarray, np.ndarray]:
    """Mean rank ± Z standard errors, the standard error that of a level's mean rank when the groups do not
    differ: sqrt((N + 1)(N - n_j) / (12 n_j)) (Kruskal & Wallis 1952; Dunn's test rests on the same variance).
    It needs only the published N and n_j; the tie correction would need the answers, so it is left out and the
    interval is a little wide when answers are tied. An interval clear of (N + 1)/2 marks a level that stands
    out at about the 5% level, unadjusted."""
    half = Z * np.sqrt((n + 1) * (n - n_level) / (12 * n_level))
    return mean_rank - half, mean_rank + half


@styled
def mean_ranks(kruskal: pd.DataFrame, book: Codebook, factor: str, language: str) -> list[Figure]:
    """One panel per Kruskal-Wallis test of `factor` (one per item, codebook order) from
    `inference.kruskal_wallis_table`: each level's mean rank as a dot with its `rank_interval`, the rank
    expected with no difference, (N + 1)/2, dashed, H, df, p in the title and each level's n at the right. The
    rank axis spans every rank, 1 to the largest N of the factor's tests, on every panel and page, so that small
    differences look small. A level hidden by disclosure control shows the marker instead of its dot and n;
    levels nobody answered in any test are left off the axis. Pages as `pages.rank_pages`."""
    spec = book.factor(factor)
    item_labels = {item.column: text(item.label, language) for item in book.items}
    tests = kruskal[kruskal["factor"] == factor].set_index("item").reindex([i.column for i in book.items])
    tests = tests[tests["factor"].notna()].reset_index()
    ranks = {code: tests[f"mean_rank_{code}"].astype(float).to_numpy() for code in spec.codes}
    sizes = {code: tests[f"n_{code}"].astype(float).to_numpy() for code in spec.codes}
    hidden = {code: hidden_cells(tests, f"n_{code}").to_numpy() for code in spec.codes}
    levels = [code for code in spec.codes if np.isfinite(ranks[code]).any() or hidden[code].any()]
    level_labels = [wrap(spec.level_label(code, language), RANK_LABEL_WIDTH) for code in levels]
    row, frame = rank_panel(book, factor, language)
    shown_n = tests["n"].astype(float).dropna()  # every n may be hidden (then the axis spans 1 to 1)
    largest = max(float(shown_n.max()), 1.0) if len(shown_n) else 1.0
    notes = [word("expected_rank", language), word("rank_interval", language)]
    if any(h.any() for h in hidden.values()):
        notes.append(word("hidden_level", language))
    note = "\n".join(wrap(line, 120) for line in notes)
    y = np.arange(len(levels))[::-1]
    figures = []
    for page in rank_pages(book, factor, language):
        on_page = [t for t in page if t < len(tests)]
        nrows = -(-len(page) // RANK_COLUMNS)
        fig = Figure(figsize=(WIDTH, nrows * (row * len(spec.codes) + frame) + 0.9), layout="constrained")
        # Panels share limits and ticks, not axes: matplotlib lays out shared axes' ticks for every sibling.
        axes = fig.subplots(nrows, RANK_COLUMNS, squeeze=False).ravel()
        for ax, t in zip(axes, on_page, strict=False):
            _panel(ax, tests.iloc[t], {code: (ranks[code][t], sizes[code][t], hidden[code][t]) for code in levels},
                   y, item_labels, language)
        for ax in axes[len(on_page):]:
            ax.set_visible(False)
        for panel, ax in enumerate(axes):
            ax.set_yticks(y, level_labels if panel % RANK_COLUMNS == 0 else [])
            ax.set_ylim(-0.6, len(levels) - 0.4)
            ax.set_xlim(1 - 0.02 * largest, largest * 1.02)
            axis_numbers(ax.xaxis, language)
            ax.tick_params(axis="y", length=0)
            if panel + RANK_COLUMNS < len(on_page):  # a panel below it shows the axis' numbers
                ax.tick_params(labelbottom=False)
            else:
                ax.set_xlabel(word("mean_rank", language))
        fig.suptitle(text(spec.label, language), fontweight="bold", x=0.02, ha="left")
        fig.supxlabel(note, fontsize=7, x=0.02, ha="left", linespacing=1.4)
        figures.append(fig)
    return figures


def _panel(ax, test, levels: dict[int, tuple[float, float, bool]], y: np.ndarray, item_labels: dict[str, str],
           language: str) -> None:
    """One test: per level (code -> mean rank, n, hidden) its dot and interval, and its n at the right."""
    title = wrap(f"{test['item']} {item_labels[test['item']]}", 44)
    if pd.isna(test["n"]):  # the whole test hidden (its item has fewer than min_cell answers)
        ax.text(0.5, 0.5, MARKER, ha="center", va="center", fontweight="bold", transform=ax.transAxes)
        ax.set_title(title, loc="left")
        return
    n = float(test["n"])
    expected = (n + 1) / 2
    shown = [(rank, size, at) for (rank, size, _), at in zip(levels.values(), y, strict=True) if np.isfinite(rank)]
    if shown:  # one artist for all intervals and one for all dots: far cheaper to draw than one per level
        rank, size, at = (np.array(column) for column in zip(*shown, strict=True))
        low, high = rank_interval(rank, size, n)
        ax.add_collection(LineCollection([[(a, b), (c, b)] for a, b, c in zip(low, at, high, strict=True)],
                                         colors="#8c8c8c", linewidths=1.2, zorder=2))
        ax.plot(rank, at, "o", color=QUALITATIVE[5], markersize=3.5, zorder=3)
    ax.axvline(expected, color="black", linewidth=0.6, linestyle="--", zorder=0.5)
    for (rank, size, hidden), at in zip(levels.values(), y, strict=True):
        if hidden:
            ax.text(expected, at, MARKER, ha="center", va="center", fontweight="bold",
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
        if hidden or np.isfinite(rank):
            ax.text(1.02, at, f"n={MARKER if hidden else int(size)}", transform=ax.get_yaxis_transform(),
                    ha="left", va="center", fontsize=6.5, color="#555555")
    if "H" in str(test.get("suppressed", "")).split():  # hidden with a level (protect: tests of hidden cells)
        stats = f"H = {MARKER}"
    elif np.isnan(test["H"]):  # undefined
        stats = "H \u2013"
    else:
        stats = number_separator(language).join([
            f"H = {number(test['H'], 2, language)}", f"df = {int(test['df'])}", p_equation(test["p"], language)])
    ax.set_title(f"{title}\n{stats}", loc="left")
