from likertpipe.steps.figures import test_figures
from likertpipe.steps.runner import run_rule

run_rule(test_figures, snakemake)
