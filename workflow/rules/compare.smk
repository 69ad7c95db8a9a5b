rule kruskal_wallis:
    input:
        processed="data_processed/{study}/responses.parquet",
        codebook=codebook_path,
    output:
        out="results/{study}/tables/kruskal_wallis.csv",
    log:
        "logs/{study}/kruskal_wallis.log",
    conda:
        "../../envs/environment.yaml"
    params:
        min_cell=config["min_cell"],
        library=LIBRARY,
        language=config["language"],
        family=config["families"]["kruskal_wallis"],
    script:
        "../scripts/kruskal_wallis.py"


rule dunn:
    input:
        processed="data_processed/{study}/responses.parquet",
        codebook=codebook_path,
        kruskal="results/{study}/tables/kruskal_wallis.csv",
    output:
        out="results/{study}/tables/dunn.csv",
    log:
        "logs/{study}/dunn.log",
    conda:
        "../../envs/environment.yaml"
    params:
        min_cell=config["min_cell"],
        library=LIBRARY,
        language=config["language"],
        only_significant=config["dunn"] == "significant",
        alpha=config["alpha"],
        family=config["families"]["dunn"],
    script:
        "../scripts/dunn.py"
