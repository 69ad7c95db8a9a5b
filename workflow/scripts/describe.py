from likertpipe.runner import run_step
from likertpipe.steps import describe_items

run_step(
    describe_items,
    snakemake.log[0],
    processed=snakemake.input.processed,
    codebook=snakemake.input.codebook,
    language=snakemake.params.language,
    descriptives=snakemake.output.descriptives,
    frequencies=snakemake.output.frequencies,
    open_text=snakemake.output.open_text,
)
