from likertpipe.steps.runner import run_rule
from likertpipe.steps.statistics import item_statistics

run_rule(item_statistics, snakemake)
