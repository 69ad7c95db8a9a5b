# Every table of a study in one Word document, and the results text; both read the CSV tables.


rule study_documents:
    input:
        tables_csv=table_files,
        codebook=codebook_path,
    output:
        docx=in_report("results/{study}/tables.docx", "tables_docx", "Documents"),
        text=in_report("results/{study}/summary.md", "summary", "Documents"),
    log:
        "logs/{study}/study_documents.log",
    conda:
        "../../envs/environment.yaml"
    params:
        library=LIBRARY,
        language=config["language"],
        alpha=config["alpha"],
    script:
        "../scripts/study_documents.py"
