# Stage 3, render: every table of a study numbered once and rendered for reading (Word with the figures, Excel,
# Markdown, HTML, LaTeX), the results text, and the page of the results text, tables and figures the Snakemake
# report opens on; all from the protected CSV tables and the figures.


rule study_documents:
    input:
        tables_csv=table_files,
        codebook=codebook_path,
        figures=figure_pngs,
    output:
        docx=in_report("results/{study}/tables.docx", "tables_docx", "documents"),
        xlsx=in_report("results/{study}/tables.xlsx", "tables_xlsx", "documents"),
        markdown="results/{study}/tables.md",
        html=in_report("results/{study}/tables.html", "tables_html", "tables"),
        latex="results/{study}/tables.tex",
        text=in_report("results/{study}/summary.md", "summary", "documents"),
        # the Snakemake report's landing page (workflow/report/workflow.rst), not a result of its own: its
        # figures are files beside it, which the report does not keep there
        page="results/{study}/results.html",
    log:
        "logs/{study}/study_documents.log",
    conda:
        "../../envs/environment.yaml"
    params:
        library=LIBRARY,
        language=config["language"],
        alpha=config["alpha"],
        min_cell=config["min_cell"],
        families=config["families"],
        models_config=models_config,
    script:
        "../scripts/study_documents.py"
