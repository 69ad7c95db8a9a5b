"""Figures: the diverging stacked bar chart of answer distributions, saved reproducibly."""

from __future__ import annotations

import textwrap
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from likertpipe.codebook import Codebook, text  # noqa: E402
from likertpipe.i18n import word  # noqa: E402

MIN_LABELLED_PERCENT = 8  # segments narrower than this carry no percent label
NEUTRAL_COLOUR = "#d9d9d9"
DONT_KNOW_COLOUR = "#616161"
NO_ANSWER_COLOUR = "#b0b0b0"


def _diverging_colours(k: int) -> list:
    """k colours from ColorBrewer's RdBu (colour-blind safe), disagree red, agree blue; a middle level is
    light grey so it stays visible on white."""
    colours = [plt.get_cmap("RdBu")(x) for x in np.linspace(0.1, 0.9, k)]
    if k % 2:
        colours[k // 2] = matplotlib.colors.to_rgba(NEUTRAL_COLOUR)
    return colours


def likert_distribution(freq: pd.DataFrame, codebook: Codebook, language: str) -> plt.Figure:
    """One diverging bar per item: valid answers as percent of valid answers, centred on the scale midpoint
    (a middle level is split half to each side); don't know and other non-answers in a separate panel as
    percent of all respondents. Tick labels carry the item's valid N."""
    items = list(codebook.items)
    n_levels = max(len(item.scale.levels) for item in items)
    height = 1.0 + 0.55 * len(items)
    fig, (ax, ax_dk) = plt.subplots(1, 2, figsize=(10, height), sharey=True, layout="constrained",
                                    gridspec_kw={"width_ratios": [5, 1]})
    ypos = np.arange(len(items))[::-1]
    legend: dict[str, object] = {}
    for y, item in zip(ypos, items, strict=True):
        rows = freq[freq["item"] == item.column]
        valid = rows[rows["status"] == "valid"]
        share = valid["valid_percent"].fillna(0).to_numpy()
        k = len(share)
        colours = _diverging_colours(k)
        half = k / 2
        left = -share[: int(half)].sum() - (share[int(half)] / 2 if k % 2 else 0)
        for level, pct, colour in zip(valid["level"], share, colours, strict=True):
            bar = ax.barh(y, pct, left=left, color=colour, edgecolor="white", height=0.7)
            legend.setdefault(level, bar)
            if pct >= MIN_LABELLED_PERCENT:
                luminance = np.dot(colour[:3], [0.299, 0.587, 0.114])
                ax.text(left + pct / 2, y, f"{pct:.0f}", ha="center", va="center", fontsize=8,
                        color="black" if luminance > 0.5 else "white")
            left += pct
        other = rows[rows["status"] != "valid"]
        dont_know = other.loc[other["status"] == "dont_know", "percent"].sum()
        legend_dk = ax_dk.barh(y, dont_know, color=DONT_KNOW_COLOUR, height=0.7)
        legend_na = ax_dk.barh(y, other["percent"].sum() - dont_know, left=dont_know, color=NO_ANSWER_COLOUR,
                               height=0.7)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlim(-100, 100)
    ax.set_xticks(np.arange(-100, 101, 25), [f"{abs(t)}" for t in np.arange(-100, 101, 25)])
    ax.set_xlabel(word("percent_of_valid", language))
    labels = []
    for item in items:
        n_valid = int(freq.loc[(freq["item"] == item.column) & (freq["status"] == "valid"), "count"].sum())
        wrapped = textwrap.fill(f"{item.column} {text(item.label, language)}", 45)
        labels.append(f"{wrapped} (N={n_valid})")
    ax.set_yticks(ypos, labels, fontsize=8)
    other_max = freq.loc[freq["status"] != "valid"].groupby("item")["percent"].sum().max()
    ax_dk.set_xlim(0, max(20, 10 * np.ceil(other_max / 10)))  # small shares stay visible
    ax_dk.set_xlabel(word("percent_of_all", language), fontsize=8)
    scale = items[0].scale
    dk_label = text(scale.dont_know[0].label, language) if scale.dont_know else word("dont_know", language)
    ax_dk.set_title(f"{dk_label} / {word('no_answer', language)}", fontsize=8)
    legend[dk_label] = legend_dk
    legend[word("no_answer", language)] = legend_na
    fig.legend(legend.values(), legend.keys(), ncol=min(n_levels + 2, 4), fontsize=8, frameon=False,
              loc="outside lower center")
    for axis in (ax, ax_dk):
        axis.spines[["top", "right"]].set_visible(False)
    return fig


def save_figure(fig: plt.Figure, path: str | Path) -> None:
    """Save with no dates or random ids, so the same figure gives the same bytes (PNG 300 dpi, SVG, PDF)."""
    path = Path(path)
    metadata = {".pdf": {"CreationDate": None, "ModDate": None}, ".svg": {"Date": None}}.get(path.suffix, None)
    with plt.rc_context({"svg.hashsalt": "likertpipe", "svg.fonttype": "path"}):
        fig.savefig(path, dpi=300, metadata=metadata, bbox_inches="tight")
