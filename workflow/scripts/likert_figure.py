from likertpipe.runner import run_rule
from likertpipe.steps import likert_figure

run_rule(likert_figure, snakemake)
