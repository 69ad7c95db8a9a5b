"""Figure of the yes/no questions: the share answering yes, with its interval."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from likertpipe.codebook import Codebook
from likertpipe.figures.pages import WIDTH, YES_NO_LABEL_WIDTH, wrap, yes_no_height, yes_no_pages
from likertpipe.figures.style import QUALITATIVE, axis_numbers, styled
from likertpipe.formatting import format_value
from likertpipe.i18n import percent, word
from likertpipe.protect import MARKER


@styled
def yes_no_figure(table: pd.DataFrame, book: Codebook, language: str) -> list[Figure]:
    """Per yes/no question (codebook order, pages of `pages.yes_no_pages`), the percent of valid answers that
    are yes among all respondents as a bar with its 95% Wilson interval and the percent and n at its end; a
    question whose share is hidden shows the marker. From `yes_no.csv` (labelled); its breakdown by factor is in
    the table."""
    overall = table[table["factor"].isna() | (table["factor"] == "")].set_index("variable")
    figures = []
    for span in yes_no_pages(book, language):
        questions = [book.yes_no[i].column for i in span]
        labels = [wrap(str(overall.loc[q, "label"]), YES_NO_LABEL_WIDTH) for q in questions]
        fig = Figure(figsize=(WIDTH, yes_no_height(book, language, span)), layout="constrained")
        ax = fig.add_subplot()
        y = list(range(len(questions)))[::-1]
        for row, question in zip(y, questions, strict=True):
            share = overall.loc[question, "percent_yes"]
            if pd.isna(share):
                ax.annotate(MARKER, (0, row), xytext=(3, 0), textcoords="offset points", va="center",
                            fontweight="bold")
                continue
            low, high = overall.loc[question, "ci_low"], overall.loc[question, "ci_high"]
            ax.barh(row, share, color=QUALITATIVE[5], height=0.6)
            ax.errorbar(share, row, xerr=[[share - low], [high - share]], color="black", capsize=2, lw=0.8)
            text = f"{percent(format_value(share, 'percent', language), language)} " \
                   f"(n = {format_value(overall.loc[question, 'n'], 'n', language)})"
            ax.annotate(text, (high, row), xytext=(4, 0), textcoords="offset points", va="center", fontsize=7)
        ax.set_yticks(y, labels)
        ax.tick_params(axis="y", length=0)
        ax.set_xlim(0, 118)
        ax.set_xticks(range(0, 101, 20))
        ax.spines["bottom"].set_bounds(0, 100)
        axis_numbers(ax.xaxis, language)
        ax.set_xlabel(word("percent_yes", language))
        ax.set_ylim(-0.6, len(questions) - 0.4)
        figures.append(fig)
    return figures
