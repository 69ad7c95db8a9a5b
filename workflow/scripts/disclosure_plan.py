from likertpipe.steps.runner import run_rule
from likertpipe.steps.statistics import disclosure_plan

run_rule(disclosure_plan, snakemake)
