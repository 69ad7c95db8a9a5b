from likertpipe.steps.runner import run_rule
from likertpipe.steps.figures import coding_figure

run_rule(coding_figure, snakemake)
