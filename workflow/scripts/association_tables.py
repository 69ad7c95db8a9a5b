from likertpipe.steps.runner import run_rule
from likertpipe.steps.statistics import association_tables

run_rule(association_tables, snakemake)
