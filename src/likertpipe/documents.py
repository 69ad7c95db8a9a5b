"""The office documents of a study's tables, written as deterministic bytes: Word (python-docx) with the
tables in APA style and the figures, and Excel (openpyxl) with one sheet per table, numbers as numbers."""

from __future__ import annotations

import io as bytes_io
import re
import zipfile
from collections.abc import Iterable
from copy import deepcopy
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.writer.excel import ExcelWriter

from likertpipe.formatting import missing, spreadsheet_number
from likertpipe.i18n import word
from likertpipe.protect import MARKER
from likertpipe.tables import Entry, column_widths, fit_portrait, fit_widths, note_parts, numeric_column

# Fixed metadata and zip entry times: python-docx and openpyxl stamp the current time on both.
_FIXED_TIME = datetime(2000, 1, 1, tzinfo=UTC)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_TEXT_POINTS = 11
_TABLE_POINTS = 10  # APA: tables and their notes in 10-11 pt
# A4 with 2 cm margins: the text width in portrait and in landscape, and the tallest figure that leaves room for
# its caption on a portrait page.
_PAGE = (Cm(21.0), Cm(29.7))
_MARGIN = Cm(2.0)
_PORTRAIT_WIDTH, _LANDSCAPE_WIDTH = Cm(17.0), Cm(25.7)
_FIGURE_HEIGHT = Cm(22.5)
_CHAR = Cm(0.22)  # a generous average character width at 10 pt (Calibri's digits take 0.18 cm)
_CELL_MARGINS = Cm(0.45)  # Word's default left and right cell margins (0.19 cm each), with a little air


@dataclass(frozen=True)
class Figure:
    """One figure page of a study as the Word document shows it: its number, title and PNG file, and a note
    below it (e.g. the primary difference in change under the index trend figure)."""

    number: int
    title: str
    path: str
    language: str
    note: str = ""

    @property
    def caption(self) -> str:
        return f"{word('figure', self.language)} {self.number}"


def write_docx(entries: Iterable[Entry], path: str | Path, figures: Iterable[Figure] = ()) -> None:
    """One document with every table of `tables.entries`, then the figures, in APA style: "Tabell 1" in bold
    with the title in italics on the next line above each table, the note below ("Merknad." in italics), rules
    only above and below the header row and under the table (no vertical rules), 10 pt in tables; A4 portrait,
    a table wider than the text on landscape pages; every figure (the PNG) at the text width, under its
    caption "Figur 1" and title."""
    document = Document()
    normal = document.styles["Normal"].font
    normal.size = Pt(_TEXT_POINTS)
    landscape = None  # the orientation of the pages so far (none yet: the first section takes the first's)
    for entry in entries:
        wide, widths = _layout(entry.shown)
        if wide != landscape:
            section = document.sections[0] if landscape is None else document.add_section(WD_SECTION.NEW_PAGE)
            _orient(section, landscape=wide)
            landscape = wide
        _caption(document, f"{word('table', entry.language)} {entry.number}", entry.title)
        _add_table(document, entry.shown, widths)
        if entry.note:
            _note(document, entry.note, entry.language)
    if landscape is None:  # no table
        _orient(document.sections[0], landscape=False)
    for figure in figures:
        if landscape:
            _orient(document.add_section(WD_SECTION.NEW_PAGE), landscape=False)
            landscape = False
        _caption(document, figure.caption, figure.title)
        picture = document.add_paragraph().add_run().add_picture(figure.path, width=_PORTRAIT_WIDTH)
        if picture.height > _FIGURE_HEIGHT:
            picture.width, picture.height = int(picture.width * _FIGURE_HEIGHT / picture.height), _FIGURE_HEIGHT
        if figure.note:
            _note(document, figure.note, figure.language)
    properties = document.core_properties
    properties.author = properties.last_modified_by = "likertpipe"
    properties.created = properties.modified = properties.last_printed = _FIXED_TIME
    properties.revision = 1
    buffer = bytes_io.BytesIO()
    document.save(buffer)
    Path(path).write_bytes(_fixed_zip(buffer.getvalue()))


def _orient(section, landscape: bool) -> None:
    width, height = _PAGE
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = _MARGIN


def _layout(shown: pd.DataFrame) -> tuple[bool, list[int]]:
    """(landscape, column widths in EMU) of a table: portrait when its natural widths fit the text width or its
    text wrapped does (tables.fit_portrait), else landscape with the natural widths, or the least widths and the
    room left shared out (tables.fit_widths); a table whose least widths are wider still is scaled to the
    landscape text width (Word then breaks words)."""
    widths = column_widths(shown)
    portrait = fit_portrait(widths, _CHAR, _CELL_MARGINS, _PORTRAIT_WIDTH)
    if portrait is not None:
        return False, [int(w + _CELL_MARGINS) for w in portrait]
    fitted = fit_widths(widths, _CHAR, _CELL_MARGINS, _LANDSCAPE_WIDTH)
    if fitted is None:
        least = [m * _CHAR + _CELL_MARGINS for _, m in widths]
        return True, [int(w * _LANDSCAPE_WIDTH / sum(least)) for w in least]
    return True, [int(w + _CELL_MARGINS) for w in fitted]


def _note(document, note: str, language: str) -> None:
    """A note under a table or figure at 10 pt, its lead ("Merknad.") in italics."""
    lead, rest = note_parts(note, language)
    paragraph = document.add_paragraph()
    paragraph.add_run(lead).italic = True
    paragraph.add_run(f" {rest}" if lead else rest)
    for run in paragraph.runs:
        run.font.size = Pt(_TABLE_POINTS)


def _caption(document, number: str, title: str) -> None:
    """APA's caption: the number in bold, the title in italics on the next line, kept with what follows."""
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.keep_with_next = True
    paragraph.paragraph_format.space_before = Pt(12)
    run = paragraph.add_run(number)
    run.bold = True
    run.add_break()
    paragraph.add_run(title).italic = True


def _border(parent, edges: dict[str, bool], tag: str) -> None:
    """A borders element `tag` under `parent`: a single line on each edge marked True, none on the others."""
    borders = OxmlElement(tag)
    for edge, line in edges.items():
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "single" if line else "nil")
        if line:
            element.set(qn("w:sz"), "8")  # eighths of a point: a 1 pt rule
            element.set(qn("w:space"), "0")
            element.set(qn("w:color"), "000000")
        borders.append(element)
    parent.append(borders)


def _add_table(document, shown: pd.DataFrame, widths: list[int]) -> None:
    table = document.add_table(rows=len(shown) + 1, cols=len(shown.columns))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    # APA: a rule above and below the header row and one under the table, nothing else
    _border(table._tbl.tblPr, {"top": True, "left": False, "bottom": True, "right": False, "insideH": False,
                               "insideV": False}, "w:tblBorders")
    right = [numeric_column(shown[c]) for c in shown.columns]
    rows = [list(shown.columns), *(list(values) for values in shown.itertuples(index=False))]
    # Fast path, same XML: python-docx's per-cell API (add_run, font.size, run.text) is slow on 8,000+ cells.
    templates = {align: _cell_paragraph(align) for align in (True, False)}
    for number, (tr, values) in enumerate(zip(table._tbl.tr_lst, rows, strict=True)):
        for tc, value, align_right, width in zip(tr.tc_lst, values, right, widths, strict=True):
            tc.width = width
            paragraph = deepcopy(templates[align_right])
            paragraph[-1].text = str(value)  # the run's text, as run.text sets it
            tc.replace(tc[-1], paragraph)
            if number == 0:
                _border(tc.get_or_add_tcPr(), {"bottom": True}, "w:tcBorders")
    header = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header.append(repeat)


def _cell_paragraph(align_right: bool):
    """The paragraph of one table cell with an empty run, as python-docx builds it."""
    paragraph = Paragraph(OxmlElement("w:p"), None)
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run()
    run.font.size = Pt(_TABLE_POINTS)
    if align_right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return paragraph._p


_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")
_MAX_SHEET_NAME = 31  # Excel's limit
_MAX_WIDTH = 60  # characters: the widest column


def sheet_name(entry: Entry) -> str:
    """The sheet of a table: its number and title, as much as Excel allows (31 characters; no colon, and "-" for
    any of []*?/\\); unique because the number leads."""
    title = _SHEET_NAME.sub("-", entry.title.replace(":", ""))
    return f"{entry.number} {title}"[:_MAX_SHEET_NAME].rstrip()


def write_xlsx(entries: Iterable[Entry], path: str | Path) -> None:
    """One workbook with a sheet per table of `tables.entries` (`sheet_name`, in their order): the numbered
    caption in bold above, a header row of the documents' headings, the cells rounded as in the other documents
    but numbers as numbers with a number format showing their decimals (formatting.spreadsheet_number), text as
    text, a hidden value as ":"; the note under the table, column widths set, the header row frozen."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    rule = Side(style="thin")
    for entry in entries:
        sheet = workbook.create_sheet(sheet_name(entry))
        sheet.append([entry.caption])
        sheet.cell(1, 1).font = Font(bold=True)
        sheet.append(list(entry.shown.columns))
        for column in range(1, len(entry.shown.columns) + 1):
            cell = sheet.cell(2, column)
            cell.font = Font(bold=True)
            cell.border = Border(top=rule, bottom=rule)
            cell.alignment = Alignment(wrap_text=True, vertical="bottom")
        for row, values in enumerate(_sheet_rows(entry), start=3):
            for column, (value, number_format) in enumerate(values, start=1):
                cell = sheet.cell(row, column, value)
                if number_format:
                    cell.number_format = number_format
        last = len(entry.shown) + 2
        for column in range(1, len(entry.shown.columns) + 1):
            sheet.cell(last, column).border = Border(bottom=rule, top=rule if last == 2 else None)
        if entry.note:
            sheet.cell(last + 2, 1, entry.note)
        for column, heading in enumerate(entry.shown.columns, start=1):
            body = max((len(str(v)) for v in entry.shown[heading]), default=0)
            width = max(body, min(len(str(heading)), 20)) + 2
            sheet.column_dimensions[sheet.cell(2, column).column_letter].width = min(width, _MAX_WIDTH)
        sheet.freeze_panes = "A3"
    workbook.properties.creator = workbook.properties.lastModifiedBy = "likertpipe"
    workbook.properties.created = workbook.properties.modified = _FIXED_TIME.replace(tzinfo=None)
    buffer = bytes_io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()  # save_workbook would stamp the current time as modified
    Path(path).write_bytes(_fixed_zip(buffer.getvalue()))


def _sheet_rows(entry: Entry) -> list[list[tuple[object, str | None]]]:
    """Each body row as (value, number format) per cell: a number where the table holds one and shows it, the
    shown text otherwise (labels, words, ":" for a hidden value, the sample table's combined cells)."""
    columns = [] if entry.values is None else list(entry.values.columns)
    rows = []
    for i, shown in enumerate(entry.shown.itertuples(index=False)):
        cells = []
        for j, text in enumerate(shown):
            value = None if entry.values is None else entry.values.iat[i, j]
            if text != MARKER and text != "" and _is_number(value):
                cells.append(spreadsheet_number(value, columns[j], entry.language, columns))
            else:
                cells.append((text if text != "" else None, None))
        rows.append(cells)
    return rows


def _is_number(value) -> bool:
    return (not missing(value) and not isinstance(value, bool | str)
            and pd.api.types.is_number(value) and not pd.api.types.is_bool(value))


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
