rule clean:
    input:
        data=raw_data_path,
        codebook=codebook_path,
    output:
        processed="data_processed/{study}/responses.parquet",
        report=in_report(
            "data_processed/{study}/cleaning_report.md", "cleaning_report", "Data"
        ),
        quarantine="data_processed/{study}/quarantine.csv",
    log:
        "logs/{study}/clean.log",
    conda:
        "../../envs/environment.yaml"
    params:
        library=LIBRARY,
        options=read_options,
    script:
        "../scripts/clean.py"
