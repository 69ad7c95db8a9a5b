"""The statistics jobs: every result table of a study, protected by the study's disclosure plan and written as
CSV at full precision (rendering them for reading is the documents job's)."""

from __future__ import annotations

import pandas as pd

from likertpipe import (
    answers,
    change_models,
    cleaning_report,
    coding,
    correlate,
    crosstabs,
    describe,
    disclosure,
    inference,
    io,
    posthoc,
    protect,
    tally,
    waves,
    weights,
)
from likertpipe import trend as trend_tests
from likertpipe.codebook import Codebook, load_codebook
from likertpipe.multiplicity import add_adjusted
from likertpipe.reliability import indices_table, reliability_table


class _Study:
    """The processed data, codebook and protection plan of one job; `publish` is the only way out."""

    def __init__(self, data: pd.DataFrame, book: Codebook, plan: disclosure.Plan):
        self.data, self.book, self.plan = data, book, plan

    @classmethod
    def read(cls, processed: str, codebook: str, plan: str) -> _Study:
        return cls(io.read_processed(processed), load_codebook(codebook), disclosure.read_plan(plan))

    def publish(self, table: pd.DataFrame, name: str, path: str, family: list[str] | None = None) -> None:
        """Write `table` protected; a table with adjusted p names the family columns they were adjusted in."""
        io.write_csv(protect.protect(name, table, self.plan, self.book, family), path)

    def publish_tests(self, table: pd.DataFrame, name: str, path: str, family: list[str]) -> None:
        """`publish` a table of tests with Holm and BH adjusted p within `family`."""
        self.publish(add_adjusted(table, family), name, path, family)


def disclosure_plan(data: pd.DataFrame, book: Codebook, min_cell: int, plan: str,
                    summary: str | None = None) -> disclosure.Plan:
    """The study's protection plan (`disclosure.make_plan`), decided once from the cleaned data, written to
    `plan`, and its summary for the researcher (local, as the cleaning report)."""
    decided = disclosure.make_plan(data, book, min_cell)
    io.write_text(decided.to_json(), plan)
    if summary is not None:
        io.write_text(cleaning_report.plan_report(decided, book.study_id), summary)
    return decided


def answer_statistics(processed: str, codebook: str, min_cell: int, plan: str, summary: str, frequencies: str,
                      frequencies_by_factor: str, yes_no: str) -> None:
    """The first job after cleaning (light: pandas and scipy.special, so the distribution figures start right
    after it): the protection plan, then the counts: the answers to every item by code, overall and within each
    level of each compared factor (the counts of the distribution figures), and the yes/no questions."""
    data, book = io.read_processed(processed), load_codebook(codebook)
    study = _Study(data, book, disclosure_plan(data, book, min_cell, plan, summary))
    study.publish(answers.frequencies(data, book), "frequencies", frequencies)
    study.publish(answers.frequencies_by_factor(data, book), "frequencies_by_factor", frequencies_by_factor)
    study.publish(crosstabs.yes_no_table(data, book, study.plan.hidden_levels), "yes_no", yes_no,
                  crosstabs.FAMILY)


def association_tables(processed: str, codebook: str, plan: str, item_by_factor: str, sample: str) -> None:
    """The answer counts with a test of association: every item by each compared factor as a cross-table, and
    the sample table (its own job: Fisher's exact tests can take seconds, and nothing but the documents waits
    for them)."""
    study = _Study.read(processed, codebook, plan)
    data, book = study.data, study.book
    hidden = study.plan.hidden_levels
    study.publish(crosstabs.item_by_factor_table(data, book, hidden), "item_by_factor", item_by_factor,
                  crosstabs.FAMILY)
    study.publish(crosstabs.sample_table(data, book, book.sample_by, hidden), "sample", sample, crosstabs.FAMILY)


def statistics(processed: str, codebook: str, plan: str, alpha: float, only_significant: bool, families: dict,
               correlation: dict, descriptives: str, open_text: str, kruskal_wallis: str, dunn: str,
               correlations: str, frame: str | None = None, response_rates: str | None = None,
               descriptives_weighted: str | None = None, indices: str | None = None, reliability: str | None = None,
               sheet: str | None = None, coding_tally: str | None = None, descriptives_by_wave: str | None = None,
               indices_by_wave: str | None = None, kruskal_wallis_by_wave: str | None = None,
               wave_change: str | None = None, trend: str | None = None) -> None:
    """Every other table of a study but the models', in one job (the data, codebook and plan read once): the
    item tables, and those its codebook and config ask for: with a sampling frame, with indices, with a coding
    sheet, with a wave, with an ordered compared factor (trend) (the rule of each study names its outputs;
    common.smk `study_tables`)."""
    study = _Study.read(processed, codebook, plan)
    _items(study, alpha, only_significant, families, correlation, descriptives, open_text, kruskal_wallis, dunn,
           correlations)
    if frame:
        _frame(study, frame, response_rates, descriptives_weighted)
    if indices:
        study.publish(indices_table(study.data, study.book), "indices", indices)
        study.publish(reliability_table(study.data, study.book), "reliability", reliability)
    if sheet:  # the coding sheet as checked by the cleaning job (quarantined respondents' statements left out)
        coded = io.read_processed(sheet)
        study.publish(coding.coding_tally(coded, study.book.id_column), "coding_tally", coding_tally)
    if descriptives_by_wave:
        _waves(study, families, descriptives_by_wave, indices_by_wave, kruskal_wallis_by_wave, wave_change)
    if trend:  # Jonckheere-Terpstra, adjacent hidden levels pooled
        table = trend_tests.trend_table(study.data, study.book, study.plan.hidden_levels)
        study.publish_tests(table, "trend", trend, families["trend"])


def _items(study: _Study, alpha: float, only_significant: bool, families: dict, correlation: dict,
           descriptives: str, open_text: str, kruskal_wallis: str, dunn: str, correlations: str) -> None:
    """Descriptives, open-text counts, Kruskal-Wallis and Dunn tests by each compared factor, and
    correlations, with the adjustments within the config's `families`."""
    data, book = study.data, study.book
    tallies = tally.Tallies(data)  # each column encoded and each table counted once for all four tables
    study.publish(describe.descriptives(data, book, tallies), "descriptives", descriptives)
    study.publish(describe.open_text_counts(data, book), "open_text", open_text)
    within = [column for column in families["kruskal_wallis"] if column != "wave"]  # the table has no wave
    kruskal = inference.kruskal_wallis_table(data, book, study.plan.hidden_levels, tallies)
    pairs = posthoc.dunn_table(data, book, kruskal, only_significant, alpha, tallies)
    study.publish_tests(kruskal, "kruskal_wallis", kruskal_wallis, within)
    study.publish_tests(pairs, "dunn", dunn, families["dunn"])
    table = correlate.correlation_table(data, book, correlation["method"], correlation["ci_method"],
                                        correlation["confidence"], tallies)
    study.publish_tests(table, "correlations", correlations, families["correlations"])


def _frame(study: _Study, frame: str, response_rates: str, descriptives_weighted: str) -> None:
    """Response rates against the sampling frame (as checked by the cleaning job) and descriptives
    post-stratified to it, the groups the plan hides pooled into one stratum (so no weighted figure rests on
    a hidden group's own n)."""
    data, book = study.data, study.book
    frame_table = io.read_processed(frame)
    rates = describe.response_rates(data, frame_table, book, frame_source=frame)
    study.publish(rates, "response_rates", response_rates)
    spec = book.sampling_frame
    pooled = study.plan.hidden_levels(disclosure.RESPONDENTS, spec.factor)
    weight = weights.poststratification_weights(data[spec.factor], frame_table[spec.column], pooled)
    study.publish(weights.weighted_descriptives(data, weight, book), "descriptives_weighted",
                  descriptives_weighted)


def _waves(study: _Study, families: dict, descriptives_by_wave: str, indices_by_wave: str,
           kruskal_wallis_by_wave: str, wave_change: str) -> None:
    """Descriptives and indices per wave and group x wave, Kruskal-Wallis between groups within each wave, and
    the change from the first to the last wave within each group; small groups suppressed as elsewhere."""
    data, book = study.data, study.book
    study.publish(waves.descriptives_by_wave(data, book), "descriptives_by_wave", descriptives_by_wave)
    study.publish(waves.indices_by_wave(data, book), "indices_by_wave", indices_by_wave)
    study.publish_tests(waves.kruskal_wallis_by_wave(data, book, study.plan), "kruskal_wallis_by_wave",
                        kruskal_wallis_by_wave, families["kruskal_wallis"])
    study.publish_tests(waves.wave_change(data, book), "wave_change", wave_change, families["wave_change"])


def models(processed: str, codebook: str, plan: str, families: dict, models_config: dict | None,
           change_config: dict | None, models: str | None = None, model_tests: str | None = None,
           difference_in_change: str | None = None) -> None:
    """The proportional-odds models and the difference in change, where the study's config asks for them,
    adjusted within the config's families (docs/models.md): a job of their own beside the figures, since model
    fits take seconds and only the documents and the forest plot wait for them."""
    study = _Study.read(processed, codebook, plan)
    data, book = study.data, study.book
    if models:
        from likertpipe.ordinal_models import model_families, model_tables  # statsmodels: this job only

        terms, tests = model_tables(data, book, models_config, families, study.plan.min_cell)
        terms_family, tests_family = model_families(families)
        study.publish(terms, "models", models, terms_family)
        study.publish(tests, "model_tests", model_tests, tests_family)
    if difference_in_change:
        table = change_models.difference_in_change(data, book, **change_config)
        study.publish_tests(table, "difference_in_change", difference_in_change, families["difference_in_change"])
