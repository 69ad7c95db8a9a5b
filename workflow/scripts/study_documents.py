from likertpipe.steps.documents import study_documents
from likertpipe.steps.runner import run_rule

run_rule(study_documents, snakemake)
