rule correlations:
    input:
        processed="data_processed/{study}/responses.parquet",
        codebook=codebook_path,
    output:
        "results/{study}/tables/correlations.csv",
    log:
        "logs/{study}/correlations.log",
    conda:
        "../../envs/environment.yaml"
    params:
        language=config["language"],
    script:
        "../scripts/correlations.py"
