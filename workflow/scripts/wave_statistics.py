from likertpipe.steps.runner import run_rule
from likertpipe.steps.statistics import wave_statistics

run_rule(wave_statistics, snakemake)
