from likertpipe.steps.figures import odds_ratio_figure
from likertpipe.steps.runner import run_rule

run_rule(odds_ratio_figure, snakemake)
