from likertpipe.steps.runner import run_rule
from likertpipe.steps.statistics import statistics

run_rule(statistics, snakemake)
