from likertpipe.runner import run_rule
from likertpipe.steps import describe_items

run_rule(describe_items, snakemake)
