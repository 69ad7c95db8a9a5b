from likertpipe.steps.manifest import write_manifest
from likertpipe.steps.runner import run_step

run_step(
    write_manifest,
    snakemake.log[0],
    study=snakemake.wildcards.study,
    inputs={role: list(snakemake.input[role]) for role in snakemake.input.keys() if role != "outputs"},
    outputs=list(snakemake.input.outputs),
    config=snakemake.params.config,
    out=snakemake.output[0],
)
