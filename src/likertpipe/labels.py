"""Labels: the label columns of a result table, attached when it is rendered.

The computing jobs write their tables with codes and column names only (a statistic never formats text), so a
label, a title or the language is no input of theirs (`codebook.analysis_digest`): editing one reruns the
figures and documents, never the cleaning or the statistics.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import pandas as pd

from likertpipe import io
from likertpipe.codebook import Codebook, text
from likertpipe.i18n import word


class Label(NamedTuple):
    """A label column of a result table: its name, the code column it labels, what that code is, the column
    giving the code's context (the item of a `level`, the factor of a `group`), and the column it follows when
    not the code column. A label column named as its code column replaces the codes (the first and last wave of
    a change are read by their labels alone)."""

    column: str
    code: str
    kind: str
    context: str = ""
    after: str = ""


LABELS: dict[str, tuple[Label, ...]] = {
    "frequencies": (Label("level", "code", "level", "item"),),
    "frequencies_by_factor": (Label("group_label", "group", "group", "factor"),
                              Label("level", "code", "level", "item")),
    "item_by_factor": (Label("item_label", "item", "variable"), Label("factor_label", "factor", "factor"),
                       Label("group_label", "group", "group", "factor"), Label("level", "code", "level", "item")),
    "sample": (Label("label", "variable", "variable"), Label("level_label", "level", "group", "variable"),
               Label("by_label", "by", "factor"), Label("group_label", "group", "group", "by")),
    "yes_no": (Label("label", "variable", "variable"), Label("factor_label", "factor", "factor"),
               Label("group_label", "group", "group", "factor")),
    "descriptives": (Label("label", "item", "variable"),),
    "descriptives_weighted": (Label("label", "item", "variable"),),
    "response_rates": (Label("label", "group", "frame_group"),),
    "open_text": (Label("label", "column", "variable"),),
    "kruskal_wallis": (Label("item_label", "item", "variable"), Label("factor_label", "factor", "factor")),
    "dunn": (Label("factor_label", "factor", "factor"), Label("level1_label", "level1", "group", "factor"),
             Label("level2_label", "level2", "group", "factor")),
    "correlations": (Label("var1_label", "var1", "variable", after="kind"),
                     Label("var2_label", "var2", "variable", after="var1_label")),
    "indices": (Label("label", "index", "variable"),),
    "reliability": (Label("label", "index", "variable"),),
    "coding_tally": (),
    "descriptives_by_wave": (Label("wave_label", "wave", "wave"), Label("group_label", "group", "group", "factor"),
                             Label("label", "item", "variable")),
    "indices_by_wave": (Label("index_label", "index", "variable"), Label("group_label", "group", "group", "factor"),
                        Label("wave_label", "wave", "wave")),
    "kruskal_wallis_by_wave": (Label("wave_label", "wave", "wave"), Label("item_label", "item", "variable"),
                               Label("factor_label", "factor", "factor")),
    "wave_change": (Label("group_label", "group", "group", "factor"), Label("label", "variable", "variable"),
                    Label("first_wave", "first_wave", "wave"), Label("last_wave", "last_wave", "wave")),
    "trend": (Label("item_label", "item", "variable"), Label("factor_label", "factor", "factor")),
    "models": (Label("outcome_label", "outcome", "variable"), Label("predictor_label", "predictor", "variable"),
               Label("level_label", "level", "group", "predictor"),
               Label("reference_label", "reference", "group", "predictor")),
    "model_tests": (Label("outcome_label", "outcome", "variable"), Label("predictor_label", "predictor", "variable")),
    "difference_in_change": (Label("label", "variable", "variable"), Label("group_label", "group", "group", "factor"),
                             Label("reference_label", "reference", "group", "factor"),
                             Label("first_wave", "first_wave", "wave"), Label("last_wave", "last_wave", "wave")),
}
"""Per result table, its label columns. A code is a `variable` (an item, index, factor, covariate, yes/no or
open-text column), a `factor`, a scale `level` of the context item, a `group` (a level of the context factor), a
`frame_group` (a level of the sampling frame's factor; empty for the total) or a `wave`."""


def variable_labels(book: Codebook) -> dict[str, dict]:
    """Every variable's label (all languages) by its column, and every index's by its id."""
    fields = book.items + book.covariates + book.yes_no + book.open_text + book.factors
    return {f.column: f.label for f in fields} | {index.id: index.label for index in book.indices}


def attach(name: str, table: pd.DataFrame, book: Codebook, language: str) -> pd.DataFrame:
    """`table` (result table `name` as written) with its label columns in `language`, each right after the code
    column it labels (LABELS); an empty code gets an empty label. A table name without an entry is an error."""
    variables = variable_labels(book)
    factors = {f.column: f for f in book.factors}
    items = {item.column: item for item in book.items}

    def label(kind: str, context, code) -> str:
        """The label of `code`; `context` is the item of a level or the factor of a group."""
        if pd.isna(code) or code == "":
            return word("total", language) if kind == "frame_group" else ""
        if kind == "variable":
            return text(variables[code], language)
        if kind == "factor":
            return text(factors[code].label, language)
        if kind == "level":
            return items[context].scale.level_label(int(code), language)
        if kind == "group":
            return factors[context].level_label(int(code), language)
        if kind == "frame_group":
            return factors[book.sampling_frame.factor].level_label(int(code), language)
        return book.wave.level_label(int(code), language)  # wave

    labelled = table.copy()
    for spec in LABELS[name]:
        contexts = labelled[spec.context] if spec.context else [None] * len(labelled)
        values = [label(spec.kind, context, code) for context, code in zip(contexts, labelled[spec.code], strict=True)]
        values = pd.Series(values, index=labelled.index, dtype=object)
        if spec.column == spec.code:
            labelled[spec.column] = values
        else:
            labelled.insert(labelled.columns.get_loc(spec.after or spec.code) + 1, spec.column, values)
    return labelled


def read_labelled(path: str | Path, book: Codebook, language: str) -> pd.DataFrame:
    """Result table `path` (results/{study}/tables/<name>.csv) with its label columns attached (`attach`)."""
    return attach(Path(path).stem, io.read_table_csv(path), book, language)
