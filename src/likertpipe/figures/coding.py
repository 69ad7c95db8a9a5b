"""Figure of the open-text coding: statements per theme, grouped by dimension."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from likertpipe.figures.pages import LINE, MAX_HEIGHT, WIDTH, wrap
from likertpipe.figures.style import QUALITATIVE, styled
from likertpipe.i18n import word

ROW = 0.2  # inches per one-line bar


@styled
def coding_tally(tally: pd.DataFrame, language: str) -> list[Figure]:
    """Statements per theme as horizontal bars, grouped under their dimension (a bold heading with the
    dimension's total), dimensions and themes by count, most first (ties by name); respondents in parentheses.
    One page: the themes come from the coding sheet, unknown when the workflow names its files, so the page
    holds as many as fit, most statements first, and a note counts the rest (all are in the table)."""
    themes = tally[tally["level"] == "theme"]
    totals = tally[tally["level"] == "dimension"].set_index("dimension")["statements"]
    dimensions = sorted(totals.index, key=lambda d: (-totals[d], d))
    rows = []  # (dimension number, label, statements, respondents or None for a heading)
    for d, dimension in enumerate(dimensions):
        rows.append((d, wrap(f"{dimension} ({totals[dimension]})", 40), None, None))
        ordered = themes[themes["dimension"] == dimension].sort_values(["statements", "theme"],
                                                                     ascending=[False, True])
        rows += [(d, wrap(row.theme, 40), row.statements, row.respondents) for row in ordered.itertuples()]
    budget, used, kept = MAX_HEIGHT - 1.0, 0.0, []
    for row in rows:
        used += ROW + LINE * row[1].count("\n") + (0.06 if row[3] is None else 0)
        if used > budget:
            break
        kept.append(row)
    while kept and kept[-1][3] is None:  # no heading without a theme under it
        kept.pop()
    left_out = sum(1 for row in rows[len(kept):] if row[3] is not None)
    fig = Figure(figsize=(WIDTH, min(budget, used) + 0.8 + 0.15 * bool(left_out)), layout="constrained")
    ax = fig.add_subplot()
    y, ticks = 0.0, []
    for d, label, statements, respondents in kept:
        if statements is None and ticks:
            y -= 0.3
        ticks.append((y, label, statements is None))
        if statements is not None:
            ax.barh(y, statements, color=QUALITATIVE[d % len(QUALITATIVE)], height=0.75)
            ax.annotate(f"{statements} ({respondents})", (statements, y), xytext=(3, 0), textcoords="offset points",
                        va="center", fontsize=7)
        y -= 1 + 0.6 * label.count("\n")
    ax.set_yticks([t for t, _, _ in ticks], [label for _, label, _ in ticks])
    for label, (_, _, heading) in zip(ax.get_yticklabels(), ticks, strict=True):
        label.set_fontweight("bold" if heading else "normal")
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(y + 0.5, 0.7)
    ax.margins(x=0.12)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel(word("statements", language))
    if left_out:
        fig.supxlabel(word("more_themes", language).format(count=left_out), fontsize=7, x=0.02, ha="left")
    return [fig]
