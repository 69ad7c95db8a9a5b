# Helpers shared by the rule modules: where a study's files are, and what `rule all` asks for.

import functools
import hashlib
import sys
from pathlib import Path

import likertpipe
from likertpipe import provenance
from likertpipe.codebook import load_codebook
from likertpipe.errors import LikertpipeError
from likertpipe.figures.pages import figure_titles, page_names
from likertpipe.i18n import word


def library_fingerprint():
    """SHA-256 over the likertpipe library's sources: a rule parameter, so that outputs are rebuilt when the
    library changes (Snakemake tracks the scripts' code but not the modules they import).
    """
    digest = hashlib.sha256()
    for path in sorted(Path(likertpipe.__file__).parent.rglob("*")):
        if path.suffix in (".py", ".yaml"):
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


LIBRARY = library_fingerprint()


def study(wildcards):
    return config["studies"][wildcards.study]


@functools.cache
def codebook_of(name):
    """The parsed codebook of study `name` (parsed once per Snakemake invocation)."""
    return load_codebook(config["studies"][name]["codebook"])


def codebook_path(wildcards):
    return study(wildcards)["codebook"]


def ancient_codebook(wildcards):
    """The codebook as an input of the cleaning and statistics jobs: its timestamp does not count (ancient) while
    the cleaning job's record says it analysed the same (provenance.analysed_as_recorded), so editing a label,
    the title or the language reruns only the figures and documents; `analysed_codebook` reruns them when what
    they analyse changes, and without a matching record the timestamp counts again."""
    return ancient_codebook_of(wildcards.study)


def ancient_codebook_of(name):
    path = config["studies"][name]["codebook"]
    recorded = provenance.analysed_as_recorded(name, analysed_codebook_of(name))
    return ancient(path) if recorded else path


@functools.cache
def analysed_codebook_of(name):
    """A parameter of study `name`'s cleaning and statistics jobs: the codebook's path (the cleaning job records
    it) and its digest without the display-only parts (codebook.analysis_digest)."""
    return provenance.analysed_codebook(config["studies"][name]["codebook"])


def analysed_codebook(wildcards):
    return analysed_codebook_of(wildcards.study)


def clean_inputs(wildcards):
    """Every raw input of the study by role (data, codebook, and the sampling frame and coding sheet when
    configured): the cleaning job checks them all before it writes anything. The codebook is `ancient_codebook`.
    """
    return provenance.input_files(study(wildcards)) | {
        "codebook": ancient_codebook(wildcards)
    }


READ_OPTIONS = ("encoding", "sheet", "on_invalid", "max_problems")


def read_options(wildcards):
    """How to read and validate the study's export (config studies.<id>; defaults from the schema)."""
    return {key: study(wildcards)[key] for key in READ_OPTIONS}


def check_studies():
    """Fail before any job runs when a study is unknown, its id disagrees with its codebook, a configured file
    cannot be read, or its outputs come from another data file; say what changed when outputs are rebuilt
    (provenance.check_config, which `likertpipe check` runs too).
    """
    said = provenance.check_config(config, codebook_of)
    if said:
        print("\n".join(said), file=sys.stderr)


# What the cleaning job writes (workflow/rules/clean.smk); later jobs read only these, never the raw inputs.
PROCESSED_FILES = [
    "responses.parquet",
    "sampling_frame.parquet",
    "coding_sheet.parquet",
    "quarantine.csv",
    "inputs.json",
    "cleaning_report.md",
    "disclosure_plan.json",
    "disclosure_plan.md",
]
FIGURE_FORMATS = config["figure_formats"]
# The CSV tables each statistics job writes (workflow/rules/statistics.smk lists them as its outputs): the
# answer counts (answer_statistics; item_by_factor and sample, with their tests, association_tables), then the rest.
ANSWER_TABLES = [
    "frequencies",
    "frequencies_by_factor",
    "item_by_factor",
    "sample",
    "yes_no",
]
ITEM_TABLES = ["descriptives", "open_text", "kruskal_wallis", "dunn", "correlations"]
FRAME_TABLES = ["response_rates", "descriptives_weighted"]
INDEX_TABLES = ["indices", "reliability"]
CODING_TABLES = ["coding_tally"]
TREND_TABLES = ["trend"]
MODEL_TABLES = ["models", "model_tests"]
CHANGE_TABLES = ["difference_in_change"]
MODEL_JOB_TABLES = MODEL_TABLES + CHANGE_TABLES  # the models job's (statistics.smk)
WAVE_TABLES = [
    "descriptives_by_wave",
    "indices_by_wave",
    "kruskal_wallis_by_wave",
    "wave_change",
]
# Every table of a study rendered for reading, in one document per format (workflow/rules/documents.smk).
DOCUMENTS = [
    "tables.docx",
    "tables.xlsx",
    "tables.md",
    "tables.html",
    "tables.tex",
    "summary.md",
    "results.html",
]


# The Snakemake report's categories, numbered so that its menu lists them in the order of the landing page, the
# results page (workflow/report/workflow.rst; the report sorts them by name).
REPORT_CATEGORIES = {
    "tables": "1. Tables",
    "figures": "2. Figures",
    "documents": "3. Documents",
}


def in_report(path, caption, category, labels=None):
    """`path` shown in the Snakemake report under REPORT_CATEGORIES[category], captioned by
    workflow/report/{caption}.rst, with `labels` (the columns of the report's list of results) when given.
    """
    return report(
        path,
        caption=f"../report/{caption}.rst",
        category=REPORT_CATEGORIES[category],
        labels=labels,
    )


def figure_paths(name, kind, factors=(None,)):
    """Every page of figure `kind` of study `name` (per factor in `factors` for the per-factor figures) in every
    figure format. A figure's pages are decided from the codebook (likertpipe.figures.pages.page_names), so the
    rules name them before the run."""
    book = codebook_of(name)
    return [
        f"results/{name}/figures/{stem}.{ext}"
        for factor in factors
        for stem in page_names(
            kind, book, config["language"], factor, models_config_of(name)
        )
        for ext in FIGURE_FORMATS
    ]


def figure_files(name, kind, caption, factors=(None,)):
    """`figure_paths`, the PNGs shown in the Snakemake report under `caption`, labelled with their number and
    title as in the documents (`figure_labels`)."""
    labels = figure_labels(name)
    return [
        (
            in_report(path, caption, "figures", labels[path])
            if path.endswith(".png")
            else path
        )
        for path in figure_paths(name, kind, factors)
    ]


@functools.cache
def figure_labels(name):
    """Per PNG of study `name`, its labels in the Snakemake report: the number it has in the documents
    (zero-padded, as the report sorts the labels as text) and its title (likertpipe.figures.pages.figure_titles).
    """
    pngs = [path for path in study_figures(name) if path.endswith(".png")]
    book = codebook_of(name)
    language = config["language"] or book.language
    titles = figure_titles(book, language, models_config_of(name))
    width = len(str(len(pngs)))
    return {
        path: {
            word("figure", language): f"{number:0{width}d}",
            word("title", language): titles[Path(path).stem],
        }
        for number, path in enumerate(pngs, start=1)
    }


def models_config_of(name):
    """Study `name`'s `models` config (None without one): the forest plot's pages follow it."""
    return config["studies"][name].get("models")


def models_config(wildcards):
    return models_config_of(wildcards.study)


def compared(name):
    """The columns of study `name`'s compared factors (a figure each)."""
    return [factor.column for factor in codebook_of(name).compared_factors]


def statistics_tables(name):
    """The tables of study `name` that its statistics job writes (all but the answer counts' and the models')."""
    return [
        table
        for table in study_tables(name)
        if table not in ANSWER_TABLES + MODEL_JOB_TABLES
    ]


def model_tables(name):
    """The tables of study `name` that its models job writes (none without `models` or `difference_in_change`)."""
    return [table for table in study_tables(name) if table in MODEL_JOB_TABLES]


def statistics_inputs(name):
    """The statistics job's inputs: the cleaned data, the plan and the codebook, and the checked sampling frame
    and coding sheet when the study has them."""
    inputs = {
        "processed": f"data_processed/{name}/responses.parquet",
        "plan": f"data_processed/{name}/disclosure_plan.json",
        "codebook": ancient_codebook_of(name),
    }
    if "response_rates" in study_tables(name):
        inputs["frame"] = f"data_processed/{name}/sampling_frame.parquet"
    if "coding_tally" in study_tables(name):
        inputs["sheet"] = f"data_processed/{name}/coding_sheet.parquet"
    return inputs


def study_tables(name):
    """The result tables of study `name`: what its codebook and config ask for."""
    names = ANSWER_TABLES + ITEM_TABLES
    if config["studies"][name].get("sampling_frame"):
        names += FRAME_TABLES
    if codebook_of(name).indices:
        names += INDEX_TABLES
    if config["studies"][name].get("coding_sheet"):
        names += CODING_TABLES
    if codebook_of(name).wave:
        names += WAVE_TABLES
    if any(factor.ordered for factor in codebook_of(name).compared_factors):
        names += TREND_TABLES
    if config["studies"][name].get("models"):
        names += MODEL_TABLES
    if config["studies"][name].get("difference_in_change"):
        names += CHANGE_TABLES
    return names


def table_files(wildcards):
    """The CSV of every table of the study."""
    return [
        f"results/{wildcards.study}/tables/{name}.csv"
        for name in study_tables(wildcards.study)
    ]


def study_figures(name):
    """Every figure file of study `name`: the answer distribution, per compared factor the distribution by level and
    the mean ranks, the correlation heatmap, and what its tables allow (index trends, the coding tally, the yes/no
    questions); in this order the documents number them.
    """
    files = figure_paths(name, "likert_distribution")
    files += figure_paths(name, "likert_by_factor", compared(name))
    files += figure_paths(name, "mean_ranks", compared(name))
    files += figure_paths(name, "correlation_heatmap")
    book = codebook_of(name)
    if book.wave and book.indices:
        files += figure_paths(name, "index_trend")
    if "coding_tally" in study_tables(name):
        files += figure_paths(name, "coding_tally")
    if book.yes_no:
        files += figure_paths(name, "yes_no")
    if "models" in study_tables(name):
        files += figure_paths(name, "odds_ratios")
    return files


def figure_pngs(wildcards):
    """The PNG of every figure page of the study, in `study_figures` order: tables.docx holds them."""
    return [path for path in study_figures(wildcards.study) if path.endswith(".png")]


def study_targets(name):
    targets = [f"data_processed/{name}/{f}" for f in PROCESSED_FILES]
    targets += [f"results/{name}/tables/{t}.csv" for t in study_tables(name)]
    targets += study_figures(name)
    targets += [f"results/{name}/{document}" for document in DOCUMENTS]
    return targets


def all_targets():
    """Every output of the studies to run, after the checks before any job (a user's problem stops the run here,
    before the per-study rules of figures.smk are made)."""
    try:
        check_studies()
        targets = [
            target
            for name in config["run"]
            for target in study_targets(name) + [f"results/{name}/manifest.json"]
        ]
        provenance.check_distinct(targets)
    except (
        LikertpipeError
    ) as error:  # a user's problem: the message, no traceback, before any job
        print(f"likertpipe error: {error}", file=sys.stderr)
        sys.exit(1)
    return targets


def manifest_inputs(wildcards):
    """The manifest's inputs by role: the files read, the config files, and every other output of the study."""
    inputs = {
        role: [path] for role, path in provenance.input_files(study(wildcards)).items()
    }
    return inputs | {
        "config": [str(path) for path in workflow.configfiles],
        "outputs": study_targets(wildcards.study),
    }


def config_in_force(wildcards):
    """The config values of this study's run, as the manifest records them."""
    return provenance.config_in_force(config, wildcards.study)


# Quick jobs that run on the submitting host, not as cluster jobs (see workflow/profiles/slurm).
localrules:
    all,
    manifest,


TARGETS = all_targets()
