from likertpipe.steps.figures import distribution_figure
from likertpipe.steps.runner import run_rule

run_rule(distribution_figure, snakemake)
