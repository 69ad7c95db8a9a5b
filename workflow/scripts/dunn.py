from likertpipe.runner import run_step
from likertpipe.steps import dunn

run_step(
    dunn,
    snakemake.log[0],
    processed=snakemake.input.processed,
    codebook=snakemake.input.codebook,
    kruskal=snakemake.input.kruskal,
    language=snakemake.params.language,
    only_significant=snakemake.params.only_significant,
    alpha=snakemake.params.alpha,
    family=list(snakemake.params.family),
    out=snakemake.output[0],
)
