from likertpipe.steps.runner import run_rule
from likertpipe.steps.clean import clean_export

run_rule(clean_export, snakemake)
