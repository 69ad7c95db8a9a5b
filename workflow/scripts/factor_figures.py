from likertpipe.steps.runner import run_rule
from likertpipe.steps.figures import factor_figures

run_rule(factor_figures, snakemake)
