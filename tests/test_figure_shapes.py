"""Figures at the sizes real questionnaires have (tests/survey_shapes.py): every page of every figure type fits a
portrait page (at most pages.WIDTH wide and pages.MAX_HEIGHT tall), no text overlaps another or leaves the
page, the pages are the ones `pages.page_names` names before the run, and no PDF holds a Type 3 font."""

from __future__ import annotations

import functools
import itertools

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text
from survey_shapes import SHAPES, Shape, models_config, tables

from likertpipe.figures import coding, correlations, distributions, forest, ranks, trends
from likertpipe.figures.pages import MAX_HEIGHT, WIDTH, page_count
from likertpipe.figures.save import save_figure
from likertpipe.figures.style import DEFAULT, Options

# Text boxes are measured in pixels at the figure's dpi (100): two boxes may touch or overlap by this much (glyph
# boxes include their side bearings and leading, so neighbours a pixel apart look apart).
TOLERANCE = 1.5
MIN_CELL = 5


@functools.cache
def shape_tables(name: str, min_cell: int = MIN_CELL):
    return tables(next(s for s in SHAPES if s.name == name), min_cell)


def draw(kind: str, book, table: dict, options: Options = DEFAULT) -> list:
    factor = book.compared_factors[0].column
    return {
        "likert_distribution": lambda: distributions.likert_distribution(table["frequencies"], book, "nb", options),
        "likert_by_factor": lambda: distributions.likert_by_factor(table["frequencies_by_factor"], book, factor,
                                                                   "nb", MIN_CELL, options),
        "mean_ranks": lambda: ranks.mean_ranks(table["kruskal_wallis"], book, factor, "nb"),
        "correlation_heatmap": lambda: correlations.correlation_heatmap(table["correlations"], book, "nb"),
        "index_trend": lambda: trends.trend(table["indices_by_wave"], book, "nb"),
        "coding_tally": lambda: coding.coding_tally(table["coding_tally"], "nb"),
        "odds_ratios": lambda: forest.odds_ratio_figure(table["models"], book, models_config(book), "nb"),
    }[kind]()


KINDS = ("likert_distribution", "likert_by_factor", "mean_ranks", "correlation_heatmap", "index_trend",
         "coding_tally", "odds_ratios")


def text_boxes(fig) -> tuple[list[str], np.ndarray]:
    """The non-empty texts drawing `fig` draws (tick labels outside the view are not), and their boxes (x0, y0,
    x1, y1) in pixels."""
    FigureCanvasAgg(fig)
    drawn, draw = [], Text.draw

    def record(text, renderer):
        if text.get_visible() and text.get_text().strip():
            drawn.append(text)
        return draw(text, renderer)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Text, "draw", record)
        fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    boxes = np.array([t.get_window_extent(renderer).extents for t in drawn]).reshape(-1, 4)
    return [t.get_text() for t in drawn], boxes


def overlaps(boxes: np.ndarray) -> list[tuple[int, int]]:
    low, high = boxes[:, None, :2], boxes[:, None, 2:]
    apart = (np.minimum(high, boxes[None, :, 2:]) - np.maximum(low, boxes[None, :, :2]) <= TOLERANCE).any(axis=2)
    return [(i, j) for i, j in zip(*np.nonzero(~apart), strict=True) if i < j]


def check_page(fig, where: str) -> None:
    width, height = fig.get_size_inches()
    assert width <= WIDTH + 1e-9 and height <= MAX_HEIGHT + 1e-9, f"{where}: {width:.2f} x {height:.2f} in"
    labels, boxes = text_boxes(fig)
    outside = [(labels[i], tuple(boxes[i].round())) for i, (x0, y0, x1, y1) in enumerate(boxes)
               if x0 < -TOLERANCE or y0 < -TOLERANCE or x1 > fig.bbox.width + TOLERANCE
               or y1 > fig.bbox.height + TOLERANCE]
    assert not outside, f"{where}: text leaves the page ({fig.bbox.width} x {fig.bbox.height}): {outside[:5]}"
    clashes = [(labels[i], labels[j]) for i, j in overlaps(boxes)]
    assert not clashes, f"{where}: {len(clashes)} overlapping texts, e.g. {clashes[:5]}"


def test_overlap_check_can_fail():
    boxes = np.array([[0, 0, 10, 10], [7, 7, 20, 20], [11, 0, 20, 8]])
    assert overlaps(boxes) == [(0, 1)]  # 1 and 2 overlap by a pixel, within the tolerance; 0 and 2 are apart


CASES = [pytest.param(shape.name, kind, marks=[pytest.mark.slow] if shape.name == "large40" else [])
         for shape in SHAPES for kind in KINDS]


@pytest.mark.parametrize(("shape", "kind"), CASES)
def test_every_page_fits_and_no_text_overlaps(shape, kind):
    book, table = shape_tables(shape)
    figures = draw(kind, book, table)
    factor = book.compared_factors[0].column
    assert len(figures) == page_count(kind, book, "nb", factor, models_config(book))
    for page, fig in enumerate(figures, start=1):
        check_page(fig, f"{shape} {kind} page {page}")


@pytest.mark.parametrize("options", [Options(sort="agreement", neutral="separate", totals=False, label_threshold=0,
                                             palette="PuOr", reverse_palette=True)])
@pytest.mark.parametrize("kind", ["likert_distribution", "likert_by_factor"])
def test_options_keep_pages_legible(kind, options):
    book, table = shape_tables("public4")
    for fig in draw(kind, book, table, options):
        check_page(fig, f"{kind} with {options}")


def test_a_large_battery_is_split_into_pages_not_squashed():
    book, table = shape_tables("public25")
    for kind in ("likert_distribution", "likert_by_factor", "mean_ranks", "odds_ratios"):
        assert page_count(kind, book, "nb", "f1", models_config(book)) > 1, kind
    assert page_count("correlation_heatmap", book) == 1


def test_every_level_suppressed_draws_no_bars():
    """With min_cell above every level's size no bar, mean rank or panel body is drawn for the levels; the
    distribution by factor says so on each page the workflow expects."""
    book, table = shape_tables("demo", 10_000)
    figures = draw("likert_by_factor", book, table)
    assert len(figures) == page_count("likert_by_factor", book, "nb", "f1")
    for fig in figures:
        assert not fig.axes
        labels, _ = text_boxes(fig)
        assert any("Ingen grupper kan vises" in label for label in labels)
        check_page(fig, "every level suppressed")


def test_hidden_cells_show_the_marker():
    book, table = shape_tables("demo")
    kruskal = table["kruskal_wallis"]
    assert (kruskal["suppressed"] != "").any()  # the shape's small level is hidden
    labels = [label for fig in draw("mean_ranks", book, table) for label in text_boxes(fig)[0]]
    assert "n=:" in labels and ":" in labels
    by_factor = [label for fig in draw("likert_by_factor", book, table) for label in text_boxes(fig)[0]]
    assert any(label.startswith("Ikke vist, for å verne") for label in by_factor)


def test_no_type3_fonts(tmp_path):
    book, table = shape_tables("demo")
    for kind in KINDS:
        for page, fig in enumerate(draw(kind, book, table)):
            path = tmp_path / f"{kind}{page}.pdf"
            save_figure(fig, path)
            pdf = path.read_bytes()
            assert b"/FontFile2" in pdf, kind  # TrueType embedded: the check below looks at real fonts
            assert b"/Subtype /Type3" not in pdf, kind


def test_page_names_follow_the_page_count():
    from likertpipe.figures.pages import page_names
    book, _ = shape_tables("public25")
    names = page_names("likert_by_factor", book, "nb", "f1")
    assert names == [f"likert_by_f1_p{i}" for i in range(1, len(names) + 1)]
    small = tables(Shape("one", 1, 3, (2,)))[0]
    assert page_names("mean_ranks", small, None, "f1") == ["mean_ranks_f1"]
    assert list(itertools.chain(*(page_names(k, small, None, "f1") for k in KINDS)))


def test_every_page_has_its_title_with_its_part():
    """figure_titles: one title per page name, the factor by its label and the part of a figure of several pages
    (the documents' captions and the report's labels)."""
    import time

    from likertpipe.figures.pages import figure_titles, page_names
    book, _ = shape_tables("public25")
    started = time.perf_counter()
    titles = figure_titles(book, "nb")
    assert time.perf_counter() - started < 2  # one layout per figure (asking per page took 3.6 s at 30 items)
    names = page_names("likert_by_factor", book, "nb", "f1")
    assert len(names) > 1 and [titles[name] for name in names] == [
        f"Svarfordeling etter Gruppering 1 (æøå) (del {i} av {len(names)})" for i in range(1, len(names) + 1)]
    heatmap = [title for name, title in titles.items() if name.startswith("correlation_heatmap")]
    assert heatmap and all(title.startswith("Rangkorrelasjoner") for title in heatmap)


def yes_no_table(questions: int, hidden: tuple[int, ...] = ()):
    """A labelled yes/no table of `questions` questions (a yes/no scale each), the `hidden` ones suppressed."""
    import pandas as pd

    from likertpipe.codebook import parse_codebook

    book = parse_codebook({
        "study": {"id": "yn", "title": "Yes/no", "language": "en"}, "id_column": "id",
        "scales": {"s": {"levels": [{"code": 1, "label": "a"}, {"code": 2, "label": "b"}]},
                   "yn": {"levels": [{"code": 1, "label": "Yes"}, {"code": 2, "label": "No"}]}},
        "items": [{"column": "a", "scale": "s", "label": "A"}],
        "yes_no": [{"column": f"q{i}", "scale": "yn", "yes_code": 1,
                    "label": f"Question {i}: has the service changed its way of working in the last three years"}
                   for i in range(questions)]})
    rows = [{"variable": f"q{i}", "label": f"Question {i}: has the service changed its way of working in the last "
             "three years", "factor": "", "n": 123, "percent_yes": 100 * (i % 7) / 7,
             "ci_low": max(0, 100 * (i % 7) / 7 - 9), "ci_high": min(100, 100 * (i % 7) / 7 + 9), "suppressed": ""}
            for i in range(questions)]
    table = pd.DataFrame(rows)
    for i in hidden:
        table.loc[i, ["n", "percent_yes", "ci_low", "ci_high"]] = np.nan
        table.loc[i, "suppressed"] = "n percent_yes ci_low ci_high"
    return book, table


@pytest.mark.parametrize("questions", [1, 3, 40, 41, 90])
def test_the_yes_no_figure_fits_every_page(questions):
    from likertpipe.figures.proportions import yes_no_figure

    book, table = yes_no_table(questions, hidden=(0,))
    pages = yes_no_figure(table, book, "en")
    assert len(pages) == page_count("yes_no", book, "en") >= -(-questions // 40)
    for number, fig in enumerate(pages):
        check_page(fig, f"yes_no {questions} p{number + 1}")
    texts = [t.get_text() for t in pages[0].findobj(match=lambda a: hasattr(a, "get_text"))]
    assert ":" in texts  # the hidden question shows the marker, not a bar
