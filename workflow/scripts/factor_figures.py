from likertpipe.steps.figures import factor_figures
from likertpipe.steps.runner import run_rule

run_rule(factor_figures, snakemake)
