from likertpipe.steps.figures import index_trend
from likertpipe.steps.runner import run_rule

run_rule(index_trend, snakemake)
