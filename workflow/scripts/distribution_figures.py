from likertpipe.steps.figures import distribution_figures
from likertpipe.steps.runner import run_rule

run_rule(distribution_figures, snakemake)
