from likertpipe.runner import run_rule
from likertpipe.steps import response_rates

run_rule(response_rates, snakemake)
