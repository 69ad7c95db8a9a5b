"""Figure of the open-text coding: statements per theme, grouped by dimension."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from likertpipe.figures.style import (
    QUALITATIVE,
    WIDTH,
    styled,
    wrap,
)
from likertpipe.i18n import word


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
