from likertpipe.runner import run_rule
from likertpipe.steps import dunn

run_rule(dunn, snakemake)
