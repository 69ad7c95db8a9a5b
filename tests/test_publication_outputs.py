"""The formats a manuscript takes, on the demo run: every table in tables.md, tables.html, tables.tex,
tables.docx and tables.xlsx, numbered the same, the figures in tables.docx, the results text agreeing with the
tables, and the switch between Norwegian and English changing only words and decimal marks."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import docx
import openpyxl
import pandas as pd
import pytest
from published import load_published, round_half_up
from repo_copy import SNAKEMAKE, copy_repository

from likertpipe.codebook import load_codebook
from likertpipe.labels import LABELS
from likertpipe.tables import DESCRIPTIVES_SHOWN, LATEX_PREAMBLE, RANKS, document_tables

STUDY = "kommunalsjef"
NUMBER = re.compile(r"^(<\s)?-?(\d+)?([.,]\d+)?$")


def tables_of(run: Path) -> list[str]:
    """The tables the documents hold, in their order (the figures' count tables are CSV only; a Kruskal-Wallis
    table is followed by its mean ranks)."""
    return document_tables(p.stem for p in (run / "results" / STUDY / "tables").glob("*.csv"))


def sections(run: Path, ext: str) -> dict[str, str]:
    """Each table's part of tables.<ext>, by table name (the documents hold them in `tables_of` order)."""
    text = (run / "results" / STUDY / f"tables.{ext}").read_text("utf-8")
    start = {"md": r"(?=^\*\*)", "html": r"(?=<table>)",
             # a table begins a group, or the landscape page around its group
             "tex": r"(?=^\\begin\{landscape\}$)|(?<!\\begin\{landscape\}\n)(?=^\\begingroup$)"}[ext]
    parts = re.split(f"(?m){start}", text)[1:]
    names = tables_of(run)
    assert len(parts) == len(names), ext
    return dict(zip(names, parts, strict=True))


def numbers(row: str) -> list[str]:
    """The cells of a Markdown table row that are numbers, decimal commas read as points (labels skipped)."""
    cells = [cell.strip() for cell in row.strip("|").split("|")]
    return [cell.replace(",", ".") for cell in cells if cell and NUMBER.match(cell)]


def test_docx_holds_every_table_numbered_in_order_and_every_figure(run: Path) -> None:
    document = docx.Document(str(run / "results" / STUDY / "tables.docx"))
    titles = [p.text.replace("\n", ". ") for p in document.paragraphs if re.match(r"Tabell \d+\n", p.text)]
    assert len(document.tables) == len(tables_of(run)) == len(titles)
    assert [int(t.split()[1].rstrip(".")) for t in titles] == list(range(1, len(titles) + 1))
    markdown = sections(run, "md")
    for title, name in zip(titles, tables_of(run), strict=True):  # the same numbered title heads its Markdown
        assert markdown[name].startswith(f"**{title}**"), (title, name)
    pngs = sorted((run / "results" / STUDY / "figures").glob("*.png"))
    figures = [p.text for p in document.paragraphs if re.match(r"Figur \d+\n", p.text)]
    assert len(document.inline_shapes) == len(figures) == len(pngs) > 0
    assert "Figur 1\nSvarfordeling per spørsmål" in figures
    shown = document.tables[titles.index(next(t for t in titles if "Beskrivende statistikk" in t))]
    cells = [c.text for c in shown.rows[1].cells]
    descriptives = pd.read_csv(run / "results" / STUDY / "tables" / "descriptives.csv")
    assert cells[0] == descriptives.loc[0, "item"]
    assert f"{descriptives.loc[0, 'mean']:.2f}".replace(".", ",") in cells


def test_xlsx_holds_every_table_with_the_csv_numbers(run: Path) -> None:
    workbook = openpyxl.load_workbook(run / "results" / STUDY / "tables.xlsx")
    names = tables_of(run)
    assert len(workbook.sheetnames) == len(names)
    assert [int(name.split()[0]) for name in workbook.sheetnames] == list(range(1, len(names) + 1))
    sheet = workbook.worksheets[names.index("descriptives")]
    csv = pd.read_csv(run / "results" / STUDY / "tables" / "descriptives.csv")
    header = [c.value for c in sheet[2]]
    for i, row in csv.iterrows():
        cells = dict(zip(header, (c.value for c in sheet[3 + i]), strict=True))
        assert cells["Spørsmål"] == row["item"] and cells["n"] == row["n_valid"]
        assert abs(cells["M"] - row["mean"]) <= 0.005 and abs(cells["SD"] - row["sd"]) <= 0.0005
        assert cells["Mdn"] == row["median"] and isinstance(cells["n"], int)
    kruskal = workbook.worksheets[names.index("kruskal_wallis")]
    assert len([r for r in kruskal.iter_rows(min_row=3) if r[0].value in set(csv["item"])]) == 18
    assert isinstance(kruskal.cell(3, 5).value, float)  # H as a number


class Cells(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.caption = ""
        self._in = None

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "tr":
            self.rows.append([])
        if tag in ("td", "th", "caption"):
            self._in = tag
            if tag != "caption":
                self.rows[-1].append("")

    def handle_endtag(self, tag) -> None:
        self._in = None

    def handle_data(self, data) -> None:
        if self._in == "caption":
            self.caption += data
        elif self._in:
            self.rows[-1][-1] += data


@pytest.mark.parametrize("name", ["descriptives", "kruskal_wallis", "correlations", "response_rates"])
def test_html_and_latex_show_every_row_of_the_csv(run: Path, name: str) -> None:
    folder = run / "results" / STUDY / "tables"
    csv = pd.read_csv(folder / f"{name}.csv").drop(columns="suppressed")  # the renderings show ':' instead
    parsed = Cells()
    parsed.feed(sections(run, "html")[name])
    assert parsed.caption.startswith("Tabell ")
    assert len(parsed.rows) == len(csv) + 1
    # every column and its label columns, but a Kruskal-Wallis table's per-level columns, η²H, the factor's code
    # and the dropped levels (those are in its mean-rank table, tables.RANKS)
    added = [label for label in LABELS[name] if label.column != label.code]
    # the descriptives in their reading form: the article's Table 3 (tables.DESCRIPTIVES_SHOWN)
    shown = {"kruskal_wallis": 11, "descriptives": len(DESCRIPTIVES_SHOWN)}
    assert len(parsed.rows[0]) == shown.get(name, len(csv.columns) + len(added))
    tex = sections(run, "tex")[name]
    body = tex.split("\\endhead")[1].split("\\bottomrule")[0]
    assert tex.count("\\bottomrule") == 1 and tex.count("\\toprule") == 2 and "\\caption{" in tex
    assert body.count("\\\\") == len(csv)


def test_tables_2_and_3_show_the_articles_numbers(run: Path) -> None:
    """The demo's Table 2 (response rates) and Table 3 (descriptives) as tables.html shows them: the article's
    numbers (data_raw/kommunalsjef/published_aggregates.yaml), its whole percents the one-decimal ones rounded
    half up, its medians the answer codes as printed (5, not 5,00)."""
    published = load_published()
    html_tables = sections(run, "html")
    rates = Cells()
    rates.feed(html_tables["response_rates"])
    assert rates.caption == "Tabell 2. Svarprosent etter gruppe i utvalgsrammen"
    assert rates.rows[0] == ["Gruppe", "Beskrivelse", "Sendt", "Svarte", "Prosent"]
    for row, group in zip(rates.rows[1:], published["municipality_groups"], strict=False):
        assert [int(row[0]), int(row[2]), int(row[3])] == [group["group"], group["sent"], group["responded"]]
        assert round_half_up(float(row[4].replace(",", "."))) == group["percent"]
    total = rates.rows[-1]
    assert [int(total[2]), int(total[3])] == [published["survey"]["frame_municipalities"],
                                              published["survey"]["respondents"]]
    described = Cells()
    described.feed(html_tables["descriptives"])
    assert described.caption == "Tabell 3. Beskrivende statistikk per spørsmål"
    assert described.rows[0] == ["Spørsmål", "Beskrivelse", "n", "Mangler", "M", "Mdn", "SD", "Øverste nivåer (%)"]
    assert len(described.rows) == len(published["items"]) + 1
    for row, item in zip(described.rows[1:], published["items"], strict=True):
        assert row[0] == item["id"] and row[1] == item["label"]
        assert row[2:7] == [str(item["valid"]), str(item["missing"]), f"{item['mean']:.2f}".replace(".", ","),
                            str(item["median"]), f"{item['sd']:.3f}".replace(".", ",")]
        assert round_half_up(float(row[7].replace(",", "."))) == item["agree_percent"]


def test_mean_ranks_follow_the_kruskal_wallis_table_by_label(run: Path) -> None:
    csv = pd.read_csv(run / "results" / STUDY / "tables" / "kruskal_wallis.csv")
    parsed = Cells()
    parsed.feed(sections(run, "html")[RANKS["kruskal_wallis"]])
    assert parsed.rows[0] == ["Spørsmål", "Faktor", "Gruppe", "n", "Middelrang"]
    rows = parsed.rows[1:]
    book = load_codebook(run / "config" / STUDY / "codebook.yaml")
    assert len(rows) == sum(len(book.factor(factor).codes) for factor in csv["factor"])  # every level of each
    first = csv.iloc[0]
    assert rows[0][0] == first["item"] and rows[0][3] == str(first["n_1"])
    assert rows[0][4] == f"{first['mean_rank_1']:.2f}".replace(".", ",")
    assert not any(cell.isdigit() for row in rows for cell in row[2:3])  # levels by label, not code


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed (.ci/run installs texlive)")
def test_every_latex_table_compiles(run: Path, tmp_path: Path) -> None:
    """tables.tex with exactly the preamble README "Outputs" states."""
    readme = (Path(__file__).parents[1] / "README.md").read_text("utf-8")
    stated = readme.split("```latex\n")[1].split("```")[0]
    assert [line.strip() for line in stated.strip().splitlines()] == LATEX_PREAMBLE.splitlines()
    body = f"\\input{{{(run / 'results' / STUDY / 'tables.tex').as_posix()}}}"
    (tmp_path / "all.tex").write_text(
        f"\\documentclass{{article}}\n{LATEX_PREAMBLE}\\begin{{document}}\n{body}\n\\end{{document}}\n",
        encoding="utf-8")
    result = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "all.tex"], cwd=tmp_path,
                            capture_output=True, text=True, errors="replace", timeout=300)
    assert result.returncode == 0, result.stdout[-3000:]


def test_summary_sentences_carry_the_tables_numbers(run: Path) -> None:
    """The results text's counts, numbers and "Tabell N" references, from the CSV tables and the captions of
    tables.md; the article's headline change percentages (43, 54 and 67 %) lead it."""
    results = run / "results" / STUDY
    text = (results / "summary.md").read_text("utf-8")
    number = {title: int(n) for n, title in re.findall(r"^\*\*Tabell (\d+)\. (.+)\*\*$",
                                                       (results / "tables.md").read_text("utf-8"), re.MULTILINE)}
    rates = pd.read_csv(results / "tables" / "response_rates.csv", keep_default_na=False)
    total = rates[rates["group"] == ""].iloc[0]
    assert f"{total['responded']} av {total['sent']} enheter i utvalgsrammen svarte (44,7 %; Tabell " \
        f"{number['Svarprosent etter gruppe i utvalgsrammen']})." in text
    main = text.split("## Hovedresultater")[1].split("## ")[0]
    for percent in ("43,1 %", "53,7 %", "66,7 %"):  # the article: 43, 54 and 67 % changed, planned, either
        assert percent in main
    corr = pd.read_csv(results / "tables" / "correlations.csv")
    significant = corr[corr["p_holm"] < 0.05]
    assert len(significant) == 5
    assert f"Rangkorrelasjoner, Spearmans ρ (Tabell {number['Rangkorrelasjoner']}): 5 av {corr['p'].notna().sum()} " \
        "signifikante etter Holm-justering" in text
    for _, row in significant.iterrows():
        assert f"ρ = {row['rho']:.3f}".replace(".", ",") in text and f"n = {row['n']}" in text
    kruskal = pd.read_csv(results / "tables" / "kruskal_wallis.csv")
    assert f"(Tabell {number['Kruskal-Wallis-tester etter gruppe']}): 0 av {kruskal['p'].notna().sum()} " \
        "signifikante" in text


@pytest.fixture(scope="module")
def english(tmp_path_factory) -> Path:
    """The demo run with `language: en` (the default run is Norwegian, the study's language)."""
    root = copy_repository(tmp_path_factory.mktemp("english"))
    result = subprocess.run([str(SNAKEMAKE), "--cores", "2", "--config", "language=en"], cwd=root,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-4000:]
    return root


def test_language_changes_words_and_decimal_marks_only(run: Path, english: Path) -> None:
    nb, en = run / "results" / STUDY, english / "results" / STUDY
    shown = {(folder, ext): sections(folder.parents[1], ext) for folder in (nb, en) for ext in ("md", "html", "tex")}
    for name in tables_of(run):
        if name in RANKS.values():  # a reading of the Kruskal-Wallis table, no CSV of its own
            continue
        a, b = pd.read_csv(nb / "tables" / f"{name}.csv"), pd.read_csv(en / "tables" / f"{name}.csv")
        assert list(a.columns) == list(b.columns), name
        numeric = [c for c in a.columns if pd.api.types.is_numeric_dtype(a[c])]
        pd.testing.assert_frame_equal(a[numeric], b[numeric], obj=name)
        for ext in ("md", "html", "tex"):
            assert shown[nb, ext][name] != shown[en, ext][name], (name, ext)
        rows_nb, rows_en = (body_rows(shown[folder, "md"][name]) for folder in (nb, en))
        assert len(rows_nb) == len(rows_en), name
        for row_nb, row_en in zip(rows_nb, rows_en, strict=True):
            assert numbers(row_nb) == numbers(row_en), (name, row_nb, row_en)
    assert (nb / "summary.md").read_text("utf-8").startswith("# Resultater")
    assert (en / "summary.md").read_text("utf-8").startswith("# Results")
    assert "| Missing | M | Mdn | SD | Top levels (%) |" in sections(english, "md")["descriptives"]
    assert "| Mangler | M | Mdn | SD | Øverste nivåer (%) |" in sections(run, "md")["descriptives"]
    for path in nb.rglob("*"):  # the same set of files
        assert (en / path.relative_to(nb)).exists(), path


def body_rows(markdown: str) -> list[str]:
    """The body rows of a Markdown table (no heading row, no alignment row)."""
    return [line for line in markdown.splitlines() if line.startswith("| ")][1:]
