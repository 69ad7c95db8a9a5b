from likertpipe.runner import run_step
from likertpipe.steps import weighted_descriptives

run_step(
    weighted_descriptives,
    snakemake.log[0],
    processed=snakemake.input.processed,
    frame=snakemake.input.frame,
    codebook=snakemake.input.codebook,
    language=snakemake.params.language,
    out=snakemake.output[0],
)
