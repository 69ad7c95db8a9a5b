# Stage 3, render: every table of a study numbered once and rendered for reading (Word with the figures, Excel,
# Markdown, HTML, LaTeX), and the results text; all from the protected CSV tables and the figures.


rule study_documents:
    input:
        tables_csv=table_files,
        codebook=codebook_path,
        figures=figure_pngs,
    output:
        docx=in_report("results/{study}/tables.docx", "tables_docx", "Documents"),
        xlsx=in_report("results/{study}/tables.xlsx", "tables_xlsx", "Documents"),
        markdown="results/{study}/tables.md",
        html=in_report("results/{study}/tables.html", "tables_html", "Tables"),
        latex="results/{study}/tables.tex",
        text=in_report("results/{study}/summary.md", "summary", "Documents"),
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
    script:
        "../scripts/study_documents.py"
