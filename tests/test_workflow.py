"""End to end: the real workflow, run in a temporary copy of the repository on the demo data, reproduces the
published tables (read from data_raw/kommunalsjef/published_aggregates.yaml) and the reported findings."""

from __future__ import annotations

import re
import subprocess
from itertools import combinations
from pathlib import Path

import pandas as pd
import pytest
from published import items_named_in, load_published, percent, round_half_up
from repo_copy import REPO, SNAKEMAKE, digests

from likertpipe.codebook import load_codebook

STUDY = "kommunalsjef"
TABLES = ["descriptives", "frequencies", "open_text", "kruskal_wallis", "dunn", "correlations", "response_rates",
          "descriptives_weighted", "indices", "reliability", "coding_tally", "sample", "yes_no", "item_by_factor"]
# The columns each table must carry (README "Outputs" documents each).
COLUMNS = {
    "descriptives": ["item", "n_valid", "n_missing", "n_dont_know", "mean", "median", "sd", "mode", "q1",
                     "q3", "iqr", "agree_percent", "agree_ci_low", "agree_ci_high", "disagree_percent",
                     "dont_know_percent"],
    "kruskal_wallis": ["item", "factor", "n", "k", "H", "df", "p", "epsilon_sq", "eta_sq_h", "dropped_levels",
                       "n_1", "mean_rank_1", "p_holm", "p_bh"],
    "dunn": ["item", "factor", "level1", "level2", "n1", "n2", "mean_rank1", "mean_rank2", "z", "p", "p_holm_test",
             "p_bonferroni_test", "p_holm", "p_bh"],
    "correlations": ["var1", "var2", "kind", "n", "rho", "ci_low", "ci_high", "p", "p_holm", "p_bh"],
    "descriptives_weighted": ["item", "n_valid", "mean_weighted", "sd_weighted", "agree_percent_weighted",
                              "n_effective", "deff"],
    "indices": ["index", "k", "n_valid", "n_missing", "mean", "sd", "median"],
    "reliability": ["index", "n", "k", "alpha", "alpha_ci_low", "alpha_ci_high", "item", "reversed", "item_rest_r",
                    "alpha_if_deleted"],
}
ALPHA = 0.05


def table(run: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(run / "results" / STUDY / "tables" / f"{name}.csv", keep_default_na=False, na_values=[""])


@pytest.mark.parametrize(("formats", "expected"), [('["svg", "png"]', {".svg", ".png"}), ('["pdf"]', {".pdf"})])
def test_figure_formats_are_the_configured_ones(run: Path, formats: str, expected: set[str]) -> None:
    """`figure_formats` decides every figure's files (a dry run lists what a run would write)."""
    result = subprocess.run([str(SNAKEMAKE), "-n", "--cores", "1", "--forceall", "--config",
                             f"figure_formats={formats}", "replace_results=True"], cwd=run, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    planned = set(re.findall(r"results/\S+/figures/\S+?(\.[a-z]+)\b", result.stdout))
    assert planned == expected


def test_every_output_exists(run: Path) -> None:
    results = run / "results" / STUDY
    for name in TABLES:
        assert (results / "tables" / f"{name}.csv").stat().st_size > 0
    for document in ("tables.docx", "tables.xlsx", "tables.md", "tables.html", "tables.tex", "summary.md",
                     "results.html"):
        assert (results / document).stat().st_size > 0, document
    for ext in ("png", "pdf"):
        assert (results / "figures" / f"likert_distribution.{ext}").stat().st_size > 1000
    assert not list((results / "figures").glob("*.svg"))  # figure_formats' default: png, pdf
    assert (run / "data_processed" / STUDY / "responses.parquet").is_file()
    report = (run / "data_processed" / STUDY / "cleaning_report.md").read_text("utf-8")
    assert "## Svar per spørsmål" in report  # in the study's language


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_tables_carry_the_documented_columns(run: Path, name: str) -> None:
    columns = list(table(run, name).columns)
    assert [c for c in COLUMNS[name] if c not in columns] == []
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert [c for c in COLUMNS[name] if f"`{c}`" not in readme and not c.startswith(("n_1", "mean_rank_1"))] == []


def test_dunn_follows_only_significant_kruskal_wallis_tests(run: Path) -> None:
    """Config `dunn: significant` (the default): every pair of each test with p < alpha, and no other; the demo
    has no such test, so the table is its header alone (`dunn: all` is tested in tests/test_posthoc.py)."""
    kw, dunn = table(run, "kruskal_wallis"), table(run, "dunn")
    significant = kw[kw["p"] < ALPHA]
    assert len(dunn) == sum(k * (k - 1) // 2 for k in significant["k"])
    assert set(zip(dunn["item"], dunn["factor"], strict=True)) == set(
        zip(significant["item"], significant["factor"], strict=True))
    assert list(dunn.columns) == COLUMNS["dunn"][:10] + ["p_holm", "p_bh", "p_holm_test", "p_bonferroni_test",
                                                         "suppressed"]
    assert (dunn["p_holm_test"] >= dunn["p"]).all() and (dunn["p_bonferroni_test"] >= dunn["p_holm_test"]).all()


def test_descriptives_equal_table_3(run: Path) -> None:
    published = load_published()
    got = table(run, "descriptives").set_index("item")
    assert list(got.index) == [row["id"] for row in published["items"]]
    for row in published["items"]:
        mine = got.loc[row["id"]]
        assert mine["n_valid"] == row["valid"], row["id"]
        assert mine["n_missing"] == row["missing"], row["id"]
        assert round_half_up(mine["mean"], 2) == row["mean"], row["id"]
        assert mine["median"] == row["median"], row["id"]
        assert round_half_up(mine["sd"], 3) == row["sd"], row["id"]
        assert round_half_up(mine["agree_percent"]) == row["agree_percent"], row["id"]
        assert 0 <= mine["n_dont_know"] <= mine["n_missing"]


def test_response_rates_equal_table_2(run: Path) -> None:
    published = load_published()
    got = table(run, "response_rates")
    groups = got.dropna(subset=["group"]).set_index("group")
    for row in published["municipality_groups"]:
        mine = groups.loc[row["group"]]
        assert (mine["sent"], mine["responded"]) == (row["sent"], row["responded"]), row["group"]
        assert round_half_up(mine["percent"]) == row["percent"], row["group"]
    total = got[got["group"].isna()].iloc[0]
    assert total["sent"] == published["survey"]["frame_municipalities"]
    assert total["responded"] == published["survey"]["respondents"]
    assert percent(total["responded"], total["sent"]) == published["survey"]["response_rate_percent"]


def test_no_kruskal_wallis_test_is_significant(run: Path) -> None:
    kw = table(run, "kruskal_wallis")
    assert len(kw) == 18
    assert set(kw["factor"]) == {"kommunegruppe", "utdanning", "ledererfaring"}
    assert (kw["p"] >= ALPHA).all(), kw.loc[kw["p"] < ALPHA, ["item", "factor", "p"]]
    # each level's n adds up to the test's n
    for _, row in kw.iterrows():
        assert sum(row[c] for c in kw.columns if c.startswith("n_") and pd.notna(row[c])) == row["n"]


def test_spearman_findings_hold(run: Path) -> None:
    published = load_published()
    corr = table(run, "correlations")
    with_population = corr[corr["kind"] == "item-covariate"].set_index("var1")
    reported = items_named_in(published["findings"]["spearman_with_population"]["result"])
    for item, row in with_population.iterrows():
        if item in reported:
            assert row["rho"] > 0 and row["p"] < ALPHA, item
        else:
            assert row["p"] >= ALPHA, item
    pairs = corr[corr["kind"] == "item-item"].set_index(["var1", "var2"])
    significant = {tuple(p) for p in published["findings"]["spearman_between_items"]["significant_positive_pairs"]}
    assert len(pairs) == len(list(combinations(range(6), 2)))
    for (a, b), row in pairs.iterrows():
        if (a, b) in significant:
            assert row["rho"] > 0 and row["p"] < ALPHA, (a, b)
        else:
            assert row["p"] >= ALPHA, (a, b)


def test_no_open_text_reaches_results(run: Path) -> None:
    raw = pd.read_csv(run / "data_raw" / STUDY / "demo_export.csv", dtype=str, keep_default_na=False)
    book = load_codebook(run / "config" / STUDY / "codebook.yaml")
    public = (run / "config" / STUDY / "codebook.yaml").read_text(encoding="utf-8")  # e.g. the study's title
    answers = {v.strip() for f in book.open_text for v in raw[f.column] if len(v.strip()) >= 8} - {
        v for v in raw.stack() if v.strip() and v.strip() in public}
    assert answers
    for path in (run / "results").rglob("*"):
        if path.is_file():
            content = path.read_bytes().decode("utf-8", errors="ignore")
            leaked = [a for a in answers if a in content]
            assert not leaked, f"{path} contains open-text answers, e.g. {leaked[0]!r}"


def test_forced_rerun_gives_identical_bytes(run: Path) -> None:
    before = digests(run / "results")
    result = subprocess.run([str(SNAKEMAKE), "--cores", "2", "--forceall"], cwd=run, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-4000:]
    assert digests(run / "results") == before


def test_readme_figure_is_the_workflow_figure(run: Path) -> None:
    drawn = run / "results" / STUDY / "figures" / "likert_distribution.png"
    shown = REPO / "docs" / "likert_distribution.png"
    assert drawn.read_bytes() == shown.read_bytes(), "refresh docs/likert_distribution.png from results/"


def test_sample_and_yes_no_tables_give_the_published_background(run: Path) -> None:
    """The article's background and change percents (published `background`, `changes`), rounded, from the
    published sample.csv and yes_no.csv; the 68 % titled "kommunalsjef" through the yes/no question derived from
    the free-text title (only its counts are published)."""
    published = load_published()
    sample = table(run, "sample")
    overall = sample[sample["group"].isna() & (sample["row_type"] == "level")]
    overall = overall.set_index(["variable", overall["level"].astype(int)])["percent"]
    education = published["background"]["education"]
    assert round_half_up(overall[("helse_sosial", 1)]) == education["health_social_degree_percent"]
    assert round_half_up(overall[("utdanning", 2)]) == education["additional_econ_management_percent"]
    experience = list(published["background"]["leader_experience_percent"].values())
    assert [round_half_up(overall[("ledererfaring", code)]) for code in (1, 2, 3)] == experience
    yes_no = table(run, "yes_no")
    yes = yes_no[yes_no["factor"].isna()].set_index("variable")["percent_yes"]
    assert round_half_up(yes["tittel_kommunalsjef"]) == published["background"]["title_kommunalsjef_percent"]
    changes = published["changes"]
    assert [round_half_up(yes[c]) for c in ("endret_3aar", "planlagt_3aar", "endret_eller_planlagt")] == [
        changes["changed_last_3_years_percent"], changes["planned_next_3_years_percent"],
        changes["changed_or_planned_percent"]]


def test_an_earlier_runs_files_are_removed_from_the_output_folders(run: Path) -> None:
    """A figure page, format or table an earlier run wrote and this one does not (a battery split into other
    pages, a format dropped) is removed by the manifest job, so results/ holds this run's outputs only; other
    files of the study's folder (make report's) are left alone."""
    results = run / "results" / STUDY
    stale = [results / "figures" / "likert_by_utdanning_p2.png", results / "figures" / "mean_ranks_utdanning.svg",
             results / "tables" / "old_table.csv"]
    kept = results / "report.html"
    for path in [*stale, kept]:
        path.write_text("from an earlier run", encoding="utf-8")
    result = subprocess.run([str(SNAKEMAKE), "--cores", "1", "--forcerun", "manifest"], cwd=run, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    assert not [p for p in stale if p.exists()]
    assert kept.read_text(encoding="utf-8") == "from an earlier run"
    kept.unlink()
    log = (run / "logs" / STUDY / "manifest.log").read_text(encoding="utf-8")
    assert "removed results/kommunalsjef/tables/old_table.csv: not an output of this run" in log
    manifest = (results / "manifest.json").read_text(encoding="utf-8")
    assert "old_table" not in manifest and "figures/likert_by_utdanning.png" in manifest
