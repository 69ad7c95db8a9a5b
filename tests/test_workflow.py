"""End to end: the real workflow, run in a temporary copy of the repository on the demo data, reproduces the
published tables (read from shared/reference) and the reported findings."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from itertools import combinations
from pathlib import Path

import pandas as pd
import pytest
from published import items_named_in, load_published, percent, round_half_up

from likertpipe.codebook import load_codebook

REPO = Path(__file__).resolve().parents[1]
SNAKEMAKE = Path(sys.executable).with_name("snakemake")
STUDY = "kommunalsjef"
TABLES = ["descriptives", "frequencies", "open_text", "kruskal_wallis", "correlations", "response_rates"]
ALPHA = 0.05


def tracked_files() -> list[str]:
    out = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True).stdout
    return [p for p in out.decode().split("\0") if p]


def copy_repository(dest: Path) -> Path:
    """The committed and working-tree versions of tracked files, nothing generated."""
    for name in tracked_files():
        if (REPO / name).is_file():
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, target)
    return dest


def digests(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> Path:
    """Run `snakemake --cores 2` with no other argument in a fresh copy; return the copy's root."""
    root = copy_repository(tmp_path_factory.mktemp("repo"))
    before = digests(root / "data_raw")
    result = subprocess.run([str(SNAKEMAKE), "--cores", "2"], cwd=root, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-4000:]
    assert digests(root / "data_raw") == before, "the workflow changed files under data_raw/"
    return root


def table(run: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(run / "results" / STUDY / "tables" / f"{name}.csv", keep_default_na=False, na_values=[""])


def test_every_output_exists(run: Path) -> None:
    results = run / "results" / STUDY
    for name in TABLES:
        assert (results / "tables" / f"{name}.csv").stat().st_size > 0
        assert (results / "tables" / f"{name}.md").read_text(encoding="utf-8").startswith("| ")
    for ext in ("png", "svg", "pdf"):
        assert (results / "figures" / f"likert_distribution.{ext}").stat().st_size > 1000
    assert (run / "data_processed" / STUDY / "responses.parquet").is_file()
    assert "## Answers per item" in (run / "data_processed" / STUDY / "cleaning_report.md").read_text("utf-8")


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
    answers = {v.strip() for f in book.open_text for v in raw[f.column] if len(v.strip()) >= 8}
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
