from likertpipe.steps.runner import run_rule
from likertpipe.steps.statistics import models

run_rule(models, snakemake)
