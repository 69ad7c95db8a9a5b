rule kruskal_wallis:
    input:
        processed="data_processed/{study}/responses.parquet",
        codebook=codebook_path,
    output:
        "results/{study}/tables/kruskal_wallis.csv",
    log:
        "logs/{study}/kruskal_wallis.log",
    conda:
        "../../envs/environment.yaml"
    params:
        language=config["language"],
    script:
        "../scripts/kruskal_wallis.py"
