from likertpipe.steps.runner import run_rule
from likertpipe.steps.statistics import frame_statistics

run_rule(frame_statistics, snakemake)
