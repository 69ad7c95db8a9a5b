"""How big a figure is and how it splits into pages, from the codebook alone (the forest plot's from the config's
`models:` too): the workflow names every page's file before the run (`page_names`), and each figure module draws
the pages `layout` gives it.

Sizes are computed up front, in inches, from the labels' wrapped lines and the number of rows, so that a figure
is laid out once. A page is at most WIDTH wide (A4 and Letter text width) and MAX_HEIGHT tall; a battery too
large for one page is split into pages of about equal size, never squashed. No matplotlib here: the workflow
imports this module when it builds its list of jobs.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass

from likertpipe.codebook import Codebook, Item, model_outcomes, text
from likertpipe.i18n import figure_title as figure_title_words
from likertpipe.i18n import heading, word

WIDTH = 7.0  # inches: the full text width of a journal page, so 8 pt text prints at 8 pt
MAX_HEIGHT = 10.0  # inches: an A4 or Letter page less its margins
LINE = 0.135  # inches per line of 7.5 pt text (with its leading)
EM = 7.5 / 72 * 0.62  # inches: a generous average advance of a DejaVu Sans character at 7.5 pt (widths estimated
# from characters, not measured, so that this module needs no fonts; generous so that what is estimated fits)

LABEL_WIDTH = 42  # characters per line of an item label beside a bar
GROUP_WIDTH = 56  # characters per line of a level label beside its bar (one line for most labels)
HEADING_WIDTH = int((WIDTH - 0.3) / (1.1 * EM))  # characters per line of a bold item heading across the page
RANK_LABEL_WIDTH = 30  # characters per line of a level label beside the first of two mean-rank panels
HEATMAP_MIN_CELL = 0.14  # inches: the smallest heatmap cell (10 pt, a tick label's height and a little air)
HEATMAP_MAX_CELL = 0.45
HEATMAP_FRAME = 1.3  # inches across a heatmap that are not cells: the colour bar and the row labels of codes
RANK_COLUMNS = 2  # mean-rank panels per row
TREND_COLUMNS = 2  # trend panels per row
TREND_PANEL = 2.1  # inches: a trend panel's height with its title and axis


def wrap(label: str, width: int = LABEL_WIDTH) -> str:
    return textwrap.fill(label, width)


def lines(label: str, width: int = LABEL_WIDTH) -> int:
    return wrap(label, width).count("\n") + 1


def legend_rows(labels: list[str], first_row: int | None = None, width: float = WIDTH) -> tuple[int, int]:
    """(columns, rows) of a legend read row by row: the first `first_row` entries on one row when they fit across
    `width`, else as many columns as fit (a handle and spacing of about 0.4 in per entry)."""
    sizes = [len(label) * EM + 0.4 for label in labels]

    def fits(ncol: int) -> bool:
        return sum(max(sizes[c::ncol]) for c in range(ncol)) <= 0.95 * width

    ncol = first_row if first_row and fits(first_row) else next(
        (n for n in range(len(labels), 1, -1) if fits(n)), 1)
    return ncol, -(-len(labels) // ncol)


def names(stem: str, count: int) -> list[str]:
    """File names (without suffix) of a figure's pages: `stem` alone, or `stem_p1`, `stem_p2`, ..."""
    return [stem] if count == 1 else [f"{stem}_p{page}" for page in range(1, count + 1)]


def _even(units: int, height) -> list[range]:
    """The fewest pages of about equal numbers of consecutive units (at least one per page) with every page's
    `height(range)` within MAX_HEIGHT; a unit taller than a page gets a page of its own."""
    for count in range(1, units + 1):
        bounds = [round(units * page / count) for page in range(count + 1)]
        pages = [range(a, b) for a, b in zip(bounds, bounds[1:], strict=False)]
        if all(height(page) <= MAX_HEIGHT for page in pages):
            return pages
    return [range(unit, unit + 1) for unit in range(units)] or [range(0)]


# --- answer distributions --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Distribution:
    """Sizes of a distribution figure: one section per scale on a page, each a column of blocks (overall one
    block of a bar per item; by factor a block per item, its heading and a bar per level) and a legend."""

    book: Codebook
    factor: str | None = None  # by factor: one block per item, one bar per level
    levels: tuple[int, ...] | None = None  # the levels drawn (default: all the factor's)

    @property
    def items(self) -> list[Item]:
        """The items grouped by scale, scales and items in codebook order: the order pages are cut from (items
        sorted by agreement move within their scale only, so every page keeps its scales)."""
        order = list(dict.fromkeys(item.scale.name for item in self.book.items))
        return sorted(self.book.items, key=lambda item: order.index(item.scale.name))

    def tick_labels(self, language: str) -> list[str]:
        """Every bar's label as wide as it can be, the n at its widest."""
        if self.factor:
            spec = self.book.factor(self.factor)
            return [wrap(f"{spec.level_label(c, language)} (N=0000)", GROUP_WIDTH) for c in spec.codes]
        return [wrap(f"{i.column} {text(i.label, language)} (N=0000)") for i in self.book.items]

    def label_inches(self, language: str) -> float:
        """Inches the bars' labels take left of the bars."""
        return max(len(line) for label in self.tick_labels(language) for line in label.split("\n")) * EM + 0.1

    def row(self, language: str) -> float:
        """Inches per bar: its label's lines (the widest label of the figure, so any order fits)."""
        most = max(label.count("\n") + 1 for label in self.tick_labels(language))
        return LINE * most + (0.03 if self.factor else 0.1)

    def bars(self) -> int:
        if not self.factor:
            return 1
        return len(self.book.factor(self.factor).codes if self.levels is None else self.levels)

    def block(self, item: Item, language: str) -> float:
        """Inches of one item: its bars, and by factor its heading and some air."""
        if not self.factor:
            return self.row(language)
        return self.heading(item, language) + self.bars() * self.row(language)

    def heading(self, item: Item, language: str) -> float:
        return LINE * lines(f"{item.column} {text(item.label, language)}", HEADING_WIDTH) + 0.16

    def section(self, items: list[Item], language: str) -> float:
        """Inches of one scale's panel: its blocks, axis labels (three lines), legend."""
        scale = items[0].scale
        labels = [text(lv.label, language) for lv in scale.levels] + ["Vet ikke / Don't know"] * bool(
            scale.dont_know) + ["Ikke svart / No answer"]
        return sum(self.block(item, language) for item in items) + 0.75 + 0.17 * legend_rows(
            labels, len(scale.levels))[1] + 0.15

    def height(self, items: list[Item], language: str) -> float:
        """A page's height: its sections, a title by factor, two lines of notes."""
        scales = list(dict.fromkeys(item.scale.name for item in items))
        sections = [[i for i in items if i.scale.name == name] for name in scales]
        return sum(self.section(s, language) for s in sections) + 0.3 * bool(self.factor) + 0.35

    def pages(self, language: str) -> list[range]:
        items = self.items
        return _even(len(items), lambda page: self.height([items[i] for i in page], language))


# --- mean ranks -------------------------------------------------------------------------------------------------

def rank_panel(book: Codebook, factor: str, language: str) -> tuple[float, float]:
    """(inches per level row, inches of a panel's title and axis) of the mean-rank panels of `factor`."""
    spec = book.factor(factor)
    row = LINE * max(lines(spec.level_label(c, language), RANK_LABEL_WIDTH) for c in spec.codes) + 0.04
    title = LINE * (max(lines(f"{i.column} {text(i.label, language)}", 44) for i in book.items) + 1)
    return row, title + 0.45


def rank_pages(book: Codebook, factor: str, language: str) -> list[range]:
    """Pages of whole rows of panels (RANK_COLUMNS tests to a row)."""
    row, frame = rank_panel(book, factor, language)
    panel = row * len(book.factor(factor).codes) + frame
    rows = _even(-(-len(book.items) // RANK_COLUMNS), lambda page: len(page) * panel + 0.9)
    return [range(r.start * RANK_COLUMNS, min(len(book.items), r.stop * RANK_COLUMNS)) for r in rows]


# --- correlation heatmap ----------------------------------------------------------------------------------------

def heatmap_variables(book: Codebook) -> list[str]:
    """The heatmap's variables: items then covariates, in codebook order."""
    return [v.column for v in book.items + book.covariates]


def heatmap_tiles(book: Codebook) -> list[tuple[range, range]]:
    """(rows, columns) of the lower triangle on each page, as positions in `heatmap_variables` (row i, column j
    with j < i). One page while every cell can be at least HEATMAP_MIN_CELL across; else the triangle cut into
    square tiles of at most that many variables a side, diagonal tiles triangles and the others full."""
    size = len(heatmap_variables(book))
    per_page = int((WIDTH - HEATMAP_FRAME) // HEATMAP_MIN_CELL)
    if size - 1 <= per_page:
        return [(range(1, size), range(0, size - 1))]
    blocks = math.ceil((size - 1) / per_page)
    bounds = [1 + round((size - 1) * b / blocks) for b in range(blocks + 1)]
    spans = [range(a, b) for a, b in zip(bounds, bounds[1:], strict=False)]
    return [(rows, range(cols.start - 1, cols.stop - 1)) for r, rows in enumerate(spans) for cols in spans[:r + 1]]


# --- trends across waves ----------------------------------------------------------------------------------------

def trend_section(book: Codebook, factor: str | None, span: range) -> float:
    """Inches of a trend section: a row of panels per TREND_COLUMNS indices, its legend (titled by factor)."""
    labels = [text(lv.label, book.language) for lv in book.factor(factor).levels] if factor else []
    labels.append("Alle respondenter / All respondents")
    return -(-len(span) // TREND_COLUMNS) * TREND_PANEL + 0.2 + 0.2 * bool(factor) + 0.17 * legend_rows(labels)[1]


def trend_pages(book: Codebook) -> list[list[tuple[str | None, range]]]:
    """Pages of sections: per group factor (None: all respondents only) a range of its indices; sections packed
    in order, split where a page is full."""
    factors = [f.column for f in book.group_factors] or [None]
    indices = len(book.indices)

    def per_section(factor) -> int:
        return max(1, int((MAX_HEIGHT - 0.5 - trend_section(book, factor, range(0))) // TREND_PANEL)) * TREND_COLUMNS

    units = [(factor, range(a, min(indices, a + per_section(factor)))) for factor in factors
             for a in range(0, max(indices, 1), per_section(factor))]
    pages, height = [], MAX_HEIGHT
    for unit in units:
        extra = trend_section(book, *unit)
        if height + extra > MAX_HEIGHT:
            pages.append([])
            height = 0.5  # the page's note
        pages[-1].append(unit)
        height += extra
    return pages


# --- the models' odds ratios (forest plot) ----------------------------------------------------------------------

FOREST_COLUMNS = 3  # item panels per row
FOREST_LINE = 0.115  # inches per line of a level's label (6.5 pt) beside the first panel of a row
FOREST_PANEL = 0.55  # inches of a row of panels that are not level rows: the items' titles and the axis
FOREST_FRAME = 0.8  # inches of a forest page that are not panels: a line naming the reference levels, margins
REFERENCE_WIDTH = 120  # characters per line of that line


def forest_label(predictor: str, level: str) -> str:
    """A level's row label: its factor and its own label."""
    return wrap(f"{predictor}: {level}", RANK_LABEL_WIDTH)


def forest_reference(references: list[str], language: str) -> str:
    """The page's line naming each factor's reference level ("factor: level" each)."""
    return wrap(f"{heading('reference', language)}: {'; '.join(references)}", REFERENCE_WIDTH) if references else ""


def forest_height(labels: list[str], reference: str, panel_rows: int) -> float:
    """Inches of a forest page of `panel_rows` rows of panels sharing the level rows `labels` (wrapped; the rows
    evenly spaced, each as tall as the label of most lines, and some air), and the reference line."""
    most = max((label.count("\n") + 1 for label in labels), default=1)
    panel = FOREST_PANEL + len(labels) * (FOREST_LINE * most + 0.04)
    return FOREST_FRAME + LINE * reference.count("\n") + panel_rows * panel


def forest_references(book: Codebook, models: dict) -> dict[str, int]:
    """Per modelled factor of the study's `models` config the reference level its forest-plot rows are against:
    the configured one, else its first level (ordinal_models' default, the first level with answers, unless
    nobody in an item's model is at the first level)."""
    configured = models.get("references", {})
    return {column: configured.get(column, book.factor(column).codes[0]) for column in models.get("factors", [])}


def forest_rows(book: Codebook, models: dict) -> list[tuple[str, int]]:
    """The forest plot's rows, (factor, level): per modelled factor its levels but the reference."""
    return [(column, code) for column, reference in forest_references(book, models).items()
            for code in book.factor(column).codes if code != reference]


def forest_labels(book: Codebook, models: dict, language: str) -> tuple[list[str], str]:
    """The rows' labels (`forest_label`) and the line naming the reference levels, in `language`."""
    def name(column: str) -> str:
        return text(book.factor(column).label, language)

    labels = [forest_label(name(column), book.factor(column).level_label(code, language))
              for column, code in forest_rows(book, models)]
    references = [f"{name(column)}: {book.factor(column).level_label(code, language)}"
                  for column, code in forest_references(book, models).items()]
    return labels, forest_reference(references, language)


def forest_pages(book: Codebook, models: dict, language: str) -> list[range]:
    """The outcomes (positions in `codebook.model_outcomes`) of each page of the forest plot of the study's
    `models` config: whole rows of FOREST_COLUMNS panels, every page within MAX_HEIGHT."""
    outcomes = model_outcomes(models, book)
    labels, reference = forest_labels(book, models, language)
    rows = _even(-(-len(outcomes) // FOREST_COLUMNS), lambda page: forest_height(labels, reference, len(page)))
    return [range(r.start * FOREST_COLUMNS, min(len(outcomes), r.stop * FOREST_COLUMNS)) for r in rows]


# --- every figure -----------------------------------------------------------------------------------------------

YES_NO_ROW = 0.2  # inches per yes/no question with a one-line label
YES_NO_LABEL_WIDTH = 50  # characters per line of a yes/no question's label
YES_NO_FRAME = 0.9  # inches of a yes/no page that are not rows: the axis and its label


def yes_no_height(book: Codebook, language: str, span: range) -> float:
    """Inches of a page of the yes/no figure holding the questions in `span`."""
    labels = [text(book.yes_no[i].label, language) for i in span]
    return YES_NO_FRAME + sum(YES_NO_ROW + LINE * (lines(label, YES_NO_LABEL_WIDTH) - 1) for label in labels)


def yes_no_pages(book: Codebook, language: str) -> list[range]:
    """The yes/no questions of each page of their figure, in codebook order."""
    if not book.yes_no:
        return []
    return _even(len(book.yes_no), lambda span: yes_no_height(book, language, span))


def page_count(kind: str, book: Codebook, language: str | None = None, factor: str | None = None,
               models: dict | None = None) -> int:
    """How many pages figure `kind` has for `book` in `language` (labels' lengths differ between languages;
    None: the codebook's language); the forest plot's from the study's `models` config too."""
    language = language or book.language
    if kind == "likert_distribution":
        return len(Distribution(book).pages(language))
    if kind == "likert_by_factor":
        return len(Distribution(book, factor).pages(language))
    if kind == "mean_ranks":
        return len(rank_pages(book, factor, language))
    if kind == "correlation_heatmap":
        return len(heatmap_tiles(book))
    if kind == "index_trend":
        return len(trend_pages(book))
    if kind == "yes_no":
        return len(yes_no_pages(book, language))
    if kind == "coding_tally":
        return 1  # its themes are the coding sheet's, unknown before the run: one page, the largest themes
    if kind == "odds_ratios":
        return len(forest_pages(book, models or {}, language))
    raise ValueError(f"unknown figure {kind!r}")


def figure_titles(book: Codebook, language: str, models: dict | None = None) -> dict[str, str]:
    """The title of every figure page `page_names` gives for `book` (and the `models` config), by its name, in
    `language`: what it shows,
    the factor by its label, and which part it is of a figure of several pages. One `page_names` per figure (it
    lays the figure out), so ask once for a study's figures."""
    titles = {}
    per_factor = ("likert_by_factor", "mean_ranks")
    for kind in ("likert_distribution", *per_factor, "correlation_heatmap", "index_trend", "coding_tally", "yes_no",
                 "odds_ratios"):
        for factor in [f.column for f in book.compared_factors] if kind in per_factor else [None]:
            names = page_names(kind, book, language, factor, models)
            values = {"factor": text(book.factor(factor).label, language)} if factor else {}
            title = figure_title_words(kind, language, **values)
            for page, stem in enumerate(names, start=1):
                part = word("part", language).format(page=page, pages=len(names))
                titles.setdefault(stem, title if len(names) == 1 else f"{title} ({part})")
    return titles


def page_names(kind: str, book: Codebook, language: str | None = None, factor: str | None = None,
               models: dict | None = None) -> list[str]:
    """The file names (without suffix) of figure `kind`'s pages, e.g. ["likert_by_region_p1", "..._p2"]: the
    stem is `kind`, with `_{factor}` for the per-factor figures (likert_by_{factor}, mean_ranks_{factor}); the
    forest plot's pages (odds_ratios) follow the study's `models` config."""
    stem = {"likert_by_factor": f"likert_by_{factor}", "mean_ranks": f"mean_ranks_{factor}"}.get(kind, kind)
    return names(stem, page_count(kind, book, language, factor, models))
