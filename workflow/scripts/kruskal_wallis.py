from likertpipe.runner import run_rule
from likertpipe.steps import kruskal_wallis

run_rule(kruskal_wallis, snakemake)
