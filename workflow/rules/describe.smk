rule describe:
    input:
        processed="data_processed/{study}/responses.parquet",
        codebook=codebook_path,
    output:
        descriptives="results/{study}/tables/descriptives.csv",
        frequencies="results/{study}/tables/frequencies.csv",
        open_text="results/{study}/tables/open_text.csv",
    log:
        "logs/{study}/describe.log",
    conda:
        "../../envs/environment.yaml"
    params:
        library=LIBRARY,
        language=config["language"],
    script:
        "../scripts/describe.py"


rule response_rates:
    input:
        processed="data_processed/{study}/responses.parquet",
        frame=sampling_frame_path,
        codebook=codebook_path,
    output:
        out="results/{study}/tables/response_rates.csv",
    log:
        "logs/{study}/response_rates.log",
    conda:
        "../../envs/environment.yaml"
    params:
        min_cell=config["min_cell"],
        library=LIBRARY,
        language=config["language"],
    script:
        "../scripts/response_rates.py"


rule weighted_descriptives:
    input:
        processed="data_processed/{study}/responses.parquet",
        frame=sampling_frame_path,
        codebook=codebook_path,
    output:
        out="results/{study}/tables/descriptives_weighted.csv",
    log:
        "logs/{study}/weighted_descriptives.log",
    conda:
        "../../envs/environment.yaml"
    params:
        library=LIBRARY,
        language=config["language"],
    script:
        "../scripts/weighted_descriptives.py"


rule indices:
    input:
        processed="data_processed/{study}/responses.parquet",
        codebook=codebook_path,
    output:
        indices="results/{study}/tables/indices.csv",
        reliability="results/{study}/tables/reliability.csv",
    log:
        "logs/{study}/indices.log",
    conda:
        "../../envs/environment.yaml"
    params:
        library=LIBRARY,
        language=config["language"],
    script:
        "../scripts/indices.py"
