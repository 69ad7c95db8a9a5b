from likertpipe.runner import run_rule
from likertpipe.steps import markdown

run_rule(markdown, snakemake)
