from likertpipe.runner import run_rule
from likertpipe.steps import indices

run_rule(indices, snakemake)
