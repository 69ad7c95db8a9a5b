"""tables.docx and tables.xlsx, read back: the Word document opens with python-docx and holds every table's
caption (APA: number in bold, title in italics), cells and note, in APA style (no vertical rules, rules above
and below the header and under the table, 10 pt), wide tables on landscape pages and the figures; the workbook
opens with openpyxl with a sheet per table, numbers as numbers rounded as the CSV's values round; both are the
same bytes on every write."""

from __future__ import annotations

import time
import zipfile
from decimal import ROUND_HALF_UP, Decimal

import docx
import matplotlib
import openpyxl
import pandas as pd
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Pt

from likertpipe.documents import Figure, sheet_name, write_docx, write_xlsx
from likertpipe.tables import Entry, entries

matplotlib.use("Agg")
from matplotlib import pyplot as plt  # noqa: E402


def result_tables() -> dict[str, pd.DataFrame]:
    return {
        "correlations": pd.DataFrame({"var1": ["Q1"], "var2": ["Q2"], "kind": ["item-item"], "n": [50],
                                      "rho": [0.31249], "ci_low": [0.0351], "ci_high": [0.5449], "p": [0.0271]}),
        "descriptives": pd.DataFrame({"item": ["Q1", "Q2"], "label": ["Første & beste", "Second"],
                                      "n_valid": [50, 48], "mean": [3.125, 2.0], "sd": [1.0, 0.12345],
                                      "suppressed": ["", "sd"]}),
    }


def wide_table() -> pd.DataFrame:
    """Fourteen columns of numbers: wider than a portrait page's text."""
    return pd.DataFrame({"item": ["Q1"], **{f"mean_{i}": [1.23456 + i] for i in range(14)}})


@pytest.fixture
def figure(tmp_path) -> str:
    path = tmp_path / "likert_distribution.png"
    fig = plt.figure(figsize=(7, 9))
    fig.savefig(path, dpi=30)
    plt.close(fig)
    return str(path)


def test_docx_holds_every_table_with_caption_cells_and_note(tmp_path, codebook) -> None:
    path = tmp_path / "tables.docx"
    write_docx(entries(result_tables(), codebook, "nb"), path)
    document = docx.Document(str(path))
    paragraphs = [p for p in document.paragraphs if p.text]
    # descriptives come before correlations in the fixed order; APA: the number bold, the title italic below
    assert [p.text for p in paragraphs][0] == "Tabell 1\nBeskrivende statistikk per spørsmål"
    number, title = paragraphs[0].runs
    assert number.bold and not number.italic and title.italic and not title.bold
    assert paragraphs[1].text.startswith("Merknad. n: gyldige svar")
    assert paragraphs[1].runs[0].text == "Merknad." and paragraphs[1].runs[0].italic
    assert paragraphs[2].text == "Tabell 2\nRangkorrelasjoner"
    assert paragraphs[3].text.startswith("Merknad. Rangkorrelasjon")
    first, second = ([[cell.text for cell in row.cells] for row in table.rows] for table in document.tables)
    assert first == [["Spørsmål", "Beskrivelse", "n", "M", "SD"],  # APA's symbols: the descriptives' reading form
                     ["Q1", "Første & beste", "50", "3,13", "1,000"],
                     ["Q2", "Second", "48", "2,00", ":"]]
    assert second == [["Variabel 1", "Variabel 2", "Type", "n", "ρ", "KI nedre", "KI øvre", "p"],
                      ["Q1", "Q2", "spørsmål–spørsmål", "50", "0,312", "0,035", "0,545", ",027"]]


def _borders(element, tag: str) -> dict[str, str]:
    found = element.find(qn(tag))
    return {} if found is None else {child.tag.split("}")[1]: child.get(qn("w:val")) for child in found}


def test_docx_tables_are_in_apa_style(tmp_path, codebook) -> None:
    path = tmp_path / "tables.docx"
    write_docx(entries(result_tables(), codebook, "en"), path)
    document = docx.Document(str(path))
    for table in document.tables:
        assert table.style.name != "Table Grid"
        tbl = table._tbl
        # rules above and below the table only: no vertical rules, no rules between body rows
        assert _borders(tbl.tblPr, "w:tblBorders") == {"top": "single", "left": "nil", "bottom": "single",
                                                      "right": "nil", "insideH": "nil", "insideV": "nil"}
        assert table.style.name == "Normal Table"  # the template's table style, which draws no rules
        header, *body = tbl.tr_lst
        assert all(_borders(tc.tcPr, "w:tcBorders") == {"bottom": "single"} for tc in header.tc_lst)
        assert all(tc.tcPr is None or tc.tcPr.find(qn("w:tcBorders")) is None for tr in body for tc in tr.tc_lst)
        sizes = {run.font.size for row in table.rows for cell in row.cells for p in cell.paragraphs for run in p.runs}
        assert sizes == {Pt(10)}
    note = next(p for p in document.paragraphs if p.text.startswith("Note."))
    assert {run.font.size for run in note.runs} == {Pt(10)}


def test_wide_tables_get_landscape_pages_and_the_figures_follow(tmp_path, codebook, figure) -> None:
    tables = result_tables() | {"indices": wide_table()}
    shown = entries(tables, codebook, "en")
    figures = [Figure(1, "Answer distribution per item", figure, "en"),
               Figure(2, "Answer distribution per item (part 2 of 2)", figure, "en")]
    path = tmp_path / "tables.docx"
    write_docx(shown, path, figures)
    document = docx.Document(str(path))
    orientations = [section.orientation for section in document.sections]
    # descriptives (portrait), correlations (portrait), indices (landscape), then the figures (portrait)
    assert orientations == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]
    landscape = document.sections[1]
    assert landscape.page_width > landscape.page_height
    assert len(document.inline_shapes) == 2
    text_width = document.sections[2].page_width - 2 * document.sections[2].left_margin
    assert all(0 < shape.width <= text_width and shape.height > 0 for shape in document.inline_shapes)
    captions = [p.text for p in document.paragraphs if p.text.startswith("Figure ")]
    assert captions == ["Figure 1\nAnswer distribution per item",
                        "Figure 2\nAnswer distribution per item (part 2 of 2)"]


def test_docx_in_english(tmp_path, codebook) -> None:
    path = tmp_path / "tables.docx"
    write_docx(entries(result_tables(), codebook, "en"), path)
    document = docx.Document(str(path))
    assert document.paragraphs[0].text == "Table 1\nDescriptive statistics per item"
    assert [c.text for c in document.tables[0].rows[1].cells] == ["Q1", "Første & beste", "50", "3.13", "1.000"]


def test_docx_bytes_are_deterministic(tmp_path, codebook, figure) -> None:
    figures = [Figure(1, "F", figure, "nb")]
    write_docx(entries(result_tables(), codebook, "nb"), tmp_path / "a.docx", figures)
    time.sleep(2.1)  # zip entry times have a two-second resolution
    write_docx(entries(result_tables(), codebook, "nb"), tmp_path / "b.docx", figures)
    assert (tmp_path / "a.docx").read_bytes() == (tmp_path / "b.docx").read_bytes()
    with zipfile.ZipFile(tmp_path / "a.docx") as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode("utf-8")
    assert "2000-01-01T00:00:00Z" in core


def test_empty_table_and_no_note(tmp_path) -> None:
    shown = pd.DataFrame({"A": pd.Series([], dtype=object)})
    write_docx([Entry("Nothing", 1, shown, "", "en")], tmp_path / "e.docx")
    document = docx.Document(str(tmp_path / "e.docx"))
    assert [p.text for p in document.paragraphs if p.text] == ["Table 1\nNothing"]
    assert [[c.text for c in row.cells] for row in document.tables[0].rows] == [["A"]]


# --- tables.xlsx ---------------------------------------------------------------------------------------------

def half_up(value: float, places: int) -> float:
    """The value rounded as the documents print it, computed here without likertpipe."""
    return float(Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def test_xlsx_holds_a_sheet_per_table_with_numbers_as_numbers(tmp_path, codebook) -> None:
    tables = result_tables()
    tables["correlations"] = pd.concat([tables["correlations"]] * 2, ignore_index=True)
    tables["correlations"].loc[1, "p"] = 0.00042
    path = tmp_path / "tables.xlsx"
    write_xlsx(entries(tables, codebook, "nb"), path)
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["1 Beskrivende statistikk per sp", "2 Rangkorrelasjoner"]
    sheet = workbook["1 Beskrivende statistikk per sp"]
    assert sheet["A1"].value == "Tabell 1. Beskrivende statistikk per spørsmål" and sheet["A1"].font.bold
    assert [c.value for c in sheet[2]] == ["Spørsmål", "Beskrivelse", "n", "M", "SD"]
    csv = tables["descriptives"]
    first, second = ([c.value for c in sheet[row]] for row in (3, 4))
    assert first == ["Q1", "Første & beste", csv["n_valid"][0], half_up(csv["mean"][0], 2), half_up(csv["sd"][0], 3)]
    assert first[3] == 3.13  # half up, as SPSS and the article print 3.125
    assert second[:4] == ["Q2", "Second", 48, 2.0] and second[4] == ":"  # hidden: the marker, as text
    assert isinstance(first[2], int) and isinstance(first[3], float)
    assert [sheet.cell(3, c).number_format for c in range(3, 6)] == ["0", "0.00", "0.000"]
    assert sheet.cell(6, 1).value.startswith("Merknad. n: gyldige svar")  # the note under the table
    assert sheet.freeze_panes == "A3"
    assert sheet.column_dimensions["B"].width >= len("Første & beste") and sheet.column_dimensions["A"].width > 0
    correlations = workbook["2 Rangkorrelasjoner"]
    p, tiny = correlations.cell(3, 8), correlations.cell(4, 8)
    assert (p.value, tiny.value) == (0.027, 0.00042)  # p as a number; below .001 as it is, shown "< ,001"
    assert p.number_format == tiny.number_format == '[<0.001]"< ,001";.000'
    assert correlations.cell(3, 3).value == "spørsmål–spørsmål"


def test_sheet_names_are_unique_and_short_enough() -> None:
    shown = pd.DataFrame({"A": ["x"]})
    names = [sheet_name(Entry(name, number, shown, "", "nb")) for number, name in
             enumerate(["coding_tally", "yes_no", "kruskal_wallis_by_wave", "mean_ranks_by_wave"], start=9)]
    assert names == ["9 Koding av åpne svar utsagn pe", "10 Ja-nei-spørsmål", "11 Kruskal-Wallis-tester etter",
                     "12 Middelrang per gruppe i Krus"]
    assert all(len(name) <= 31 for name in names) and len(set(names)) == len(names)


def test_xlsx_bytes_are_deterministic(tmp_path, codebook) -> None:
    write_xlsx(entries(result_tables(), codebook, "nb"), tmp_path / "a.xlsx")
    time.sleep(2.1)
    write_xlsx(entries(result_tables(), codebook, "nb"), tmp_path / "b.xlsx")
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    with zipfile.ZipFile(tmp_path / "a.xlsx") as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert "2000-01-01T00:00:00Z" in archive.read("docProps/core.xml").decode("utf-8")
