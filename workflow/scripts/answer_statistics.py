from likertpipe.steps.runner import run_rule
from likertpipe.steps.statistics import answer_statistics

run_rule(answer_statistics, snakemake)
