rule clean:
    input:
        data=raw_data_path,
        codebook=codebook_path,
    output:
        processed="data_processed/{study}/responses.parquet",
        report="data_processed/{study}/cleaning_report.md",
    log:
        "logs/{study}/clean.log",
    conda:
        "../../envs/environment.yaml"
    params:
        library=LIBRARY,
    script:
        "../scripts/clean.py"
