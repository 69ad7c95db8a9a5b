# Helpers shared by the rule modules: where a study's files are, and what `rule all` asks for.

from likertpipe.codebook import load_codebook
from likertpipe.errors import LikertpipeError


def study(wildcards):
    return config["studies"][wildcards.study]


def codebook_path(wildcards):
    return study(wildcards)["codebook"]


def raw_data_path(wildcards):
    return study(wildcards)["data"]


def sampling_frame_path(wildcards):
    return study(wildcards)["sampling_frame"]


def check_studies():
    """Fail before any job runs when a study is unknown or its id disagrees with its codebook."""
    for name in config["run"]:
        if name not in config["studies"]:
            raise LikertpipeError(
                f"config: run names study '{name}', which is not under 'studies' "
                f"(known: {', '.join(config['studies'])}). Add it or fix the name."
            )
        book = load_codebook(config["studies"][name]["codebook"])
        if book.study_id != name:
            raise LikertpipeError(
                f"config: study '{name}' points to codebook {book.source}, whose study.id is "
                f"'{book.study_id}'. Use the same id in both."
            )


TABLES = ["descriptives", "frequencies", "open_text", "kruskal_wallis", "correlations"]
FIGURE_FORMATS = ["png", "svg", "pdf"]


def study_targets(name):
    tables = TABLES + (
        ["response_rates"] if config["studies"][name].get("sampling_frame") else []
    )
    targets = [f"data_processed/{name}/cleaning_report.md"]
    targets += [
        f"results/{name}/tables/{t}.{ext}" for t in tables for ext in ("csv", "md")
    ]
    targets += [
        f"results/{name}/figures/likert_distribution.{ext}" for ext in FIGURE_FORMATS
    ]
    return targets


def all_targets():
    check_studies()
    return [target for name in config["run"] for target in study_targets(name)]
