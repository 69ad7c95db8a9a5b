from likertpipe.steps.runner import run_rule
from likertpipe.steps.figures import correlation_heatmap

run_rule(correlation_heatmap, snakemake)
