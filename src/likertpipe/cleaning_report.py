"""The local reports of a study, as Markdown: what a cleaning run found (data_processed/{study}/cleaning_report.md)
and what the protection plan hides (data_processed/{study}/disclosure_plan.md).

Renderings of what `clean` and `disclosure` compute, kept out of them so that no computing module imports a
renderer. Local working material: they name the inputs and show unsuppressed counts, so they are never published.
"""

from __future__ import annotations

import pandas as pd

from likertpipe import clean, io
from likertpipe.codebook import Codebook
from likertpipe.disclosure import Plan
from likertpipe.tables import to_markdown


def reading_lines(reading: clean.Reading | None, codebook: Codebook) -> list[str]:
    """How the export was read, when it was not a plain one-header file with every column kept and no na_values
    found: its layout, the metadata columns dropped (by name only), the cells read as empty, the row-number ids.
    Empty for a plain export."""
    lines = []
    if reading is not None and reading.layout in io.LAYOUTS:
        lines.append(f"- Read as {io.LAYOUTS[reading.layout]}; answers start on row {reading.header_rows + 1}.")
    if reading is not None and reading.dropped:
        lines.append(f"- Survey-platform metadata columns dropped at reading (never stored or analysed): "
                     f"{', '.join(f'`{name}`' for name in reading.dropped)}.")
    if reading is not None and reading.na_cells:
        per_text: dict[str, tuple[int, int]] = {}
        for counts in reading.na_cells.values():
            for text, count in counts.items():
                cells, columns = per_text.get(text, (0, 0))
                per_text[text] = (cells + count, columns + 1)
        shown = "; ".join(f"`{text}`: {cells} cell(s) in {columns} column(s)"
                          for text, (cells, columns) in sorted(per_text.items()))
        lines.append(f"- Cells read as empty because they hold one of the codebook's na_values: {shown} (counted "
                     "as blank below).")
    if codebook.row_ids:
        lines.append(f"- The export has no id column: each respondent's id (`{codebook.id_column}`) is their row "
                     "number in the export.")
    return ["", "## Reading the export", "", *lines] if lines else []


def render(data: pd.DataFrame, codebook: Codebook, warnings: list[str],
           inputs: dict[str, tuple[str, str]], quarantined: int | None = None,
           reading: clean.Reading | None = None) -> str:
    """Markdown summary of a cleaning run: inputs with SHA-256, how the export was read (when not plain),
    warnings, answer states, level counts and open-text counts (never the text itself)."""
    lines = [f"# Cleaning report: {codebook.study_id}", "", "## Inputs", ""]
    lines += [f"- {role}: `{name}` (SHA-256 `{digest}`)" for role, (name, digest) in inputs.items()]
    lines += reading_lines(reading, codebook)
    lines += ["", f"Respondents: {len(data)}. Columns used: {len(codebook.columns)}."]
    if quarantined is not None:
        lines += ["", f"Quarantined rows: {quarantined} (on_invalid: quarantine; listed with their reasons in "
                      "quarantine.csv, left out of every analysis)."]
    lines += ["", "## Warnings", ""]
    lines += [f"- {w}" for w in [*warnings, *clean.factor_warnings(data, codebook)]] or ["None."]
    lines += ["", "## Answers per item", "",
              "valid: a scale level; dont_know: a don't-know code; declared_missing: another declared missing code; "
              "blank: no answer. Only valid answers enter means, ranks and correlations.", "",
              to_markdown(clean.status_counts(data, codebook)), "## Factor levels", ""]
    for factor in codebook.factors:
        counts = data[factor.column].value_counts()
        cells = ", ".join(f"{code}: {int(counts.get(code, 0))}" for code in factor.codes)
        lines.append(f"- {factor.column}: {cells}; missing: {int(data[factor.column].isna().sum())}")
    if codebook.open_text:
        with_comment, comments = clean.comment_summary(data, codebook)
        lines += ["", "## Open text (counts only)", "",
                  f"Respondents with at least one comment: {with_comment}. Comments in total: {comments}.", ""]
        lines += [f"- {f.column}: {int(data[f.column].notna().sum())} answered" for f in codebook.open_text]
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
