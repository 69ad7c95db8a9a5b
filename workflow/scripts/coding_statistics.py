from likertpipe.steps.runner import run_rule
from likertpipe.steps.statistics import coding_statistics

run_rule(coding_statistics, snakemake)
