from likertpipe.steps.figures import yes_no_figure
from likertpipe.steps.runner import run_rule

run_rule(yes_no_figure, snakemake)
