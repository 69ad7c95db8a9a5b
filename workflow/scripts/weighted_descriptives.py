from likertpipe.runner import run_rule
from likertpipe.steps import weighted_descriptives

run_rule(weighted_descriptives, snakemake)
