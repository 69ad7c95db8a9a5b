rule distribution_figure:
    input:
        processed="data_processed/{study}/responses.parquet",
        codebook=codebook_path,
    output:
        figure=figure_outputs("likert_distribution", "likert_distribution"),
    log:
        "logs/{study}/distribution_figure.log",
    conda:
        "../../envs/environment.yaml"
    params:
        library=LIBRARY,
        language=config["language"],
    script:
        "../scripts/distribution_figure.py"
