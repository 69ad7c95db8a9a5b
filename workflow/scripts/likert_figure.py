from likertpipe.runner import run_step
from likertpipe.steps import likert_figure

run_step(
    likert_figure,
    snakemake.log[0],
    frequencies=snakemake.input.frequencies,
    codebook=snakemake.input.codebook,
    language=snakemake.params.language,
    outputs=list(snakemake.output),
)
