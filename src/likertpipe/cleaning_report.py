"""The local reports of a study, as Markdown: what a cleaning run found (data_processed/{study}/cleaning_report.md)
and what the protection plan hides (data_processed/{study}/disclosure_plan.md).

Renderings of what `clean` and `disclosure` compute, kept out of them so that no computing module imports a
renderer. Local working material: they name the inputs and show unsuppressed counts, so they are never published.
"""

from __future__ import annotations

import pandas as pd

from likertpipe import clean
from likertpipe.answers import STATUSES
from likertpipe.codebook import Codebook
from likertpipe.disclosure import Plan
from likertpipe.i18n import PLATFORM_LAYOUTS, cleaning_text, heading, layout_description, value_word
from likertpipe.tables import to_markdown


def reading_lines(reading: clean.Reading | None, codebook: Codebook) -> list[str]:
    """How the export was read, when it was not a plain one-header file with every column kept and no na_values
    found: its layout, the metadata columns dropped (by name only), the cells read as empty, the row-number ids;
    in the codebook's language. Empty for a plain export."""
    language = codebook.language
    lines = []
    if reading is not None and reading.layout in PLATFORM_LAYOUTS:
        lines.append(cleaning_text("read_as", language, layout=layout_description(reading.layout, language),
                                   row=reading.header_rows + 1))
    if reading is not None and reading.dropped:
        lines.append(cleaning_text("dropped", language, columns=", ".join(f"`{name}`" for name in reading.dropped)))
    if reading is not None and reading.na_cells:
        per_text: dict[str, tuple[int, int]] = {}
        for counts in reading.na_cells.values():
            for text, count in counts.items():
                cells, columns = per_text.get(text, (0, 0))
                per_text[text] = (cells + count, columns + 1)
        shown = "; ".join(cleaning_text("na_cell", language, text=text, cells=cells, columns=columns)
                          for text, (cells, columns) in sorted(per_text.items()))
        lines.append(cleaning_text("na_cells", language, cells=shown))
    if codebook.row_ids:
        lines.append(cleaning_text("row_ids", language, column=codebook.id_column))
    return ["", cleaning_text("reading", language), "", *lines] if lines else []


def render(data: pd.DataFrame, codebook: Codebook, warnings: list[str],
           inputs: dict[str, tuple[str, str]], quarantined: int | None = None,
           reading: clean.Reading | None = None) -> str:
    """Markdown summary of a cleaning run, in the codebook's language (the warnings are the checks' messages, in
    English): inputs with SHA-256, how the export was read (when not plain), warnings, answer states, level
    counts and open-text counts (never the text itself)."""
    language = codebook.language

    def line(key: str, **values) -> str:
        return cleaning_text(key, language, **values)

    lines = [line("title", study=codebook.study_id), "", line("inputs"), ""]
    lines += [line("input", role=role, name=name, digest=digest) for role, (name, digest) in inputs.items()]
    lines += reading_lines(reading, codebook)
    lines += ["", line("respondents", respondents=len(data), columns=len(codebook.columns))]
    if quarantined is not None:
        lines += ["", line("quarantined", rows=quarantined)]
    lines += ["", line("warnings"), ""]
    lines += [f"- {w}" for w in [*warnings, *clean.factor_warnings(data, codebook)]] or [line("no_warnings")]
    counts = clean.status_counts(data, codebook)
    statuses = {status: value_word("status", status, language) for status in STATUSES}
    shown = counts.rename(columns={"item": heading("item", language), **statuses})
    lines += ["", line("answers"), "", line("statuses", **statuses), "", to_markdown(shown), line("factors"), ""]
    for factor in codebook.factors:
        level_counts = data[factor.column].value_counts()
        levels = ", ".join(f"{code}: {int(level_counts.get(code, 0))}" for code in factor.codes)
        lines.append(line("factor", column=factor.column, levels=levels,
                         missing=int(data[factor.column].isna().sum())))
    if codebook.open_text:
        with_comment, comments = clean.comment_summary(data, codebook)
        lines += ["", line("open_text"), "", line("comments", respondents=with_comment, comments=comments), ""]
        lines += [line("answered", column=f.column, count=int(data[f.column].notna().sum()))
                  for f in codebook.open_text]
    return "\n".join(lines) + "\n"


REASONS = {
    "primary": "fewer than min_cell",
    "secondary": "hidden so that a cell of its line cannot be worked out",
    "parent": "its parent (the line's total) is hidden",
    "margin": "the total of a line whose cells were all hidden",
    "respondents": "its respondents are hidden",
}


def plan_report(plan: Plan, study: str) -> str:
    """The protection plan for a reader: min_cell, the nesting found, and each hidden cell with why and its n
    (cells hidden for every variable because their respondents are, listed once under `respondents`)."""
    lines = [f"# Disclosure control: {study}", "", f"- min_cell: {plan.min_cell}"]
    nested = ", ".join(f"`{child}` within `{parent}`" for child, parent in sorted(plan.nesting.items()))
    lines.append(f"- Nested factors found in the data: {nested or 'none'}")
    rows = [(variable, key.replace("|", ", "), reason, REASONS[reason], plan.counts[variable][key])
            for variable, cells in plan.hidden.items() for key, reason in cells.items() if reason != "respondents"]
    if not rows:
        lines += ["", "No cell has fewer than min_cell respondents: nothing is hidden."]
        return "\n".join(lines) + "\n"
    table = pd.DataFrame(rows, columns=["variable", "cell", "reason", "meaning", "n"])
    lines += ["", f"{len(rows)} hidden cell(s) (values shown as ':' in the published tables):", "",
              to_markdown(table).rstrip("\n")]
    return "\n".join(lines) + "\n"
