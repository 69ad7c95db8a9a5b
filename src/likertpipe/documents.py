"""A Word document holding several display tables (python-docx), written as deterministic bytes."""

from __future__ import annotations

import io as bytes_io
import zipfile
from collections.abc import Iterable
from copy import deepcopy
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

from likertpipe.tables import Entry, numeric_column

# Fixed metadata and zip entry times: python-docx stamps the current time on both.
_FIXED_TIME = datetime(2000, 1, 1, tzinfo=UTC)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_TABLE_POINTS = 8
_NOTE_POINTS = 9


def write_docx(entries: Iterable[Entry], path: str | Path) -> None:
    """One document with every table of `tables.entries`: the numbered title above its table, the note below;
    A4 landscape, header rows repeated across pages, numeric columns right-aligned."""
    document = Document()
    _landscape(document)
    for entry in entries:
        document.add_paragraph().add_run(entry.caption).bold = True
        _add_table(document, entry.shown)
        if entry.note:
            document.add_paragraph().add_run(entry.note).font.size = Pt(_NOTE_POINTS)
    properties = document.core_properties
    properties.author = properties.last_modified_by = "likertpipe"
    properties.created = properties.modified = properties.last_printed = _FIXED_TIME
    properties.revision = 1
    buffer = bytes_io.BytesIO()
    document.save(buffer)
    Path(path).write_bytes(_fixed_zip(buffer.getvalue()))


def _landscape(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Cm(1.5)


def _add_table(document, shown: pd.DataFrame) -> None:
    table = document.add_table(rows=len(shown) + 1, cols=len(shown.columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    right = [numeric_column(shown[c]) for c in shown.columns]
    rows = [list(shown.columns), *(list(values) for values in shown.itertuples(index=False))]
    # Fast path, same XML: python-docx's per-cell API (add_run, font.size, run.text) is slow on 8,000+ cells.
    templates = {(bold, align): _cell_paragraph(bold, align) for bold in (True, False) for align in (True, False)}
    for number, (tr, values) in enumerate(zip(table._tbl.tr_lst, rows, strict=True)):
        for tc, value, align_right in zip(tr.tc_lst, values, right, strict=True):
            paragraph = deepcopy(templates[number == 0, align_right])
            paragraph[-1].text = str(value)  # the run's text, as run.text sets it
            tc.replace(tc[-1], paragraph)
    header = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header.append(repeat)


def _cell_paragraph(bold: bool, align_right: bool):
    """The paragraph of one table cell with an empty run, as python-docx builds it."""
    paragraph = Paragraph(OxmlElement("w:p"), None)
    run = paragraph.add_run()
    run.font.size = Pt(_TABLE_POINTS)
    run.bold = bold or None
    if align_right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return paragraph._p


def _fixed_zip(data: bytes) -> bytes:
    """The same archive with every entry dated _ZIP_TIME, in the same order."""
    out = bytes_io.BytesIO()
    with zipfile.ZipFile(bytes_io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
