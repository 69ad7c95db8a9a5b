# Stage 3, render: figures drawn from the protected CSV tables only.


rule distribution_figure:
    input:
        frequencies="results/{study}/tables/frequencies.csv",
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


rule factor_figures:
    input:
        frequencies="results/{study}/tables/frequencies_by_factor.csv",
        kruskal="results/{study}/tables/kruskal_wallis.csv",
        codebook=codebook_path,
    output:
        distribution=figure_outputs("likert_by_{factor}", "likert_by_factor"),
        ranks=figure_outputs("mean_ranks_{factor}", "mean_ranks"),
    log:
        "logs/{study}/factor_figures_{factor}.log",
    conda:
        "../../envs/environment.yaml"
    params:
        library=LIBRARY,
        language=config["language"],
        min_cell=config["min_cell"],
        factor="{factor}",
    script:
        "../scripts/factor_figures.py"


rule correlation_heatmap:
    input:
        correlations="results/{study}/tables/correlations.csv",
        codebook=codebook_path,
    output:
        figure=figure_outputs("correlation_heatmap", "correlation_heatmap"),
    log:
        "logs/{study}/correlation_heatmap.log",
    conda:
        "../../envs/environment.yaml"
    params:
        library=LIBRARY,
        language=config["language"],
        alpha=config["alpha"],
    script:
        "../scripts/correlation_heatmap.py"


rule index_trend:
    input:
        indices_by_wave="results/{study}/tables/indices_by_wave.csv",
        codebook=codebook_path,
    output:
        figure=figure_outputs("index_trend", "index_trend"),
    log:
        "logs/{study}/index_trend.log",
    conda:
        "../../envs/environment.yaml"
    params:
        library=LIBRARY,
        language=config["language"],
    script:
        "../scripts/index_trend.py"


rule coding_figure:
    input:
        tally="results/{study}/tables/coding_tally.csv",
        codebook=codebook_path,
    output:
        figure=figure_outputs("coding_tally", "coding_tally_figure"),
    log:
        "logs/{study}/coding_figure.log",
    conda:
        "../../envs/environment.yaml"
    params:
        library=LIBRARY,
        language=config["language"],
    script:
        "../scripts/coding_figure.py"
