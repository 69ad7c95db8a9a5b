"""Figures: every figure draws small synthetic input in nb and en, shows the codebook's labels (æøå included),
leaves out what disclosure control hides, copes with scales of 2 to 11 levels, and saves to identical bytes."""

from __future__ import annotations

import matplotlib.figure
import matplotlib.layout_engine
import numpy as np
import pandas as pd
import pytest
from matplotlib.text import Text

from likertpipe import answers, correlate, disclosure, inference
from likertpipe.codebook import parse_codebook
from likertpipe.figures import coding, ranks, trends
from likertpipe.figures import correlations as correlation_figures
from likertpipe.figures.distributions import likert_by_factor, likert_distribution
from likertpipe.figures.save import save_figure, save_figures
from likertpipe.figures.style import row_major
from likertpipe.formatting import number
from likertpipe.labels import attach
from likertpipe.multiplicity import add_adjusted
from likertpipe.protect import MARKER, protect

LANGUAGES = ("nb", "en")
# Respondents per region: South (3) is under min_cell 5, so it and the next smallest (Middle) are hidden.
REGION_SIZES = {1: 40, 2: 12, 3: 3}


@pytest.fixture
def book(codebook_dict):
    """The shared small codebook plus an item on a 2-level and one on an 11-level scale, labels with æøå, and the
    two indices of `trend_table`."""
    codebook_dict["scales"]["two"] = {"levels": [
        {"code": 1, "label": {"nb": "Nei, på ingen måte", "en": "No, not at all"}},
        {"code": 2, "label": {"nb": "Ja, særlig", "en": "Yes, especially"}}]}
    codebook_dict["scales"]["eleven"] = {"levels": [
        {"code": c, "label": {"nb": f"{c} – særs få" if c == 0 else str(c), "en": f"{c} – very few" if c == 0
                              else str(c)}} for c in range(11)]}
    codebook_dict["items"] += [
        {"column": "q3", "scale": "two", "label": {"nb": "Tredje: bæreevne på året", "en": "Third: capacity"}},
        {"column": "q4", "scale": "eleven", "label": {"nb": "Fjerde: tilfredshet", "en": "Fourth: satisfaction"}},
    ]
    codebook_dict["indices"] = [{"id": index, "label": label, "items": ["q1", "q2"]}
                                for index, label in (("involvement", "Brukermedvirkning"),
                                                     ("competence", "Kompetanse og samarbeid"))]
    return parse_codebook(codebook_dict)


@pytest.fixture
def data(book) -> pd.DataFrame:
    """Processed data as cleaning writes it: `<item>_code` holds every answer code, `<item>` valid ones only.
    Code 2 ("Disagree") of q1 is never given, so its legend entry is an empty level."""
    rng = np.random.default_rng(8)
    n = sum(REGION_SIZES.values())
    frame = pd.DataFrame({"resp_id": [f"r{i}" for i in range(n)]})
    for item in book.items:
        scale = item.scale
        codes = [c for c in scale.codes if not (item.column == "q1" and c == 2)]
        choices = codes + list(scale.dont_know_codes) + list(scale.missing_codes) + [-1]
        answers = pd.Series(rng.choice(choices, n), dtype="Int16").replace(-1, pd.NA)
        frame[f"{item.column}_code"] = answers
        frame[item.column] = answers.where(answers.isin(scale.codes)).astype("Int8")
    frame["region"] = pd.Series(np.repeat(list(REGION_SIZES), list(REGION_SIZES.values())), dtype="Int8")
    frame["years"] = pd.Series(rng.integers(0, 30, n), dtype="Float64")
    return frame


def texts(figures) -> list[str]:
    """The texts of a figure's pages (a list) or of one page."""
    pages = figures if isinstance(figures, list) else [figures]
    for fig in pages:
        fig.draw_without_rendering()
    return [t.get_text() for fig in pages for t in fig.findobj(Text) if t.get_visible()]


def trend_table() -> pd.DataFrame:
    rows = []
    for index, label in (("involvement", "Brukermedvirkning"), ("competence", "Kompetanse og samarbeid")):
        for wave in (2016, 2017, 2018):
            for group, group_label in ((None, ""), (1, "Forsøk"), (2, "Kontroll")):
                mean = 3 + (0.3 * (wave - 2016) if group == 1 else 0.05)
                rows.append({"index": index, "index_label": label, "factor": "" if group is None else "region",
                             "group": group, "group_label": group_label, "wave": wave, "wave_label": str(wave),
                             "n": 40, "mean": mean, "sd": 0.8, "ci_low": mean - 0.25, "ci_high": mean + 0.25})
    return pd.DataFrame(rows)


def tally_table() -> pd.DataFrame:
    rows = [("dimension", "Økonomi", "", 7, 5), ("theme", "Økonomi", "Budsjett", 4, 3),
            ("theme", "Økonomi", "Årsverk", 3, 2), ("dimension", "Samarbeid", "", 2, 2),
            ("theme", "Samarbeid", "Dialog med tjenesten", 2, 2),
            ("concept", "Samarbeid", "Dialog med tjenesten", 2, 2)]
    return pd.DataFrame([{"level": lv, "dimension": d, "theme": t, "concept": "", "statements": s,
                          "respondents": r} for lv, d, t, s, r in rows])


def protected(name, table, data, book, min_cell=5, language="nb"):
    """`table` as a figure job reads it: through the protection plan of `data`, with its labels."""
    return attach(name, protect(name, table, disclosure.make_plan(data, book, min_cell), book, []), book, language)


def kruskal(data, book, language, min_cell=5):
    return protected("kruskal_wallis", inference.kruskal_wallis_table(data, book), data, book, min_cell, language)


def by_level(data, book, language, min_cell=5):
    """The answer distribution by region, drawn from the protected counts."""
    counts = protected("frequencies_by_factor", answers.frequencies_by_factor(data, book), data, book,
                       min_cell, language)
    return likert_by_factor(counts, book, "region", language, min_cell)


def correlations(data, book, language):
    return attach("correlations", add_adjusted(correlate.correlation_table(data, book), []), book, language)


DRAW = {
    "distribution": lambda data, book, lang: likert_distribution(
        attach("frequencies", answers.frequencies(data, book), book, lang), book, lang),
    "by_factor": lambda data, book, lang: by_level(data, book, lang),
    "heatmap": lambda data, book, lang: correlation_figures.correlation_heatmap(correlations(data, book, lang), book,
                                                                           lang),
    "mean_ranks": lambda data, book, lang: ranks.mean_ranks(kruskal(data, book, lang), book, "region",
                                                                     lang),
    "trend": lambda data, book, lang: trends.trend(trend_table(), book, lang),
    "coding_tally": lambda data, book, lang: coding.coding_tally(tally_table(), lang),
}


# Every format for the main figure and the one with an image; SVG (hash-salted ids) for the others, which share
# the same save_figure.
FORMATS = {"distribution": ("png", "svg", "pdf"), "by_factor": ("svg",),
           "heatmap": ("png", "svg", "pdf"), "mean_ranks": ("svg",), "trend": ("svg",), "coding_tally": ("svg",)}


@pytest.mark.parametrize("name", DRAW)
def test_same_input_gives_same_bytes(name, data, book, tmp_path):
    figures = DRAW[name](data, book, "nb")[0], DRAW[name](data, book, "nb")[0]
    for suffix in FORMATS[name]:
        first, second = tmp_path / f"a.{suffix}", tmp_path / f"b.{suffix}"
        save_figure(figures[0], first)
        save_figure(figures[1], second)
        assert first.read_bytes() == second.read_bytes(), f"{name}.{suffix} differs between two runs"
        assert first.stat().st_size > 1000


@pytest.mark.parametrize("name", DRAW)
def test_text_follows_the_language(name, data, book):
    nb, en = (" ".join(texts(DRAW[name](data, book, lang))) for lang in LANGUAGES)
    assert nb != en
    if name not in ("trend", "coding_tally"):  # these take their labels from their table
        assert "Tredje: bæreevne på året" in nb and "Third: capacity" in en and "Tredje" not in en


def test_distribution_keeps_every_level_and_one_legend_per_scale(data, book):
    [fig] = likert_distribution(attach("frequencies", answers.frequencies(data, book), book, "nb"), book, "nb")
    legends = [ax.get_legend() for ax in fig.axes if ax.get_legend()]
    assert len(legends) == 3  # agree5, two, eleven
    labels = [sorted(t.get_text() for t in legend.get_texts()) for legend in legends]
    assert labels[0] == sorted(["Helt uenig", "Uenig", "Nøytral", "Enig", "Helt enig", "Vet ikke", "Ikke svart"])
    assert labels[1] == sorted(["Nei, på ingen måte", "Ja, særlig", "Ikke svart"])  # this scale has no don't know
    assert len(labels[2]) == 12 and "0 – særs få" in labels[2]


def test_legend_reads_row_by_row():
    # matplotlib fills columns first; with 4 columns, a b c d / e f g must be handed over as a e b f c g d
    assert row_major(list("abcdefg"), 4) == list("aebfcgd")
    assert row_major(list("abc"), 3) == list("abc")


def test_distribution_shows_valid_n_and_centres_on_the_midpoint(data, book):
    freq = attach("frequencies", answers.frequencies(data, book), book, "en")
    [fig] = likert_distribution(freq, book, "en")
    n_q1 = int(data["q1"].notna().sum())
    assert any(f"(N={n_q1})" in t for t in texts(fig))
    ax = fig.axes[0]
    shares = freq[(freq["item"] == "q1") & (freq["status"] == "valid")]["valid_percent"].to_numpy()
    bars = [path.vertices for bars in ax.collections for path in bars.get_paths()]
    q1 = ax.get_yticks()[0]  # the top row
    left = min(corners[:, 0].min() for corners in bars
               if abs(corners[:, 1].min() + corners[:, 1].max() - 2 * q1) < 1e-9)
    assert left == pytest.approx(-(shares[0] + shares[1] + shares[2] / 2))


def bar_labels(fig) -> list[list[str]]:
    """Per item block of a distribution by factor: its heading (bold text in the bars' panel), then its bars'
    labels, top down."""
    blocks = []
    for ax in [ax for ax in fig.axes if ax.axison and len(ax.get_yticks())]:  # a bars panel per scale
        rows = [(t.get_position()[1], True, t.get_text()) for t in ax.texts if t.get_fontweight() == "bold"
                and t.get_text() != MARKER]
        rows += [(y, False, t.get_text()) for y, t in zip(ax.get_yticks(), ax.get_yticklabels(), strict=True)
                 if t.get_text()]
        for _, heading, label in sorted(rows, reverse=True):
            if heading:
                blocks.append([label])
            else:
                blocks[-1].append(label)
    return blocks


def test_by_factor_compares_the_levels_on_one_axis_and_omits_hidden_levels(data, book):
    [fig] = by_level(data, book, "nb", 5)
    blocks = bar_labels(fig)
    assert [block[0].split()[0] for block in blocks] == ["q1", "q2", "q3", "q4"]  # one block per item
    assert all(len(block) == 2 and block[1].startswith("Nord (N=") for block in blocks)  # Middle and South hidden
    assert fig.get_supxlabel().replace("\n", " ").endswith("ikke kan regnes ut av de andre): Midt, Sør")
    assert not any("Midt" in t or "Sør" in t for t in texts(fig) if t != fig.get_supxlabel())
    [everything] = by_level(data, book, "nb", 1)
    assert [label.split(" (N=")[0] for label in bar_labels(everything)[0][1:]] == ["Nord", "Midt", "Sør"]
    assert everything.get_supxlabel() == ""


def test_by_factor_hides_an_item_row_with_few_valid_answers(data, book):
    data = data.copy()
    middle = data["region"] == 2
    data.loc[middle, "q2"] = pd.NA
    data.loc[middle & (data.index % 6 == 0), "q2"] = 4  # 2 valid answers of Middle's 12 respondents
    [fig] = by_level(data, book, "en", 3)  # no level under 3 respondents: all levels shown
    q1, q2 = bar_labels(fig)[:2]
    assert [label.split(" (N=")[0] for label in q1[1:]] == ["North", "Middle", "South"]
    assert q2[2] == "Middle (N=:)"
    assert MARKER in [t.get_text() for t in fig.axes[0].texts]  # q1 and q2 share a scale: the first panel
    # South's few valid q2 answers are hidden as well, and with them together under min_cell also North's
    hidden = disclosure.make_plan(data, book, 3).hidden_levels("q2", "region")
    assert hidden == {1, 2, 3}
    assert q2[1:] == ["North (N=:)", "Middle (N=:)", "South (N=:)"]
    north_q1 = int(data.loc[data["region"] == 1, "q1"].notna().sum())
    assert q1[1] == f"North (N={north_q1})"


def test_heatmap_marks_significant_cells(data, book):
    table = correlations(data, book, "nb")
    table.loc[0, "p_holm"] = 0.001  # one certainly significant pair
    shown = texts(correlation_figures.correlation_heatmap(table, book, "nb"))
    stars = [t for t in shown if t.endswith("*") and not t.startswith("*")]
    assert len(stars) == int((table["p_holm"] < 0.05).sum())
    assert number(table.loc[0, "rho"], 2, "nb") + "*" in stars
    assert any("Holm-justert" in t for t in shown)
    english = texts(correlation_figures.correlation_heatmap(table, book, "en", p_column="p_bh", alpha=0.01))
    assert any("p < 0.01 (Benjamini-Hochberg-adjusted)" in t for t in english)


def test_mean_ranks_leave_out_suppressed_levels(data, book):
    table = kruskal(data, book, "en")
    shown = texts(ranks.mean_ranks(table, book, "region", "en"))
    tests = table[table["factor"] == "region"]
    assert tests[["n_3", "n_2"]].isna().all().all() and (tests["suppressed"] != "").all()
    assert shown.count(MARKER) == 2 * len(tests)  # a marker, not a dot, for each hidden level
    for n in tests["n_1"]:
        assert f"n={n}" in shown
    [fig] = ranks.mean_ranks(table, book, "region", "en")
    dots = [line for ax in fig.axes for line in ax.get_lines() if line.get_marker() == "o"]
    assert len(dots) == len(tests)  # only North's mean rank is drawn
    # the test of hidden levels is hidden too (protect), and marked
    assert any(t == f"q1 First statement\nH = {MARKER}" for t in shown)
    nb = texts(ranks.mean_ranks(kruskal(data, book, "nb", min_cell=1), book, "region", "nb"))
    assert any("; df = 2; p = ," in t or "; df = 2; p < ,001" in t for t in nb)


def test_mean_ranks_show_every_level_without_suppression(data, book):
    shown = texts(ranks.mean_ranks(kruskal(data, book, "en", min_cell=1), book, "region", "en"))
    assert MARKER not in shown
    assert {"North", "Middle", "South"} <= set(shown)


def test_trend_has_a_panel_per_index_and_a_line_per_group(book):
    [fig] = trends.trend(trend_table(), book, "nb")
    panels = [ax for ax in fig.subfigs[0].axes if ax.get_visible()]
    assert [ax.get_title(loc="left") for ax in panels] == ["Brukermedvirkning", "Kompetanse og samarbeid"]
    legend = [t.get_text() for t in fig.subfigs[0].legends[0].get_texts()]
    assert legend == ["Forsøk", "Kontroll", "Alle respondenter"]
    assert fig.subfigs[0].legends[0].get_title().get_text() == "Region"
    assert all(len(ax.containers) == 3 for ax in panels)  # error bars of two groups and all respondents
    ticks = [t.get_text() for t in panels[0].get_yticklabels()]
    assert any("," in t for t in ticks) and not any("." in t for t in ticks)


def test_coding_tally_groups_themes_under_dimensions(book):
    [fig] = coding.coding_tally(tally_table(), "en")
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == ["Økonomi (7)", "Budsjett", "Årsverk", "Samarbeid (2)", "Dialog med tjenesten"]
    assert len(fig.axes[0].patches) == 3
    assert "4 (3)" in texts(fig)


def test_saving_several_formats_solves_the_layout_once_and_draws_the_same(tmp_path) -> None:
    """save_figures keeps the first save's layout: the PNG is the one save_figure alone draws."""
    def figure():
        fig = matplotlib.figure.Figure(figsize=(3, 2), layout="constrained")
        ax = fig.add_subplot()
        ax.barh([0, 1], [40, 60])
        ax.set_yticks([0, 1], ["æøå long label", "other"])
        return fig

    save_figure(figure(), tmp_path / "alone.png")
    fig = figure()
    save_figures(fig, [tmp_path / "a.png", tmp_path / "a.svg", tmp_path / "a.pdf"])
    assert (tmp_path / "a.png").read_bytes() == (tmp_path / "alone.png").read_bytes()
    assert not isinstance(fig.get_layout_engine(), matplotlib.layout_engine.ConstrainedLayoutEngine)
    assert (tmp_path / "a.svg").stat().st_size > 1000 and (tmp_path / "a.pdf").stat().st_size > 1000


def test_heatmap_of_a_single_item_is_a_note(codebook_dict):
    """One item and no covariate: no pair, so no cell; the figure still draws, with a note (it failed with
    `max() arg is an empty sequence`, #13)."""
    codebook_dict["items"] = codebook_dict["items"][:1]
    codebook_dict["covariates"] = []
    book = parse_codebook(codebook_dict)
    empty = pd.DataFrame(columns=["var1", "var2", "kind", "var1_label", "var2_label", "n", "rho", "ci_low",
                                  "ci_high", "p", "p_holm", "p_bh"])
    for language, note in (("en", "No correlation to show"), ("nb", "Ingen korrelasjoner å vise")):
        [fig] = correlation_figures.correlation_heatmap(empty, book, language)
        assert any(t.startswith(note) for t in texts(fig)) and not fig.axes


def test_mean_ranks_of_tests_without_answers_or_df(book, tmp_path):
    """As read back from the CSV: df empty where no test (float column), a level nobody answered anywhere;
    'df = 2', not 'df = 2.0'."""
    rows = [{"item": "q1", "item_label": "x", "factor": "region", "factor_label": "r", "n": 9, "k": 3, "H": 4.5,
             "df": 2.0, "p": 0.1, "n_1": 3, "mean_rank_1": 2.0, "n_2": 3, "mean_rank_2": 5.0, "n_3": 3,
             "mean_rank_3": 8.0},
            {"item": "q2", "item_label": "y", "factor": "region", "factor_label": "r", "n": 0, "k": 0, "H": np.nan,
             "df": np.nan, "p": np.nan, "n_1": 0, "mean_rank_1": np.nan, "n_2": 0, "mean_rank_2": np.nan, "n_3": 0,
             "mean_rank_3": np.nan}]
    shown = texts(ranks.mean_ranks(pd.DataFrame(rows), book, "region", "en"))
    assert any("H = 4.50, df = 2, p = .100" in t for t in shown) and any(t.endswith("\nH \u2013") for t in shown)
    nobody = pd.DataFrame(rows[1:])
    fig = ranks.mean_ranks(nobody, book, "region", "en")  # no level on the axis at all
    assert any(t.endswith("\nH \u2013") for t in texts(fig))


def test_trend_leaves_out_hidden_rows_with_a_note(book):
    """Rows hidden by disclosure control (empty n, mean and interval, named in `suppressed`) are not drawn."""
    table = trend_table()
    hidden = (table["group"] == 2) & (table["wave"] == 2017)
    table.loc[hidden, ["n", "mean", "sd", "ci_low", "ci_high"]] = np.nan
    table["suppressed"] = np.where(hidden, "n mean sd ci_low ci_high", "")
    [fig] = trends.trend(table, book, "en")
    assert any(t.startswith("Groups and waves with too few answers are left out") for t in texts(fig))
    panel = [ax for ax in fig.subfigs[0].axes if ax.get_visible()][0]
    drawn = [len(container.lines[0].get_xdata()) for container in panel.containers]
    assert drawn == [3, 2, 3]  # Trial: 3 waves; Control: 2017 left out; all respondents: 3
    assert not any("left out" in t for t in texts(trends.trend(trend_table(), book, "en")))
