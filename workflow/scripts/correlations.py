from likertpipe.runner import run_rule
from likertpipe.steps import correlations

run_rule(correlations, snakemake)
