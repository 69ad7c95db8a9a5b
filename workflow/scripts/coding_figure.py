from likertpipe.steps.figures import coding_figure
from likertpipe.steps.runner import run_rule

run_rule(coding_figure, snakemake)
