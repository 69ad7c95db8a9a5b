from likertpipe.steps.runner import run_rule
from likertpipe.steps.figures import index_trend

run_rule(index_trend, snakemake)
