from likertpipe.steps.figures import correlation_heatmap
from likertpipe.steps.runner import run_rule

run_rule(correlation_heatmap, snakemake)
