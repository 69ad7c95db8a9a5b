rule likert_figure:
    input:
        frequencies="results/{study}/tables/frequencies.csv",
        codebook=codebook_path,
    output:
        figure_files=expand(
            "results/{{study}}/figures/likert_distribution.{ext}", ext=FIGURE_FORMATS
        ),
    log:
        "logs/{study}/likert_figure.log",
    conda:
        "../../envs/environment.yaml"
    params:
        library=LIBRARY,
        language=config["language"],
    script:
        "../scripts/likert_figure.py"
