# likertpipe: raw survey export -> cleaning -> descriptives -> tests -> tables and figures.
# Run everything on the studies named in config/config.yaml: snakemake --cores 2


from snakemake.utils import min_version, validate

min_version("9.0")


configfile: "config/config.yaml"


validate(config, "workflow/schemas/config.schema.yaml")


report: "workflow/report/workflow.rst"


wildcard_constraints:
    study=r"[a-z][a-z0-9_]*",


include: "workflow/rules/common.smk"
include: "workflow/rules/clean.smk"
include: "workflow/rules/statistics.smk"
include: "workflow/rules/figures.smk"
include: "workflow/rules/documents.smk"
include: "workflow/rules/manifest.smk"


rule all:
    input:
        all_targets(),
