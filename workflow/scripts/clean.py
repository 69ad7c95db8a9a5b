from likertpipe.runner import run_step
from likertpipe.steps import clean_export

run_step(
    clean_export,
    snakemake.log[0],
    data=snakemake.input.data,
    codebook=snakemake.input.codebook,
    processed=snakemake.output.processed,
    report=snakemake.output.report,
)
