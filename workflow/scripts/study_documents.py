from likertpipe.steps.runner import run_rule
from likertpipe.steps.documents import study_documents

run_rule(study_documents, snakemake)
