"""tables.docx: opens with python-docx, holds every table's title, cells and note, and is the same bytes on
every write."""

from __future__ import annotations

import time
import zipfile

import docx
import pandas as pd

from likertpipe.documents import write_docx
from likertpipe.tables import Entry, entries


def result_tables() -> dict[str, pd.DataFrame]:
    return {
        "correlations": pd.DataFrame({"var1": ["Q1"], "var2": ["Q2"], "kind": ["item-item"], "n": [50],
                                      "rho": [0.31249], "ci_low": [0.0351], "ci_high": [0.5449], "p": [0.0271]}),
        "descriptives": pd.DataFrame({"item": ["Q1", "Q2"], "label": ["Første & beste", "Second"],
                                      "n_valid": [50, 48], "mean": [3.125, 2.0], "sd": [1.0, 0.12345]}),
    }


def test_docx_holds_every_table_with_title_cells_and_note(tmp_path) -> None:
    path = tmp_path / "tables.docx"
    write_docx(entries(result_tables(), "nb"), path)
    document = docx.Document(str(path))
    paragraphs = [p.text for p in document.paragraphs if p.text]
    # descriptives come before correlations in the fixed order
    assert paragraphs[0] == "Tabell 1. Beskrivende statistikk per spørsmål"
    assert paragraphs[1].startswith("Merknad. Gyldige svar:")
    assert paragraphs[2] == "Tabell 2. Rangkorrelasjoner"
    assert paragraphs[3].startswith("Merknad. Rangkorrelasjon")
    first, second = ([[cell.text for cell in row.cells] for row in table.rows] for table in document.tables)
    assert first == [["Spørsmål", "Beskrivelse", "Gyldige svar", "Gjennomsnitt", "SD"],
                     ["Q1", "Første & beste", "50", "3,13", "1,000"],
                     ["Q2", "Second", "48", "2,00", "0,123"]]
    assert second == [["Variabel 1", "Variabel 2", "Type", "n", "ρ", "KI nedre", "KI øvre", "p"],
                      ["Q1", "Q2", "spørsmål–spørsmål", "50", "0,312", "0,035", "0,545", ",027"]]


def test_docx_in_english(tmp_path) -> None:
    path = tmp_path / "tables.docx"
    write_docx(entries(result_tables(), "en"), path)
    document = docx.Document(str(path))
    assert document.paragraphs[0].text == "Table 1. Descriptive statistics per item"
    assert [c.text for c in document.tables[0].rows[1].cells] == ["Q1", "Første & beste", "50", "3.13", "1.000"]


def test_docx_bytes_are_deterministic(tmp_path) -> None:
    write_docx(entries(result_tables(), "nb"), tmp_path / "a.docx")
    time.sleep(2.1)  # zip entry times have a two-second resolution
    write_docx(entries(result_tables(), "nb"), tmp_path / "b.docx")
    assert (tmp_path / "a.docx").read_bytes() == (tmp_path / "b.docx").read_bytes()
    with zipfile.ZipFile(tmp_path / "a.docx") as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode("utf-8")
    assert "2000-01-01T00:00:00Z" in core


def test_empty_table_and_no_note(tmp_path) -> None:
    shown = pd.DataFrame({"A": pd.Series([], dtype=object)})
    write_docx([Entry("Nothing", 1, shown, "", "en")], tmp_path / "e.docx")
    document = docx.Document(str(tmp_path / "e.docx"))
    assert [p.text for p in document.paragraphs if p.text] == ["Table 1. Nothing"]
    assert [[c.text for c in row.cells] for row in document.tables[0].rows] == [["A"]]
