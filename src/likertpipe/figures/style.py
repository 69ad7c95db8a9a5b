"""The house style all figures share: fonts, palettes, the figure options, numbers and words in the figure's
language, legends read row by row.

Figures are built on `matplotlib.figure.Figure` without pyplot: no global figure registry, a faster import.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import matplotlib
import numpy as np

from likertpipe.figures.pages import legend_rows
from likertpipe.formatting import number

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
# ColorBrewer's diverging palettes (the colour-blind safe ones first); the `palette` option picks one.
PALETTES = ("RdBu", "PuOr", "BrBG", "PiYG", "PRGn", "RdYlBu")
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


@dataclass(frozen=True)
class Options:
    """The figure options of the config (`figures`; workflow/schemas/config.schema.yaml documents each)."""

    sort: str = "codebook"  # items in codebook order, or "agreement": most agreement first (within a scale)
    palette: str = "RdBu"  # one of PALETTES: its first colour for the lowest level
    reverse_palette: bool = False  # the palette's last colour for the lowest level
    neutral: str = "centred"  # a middle level centred on 0, or "separate": in a panel of its own
    totals: bool = True  # the percent below and above the middle at the bars' ends
    label_threshold: float = 5  # percent: narrower segments carry no label (nor those their label would overflow)

    @classmethod
    def of(cls, config: dict | None) -> Options:
        return cls(**(config or {}))


DEFAULT = Options()


def row_major(handles: list, ncol: int) -> list:
    """Reorder legend entries so that matplotlib's column-by-column filling reads row by row."""
    rows = -(-len(handles) // ncol)
    return [handles[r * ncol + c] for c in range(ncol) for r in range(rows) if r * ncol + c < len(handles)]


def legend_columns(handles: list, width: float, first_row: int | None = None) -> int:
    """The first `first_row` entries on one row when they fit across `width` inches, else as many columns
    as fit (`pages.legend_rows`: the rows the page's height was computed for)."""
    return legend_rows([h.get_label() for h in handles], first_row, width)[0]


def add_legend(parent, handles: list, title: str | None = None) -> None:
    """A legend below `parent` (a figure or subfigure), read row by row."""
    ncol = legend_columns(handles, parent.get_figure(root=True).get_figwidth())
    parent.legend(handles=row_major(handles, ncol), ncol=ncol, loc="outside lower center", frameon=False,
                  handlelength=1.2, columnspacing=1.2, title=title, title_fontsize=STYLE["legend.fontsize"])


def ink(colour) -> str:
    """Black or white, whichever reads better on `colour`."""
    return "black" if np.dot(matplotlib.colors.to_rgb(colour), [0.299, 0.587, 0.114]) > 0.5 else "white"
