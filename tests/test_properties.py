"""Property-based tests (hypothesis): no ordinary study crashes a step, and every reported statistic is in range.

A generated study is small and awkward on purpose: 1-6 items on scales of 2-11 levels (with or without
don't-know and declared missing codes), 1-5 factors with empty levels, single-respondent levels and
single-level factors, an optional covariate, optional waves (at least two present), an optional index and an
optional sampling frame whose column is named differently from its factor, and min_cell 1 or 5. Each study is
cleaned and then run through every statistics, figure and document step of `likertpipe.steps` in-process (as
the Snakemake scripts call them, not through Snakemake), in a temporary directory. Every CSV table written must
hold only valid values: df an integer >= 1 or empty, counts integers >= 0, 0 <= p <= 1 or empty, adjusted p >= p,
|rho| <= 1, intervals around their estimate, percentages within 0-100, and an empty test statistic (H, z, U)
only together with an empty p.

Deterministic (`derandomize=True`, no database) and bounded: the examples are fixed, so CI sees the same ones.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from likertpipe import io
from likertpipe.codebook import load_codebook
from likertpipe.figures.pages import page_names
from likertpipe.protect import hidden
from likertpipe.steps import clean as clean_step
from likertpipe.steps import documents as document_steps
from likertpipe.steps import figures as figure_steps
from likertpipe.steps import statistics as statistics_steps

ANSWER_TABLES = ["frequencies", "frequencies_by_factor", "item_by_factor", "sample", "yes_no"]
ITEM_TABLES = ["descriptives", "open_text", "kruskal_wallis", "dunn", "correlations"]
FRAME_TABLES = ["response_rates", "descriptives_weighted"]
INDEX_TABLES = ["indices", "reliability"]
WAVE_TABLES = ["descriptives_by_wave", "indices_by_wave", "kruskal_wallis_by_wave", "wave_change"]
FRAME_COLUMN = "frame_group"  # never a factor's name: the frame's column differs from its factor's
WAVE_CODES = (2016, 2018, 2021)
DONT_KNOW, MISSING, FACTOR_MISSING = 98, 99, 9

SETTINGS = {"deadline": None, "derandomize": True, "database": None, "print_blob": True,
            "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large,
                                      HealthCheck.function_scoped_fixture]}


def _scale(draw, name: str) -> dict:
    levels = draw(st.integers(2, 11))
    first = draw(st.sampled_from([0, 1]))
    scale = {"levels": [{"code": first + i, "label": f"{name} level {first + i}"} for i in range(levels)]}
    if draw(st.booleans()):
        scale["dont_know"] = [{"code": DONT_KNOW, "label": f"{name} don't know"}]
    if draw(st.booleans()):
        scale["missing"] = [{"code": MISSING, "label": f"{name} not applicable"}]
    return scale


def _answers(draw, n: int, valid: list[int], other: list[int]) -> list[str]:
    """n cells: valid codes from a pool of 1-3 of them (so constant and monotone items come up), the declared
    non-answers and blanks."""
    pool = draw(st.lists(st.sampled_from(valid), min_size=1, max_size=3, unique=True))
    if draw(st.booleans()):
        pool = valid  # or all levels
    cell = st.one_of(st.sampled_from(pool).map(str), st.sampled_from(other + [""]).map(str)) if other else \
        st.one_of(st.sampled_from(pool).map(str), st.just(""))
    weights = draw(st.sampled_from(["mostly_valid", "mixed"]))
    if weights == "mostly_valid":
        cell = st.sampled_from(pool).map(str) | st.sampled_from(pool).map(str) | cell
    return draw(st.lists(cell, min_size=n, max_size=n))


@st.composite
def studies(draw) -> dict:
    language = draw(st.sampled_from(["nb", "en"]))
    scales = {f"s{i}": _scale(draw, f"s{i}") for i in range(draw(st.integers(1, 2)))}
    n_items = draw(st.integers(1, 6))
    items = [{"column": f"q{i + 1}", "scale": draw(st.sampled_from(sorted(scales))),
              "label": {"nb": f"Påstand {i + 1}", "en": f"Statement {i + 1}"}} for i in range(n_items)]
    factors = []
    for f in range(draw(st.integers(1, 5))):
        levels = draw(st.integers(1, 4))
        factor = {"column": f"f{f + 1}", "label": f"Factor {f + 1}",
                  "levels": [{"code": c, "label": f"f{f + 1} level {c}"} for c in range(1, levels + 1)]}
        if draw(st.booleans()):
            factor["missing"] = [{"code": FACTOR_MISSING, "label": f"f{f + 1} unknown"}]
        factors.append(factor)
    wave = draw(st.booleans())
    n = draw(st.integers(2 if wave else 1, 30))
    book = {"study": {"id": "generated", "title": "Generated study", "language": language}, "id_column": "id",
            "scales": scales, "items": items, "factors": factors}
    if wave:
        waves = draw(st.integers(2, 3))
        book["factors"].append({"column": "wave", "label": {"nb": "År", "en": "Year"},
                                "compare": draw(st.booleans()),
                                "levels": [{"code": c, "label": str(c)} for c in WAVE_CODES[:waves]]})
        book["wave"] = {"column": "wave"}
    covariate = draw(st.booleans())
    if covariate:
        book["covariates"] = [{"column": "years", "label": "Years", "min": 0}]
    if n_items >= 2 and draw(st.booleans()):
        members = draw(st.lists(st.sampled_from([i["column"] for i in items]), min_size=2, max_size=n_items,
                                unique=True))
        book["indices"] = [{"id": "index1", "label": "Index one", "items": members,
                            "reversed": draw(st.lists(st.sampled_from(members), max_size=1, unique=True)),
                            "min_answered": draw(st.integers(1, len(members)))}]

    columns = {"id": [f"r{i + 1}" for i in range(n)]}
    for item in items:
        scale = scales[item["scale"]]
        other = [lv["code"] for key in ("dont_know", "missing") for lv in scale.get(key, [])]
        columns[item["column"]] = _answers(draw, n, [lv["code"] for lv in scale["levels"]], other)
    for factor in factors:
        codes = [lv["code"] for lv in factor["levels"]]
        used = draw(st.lists(st.sampled_from(codes), min_size=1, max_size=len(codes), unique=True))  # empty levels
        extra = [FACTOR_MISSING] if "missing" in factor else []
        columns[factor["column"]] = draw(st.lists(st.sampled_from(used + extra + [""]).map(str), min_size=n,
                                                  max_size=n))
    if wave:
        present = book["factors"][-1]["levels"]
        cells = draw(st.lists(st.sampled_from([str(lv["code"]) for lv in present]), min_size=n, max_size=n))
        cells[:2] = [str(present[0]["code"]), str(present[1]["code"])]  # two waves present at least
        columns["wave"] = cells
    if covariate:
        columns["years"] = draw(st.lists(st.sampled_from(["", "0", "1", "2.5", "7", "30"]), min_size=n, max_size=n))

    frame = None
    if draw(st.booleans()):
        factor = draw(st.sampled_from(factors))
        book["sampling_frame"] = {"factor": factor["column"], "column": FRAME_COLUMN}
        answered = {int(c) for c in columns[factor["column"]] if c not in ("", str(FACTOR_MISSING))}
        units = []
        for level in factor["levels"]:
            code = level["code"]
            units += [code] * draw(st.integers(1 if code in answered else 0, 6))
        units = units or [factor["levels"][0]["code"]]  # a frame has units
        frame = pd.DataFrame({"unit": [f"u{i}" for i in range(len(units))], FRAME_COLUMN: units})
    config = {"min_cell": draw(st.sampled_from([1, 5])), "alpha": 0.05,
              "only_significant": draw(st.booleans()),
              "correlation": {"method": draw(st.sampled_from(["spearman", "spearman", "kendall"])),
                              "ci_method": draw(st.sampled_from(["fieller", "bonett_wright", "fisher"])),
                              "confidence": 0.95}}
    return {"codebook": book, "data": pd.DataFrame(columns), "frame": frame, "config": config}


FAMILIES = {"kruskal_wallis": [], "dunn": [], "correlations": [], "wave_change": []}


def _outputs(folder: Path, name: str) -> str:
    return str(folder / f"{name}.csv")


def _clean(export: Path, codebook: Path, processed: Path, frame: Path | None, root: Path) -> Path | None:
    """The cleaning step (it checks the frame too); returns the checked frame the frame statistics read."""
    checked = root / "sampling_frame.parquet"
    clean_step.clean_export(str(export), str(codebook), str(processed), str(root / "cleaning_report.md"),
                            str(root / "quarantine.csv"), sampling_frame=str(frame) if frame else None,
                            frame=str(checked), coding=str(root / "coding_sheet.parquet"),
                            record=str(root / "inputs.json"))
    return checked if frame else None


def run_study(study: dict, root: Path, figures: bool, figure_format: str = "pdf") -> dict[str, Path]:
    """Clean the generated export and run every step on it; returns the CSV table paths by name."""
    book, config = study["codebook"], study["config"]
    codebook, export = root / "codebook.yaml", root / "export.csv"
    codebook.write_text(yaml.safe_dump(book, allow_unicode=True, sort_keys=False), encoding="utf-8")
    study["data"].to_csv(export, index=False)
    processed = root / "responses.parquet"
    frame = None
    if study["frame"] is not None:
        frame = root / "frame.csv"
        study["frame"].to_csv(frame, index=False)
    frame_input = _clean(export, codebook, processed, frame, root)
    tables = root / "tables"
    tables.mkdir()
    names = ANSWER_TABLES + ITEM_TABLES
    if study["frame"] is not None:
        names += FRAME_TABLES
    if book.get("indices"):
        names += INDEX_TABLES
    if book.get("wave"):
        names += WAVE_TABLES
    plan = root / "disclosure_plan.json"
    common = {"processed": str(processed), "codebook": str(codebook), "plan": str(plan)}
    association = ["item_by_factor", "sample"]
    statistics_steps.answer_statistics(**common, min_cell=config["min_cell"], summary=str(root / "plan.md"),
                                       **{name: _outputs(tables, name) for name in ANSWER_TABLES
                                          if name not in association})
    statistics_steps.association_tables(**common, **{name: _outputs(tables, name) for name in association})
    optional = {"frame": str(frame_input)} if frame is not None else {}
    statistics_steps.statistics(
        **common, alpha=config["alpha"], only_significant=config["only_significant"], families=FAMILIES,
        correlation=config["correlation"], **optional,
        **{name: _outputs(tables, name) for name in names if name not in ANSWER_TABLES})
    csv = {name: tables / f"{name}.csv" for name in names}
    document_steps.study_documents([str(path) for path in csv.values()], str(codebook), [], None, config["alpha"],
                                   config["min_cell"], FAMILIES, str(root / "tables.docx"), str(root / "tables.xlsx"),
                                   str(root / "tables.md"), str(root / "tables.html"), str(root / "tables.tex"),
                                   str(root / "summary.md"), str(root / "results.html"))
    for path in (root / "tables.docx", root / "summary.md", root / "results.html"):
        assert path.stat().st_size > 0, path
    if figures:
        out = root / "figures"
        out.mkdir()

        parsed = load_codebook(codebook)
        compared = [factor.column for factor in parsed.compared_factors]

        def pages(kind: str, factors=(None,)) -> list[str]:
            return [str(out / f"{stem}.{figure_format}") for factor in factors
                    for stem in page_names(kind, parsed, None, factor)]

        common_figure = {"codebook": str(codebook), "language": None}
        figure_steps.distribution_figures(frequencies=str(csv["frequencies"]),
                                          frequencies_by_factor=str(csv["frequencies_by_factor"]),
                                          min_cell=config["min_cell"], options={},
                                          distribution=pages("likert_distribution"),
                                          by_factor=pages("likert_by_factor", compared), **common_figure)
        figure_steps.test_figures(kruskal_wallis=str(csv["kruskal_wallis"]), correlations=str(csv["correlations"]),
                                  alpha=config["alpha"], ranks=pages("mean_ranks", compared),
                                  heatmap=pages("correlation_heatmap"), **common_figure)
        expected = pages("likert_distribution") + pages("likert_by_factor", compared) + pages("mean_ranks", compared)
        expected += pages("correlation_heatmap")
        if book.get("wave") and book.get("indices"):
            figure_steps.index_trend(indices_by_wave=str(csv["indices_by_wave"]), figure=pages("index_trend"),
                                     **common_figure)
            expected += pages("index_trend")
        for path in out.iterdir():
            assert path.stat().st_size > 0, path
        assert sorted(str(path) for path in out.iterdir()) == sorted(expected)
    return csv


# --- what every table may hold -----------------------------------------------------------------------------

P_COLUMNS = ("p", "p_holm", "p_bh", "p_holm_test", "p_bonferroni_test")
COUNT_COLUMNS = ("n", "n_valid", "n_missing", "n_dont_know", "n1", "n2", "n_first", "n_last", "count", "answered",
                 "sent", "responded", "k", "min_answered")
UNIT_COLUMNS = ("rho", "tau_b", "r", "rank_biserial", "item_rest_r", "ci_low_rho", "epsilon_sq")
PERCENT_COLUMNS = ("valid_percent", "agree_percent", "agree_ci_low", "agree_ci_high", "disagree_percent",
                   "dont_know_percent", "agree_percent_weighted")


def _values(table: pd.DataFrame, column: str) -> pd.Series:
    """The column's numbers; hidden and empty cells as NaN."""
    return pd.to_numeric(table[column], errors="raise").astype(float)


def check_table(name: str, table: pd.DataFrame, book: dict) -> None:
    for column in table.columns:
        if not pd.api.types.is_numeric_dtype(table[column]) or pd.api.types.is_bool_dtype(table[column]):
            continue
        values = _values(table, column)
        assert not np.isinf(values).any(), (name, column, "infinite")
        shown = values.dropna()
        is_count = column in COUNT_COLUMNS or (column.startswith("n_") and not column.startswith("n_effective"))
        if column == "df":
            assert ((shown >= 1) & (shown == shown.round())).all(), (name, column, shown.tolist())
        elif is_count and column != "n_effective":
            assert ((shown >= 0) & (shown == shown.round())).all(), (name, column, shown.tolist())
        elif column in P_COLUMNS:
            assert ((shown >= 0) & (shown <= 1)).all(), (name, column, shown.tolist())
        elif column in UNIT_COLUMNS:
            assert (shown.abs() <= 1 + 1e-12).all(), (name, column, shown.tolist())
        elif column in PERCENT_COLUMNS or (column == "percent" and name != "response_rates"):
            assert ((shown >= 0) & (shown <= 100 + 1e-9)).all(), (name, column, shown.tolist())
        elif column in ("H", "U", "sd", "iqr", "sd_weighted"):
            assert (shown >= -1e-12).all(), (name, column, shown.tolist())
        elif column.startswith("mean_rank"):
            assert (shown >= 1).all(), (name, column, shown.tolist())
        elif column == "deff":
            assert (shown >= 1 - 1e-9).all(), (name, column, shown.tolist())
        elif column.startswith("alpha"):
            assert (shown <= 1 + 1e-12).all(), (name, column, shown.tolist())
    present = set(table.columns)
    for adjusted in ("p_holm", "p_bh", "p_holm_test", "p_bonferroni_test"):
        if {"p", adjusted} <= present:
            p, q = _values(table, "p"), _values(table, adjusted)
            both = p.notna() & q.notna()
            assert (q[both] >= p[both] - 1e-12).all(), (name, adjusted)
            shown = ~hidden(table, "p")
            assert (p.isna() == q.isna())[shown].all(), (name, adjusted, "adjusted p without p or p without it")
    for statistic in ("H", "z", "U"):
        if {statistic, "p"} <= present and name != "wave_change":
            s, p = _values(table, statistic), _values(table, "p")
            assert (s.isna() == p.isna()).all(), (name, statistic, "a statistic without its p or p without it")
    if {"H", "df"} <= present:
        h, df = _values(table, "H"), _values(table, "df")
        assert (h.isna() == df.isna()).all(), (name, "df reported for a test with no H, or H without df")
    interval_of = {"ci_low": next((c for c in ("rho", "tau_b", "mean") if c in present), None),
                   "agree_ci_low": "agree_percent", "alpha_ci_low": "alpha"}
    for low, estimate in interval_of.items():
        high = low.replace("low", "high")
        if {low, high} <= present:
            lo, hi = _values(table, low), _values(table, high)
            both = lo.notna() & hi.notna()
            assert (lo[both] <= hi[both] + 1e-12).all(), (name, low, high)
            if estimate in present:
                e = _values(table, estimate)
                shown = both & e.notna()
                assert ((lo[shown] <= e[shown] + 1e-9) & (e[shown] <= hi[shown] + 1e-9)).all(), (name, estimate)
    if name in ("kruskal_wallis", "kruskal_wallis_by_wave"):
        tested = _values(table, "p").notna()
        assert (_values(table, "k")[tested] >= 2).all() and (_values(table, "n")[tested] >= 2).all(), name
    if name == "dunn" and len(table):
        for column in ("n1", "n2"):
            assert (_values(table, column).dropna() >= 1).all(), (name, column)
    if name == "wave_change" and len(table):
        u, most = _values(table, "U"), _values(table, "n_first") * _values(table, "n_last")
        shown = u.notna() & most.notna()
        assert ((u[shown] >= 0) & (u[shown] <= most[shown])).all(), (name, "U")
    if name == "descriptives_weighted" and len(table):
        n_eff, n_valid = _values(table, "n_effective"), _values(table, "n_valid")
        shown = n_eff.notna()
        assert ((n_eff[shown] > 0) & (n_eff[shown] <= n_valid[shown] + 1e-9)).all(), (name, "n_effective")
    if name == "correlations":
        assert (_values(table, "n")[_values(table, "p").notna()] >= 3).all(), (name, "p below three pairs")
        for column in ("ci_low", "ci_high"):
            assert (_values(table, column).dropna().abs() <= 1 + 1e-12).all(), (name, column)
    if name in ("descriptives", "descriptives_by_wave"):
        lowest = min(lv["code"] for s in book["scales"].values() for lv in s["levels"])
        highest = max(lv["code"] for s in book["scales"].values() for lv in s["levels"])
        for column in ("mean", "median", "mode", "q1", "q3"):
            shown = _values(table, column).dropna()
            assert ((shown >= lowest - 1e-9) & (shown <= highest + 1e-9)).all(), (name, column)


def check_outputs(csv: dict[str, Path], book: dict, respondents: int) -> None:
    for name, path in csv.items():
        table = io.read_table_csv(path)
        check_table(name, table, book)
        if name == "descriptives":
            shown = table[table["suppressed"].isna()]  # an item of fewer than min_cell answers is hidden whole
            assert (shown["n_valid"] + shown["n_missing"] == respondents).all()
            assert (shown["n_dont_know"] <= shown["n_missing"]).all()
        if name == "frequencies":
            shown = table.groupby("item").filter(lambda rows: rows["suppressed"].isna().all())
            assert (shown.groupby("item")["count"].sum() == respondents).all()
        assert table.columns[-1] == "suppressed"


@pytest.mark.slow
@settings(max_examples=110, **SETTINGS)
@given(study=studies())
def test_statistics_and_documents_of_any_small_study(study: dict, tmp_path_factory: pytest.TempPathFactory) -> None:
    root = tmp_path_factory.mktemp("study")
    check_outputs(run_study(study, root, figures=False), study["codebook"], len(study["data"]))


@pytest.mark.slow
@settings(max_examples=20, **SETTINGS)
@given(study=studies())
def test_figures_of_any_small_study(study: dict, tmp_path_factory: pytest.TempPathFactory) -> None:
    root = tmp_path_factory.mktemp("figures")
    check_outputs(run_study(study, root, figures=True), study["codebook"], len(study["data"]))


def test_check_table_rejects_out_of_range_values() -> None:
    """The checks can fail: a df of 0, a p above 1 and an adjusted p below p are each caught."""
    book = {"scales": {"s": {"levels": [{"code": 1}, {"code": 5}]}}}
    good = pd.DataFrame({"n": [10], "k": [2], "H": [2.0], "df": [1], "p": [0.2], "p_holm": [0.4], "p_bh": [0.2]})
    check_table("kruskal_wallis", good, book)
    for column, value in (("df", 0), ("df", -1), ("df", 1.5), ("p", 1.5), ("p", -0.1), ("p_holm", 0.1),
                          ("n", -1), ("H", -2.0), ("k", 1)):
        with pytest.raises(AssertionError):
            check_table("kruskal_wallis", good.assign(**{column: [value]}), book)
    with pytest.raises(AssertionError):
        check_table("kruskal_wallis", good.assign(H=[math.nan]), book)  # df and p for a test without H
    with pytest.raises(AssertionError):
        check_table("correlations", pd.DataFrame({"n": [5], "rho": [1.2], "ci_low": [0.1], "ci_high": [0.9],
                                                  "p": [0.01]}), book)
    with pytest.raises(AssertionError):  # the estimate outside its interval
        check_table("correlations", pd.DataFrame({"n": [5], "rho": [0.95], "ci_low": [0.1], "ci_high": [0.9],
                                                  "p": [0.01]}), book)
    with pytest.raises(AssertionError):  # inf
        check_table("descriptives", pd.DataFrame({"mean": [math.inf]}), book)
    hidden_n = pd.DataFrame({"n": [10], "k": [2], "H": [2.0], "df": [1], "p": [0.2], "n_1": [math.nan],
                             "suppressed": ["n_1"]})
    check_table("kruskal_wallis", hidden_n, book)  # a hidden value, not an error
