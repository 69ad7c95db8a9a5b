"""Labels: what in a codebook is for display only, and the label columns of a result table, attached when it is
rendered.

The computing jobs write their tables with codes and column names only (a statistic never formats text), so a
label, a title or the language is no input of theirs: editing one reruns the figures and documents, never the
cleaning or the statistics. Level labels are the exception: an export may hold an answer as its label text,
so they decide how cleaning reads the data and are facts of the analysis.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd
import yaml

from likertpipe import io
from likertpipe.codebook import Codebook, text
from likertpipe.i18n import word

DISPLAY_ONLY = ("title", "language")
"""Keys of the codebook's `study` entry that only label the outputs."""

LABELS: dict[str, tuple[tuple[str, ...], ...]] = {
    "frequencies": (("level", "code", "level"),),
    "frequencies_by_factor": (("group_label", "group", "group"), ("level", "code", "level")),
    "descriptives": (("label", "item", "variable"),),
    "descriptives_weighted": (("label", "item", "variable"),),
    "response_rates": (("label", "group", "frame_group"),),
    "open_text": (("label", "column", "variable"),),
    "kruskal_wallis": (("item_label", "item", "variable"), ("factor_label", "factor", "factor")),
    "dunn": (("level1_label", "level1", "group"), ("level2_label", "level2", "group")),
    "correlations": (("var1_label", "var1", "variable", "kind"), ("var2_label", "var2", "variable", "var1_label")),
    "indices": (("label", "index", "variable"),),
    "reliability": (("label", "index", "variable"),),
    "coding_tally": (),
    "descriptives_by_wave": (("wave_label", "wave", "wave"), ("group_label", "group", "group"),
                             ("label", "item", "variable")),
    "indices_by_wave": (("index_label", "index", "variable"), ("group_label", "group", "group"),
                        ("wave_label", "wave", "wave")),
    "kruskal_wallis_by_wave": (("wave_label", "wave", "wave"), ("item_label", "item", "variable"),
                               ("factor_label", "factor", "factor")),
    "wave_change": (("group_label", "group", "group"), ("label", "variable", "variable"),
                    ("first_wave", "first_wave", "wave"), ("last_wave", "last_wave", "wave")),
}
"""Per result table, each label column: (its name, the code column it labels, what that code is, and the column
it follows when not the code column). A label column named as its code column replaces the codes (the first and last
wave of a change are read by their labels alone).
A code is a `variable` (an item, index, covariate, yes/no or open-text column), a `factor`, a scale `level` of
the row's item, a `group` (a level of the row's factor), a `frame_group` (a level of the sampling frame's
factor; empty for the total) or a `wave`."""


def analysis_digest(path: str) -> str:
    """SHA-256 of the codebook at `path` without what only labels the outputs (every `label` but those of answer
    levels, and the study's title and language): a rule parameter of the computing jobs, which read the codebook
    without its timestamp counting (`ancient`), so only a change to what is analysed reruns them."""
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)

    def facts(node):
        if isinstance(node, dict):
            keep = "code" in node  # an answer level: its label reads text answers
            return {key: facts(value) for key, value in node.items() if keep or key != "label"}
        if isinstance(node, list):
            return [facts(value) for value in node]
        return node

    analysed = facts(data)
    if isinstance(analysed.get("study"), dict):
        analysed["study"] = {k: v for k, v in analysed["study"].items() if k not in DISPLAY_ONLY}
    return hashlib.sha256(json.dumps(analysed, sort_keys=True, default=str).encode()).hexdigest()


def _variable_labels(book: Codebook) -> dict[str, dict]:
    fields = book.items + book.covariates + book.yes_no + book.open_text + book.factors
    return {f.column: f.label for f in fields} | {index.id: index.label for index in book.indices}


def attach(name: str, table: pd.DataFrame, book: Codebook, language: str) -> pd.DataFrame:
    """`table` (result table `name` as written) with its label columns in `language`, each right after the code
    column it labels (LABELS); an empty code gets an empty label. A table name without an entry is an error."""
    variables = _variable_labels(book)
    factors = {f.column: f for f in book.factors}
    items = {item.column: item for item in book.items}

    def label(kind: str, context, code) -> str:
        """The label of `code`; `context` is the row's item (for a level) or factor (for a group)."""
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

    context_column = {"level": "item", "group": "factor"}
    labelled = table.copy()
    for column, key, kind, *after in LABELS[name]:
        contexts = labelled[context_column[kind]] if kind in context_column else [None] * len(labelled)
        values = [label(kind, context, code) for context, code in zip(contexts, labelled[key], strict=True)]
        values = pd.Series(values, index=labelled.index, dtype=object)
        if column == key:
            labelled[column] = values
        else:
            labelled.insert(labelled.columns.get_loc(after[0] if after else key) + 1, column, values)
    return labelled


def read_labelled(path: str | Path, book: Codebook, language: str) -> pd.DataFrame:
    """Result table `path` (results/{study}/tables/<name>.csv) with its label columns attached (`attach`)."""
    return attach(Path(path).stem, io.read_table_csv(path), book, language)
