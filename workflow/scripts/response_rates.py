from likertpipe.runner import run_step
from likertpipe.steps import response_rates

run_step(
    response_rates,
    snakemake.log[0],
    processed=snakemake.input.processed,
    frame=snakemake.input.frame,
    codebook=snakemake.input.codebook,
    language=snakemake.params.language,
    out=snakemake.output[0],
)
