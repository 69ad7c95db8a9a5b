"""Rendering the protected result tables for reading: display cells in a language, then one document per
format (Markdown, HTML, LaTeX) holding every table of a study, numbered once (`table_numbers`).

Cells are formatted by likertpipe.formatting (rounding per column, the decimal mark). A value disclosure
control hid (named in the row's `suppressed` column, see likertpipe.protect) shows ":". The language changes
only headings, titles, notes, words and the decimal mark, all from likertpipe.i18n.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from likertpipe import i18n
from likertpipe.formatting import format_value, missing
from likertpipe.i18n import heading, value_word, word
from likertpipe.protect import MARKER, SUPPRESSED
from likertpipe.protect import hidden as hidden_cells

# The order in which tables are numbered, in every format and in tables.docx (names not listed follow,
# alphabetically).
TABLE_ORDER = (
    "sample", "response_rates", "descriptives", "yes_no", "frequencies", "descriptives_weighted", "indices",
    "reliability", "kruskal_wallis", "dunn", "correlations", "descriptives_by_wave", "indices_by_wave",
    "kruskal_wallis_by_wave", "wave_change", "open_text", "coding_tally",
)

# Tables published as CSV only: the counts behind a figure, too long to read as a table.
FIGURE_DATA = ("frequencies_by_factor", "item_by_factor")

_NUMBER = re.compile(r"^(-?\d*[.,]?\d+|< ?[.,]\d+|:)$")  # a displayed number (or the suppression marker)


def display(table: pd.DataFrame, name: str, language: str) -> pd.DataFrame:
    """The table as text cells for reading (see `format_value`), headed by the columns' headings in
    `language` (a column whose heading another column shares keeps its name); hidden values as MARKER, and
    no `suppressed` column. Codes and labels pass through as they are in the table."""
    columns = [c for c in table.columns if c != SUPPRESSED]
    headings = [heading(c, language) for c in columns]
    headings = [h if headings.count(h) == 1 else c for h, c in zip(headings, columns, strict=True)]

    def shown(column: str) -> list[str]:
        hidden = hidden_cells(table, column)
        return [MARKER if hide else format_value(v, column, language, columns)
                for v, hide in zip(table[column], hidden, strict=True)]

    cells = {h: shown(c) for h, c in zip(headings, columns, strict=True)}
    return pd.DataFrame(cells, index=range(len(table)), columns=headings, dtype=object)


def sample_reading(table: pd.DataFrame, language: str) -> pd.DataFrame:
    """The sample table (labelled, as protected) in the form papers print as their Table 1: one row per factor
    level, covariate summary and yes/no question, one column for all respondents and one per level of the `by`
    factor (with its N), then the test of the row against those levels and its Holm-adjusted p. Hidden values
    are MARKER."""
    groups = [g for g in dict.fromkeys(table["group"]) if not missing(g)]
    columns = [pd.NA, *groups]

    def hide(row: pd.Series, column: str) -> bool:
        return column in str(row.get(SUPPRESSED) or "").split()

    def cell(row: pd.Series, value: str, *used: str) -> str:
        return MARKER if any(hide(row, c) for c in used) else value

    def num(row: pd.Series, column: str) -> str:
        return format_value(row[column], column, language)

    def group_heading(group) -> str:
        rows = table[table["group"].isna()] if missing(group) else table[table["group"] == group]
        shown = [row for _, row in rows.iterrows() if not hide(row, "respondents")]
        name = word("everyone", language) if missing(group) else rows.iloc[0]["group_label"]
        return f"{name} (N = {num(shown[0], 'respondents') if shown else MARKER})"

    lines = []
    for _, rows in table.groupby("variable", sort=False):
        first = rows.iloc[0]
        test = {"test": value_word("test", str(first["test"]), language) if not missing(first["test"]) else "",
                "p": cell(first, format_value(first["p_holm"], "p_holm", language), "p_holm")}
        per_group = {}  # row label -> {group: text}
        kind = first["kind"]
        for _, row in rows.iterrows():
            group = row["group"]
            key = pd.NA if missing(group) else group
            if kind == "factor" and row["row_type"] == "missing":
                if not (row["n"] > 0 if not missing(row["n"]) else hide(row, "n")):
                    continue
                label, text = "  " + word("missing_answer", language), cell(row, num(row, "n"), "n")
                per_group.setdefault(label, {})[key] = text
            elif kind == "factor":
                label = "  " + str(row["level_label"])
                text = cell(row, f"{num(row, 'n')} ({num(row, 'valid_percent')})", "n", "valid_percent")
                per_group.setdefault(label, {})[key] = text
            elif kind == "covariate":
                per_group.setdefault("  " + word("mean_sd", language), {})[key] = cell(
                    row, f"{num(row, 'mean')} ({num(row, 'sd')})", "mean", "sd")
                if not hide(row, "median"):  # hidden where it could be one respondent's value
                    per_group.setdefault("  " + word("median_quartiles", language), {})[key] = cell(
                        row, f"{num(row, 'median')} ({num(row, 'q1')}–{num(row, 'q3')})", "q1", "q3")
            else:  # a yes/no question: one line
                per_group.setdefault("", {})[key] = cell(row, f"{num(row, 'n_yes')} ({num(row, 'percent_yes')})",
                                                          "n_yes", "percent_yes")
        title = {"label": str(first["label"])} | test
        lines.append(title | per_group.pop("", {}))  # a yes/no question's own line holds its numbers
        lines += [{"label": label} | cells for label, cells in per_group.items()]
    headings = [word("characteristic", language)] + [group_heading(g) for g in columns]
    headings += [heading("test", language), heading("p_holm", language)]
    rows = [[line.get("label", "")] + [line.get(g if not missing(g) else pd.NA, "") for g in columns]
            + [line.get("test", ""), line.get("p", "")] for line in lines]
    return pd.DataFrame(rows, columns=headings, dtype=object)


def caption(name: str, language: str, number: int | None = None) -> str:
    """The table's title, numbered ("Tabell 3. ...") when a number is given."""
    title = i18n.title(name, language)
    return f"{word('table', language)} {number}. {title}" if number is not None else title


def note_text(name: str, language: str) -> str:
    """The note under the table ("Merknad. ..."), "" for a table without a note."""
    remark = i18n.note(name, language)
    return f"{word('note', language)}. {remark}" if remark else ""


def table_numbers(names: Iterable[str]) -> dict[str, int]:
    """Number the tables of a study 1, 2, ... in TABLE_ORDER (other names after, alphabetically)."""
    known = [n for n in TABLE_ORDER if n in names]
    return {name: i for i, name in enumerate(known + sorted(set(names) - set(known)), start=1)}


def _text(value) -> str:
    return "" if missing(value) else str(value)


def numeric_column(cells: pd.Series) -> bool:
    """A column is right-aligned when every non-empty cell is a number (or the suppression marker)."""
    shown = [_text(c) for c in cells if _text(c)]
    return bool(shown) and all(_NUMBER.match(c) for c in shown)


def _cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells: display cells stay, other values (a table not passed through `display`) are formatted."""
    columns = list(frame.columns)
    return pd.DataFrame({
        c: [v if isinstance(v, str) else format_value(v, c, columns=columns) for v in frame[c]] for c in columns
    }, index=range(len(frame)), columns=columns, dtype=object)


def to_markdown(table: pd.DataFrame, title: str = "", note: str = "") -> str:
    """A GitHub-flavoured Markdown pipe table, title above in bold and note below when given."""
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    cells = _cells(table)
    header = "| " + " | ".join(cell(str(c)) for c in cells.columns) + " |"
    align = "|" + "|".join("---:" if numeric_column(cells[c]) else "---" for c in cells.columns) + "|"
    body = ["| " + " | ".join(cell(v) for v in row) + " |" for row in cells.itertuples(index=False)]
    lines = [f"**{cell(title)}**", ""] if title else []
    lines += [header, align, *body]
    return "\n".join(lines) + "\n" + (f"\n{note}\n" if note else "")


_RIGHT = ' style="text-align: right"'


def to_html(table: pd.DataFrame, title: str = "", note: str = "") -> str:
    """An HTML fragment: a <table> with the title as <caption>, then the note as <p class="note">; escaped."""
    cells = _cells(table)
    right = [numeric_column(cells[c]) for c in cells.columns]

    def row(values, tag: str) -> str:
        return "<tr>" + "".join(
            f"<{tag}{_RIGHT if r else ''}>{html.escape(str(v))}</{tag}>"
            for v, r in zip(values, right, strict=True)) + "</tr>"

    lines = ["<table>"]
    if title:
        lines.append(f"<caption>{html.escape(title)}</caption>")
    lines += ["<thead>", row(cells.columns, "th"), "</thead>", "<tbody>"]
    lines += [row(values, "td") for values in cells.itertuples(index=False)]
    lines += ["</tbody>", "</table>"]
    if note:
        lines.append(f'<p class="note">{html.escape(note)}</p>')
    return "\n".join(lines) + "\n"


_LATEX = {
    "\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\{",
    "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "<": r"\textless{}", ">": r"\textgreater{}",
    "ε": r"$\varepsilon$", "η": r"$\eta$", "ρ": r"$\rho$", "τ": r"$\tau$", "α": r"$\alpha$", "²": r"$^2$",
    "–": "--", "−": "$-$", "«": r"\guillemotleft{}", "»": r"\guillemotright{}",
}
_LATEX_SPECIAL = re.compile("|".join(re.escape(c) for c in _LATEX))
LATEX_PREAMBLE = "\\usepackage[T1]{fontenc}\n\\usepackage[utf8]{inputenc}\n\\usepackage{booktabs}\n" \
                 "\\usepackage{graphicx}\n"
_WIDE = 8  # tables with more columns are scaled to the line width
_LONG_TEXT = 30  # text columns with longer cells wrap


def latex_escape(text: str) -> str:
    """Text safe in LaTeX body text with LATEX_PREAMBLE (æøå pass through to inputenc; Greek becomes math)."""
    return _LATEX_SPECIAL.sub(lambda m: _LATEX[m.group()], text)


def to_latex(table: pd.DataFrame, title: str = "", note: str = "", label: str = "",
             number: int | None = None) -> str:
    """A booktabs table in a table environment with \\caption and the note below; LaTeX numbers the caption,
    as `number` when given. Needs the packages of LATEX_PREAMBLE."""
    cells = _cells(table)
    spec = "".join(
        "r" if numeric_column(cells[c]) else ("p{4.5cm}" if cells[c].str.len().max() > _LONG_TEXT else "l")
        for c in cells.columns)

    def row(values) -> str:
        return " & ".join(latex_escape(str(v)) for v in values) + r" \\"

    tabular = [f"\\begin{{tabular}}{{{spec}}}", r"\toprule", row(cells.columns), r"\midrule",
               *(row(values) for values in cells.itertuples(index=False)), r"\bottomrule", r"\end{tabular}"]
    if len(cells.columns) > _WIDE:
        tabular = [r"\resizebox{\linewidth}{!}{%", *tabular, "}"]
    lines = [r"\begin{table}[htbp]", r"\centering"]
    if number is not None:
        lines.append(f"\\setcounter{{table}}{{{number - 1}}}")
    if title:
        lines.append(f"\\caption{{{latex_escape(title)}}}")
    if label:
        lines.append(f"\\label{{tab:{label}}}")
    lines += tabular
    if note:
        lines += [r"\par\smallskip", f"{{\\footnotesize {latex_escape(note)}\\par}}"]
    lines.append(r"\end{table}")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Entry:
    """One table of a study as every document shows it."""

    name: str
    number: int
    shown: pd.DataFrame  # `display` cells
    note: str  # `note_text`, "" for none
    language: str

    @property
    def caption(self) -> str:
        return caption(self.name, self.language, self.number)


def entries(tables: Mapping[str, pd.DataFrame], language: str) -> list[Entry]:
    """Every table of a study in TABLE_ORDER, numbered (`table_numbers`): the input of every document."""
    numbers = table_numbers([name for name in tables if name not in FIGURE_DATA])
    def shown(name: str) -> pd.DataFrame:
        return sample_reading(tables[name], language) if name == "sample" else display(tables[name], name, language)

    return [Entry(name, number, shown(name), note_text(name, language), language)
            for name, number in sorted(numbers.items(), key=lambda pair: pair[1])]


def markdown_document(tables: list[Entry]) -> str:
    """Every table as a Markdown pipe table, numbered title above and note below."""
    return "\n".join(to_markdown(t.shown, t.caption, t.note) for t in tables)


def html_document(tables: list[Entry], title: str) -> str:
    """One HTML page of every table (UTF-8, plain CSS), to read in a browser or the Snakemake report."""
    head = ["<!DOCTYPE html>", f'<html lang="{html.escape(tables[0].language if tables else "en")}">', "<head>",
            '<meta charset="utf-8">', f"<title>{html.escape(title)}</title>",
            "<style>body{font-family:sans-serif;margin:2em}h1,p{max-width:60em}table{border-collapse:collapse;"
            "margin:1.5em 0 .3em}caption{text-align:left;font-weight:bold;padding-bottom:.4em}th,td{padding:.15em"
            " .6em;border-bottom:1px solid #ccc}thead th{border-bottom:2px solid #333}.note{font-size:.9em}"
            "</style>", "</head>", "<body>", f"<h1>{html.escape(title)}</h1>"]
    return "\n".join(head + [to_html(t.shown, t.caption, t.note) for t in tables] + ["</body>", "</html>"]) + "\n"


def latex_document(tables: list[Entry]) -> str:
    """Every table as a booktabs table environment (label tab:<name>), for \\input in a document whose
    preamble holds LATEX_PREAMBLE (repeated in a comment at the top)."""
    preamble = "".join(f"% {line}\n" for line in LATEX_PREAMBLE.splitlines())
    return f"% Needs in the preamble:\n{preamble}\n" + "\n".join(
        to_latex(t.shown, i18n.title(t.name, t.language), t.note, label=t.name, number=t.number) for t in tables)
