from likertpipe.steps.clean import clean_export
from likertpipe.steps.runner import run_rule

run_rule(clean_export, snakemake)
