"""Figures of answer distributions: diverging stacked bars per item, overall and by a grouping factor, drawn
from the protected frequency tables. A figure is a list of pages (`pages.Distribution` cuts them)."""

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
from likertpipe.figures.pages import EM, GROUP_WIDTH, HEADING_WIDTH, WIDTH, Distribution, wrap
from likertpipe.figures.style import DEFAULT, Options, ink, legend_columns, row_major, styled
from likertpipe.i18n import word
from likertpipe.protect import MARKER

# The middle level is the lightest grey, inside the bar; the non-answers, beside the bars, are dark (don't know)
# and hatched mid grey (no answer), so that none of the three is taken for another.
NEUTRAL_COLOUR = "#e3e3e3"
DONT_KNOW_COLOUR = "#4d4d4d"
NO_ANSWER_COLOUR = "#a6a6a6"
NO_ANSWER_HATCH = "/////"
BAR_HEIGHT = 0.72
SEGMENT_FONT = 7  # pt of a segment's percent
TOTAL_FONT = 6.5  # pt of the totals at the bars' ends
RATIOS = {"bars": 4.2, "neutral": 0.75, "other": 1.0}  # widths of a section's panels


def diverging_colours(k: int, options: Options = DEFAULT) -> list:
    """k colours of the diverging palette (default ColorBrewer's RdBu, colour-blind safe: lowest level red,
    highest blue); a middle level is light grey so it stays visible on white."""
    cmap = matplotlib.colormaps[options.palette + ("_r" if options.reverse_palette else "")]
    colours = [cmap(x) for x in np.linspace(0.1, 0.9, k)]
    if k % 2:
        colours[k // 2] = matplotlib.colors.to_rgba(NEUTRAL_COLOUR)
    return colours


@dataclass(frozen=True)
class Bar:
    """One bar: its label (wrapped, with the valid N), valid answers per scale level in percent of valid
    answers, don't know and other non-answers in percent of all respondents; `hidden` bars show the disclosure
    marker."""

    label: str
    shares: np.ndarray
    dont_know: float = 0.0
    no_answer: float = 0.0
    hidden: bool = False


def _bar(label: str, scale: Scale, count_of: dict[int, int] | None, total: int = 0) -> Bar:
    """A bar from its respondents per answered code (`answers.code_counts`) among `total` respondents; None:
    hidden by disclosure control (no shares, so it adds nothing to the non-answers' axis either)."""
    if count_of is None:
        return Bar(f"{label} (N={MARKER})", np.zeros(len(scale.codes)), hidden=True)
    valid = np.array([count_of.get(code, 0) for code in scale.codes], dtype=float)
    status = answers.status_counts(count_of, scale, total)
    shares = 100 * valid / status.valid if status.valid else np.zeros(len(valid))
    return Bar(f"{label} (N={status.valid})", shares, 100 * status.dont_know / total,
               100 * (status.declared_missing + status.blank) / total)


def _agreement(bars: list[Bar], scale: Scale) -> float:
    """The mean percent in the agree levels over the shown bars (sorting key; hidden bars last)."""
    top = [scale.codes.index(code) for code in scale.agree_codes]
    shown = [b.shares[top].sum() for b in bars if not b.hidden]
    return float(np.mean(shown)) if shown else -1.0


def _dont_know_label(scale: Scale, language: str) -> str:
    return text(scale.dont_know[0].label, language) if len(scale.dont_know) == 1 else word("dont_know", language)


def _bars(y: np.ndarray, left: np.ndarray, width: np.ndarray, colour, hatch: str | None = None) -> PolyCollection:
    """Horizontal bars of one colour as one collection (barh's patch per bar is far slower to build and
    draw when a figure holds thousands of segments); empty segments are left out."""
    drawn = width > 0
    y, left, right = y[drawn], left[drawn], (left + width)[drawn]
    low, high = y - BAR_HEIGHT / 2, y + BAR_HEIGHT / 2
    corners = np.stack([np.column_stack(corner) for corner in ((left, low), (right, low), (right, high),
                                                                (left, high))], axis=1)
    return PolyCollection(corners, facecolors=[colour], linewidths=0, hatch=hatch,
                          edgecolors="white" if hatch else "none")


@dataclass(frozen=True)
class _Geometry:
    """What a page's panels need to know up front: the bars' axis range and its width in inches (to label only
    the segments whose percent fits), and the non-answers' axis range."""

    limit: float  # the bars' axis runs from -limit to limit percent
    inches_per_percent: float
    neutral_inches_per_percent: float  # the neutral panel runs from 0 to 100 percent
    other_max: float


def _fits(share: float, label: str, inches_per_percent: float) -> bool:
    """Whether a segment's percent fits inside it, with a little air."""
    return share * inches_per_percent >= len(label) * EM * SEGMENT_FONT / 7.5 + 0.04


def _draw(axes: dict, blocks: list[Block], scale: Scale, options: Options, geometry: _Geometry) -> None:
    """One bar per row, top down, each block's heading (bold, by factor) in the rows above its bars: valid
    answers centred on the scale midpoint (a middle level split half to each side, or in the neutral panel) in
    axes["bars"]; don't know and no answer side by side in axes["other"]. One set of panels for all blocks:
    a panel per block costs a layout and a drawing of its axes each."""
    k = len(scale.levels)
    colours = diverging_colours(k, options)
    separate = k % 2 == 1 and "neutral" in axes
    ax = axes["bars"]
    bars, positions, top = [], [], 0.0
    for heading, block, rows in blocks:
        if heading:
            # from the page's left edge, above the labels too: out of the layout, which would make room for it
            # on white: the axes' spine and zero line cross the heading's row
            ax.text(0.02, top - 0.45, heading, ha="left", va="top", fontweight="bold", fontsize=7.5,
                    transform=blended_transform_factory(ax.get_figure(root=True).transFigure, ax.transData),
                    in_layout=False, zorder=4, bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5})
            top -= rows
        bars += block
        positions += [top - 0.5 - r for r in range(len(block))]
        top -= len(block)
    ypos = np.array(positions)
    shown = [b for b in bars if not b.hidden]
    y = ypos[[not b.hidden for b in bars]]
    for hidden_y in ypos[[b.hidden for b in bars]]:
        ax.text(0, hidden_y, MARKER, ha="center", va="center", fontweight="bold",
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
    shares = np.array([b.shares for b in shown]).reshape(len(shown), k)
    half = k // 2
    middle = shares[:, half] if k % 2 else np.zeros(len(shown))
    left = -shares[:, :half].sum(axis=1) - (0 if separate else middle / 2)
    start = left.copy()
    for level, (pct, colour) in enumerate(zip(shares.T, colours, strict=True)):
        target = axes["neutral"] if separate and level == half else ax
        base = np.zeros(len(shown)) if target is not ax else left
        target.add_collection(_bars(y, base, pct, colour), autolim=False)
        for row in np.flatnonzero(pct >= options.label_threshold):
            label = f"{pct[row]:.0f}"
            scale_inches = geometry.inches_per_percent if target is ax else geometry.neutral_inches_per_percent
            if _fits(pct[row], label, scale_inches):
                target.text(base[row] + pct[row] / 2, y[row], label, ha="center", va="center",
                            fontsize=SEGMENT_FONT, color=ink(colour))
        if target is ax:
            left = left + pct
    if options.totals and k > 1:
        low, high = shares[:, :half].sum(axis=1), shares[:, k - half:].sum(axis=1)
        for row in range(len(shown)):
            ax.annotate(f"{low[row]:.0f}", (start[row], y[row]), xytext=(-2, 0), textcoords="offset points",
                        ha="right", va="center", fontsize=TOTAL_FONT, color="#333333")
            ax.annotate(f"{high[row]:.0f}", (left[row], y[row]), xytext=(2, 0), textcoords="offset points",
                        ha="left", va="center", fontsize=TOTAL_FONT, color="#333333")
    other = axes["other"]
    dont_know = np.array([b.dont_know for b in shown])
    other.add_collection(_bars(y, np.zeros(len(shown)), dont_know, DONT_KNOW_COLOUR), autolim=False)
    no_answer = np.array([b.no_answer for b in shown])
    other.add_collection(_bars(y, dont_know, no_answer, NO_ANSWER_COLOUR, NO_ANSWER_HATCH), autolim=False)
    ax.axvline(0, color="black", linewidth=0.6, zorder=0.5)  # behind the bars and labels
    ticks = np.arange(-100, 101, 50)
    ax.set_xlim(-geometry.limit, geometry.limit)
    ax.set_xticks(ticks, [str(abs(t)) for t in ticks])
    other.set_xlim(0, geometry.other_max)
    if "neutral" in axes:
        axes["neutral"].set_xlim(0, 100)
        axes["neutral"].set_xticks([0, 50, 100])
    for panel in axes.values():
        panel.set_ylim(top - 0.1, 0.1)
        panel.tick_params(axis="y", length=0)
        if panel is not ax:
            panel.set_yticks([])
    ax.set_yticks(ypos, [b.label for b in bars])


def _legend_handles(scale: Scale, language: str, options: Options) -> list:
    """Every level of the scale, answered or not, then don't know (if the scale has it) and no answer."""
    handles = [Patch(facecolor=c, label=text(lv.label, language))
               for lv, c in zip(scale.levels, diverging_colours(len(scale.levels), options), strict=True)]
    if scale.dont_know:
        handles.append(Patch(facecolor=DONT_KNOW_COLOUR, label=_dont_know_label(scale, language)))
    return handles + [Patch(facecolor=NO_ANSWER_COLOUR, hatch=NO_ANSWER_HATCH, edgecolor="white",
                            label=word("no_answer", language))]


# A block: its heading (or None) and the rows it takes, in bars; a section: a scale and its blocks.
Block = tuple[str | None, list[Bar], float]
Section = tuple[Scale, list[Block]]


def _page(sections: list[Section], size: Distribution, items: list[Item], language: str, options: Options,
          other_max: float) -> Figure:
    """One page: per scale its blocks (a heading each, by factor) on one grid, so bars line up across scales,
    then the scale's legend."""
    separate = options.neutral == "separate" and any(len(scale.levels) % 2 for scale, _ in sections)
    columns = ["bars", "neutral", "other"] if separate else ["bars", "other"]
    row = size.row(language)
    layout = []  # (scale, blocks or None for the legend, inner height in inches)
    for scale, blocks in sections:
        layout.append((scale, blocks, row * sum(len(bars) + rows for _, bars, rows in blocks)))
        handles = _legend_handles(scale, language, options)
        legend_rows = -(-len(handles) // legend_columns(handles, WIDTH, len(scale.levels)))
        layout.append((scale, None, 0.1 + 0.17 * legend_rows))
    fig = Figure(figsize=(WIDTH, size.height(items, language)), layout="constrained")
    grid = fig.add_gridspec(len(layout), len(columns), width_ratios=[RATIOS[c] for c in columns],
                            height_ratios=[h for _, _, h in layout])
    limit = 125 if options.totals else 100  # room for the totals beyond a bar reaching 100
    inches = (WIDTH - size.label_inches(language) - 0.2) / sum(RATIOS[c] for c in columns)
    geometry = _Geometry(limit, inches * RATIOS["bars"] / (2 * limit), inches * RATIOS["neutral"] / 100,
                         max(20, 10 * np.ceil(other_max / 10)))
    for number, (scale, blocks, _) in enumerate(layout):
        if blocks is None:  # the scale's legend, under its panels
            _legend(fig, fig.add_subplot(grid[number, :]), scale, language, options)
            continue
        # Panels share limits, not axes: matplotlib lays out shared axes' ticks for every sibling (quadratic).
        axes = {column: fig.add_subplot(grid[number, c]) for c, column in enumerate(columns)}
        _draw(axes, blocks, scale, options, geometry)
        _axis_labels(axes, scale, language)
    return fig


def _legend(fig: Figure, legend_axes, scale: Scale, language: str, options: Options) -> None:
    legend_axes.axis("off")
    handles = _legend_handles(scale, language, options)
    ncol = legend_columns(handles, WIDTH, len(scale.levels))
    # centred on the figure, not the grid (which starts after the item labels); its row holds its height
    centre = blended_transform_factory(fig.transFigure, legend_axes.transAxes)
    legend = legend_axes.legend(handles=row_major(handles, ncol), ncol=ncol, loc="center", frameon=False,
                                handlelength=1.2, columnspacing=1.2, bbox_to_anchor=(0.5, 0.5), bbox_transform=centre)
    legend.set_in_layout(False)


def _axis_labels(axes: dict, scale: Scale, language: str) -> None:
    """The x axes of a section's last panels: tick labels and what the percent is of."""
    axes["bars"].set_xlabel(word("percent_of_valid", language))
    other = word("no_answer", language)
    if scale.dont_know:
        other = f"{_dont_know_label(scale, language)} / {other}"
    axes["other"].set_xlabel(wrap(f"{other}: {word('percent_of_all', language).lower()}", 18), fontsize=7)
    if "neutral" in axes:
        axes["neutral"].set_xlabel(wrap(word("neutral", language), 12), fontsize=7)


def _pages(bars: dict[str, list[Bar]], headings: dict[str, str] | None, size: Distribution, language: str,
           options: Options) -> list[Figure]:
    """The pages of one bar list per item (`bars`, by item column; a heading each by factor), sorted as the
    options say within each scale, cut as the codebook's items are for every level (so that the pages are the
    ones named before the run), each page as tall as its drawn levels need."""
    items = size.items
    if options.sort == "agreement":
        scales = list(dict.fromkeys(item.scale.name for item in items))
        items = sorted(items, key=lambda i: (scales.index(i.scale.name), -_agreement(bars[i.column], i.scale)))
    other_max = max((b.dont_know + b.no_answer for column in bars for b in bars[column]), default=0)
    figures = []
    for page in Distribution(size.book, size.factor).pages(language):
        on_page = [items[i] for i in page]
        scales = {item.scale.name: item.scale for item in on_page}
        row = size.row(language)
        sections = [(scale, [(headings[i.column], bars[i.column], size.heading(i, language) / row) if headings
                             else (None, bars[i.column], 0) for i in on_page if i.scale.name == name])
                    for name, scale in scales.items()]
        figures.append(_page(sections, size, on_page, language, options, other_max))
    return figures


def _notes(fig: Figure, notes: list[str]) -> None:
    if notes:
        fig.supxlabel("\n".join(wrap(note, 120) for note in notes), fontsize=7, x=0.02, ha="left")


@styled
def likert_distribution(freq: pd.DataFrame, book: Codebook, language: str, options: Options = DEFAULT
                        ) -> list[Figure]:
    """One diverging bar per item from `answers.frequencies`: valid answers as percent of valid answers,
    centred on the scale midpoint; don't know and other non-answers beside it as percent of all respondents.
    Tick labels carry the item's valid N. Items on different scales get one section (and legend) per scale."""
    bars = {}
    for item in book.items:
        rows = freq[freq["item"] == item.column]
        label = wrap(f"{item.column} {text(item.label, language)}")
        if rows["count"].isna().any():  # hidden by disclosure control: the marker instead of the bar
            bars[item.column] = [_bar(label, item.scale, None)]
            continue
        coded = rows[rows["status"] != "blank"]
        bars[item.column] = [_bar(label, item.scale, dict(zip(coded["code"].astype(int), coded["count"],
                                                              strict=True)), int(rows["count"].sum()))]
    figures = _pages(bars, None, Distribution(book), language, options)
    if any(b.hidden for column in bars for b in bars[column]):
        for fig in figures:
            _notes(fig, [word("hidden_level", language)])
    return figures


@styled
def likert_by_factor(freq: pd.DataFrame, book: Codebook, factor: str, language: str, min_cell: int,
                     options: Options = DEFAULT) -> list[Figure]:
    """Per item a block with one bar per level of `factor`, from `answers.frequencies_by_factor` as protected,
    so that the levels are compared on one axis. A level whose counts are hidden for every item is left out
    (named in the note); a bar shows the marker where the level's counts for that item are hidden. With every
    level left out no bars are drawn: each page says so."""
    spec = book.factor(factor)
    freq = freq[freq["factor"] == factor]
    counts = {}  # (level code, item) -> (count of each answered code, respondents), or None when hidden
    for (code, column), rows in freq.groupby(["group", "item"], sort=False):
        coded = rows[rows["status"] != "blank"]
        counts[int(code), column] = None if rows["count"].isna().any() else (
            dict(zip(coded["code"].astype(int), coded["count"].astype(int), strict=True)), int(rows["count"].sum()))
    sizes = {code: next((entry[1] for (c, _), entry in counts.items() if c == code and entry), None)
             for code in spec.codes}
    omitted = [code for code in spec.codes if any(c == code for c, _ in counts) and sizes[code] is None]
    shown = tuple(code for code in spec.codes if sizes[code])
    size = Distribution(book, factor, shown)
    notes = []
    if omitted:
        labels = ", ".join(spec.level_label(code, language) for code in omitted)
        notes.append(word("omitted_levels", language).format(min_cell=min_cell, levels=labels))
    if not shown:
        return [_nothing_shown(text(spec.label, language), notes, language)
                for _ in Distribution(book, factor).pages(language)]
    bars = {item.column: [_bar(wrap(spec.level_label(code, language), GROUP_WIDTH), item.scale,
                               *(counts.get((code, item.column)) or (None,))) for code in shown]
            for item in book.items}
    headings = {item.column: wrap(f"{item.column} {text(item.label, language)}", HEADING_WIDTH) for item in book.items}
    figures = _pages(bars, headings, size, language, options)
    if any(b.hidden for column in bars for b in bars[column]):
        notes.append(word("hidden_level", language))
    for fig in figures:
        fig.suptitle(text(spec.label, language), fontweight="bold", x=0.02, ha="left")
        _notes(fig, notes)
    return figures


def _nothing_shown(title: str, notes: list[str], language: str) -> Figure:
    """A small page in place of a figure with nothing to show (the workflow expects its file)."""
    fig = Figure(figsize=(WIDTH, 1.2), layout="constrained")
    fig.suptitle(title, fontweight="bold", x=0.02, ha="left")
    fig.text(0.02, 0.5, "\n".join(wrap(note, 120) for note in [word("nothing_shown", language), *notes]),
             fontsize=7.5, va="center")
    return fig
