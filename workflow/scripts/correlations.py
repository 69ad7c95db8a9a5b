from likertpipe.runner import run_step
from likertpipe.steps import correlations

run_step(
    correlations,
    snakemake.log[0],
    processed=snakemake.input.processed,
    codebook=snakemake.input.codebook,
    language=snakemake.params.language,
    method=snakemake.params.method,
    ci_method=snakemake.params.ci_method,
    confidence=snakemake.params.confidence,
    family=list(snakemake.params.family),
    out=snakemake.output[0],
)
