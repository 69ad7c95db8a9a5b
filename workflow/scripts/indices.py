from likertpipe.runner import run_step
from likertpipe.steps import indices

run_step(
    indices,
    snakemake.log[0],
    processed=snakemake.input.processed,
    codebook=snakemake.input.codebook,
    language=snakemake.params.language,
    indices=snakemake.output.indices,
    reliability_out=snakemake.output.reliability,
)
