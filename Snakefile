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


onerror:
    # A failed run may have replaced part of a study's outputs: remove the manifest that would present them as
    # one complete set (the cleaning job's own outputs are restored when it fails; see clean.smk).
    for name in config["run"]:
        said = provenance.discard_incomplete(name)
        if said:
            print(said, file=sys.stderr)


rule all:
    input:
        TARGETS,
