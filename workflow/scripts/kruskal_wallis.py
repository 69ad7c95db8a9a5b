from likertpipe.runner import run_step
from likertpipe.steps import kruskal_wallis

run_step(
    kruskal_wallis,
    snakemake.log[0],
    processed=snakemake.input.processed,
    codebook=snakemake.input.codebook,
    language=snakemake.params.language,
    family=list(snakemake.params.family),
    out=snakemake.output[0],
)
