from likertpipe.steps.runner import run_rule
from likertpipe.steps.figures import distribution_figure

run_rule(distribution_figure, snakemake)
