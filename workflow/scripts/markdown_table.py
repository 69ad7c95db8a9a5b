from likertpipe.runner import run_step
from likertpipe.steps import markdown

run_step(
    markdown,
    snakemake.log[0],
    table=snakemake.input.table,
    codebook=snakemake.input.codebook,
    language=snakemake.params.language,
    out=snakemake.output[0],
)
