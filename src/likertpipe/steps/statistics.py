"""The statistics jobs: every result table of a study, each written as CSV and its formatted versions.

Each job gets `study_tables`, the names of all the study's tables, so that every format numbers a table the
same way (Table 1, 2, ... in tables.TABLE_ORDER) whichever job writes it.
"""

from __future__ import annotations

import pandas as pd

from likertpipe import answers, coding, correlate, describe, disclosure, inference, io, posthoc, tables, waves, weights
from likertpipe.codebook import Codebook, load_codebook
from likertpipe.multiplicity import add_adjusted
from likertpipe.reliability import indices_table, reliability_table


class _Study:
    """The processed data and codebook of one job, and how it writes tables."""

    def __init__(self, processed: str, codebook: str, language: str | None, study_tables: list[str]):
        self.book: Codebook = load_codebook(codebook)
        self.data = io.read_processed(processed)
        self.language = language or self.book.language
        self.numbers = tables.table_numbers(study_tables)

    def write(self, table: pd.DataFrame, name: str, paths: list[str]) -> None:
        tables.write_table(table, name, self.language, paths, self.numbers.get(name))


def item_statistics(processed: str, codebook: str, language: str | None, study_tables: list[str], min_cell: int,
                    alpha: float, only_significant: bool, families: dict, correlation: dict,
                    descriptives: list[str], frequencies: list[str], open_text: list[str],
                    kruskal_wallis: list[str], dunn: list[str], correlations: list[str]) -> None:
    """Descriptives, frequencies, open-text counts, Kruskal-Wallis and Dunn tests by each compared factor, and
    correlations, with the adjustments within the config's `families` and disclosure control (`min_cell`)."""
    study = _Study(processed, codebook, language, study_tables)
    data, book, lang = study.data, study.book, study.language
    study.write(describe.descriptives(data, book, lang), "descriptives", descriptives)
    study.write(answers.frequencies(data, book, lang), "frequencies", frequencies)
    study.write(describe.open_text_counts(data, book, lang), "open_text", open_text)
    within = [column for column in families["kruskal_wallis"] if column != "wave"]  # the table has no wave
    kruskal = add_adjusted(inference.kruskal_wallis_table(data, book, lang), within)
    pairs = posthoc.dunn_table(data, book, lang, kruskal, only_significant, alpha)
    study.write(disclosure.suppress_kruskal_wallis(kruskal, min_cell), "kruskal_wallis", kruskal_wallis)
    study.write(disclosure.suppress_dunn(add_adjusted(pairs, families["dunn"]), min_cell), "dunn", dunn)
    table = correlate.correlation_table(data, book, lang, correlation["method"], correlation["ci_method"],
                                        correlation["confidence"])
    study.write(add_adjusted(table, families["correlations"]), "correlations", correlations)


def frame_statistics(processed: str, frame: str, codebook: str, language: str | None, study_tables: list[str],
                     min_cell: int, response_rates: list[str], descriptives_weighted: list[str]) -> None:
    """Response rates against the sampling frame (as checked by the cleaning job) and descriptives
    post-stratified to it."""
    study = _Study(processed, codebook, language, study_tables)
    data, book, lang = study.data, study.book, study.language
    frame_table = io.read_processed(frame)
    rates = describe.response_rates(data, frame_table, book, lang, frame_source=frame)
    study.write(disclosure.suppress_response_rates(rates, min_cell), "response_rates", response_rates)
    spec = book.sampling_frame
    weight = weights.poststratification_weights(data[spec.factor], frame_table[spec.column])
    study.write(weights.weighted_descriptives(data, weight, book, lang), "descriptives_weighted",
                descriptives_weighted)


def index_statistics(processed: str, codebook: str, language: str | None, study_tables: list[str],
                     indices: list[str], reliability: list[str]) -> None:
    """Index scores and their reliability, for the codebook's composite indices."""
    study = _Study(processed, codebook, language, study_tables)
    study.write(indices_table(study.data, study.book, study.language), "indices", indices)
    study.write(reliability_table(study.data, study.book, study.language), "reliability", reliability)


def coding_statistics(processed: str, sheet: str, codebook: str, language: str | None, study_tables: list[str],
                      coding_tally: list[str]) -> None:
    """Counts of coded open-text statements per dimension, theme and concept (no text), from the coding sheet
    as checked by the cleaning job (quarantined respondents' statements left out)."""
    study = _Study(processed, codebook, language, study_tables)
    coded = io.read_processed(sheet)
    study.write(coding.coding_tally(coded, study.book.id_column), "coding_tally", coding_tally)


def wave_statistics(processed: str, codebook: str, language: str | None, study_tables: list[str], min_cell: int,
                    families: dict, descriptives_by_wave: list[str], indices_by_wave: list[str],
                    kruskal_wallis_by_wave: list[str], wave_change: list[str]) -> None:
    """Descriptives and indices per wave and group x wave, Kruskal-Wallis between groups within each wave, and
    the change from the first to the last wave within each group; small groups suppressed as elsewhere."""
    study = _Study(processed, codebook, language, study_tables)
    data, book, lang = study.data, study.book, study.language
    by_wave = waves.descriptives_by_wave(data, book, lang)
    study.write(disclosure.suppress_small_groups(by_wave, ["n_valid"], ["item", "factor", "wave"], min_cell),
                "descriptives_by_wave", descriptives_by_wave)
    indices = waves.indices_by_wave(data, book, lang)
    study.write(disclosure.suppress_small_groups(indices, ["n"], ["index", "factor", "wave"], min_cell),
                "indices_by_wave", indices_by_wave)
    kruskal = add_adjusted(waves.kruskal_wallis_by_wave(data, book, lang), families["kruskal_wallis"])
    study.write(disclosure.suppress_kruskal_wallis(kruskal, min_cell), "kruskal_wallis_by_wave",
                kruskal_wallis_by_wave)
    change = add_adjusted(waves.wave_change(data, book, lang), families["wave_change"])
    study.write(disclosure.suppress_small_groups(change, ["n_first", "n_last"], ["variable", "factor"], min_cell),
                "wave_change", wave_change)
