"""The house style all figures share: print size and fonts, palettes, numbers and words in the figure's
language, legends read row by row.

Figures are built on `matplotlib.figure.Figure` without pyplot: no global figure registry, a faster import.
"""

from __future__ import annotations

import functools
import textwrap

import matplotlib
import numpy as np
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import text_to_path

from likertpipe.formatting import number

WIDTH = 7.0  # inches: the full text width of a journal page, so 8 pt text prints at 8 pt
STYLE = {
    "font.family": "DejaVu Sans",  # ships with matplotlib, has æøå and the minus sign
    "font.size": 8,
    "axes.titlesize": 8,
    "axes.labelsize": 8,
    "xtick.labelsize": 7.5,
    "ytick.labelsize": 7.5,
    "legend.fontsize": 7.5,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.hashsalt": "likertpipe",
    "svg.fonttype": "path",
    "pdf.fonttype": 42,  # TrueType: text stays text, as journals ask
}
# Okabe & Ito's qualitative palette (colour-blind safe); black is kept for totals.
QUALITATIVE = ("#E69F00", "#56B4E9", "#009E73", "#D55E00", "#CC79A7", "#0072B2", "#F0E442", "#999999")


def axis_numbers(axis, language: str) -> None:
    """Tick labels of `axis` (e.g. ax.yaxis) with the language's decimal mark."""
    axis.set_major_formatter(lambda value, _: number(round(value, 10), None, language))


def styled(draw):
    """Run a figure function under the house style (rc settings are read when artists are created)."""

    @functools.wraps(draw)
    def wrapper(*args, **kwargs):
        with matplotlib.rc_context(STYLE):
            return draw(*args, **kwargs)

    return wrapper


def wrap(label: str, width: int = 42) -> str:
    return textwrap.fill(label, width)


def row_major(handles: list, ncol: int) -> list:
    """Reorder legend entries so that matplotlib's column-by-column filling reads row by row."""
    rows = -(-len(handles) // ncol)
    return [handles[r * ncol + c] for c in range(ncol) for r in range(rows) if r * ncol + c < len(handles)]


def _legend_fits(labels: list[str], ncol: int, width: float) -> bool:
    """Whether a row-by-row legend of `ncol` columns fits across `width` inches (label widths measured in the
    legend font, plus handle and spacing)."""
    font = FontProperties(family=STYLE["font.family"], size=STYLE["legend.fontsize"])
    sizes = [text_to_path.get_text_width_height_descent(label, font, ismath=False)[0] + 26 for label in labels]
    return sum(max(sizes[c::ncol]) for c in range(ncol)) <= 0.95 * width * 72


def legend_columns(handles: list, width: float, first_row: int | None = None) -> int:
    """The first `first_row` entries on one row when they fit across `width` inches, else as many columns
    as fit."""
    labels = [h.get_label() for h in handles]
    if first_row and _legend_fits(labels, first_row, width):
        return first_row
    return next((n for n in range(len(labels), 1, -1) if _legend_fits(labels, n, width)), 1)


def add_legend(parent, handles: list, title: str | None = None) -> None:
    """A legend below `parent` (a figure or subfigure), read row by row."""
    ncol = legend_columns(handles, parent.get_figure(root=True).get_figwidth())
    parent.legend(handles=row_major(handles, ncol), ncol=ncol, loc="outside lower center", frameon=False,
                  handlelength=1.2, columnspacing=1.2, title=title, title_fontsize=STYLE["legend.fontsize"])


def ink(colour) -> str:
    """Black or white, whichever reads better on `colour`."""
    return "black" if np.dot(matplotlib.colors.to_rgb(colour), [0.299, 0.587, 0.114]) > 0.5 else "white"
