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
        language=config["language"],
    script:
        "../scripts/describe.py"


rule response_rates:
    input:
        processed="data_processed/{study}/responses.parquet",
        frame=sampling_frame_path,
        codebook=codebook_path,
    output:
        "results/{study}/tables/response_rates.csv",
    log:
        "logs/{study}/response_rates.log",
    conda:
        "../../envs/environment.yaml"
    params:
        language=config["language"],
    script:
        "../scripts/response_rates.py"
