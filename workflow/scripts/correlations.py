from likertpipe.runner import run_step
from likertpipe.steps import correlations

run_step(
    correlations,
    snakemake.log[0],
    processed=snakemake.input.processed,
    codebook=snakemake.input.codebook,
    language=snakemake.params.language,
    out=snakemake.output[0],
)
