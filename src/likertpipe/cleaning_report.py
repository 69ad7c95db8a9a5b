"""The cleaning report (data_processed/{study}/cleaning_report.md): what a cleaning run found, as Markdown.

A rendering of the counts `clean` computes, kept out of `clean` so that no computing module imports a renderer.
Local working material: it names the inputs and shows unsuppressed level counts, so it is never published.
"""

from __future__ import annotations

import pandas as pd

from likertpipe import clean
from likertpipe.codebook import Codebook
from likertpipe.tables import to_markdown


def render(data: pd.DataFrame, codebook: Codebook, warnings: list[str],
           inputs: dict[str, tuple[str, str]], quarantined: int | None = None) -> str:
    """Markdown summary of a cleaning run: inputs with SHA-256, warnings, answer states, level counts and
    open-text counts (never the text itself)."""
    lines = [f"# Cleaning report: {codebook.study_id}", "", "## Inputs", ""]
    lines += [f"- {role}: `{name}` (SHA-256 `{digest}`)" for role, (name, digest) in inputs.items()]
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
