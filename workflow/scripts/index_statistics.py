from likertpipe.steps.runner import run_rule
from likertpipe.steps.statistics import index_statistics

run_rule(index_statistics, snakemake)
