rule correlations:
    input:
        processed="data_processed/{study}/responses.parquet",
        codebook=codebook_path,
    output:
        "results/{study}/tables/correlations.csv",
    params:
        language=config["language"],
    log:
        "logs/{study}/correlations.log",
    script:
        "../scripts/correlations.py"
