"""`make report`'s outputs: report.zip and a single-file report.html that renders its captions in a browser.

The page is opened in headless Chromium (Debian package `chromium`; `.ci/run` installs it), with a small script
(tests/report/probe.js) that clicks through every result category and opens each result's description, so the
test sees the text the page rendered, not the data embedded in it.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from repo_copy import REPO

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PROBE = REPO / "tests" / "report" / "probe.js"


def caption(name: str) -> str:
    """A caption's text as the page shows it: reStructuredText ** and `` marks gone, Jinja fields left out."""
    text = (REPO / "workflow" / "report" / f"{name}.rst").read_text(encoding="utf-8").strip()
    return re.split(r"\{\{", text.replace("**", "").replace("``", ""))[0].strip()


@pytest.fixture(scope="session")
def reports(run, tmp_path_factory) -> Path:
    """`python -m likertpipe.report` (what `make report` runs) in a copy of the workflow's run (the run itself
    stays as the workflow left it, for the other tests)."""
    root = tmp_path_factory.mktemp("report") / "repo"
    shutil.copytree(run, root, symlinks=True)
    result = subprocess.run([sys.executable, "-m", "likertpipe.report", "--cores", "2"], cwd=root,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-4000:]
    assert "Nothing to be done" in result.stdout + result.stderr  # the copied run was complete
    return root / "results" / "kommunalsjef"


def test_report_zip_holds_the_results(reports) -> None:
    with zipfile.ZipFile(reports / "report.zip") as archive:
        names = archive.namelist()
    assert any(name.endswith("report.html") for name in names)
    assert any(name.endswith("likert_distribution.png") for name in names)
    # The cleaning report is local working material (unsuppressed counts, file and column names, row numbers).
    assert not [name for name in names if "cleaning_report" in name or "data_processed" in name]
    page = (reports / "report.html").read_text(encoding="utf-8")
    assert 'summary.md": {"name"' in page and 'cleaning_report.md": {"name"' not in page  # the embedded files


def rendered_text(page: Path, tmp_path: Path) -> str:
    probed = tmp_path / "probed.html"
    head, body_end, tail = page.read_text(encoding="utf-8").rpartition("</body>")
    probed.write_text(f"{head}<script>{PROBE.read_text(encoding='utf-8')}</script>{body_end}{tail}",
                      encoding="utf-8")
    result = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=120000",
                             "--dump-dom", probed.as_uri()], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    found = re.search(r'<pre id="likertpipe-probe">(.*?)</pre>', result.stdout, re.S)
    assert found, "the page did not finish rendering (no probe output)"
    return html.unescape(found.group(1))


@pytest.mark.skipif(CHROMIUM is None and not os.environ.get("CI"),
                    reason="chromium is not installed (apt-get install chromium); .ci/run installs it in CI")
def test_report_html_renders_every_caption(reports, tmp_path) -> None:
    text = rendered_text(reports / "report.html", tmp_path)
    assert "likertpipe analysis of the study kommunalsjef" in text  # workflow.rst, below the results
    assert f"{reports.relative_to(reports.parents[1])}/results.html" not in text  # the landing page, not a result
    # each result's panel: its path in the breadcrumbs (the figures show their labels, number and title, instead
    # of PATH), then its caption
    shown = dict(re.findall(r"\n(results/\S+)\n(?:.*\n){1,4}?DESCRIPTION\n\s*(.+?)\n", text))
    results = reports.relative_to(reports.parents[1])
    expected = {f"{results}/tables.docx": "tables_docx", f"{results}/summary.md": "summary",
                f"{results}/tables.html": "tables_html"}
    expected |= {f"{results}/figures/{p.name}": figure_caption(p.stem) for p in (reports / "figures").glob("*.png")}
    assert len(expected) > 10
    for path, name in expected.items():
        assert path in shown, f"{path} is not in the rendered report"
        assert shown[path].startswith(caption(name)[:60]), (path, shown[path])


def figure_caption(stem: str) -> str:
    """The caption file of a figure: per-factor figures (likert_by_<factor>, mean_ranks_<factor>) share one."""
    for prefix in ("likert_by", "mean_ranks"):
        if stem.startswith(prefix + "_"):
            return "likert_by_factor" if prefix == "likert_by" else prefix
    return {"coding_tally": "coding_tally_figure", "yes_no": "yes_no_figure", "odds_ratios": "odds_ratio_figure"}.get(
        stem, stem)


@pytest.mark.skipif(CHROMIUM is None and not os.environ.get("CI"),
                    reason="chromium is not installed (apt-get install chromium); .ci/run installs it in CI")
def test_report_opens_on_the_results(reports, tmp_path) -> None:
    """The landing page shows the results page, not the rule graph: the results text (summary.md's lines), then
    every table by its numbered caption in order, then every figure embedded in the page, numbered."""
    landing = rendered_text(reports / "report.html", tmp_path).split("\n=====\n")[0]
    assert "LANDING RULE GRAPH no" in landing
    lines = (reports / "summary.md").read_text("utf-8").splitlines()
    summary = [re.sub(r"\*+", "", line.lstrip("#- ")).strip() for line in lines]  # as read: no Markdown marks
    summary = [line for line in summary if line]
    at = [landing.find(line) for line in summary]
    assert -1 not in at and at == sorted(at), ("the results text, in its order",
                                               [line for line, i in zip(summary, at, strict=True) if i == -1])
    captions = re.findall(r"<caption>(.*?)</caption>", (reports / "tables.html").read_text("utf-8"))
    at_tables = [landing.find(html.unescape(c)) for c in captions]
    assert len(captions) > 10 and -1 not in at_tables and at_tables == sorted(at_tables)
    assert captions[0].startswith("Tabell 1. ") and at_tables[0] > at[-1]
    pngs = len(list((reports / "figures").glob("*.png")))
    assert f"LANDING FIGURES {pngs} of {pngs}" in landing
    assert landing.find(f"Figur {pngs}. ") > landing.find("Figur 1. ") > at_tables[-1]
