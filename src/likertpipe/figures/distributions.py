"""Figures of answer distributions: diverging stacked bars per item, overall and by a grouping factor, drawn
from the protected frequency tables."""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.transforms import blended_transform_factory

from likertpipe import answers
from likertpipe.codebook import Codebook, Item, Scale, text
from likertpipe.figures.style import (
    WIDTH,
    ink,
    legend_columns,
    row_major,
    styled,
    wrap,
)
from likertpipe.i18n import word
from likertpipe.protect import MARKER

MIN_LABELLED_PERCENT = 8  # segments narrower than this carry no percent label
NEUTRAL_COLOUR = "#d9d9d9"
DONT_KNOW_COLOUR = "#616161"
NO_ANSWER_COLOUR = "#b0b0b0"
BAR_HEIGHT = 0.72


def diverging_colours(k: int) -> list:
    """k colours from ColorBrewer's RdBu (colour-blind safe), lowest level red, highest blue; a middle level is
    light grey so it stays visible on white."""
    colours = [matplotlib.colormaps["RdBu"](x) for x in np.linspace(0.1, 0.9, k)]
    if k % 2:
        colours[k // 2] = matplotlib.colors.to_rgba(NEUTRAL_COLOUR)
    return colours


@dataclass(frozen=True)
class Bar:
    """One item's row: its label, valid answers per scale level in percent of valid answers, don't know and
    other non-answers in percent of all respondents, valid N; `hidden` rows show the disclosure marker."""

    label: str
    shares: np.ndarray
    dont_know: float
    no_answer: float
    n_valid: int
    hidden: bool = False


def _bar(item: Item, count_of: dict[int, int], total: int, language: str) -> Bar:
    """`item`'s row from its respondents per answered code (`answers.code_counts`) among `total` respondents."""
    scale = item.scale
    valid = np.array([count_of.get(code, 0) for code in scale.codes], dtype=float)
    status = answers.status_counts(count_of, scale, total)
    shares = 100 * valid / status.valid if status.valid else np.zeros(len(valid))
    return Bar(f"{item.column} {text(item.label, language)}", shares, 100 * status.dont_know / total,
               100 * (status.declared_missing + status.blank) / total, status.valid)


def _hidden_bar(item: Item, language: str) -> Bar:
    """`item`'s row where disclosure control hid its counts: the marker, no shares (so it adds nothing to the
    non-answers' axis either)."""
    return Bar(f"{item.column} {text(item.label, language)}", np.zeros(len(item.scale.codes)), 0.0, 0.0, 0,
               hidden=True)


def _dont_know_label(scale: Scale, language: str) -> str:
    return text(scale.dont_know[0].label, language) if len(scale.dont_know) == 1 else word("dont_know", language)


def _bars(y: np.ndarray, left: np.ndarray, width: np.ndarray, colour) -> PolyCollection:
    """Horizontal bars of one colour as one collection (barh's patch per bar is far slower to build and
    draw when a figure holds thousands of segments); empty segments are left out."""
    drawn = width > 0
    y, left, right = y[drawn], left[drawn], (left + width)[drawn]
    low, high = y - BAR_HEIGHT / 2, y + BAR_HEIGHT / 2
    corners = np.stack([np.column_stack(corner) for corner in ((left, low), (right, low), (right, high),
                                                                (left, high))], axis=1)
    return PolyCollection(corners, facecolors=[colour], linewidths=0)


def _draw_bars(ax, ax_other, bars: list[Bar], scale: Scale) -> None:
    """Valid answers centred on the scale midpoint (a middle level split half to each side) in `ax`; don't know
    and no answer side by side in `ax_other`."""
    colours = diverging_colours(len(scale.levels))
    ypos = np.arange(len(bars))[::-1]
    shown = [b for b in bars if not b.hidden]
    y = ypos[[not b.hidden for b in bars]]
    for hidden_y in ypos[[b.hidden for b in bars]]:
        ax.text(0, hidden_y, MARKER, ha="center", va="center", fontweight="bold",
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
    shares = np.array([b.shares for b in shown]).reshape(len(shown), len(colours))
    half = len(colours) // 2
    left = -shares[:, :half].sum(axis=1) - (shares[:, half] / 2 if len(colours) % 2 else 0)
    for pct, colour in zip(shares.T, colours, strict=True):
        ax.add_collection(_bars(y, left, pct, colour), autolim=False)
        for row in np.flatnonzero(pct >= MIN_LABELLED_PERCENT):
            ax.text(left[row] + pct[row] / 2, y[row], f"{pct[row]:.0f}", ha="center", va="center", fontsize=7,
                    color=ink(colour))
        left = left + pct
    dont_know = np.array([b.dont_know for b in shown])
    ax_other.add_collection(_bars(y, np.zeros(len(shown)), dont_know, DONT_KNOW_COLOUR), autolim=False)
    no_answer = np.array([b.no_answer for b in shown])
    ax_other.add_collection(_bars(y, dont_know, no_answer, NO_ANSWER_COLOUR), autolim=False)
    ax.axvline(0, color="black", linewidth=0.6, zorder=0.5)  # behind the bars and labels
    ticks = np.arange(-100, 101, 25)
    ax.set_xlim(-100, 100)
    ax.set_xticks(ticks, [str(abs(t)) for t in ticks])
    ax.set_ylim(-0.6, len(bars) - 0.4)
    ax.set_yticks(ypos, [f"{wrap(b.label)} (N={MARKER if b.hidden else b.n_valid})" for b in bars])
    ax_other.set_ylim(ax.get_ylim())
    ax_other.set_yticks([])
    for axis in (ax, ax_other):
        axis.tick_params(axis="y", length=0)


def _legend_handles(scale: Scale, language: str) -> list:
    """Every level of the scale, answered or not, then don't know (if the scale has it) and no answer."""
    handles = [Patch(color=c, label=text(lv.label, language))
               for lv, c in zip(scale.levels, diverging_colours(len(scale.levels)), strict=True)]
    if scale.dont_know:
        handles.append(Patch(color=DONT_KNOW_COLOUR, label=_dont_know_label(scale, language)))
    return handles + [Patch(color=NO_ANSWER_COLOUR, label=word("no_answer", language))]


def _scale_groups(book: Codebook) -> list[tuple[Scale, list[Item]]]:
    """The items grouped by scale, scales and items in codebook order."""
    groups: dict[str, tuple[Scale, list[Item]]] = {}
    for item in book.items:
        groups.setdefault(item.scale.name, (item.scale, []))[1].append(item)
    return list(groups.values())


def _distribution_figure(sections: list[tuple[Scale, list[tuple[str | None, list[Bar]]]]], language: str) -> Figure:
    """One section per scale: a panel pair per block of bars (titled when the block has a title), then the
    scale's legend. All sections share one grid, so their bars line up across scales."""
    # Height ratios set the panels' inner heights; titles and axes come on top of them, in `extra`.
    layout = []  # (scale, block or None for the legend row, inner height in inches)
    extra = 0.0
    for scale, blocks in sections:
        lines = max(wrap(bar.label).count("\n") + 1 for _, bars in blocks for bar in bars)
        row = 0.13 * lines + 0.13  # one bar and its label
        layout += [(scale, block, row * len(block[1])) for block in blocks]
        handles = _legend_handles(scale, language)
        legend_rows = -(-len(handles) // legend_columns(handles, WIDTH, len(scale.levels)))
        layout.append((scale, None, 0.2 + 0.17 * legend_rows))
        extra += 0.25 * sum(1 for title, _ in blocks if title) + 0.2 * len(blocks) + 0.75
    fig = Figure(figsize=(WIDTH, sum(h for _, _, h in layout) + extra), layout="constrained")
    grid = fig.add_gridspec(len(layout), 2, width_ratios=[4.2, 1], height_ratios=[h for _, _, h in layout])
    other_max = max((b.dont_know + b.no_answer for _, blocks in sections for _, bars in blocks for b in bars),
                    default=0)
    others, previous = [], None
    for row, (scale, block, _) in enumerate(layout):
        if block is None:  # the scale's legend, under its last panel
            legend_axes = fig.add_subplot(grid[row, :])
            legend_axes.axis("off")
            handles = _legend_handles(scale, language)
            ncol = legend_columns(handles, WIDTH, len(scale.levels))
            # centred on the figure, not the grid (which starts after the item labels); its row holds its height
            centre = blended_transform_factory(fig.transFigure, legend_axes.transAxes)
            legend = legend_axes.legend(handles=row_major(handles, ncol), ncol=ncol, loc="center", frameon=False,
                                        handlelength=1.2, columnspacing=1.2, bbox_to_anchor=(0.5, 0.5),
                                        bbox_transform=centre)
            legend.set_in_layout(False)
            previous[0].set_xlabel(word("percent_of_valid", language))
            previous[1].set_xlabel(wrap(word("percent_of_all", language), 14), fontsize=7)
            previous[0].tick_params(labelbottom=True)
            previous[1].tick_params(labelbottom=True)
            previous = None
            continue
        title, bars = block
        # Panels share limits, not axes: matplotlib lays out shared axes' ticks for every sibling (quadratic).
        ax, ax_other = fig.add_subplot(grid[row, 0]), fig.add_subplot(grid[row, 1])
        others.append(ax_other)
        _draw_bars(ax, ax_other, bars, scale)
        for axis in (ax, ax_other):
            axis.tick_params(labelbottom=False)
        if title:
            ax.set_title(title, loc="left", fontweight="bold")
        if previous is None:  # the first panel of a section names the non-answers
            other_title = word("no_answer", language)
            if scale.dont_know:
                other_title = f"{_dont_know_label(scale, language)} /\n{other_title}"
            ax_other.set_title(other_title, fontsize=7)
        previous = (ax, ax_other)
    for ax_other in others:
        ax_other.set_xlim(0, max(20, 10 * np.ceil(other_max / 10)))  # small shares stay visible
    return fig


@styled
def likert_distribution(freq: pd.DataFrame, book: Codebook, language: str) -> Figure:
    """One diverging bar per item from `answers.frequencies`: valid answers as percent of valid answers,
    centred on the scale midpoint; don't know and other non-answers beside it as percent of all respondents.
    Tick labels carry the item's valid N. Items on different scales get one section (and legend) per scale."""
    def bar(item: Item) -> Bar:
        rows = freq[freq["item"] == item.column]
        if rows["count"].isna().any():  # hidden by disclosure control: the marker instead of the bar
            return _hidden_bar(item, language)
        coded = rows[rows["status"] != "blank"]
        return _bar(item, dict(zip(coded["code"].astype(int), coded["count"], strict=True)),
                    int(rows["count"].sum()), language)

    sections = [(scale, [(None, [bar(item) for item in items])]) for scale, items in _scale_groups(book)]
    fig = _distribution_figure(sections, language)
    if any(bar.hidden for _, blocks in sections for _, bars in blocks for bar in bars):
        fig.supxlabel(wrap(word("hidden_level", language), 110), fontsize=7, x=0.02, ha="left")
    return fig


@styled
def likert_by_factor(freq: pd.DataFrame, book: Codebook, factor: str, language: str, min_cell: int) -> Figure:
    """`likert_distribution` with one panel per level of `factor`, from `answers.frequencies_by_factor` as
    protected: a level whose counts are hidden for every item is left out (named in the note); within a shown
    panel an item's row shows the marker where the level's counts for that item are hidden."""
    spec = book.factor(factor)
    freq = freq[freq["factor"] == factor]
    levels = {}  # code -> {item: (count of each answered code, respondents) or None when hidden}
    for (code, column), rows in freq.groupby(["group", "item"], sort=False):
        if rows["count"].isna().any():
            levels.setdefault(int(code), {})[column] = None
            continue
        coded = rows[rows["status"] != "blank"]
        levels.setdefault(int(code), {})[column] = (
            dict(zip(coded["code"].astype(int), coded["count"].astype(int), strict=True)), int(rows["count"].sum()))
    sizes = {code: next((entry[1] for entry in by_item.values() if entry), None) for code, by_item in levels.items()}
    omitted = [code for code in spec.codes if code in levels and sizes[code] is None]
    shown = [code for code in spec.codes if sizes.get(code)]
    sections = []
    for scale, items in _scale_groups(book):
        blocks = [(f"{spec.level_label(code, language)} (n={sizes[code]})", []) for code in shown]
        for item in items:
            for code, (_, bars) in zip(shown, blocks, strict=True):
                entry = levels[code].get(item.column)
                bars.append(_bar(item, *entry, language) if entry else _hidden_bar(item, language))
        sections.append((scale, blocks))
    fig = _distribution_figure(sections, language) if shown else Figure(figsize=(WIDTH, 1), layout="constrained")
    fig.suptitle(text(spec.label, language), fontweight="bold", x=0.02, ha="left")
    notes = []
    if omitted:
        labels = ", ".join(spec.level_label(code, language) for code in omitted)
        notes.append(word("omitted_levels", language).format(min_cell=min_cell, levels=labels))
    if any(bar.hidden for _, blocks in sections for _, bars in blocks for bar in bars):
        notes.append(word("hidden_level", language))
    if notes:
        fig.supxlabel("\n".join(wrap(note, 110) for note in notes), fontsize=7, x=0.02, ha="left")
    return fig
