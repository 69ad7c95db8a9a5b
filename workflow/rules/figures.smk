# Stage 3, render: figures drawn from the protected CSV tables only. A figure of many items is split into pages
# whose number the codebook decides (likertpipe.figures.pages), so each study has its own figure rules, naming
# its pages as outputs. The figures of the answer counts start as soon as those are written; the figures of the
# tests wait for the item statistics.

for name in config["run"]:

    rule:
        name:
            f"distribution_figures_{name}"
        input:
            frequencies=f"results/{name}/tables/frequencies.csv",
            frequencies_by_factor=f"results/{name}/tables/frequencies_by_factor.csv",
            codebook=config["studies"][name]["codebook"],
        output:
            distribution=figure_files(
                name, "likert_distribution", "likert_distribution"
            ),
            by_factor=figure_files(
                name, "likert_by_factor", "likert_by_factor", compared(name)
            ),
        log:
            f"logs/{name}/distribution_figures.log",
        # after the statistics job, with association_tables, before the other figures: usually the longest job
        priority: 1
        conda:
            "../../envs/environment.yaml"
        params:
            library=LIBRARY,
            language=config["language"],
            min_cell=config["min_cell"],
            options=config["figures"],
        script:
            "../scripts/distribution_figures.py"

    rule:
        name:
            f"test_figures_{name}"
        input:
            kruskal_wallis=f"results/{name}/tables/kruskal_wallis.csv",
            correlations=f"results/{name}/tables/correlations.csv",
            codebook=config["studies"][name]["codebook"],
        output:
            ranks=figure_files(name, "mean_ranks", "mean_ranks", compared(name)),
            heatmap=figure_files(name, "correlation_heatmap", "correlation_heatmap"),
        log:
            f"logs/{name}/test_figures.log",
        conda:
            "../../envs/environment.yaml"
        params:
            library=LIBRARY,
            language=config["language"],
            alpha=config["alpha"],
        script:
            "../scripts/test_figures.py"

    if codebook_of(name).wave and codebook_of(name).indices:

        rule:
            name:
                f"index_trend_{name}"
            input:
                indices_by_wave=f"results/{name}/tables/indices_by_wave.csv",
                codebook=config["studies"][name]["codebook"],
            output:
                figure=figure_files(name, "index_trend", "index_trend"),
            log:
                f"logs/{name}/index_trend.log",
            conda:
                "../../envs/environment.yaml"
            params:
                library=LIBRARY,
                language=config["language"],
            script:
                "../scripts/index_trend.py"

    if "coding_tally" in study_tables(name):

        rule:
            name:
                f"coding_figure_{name}"
            input:
                tally=f"results/{name}/tables/coding_tally.csv",
                codebook=config["studies"][name]["codebook"],
            output:
                figure=figure_files(name, "coding_tally", "coding_tally_figure"),
            log:
                f"logs/{name}/coding_figure.log",
            conda:
                "../../envs/environment.yaml"
            params:
                library=LIBRARY,
                language=config["language"],
            script:
                "../scripts/coding_figure.py"

    if codebook_of(name).yes_no:

        rule:
            name:
                f"yes_no_figure_{name}"
            input:
                yes_no=f"results/{name}/tables/yes_no.csv",
                codebook=config["studies"][name]["codebook"],
            output:
                figure=figure_files(name, "yes_no", "yes_no_figure"),
            log:
                f"logs/{name}/yes_no_figure.log",
            conda:
                "../../envs/environment.yaml"
            params:
                library=LIBRARY,
                language=config["language"],
            script:
                "../scripts/yes_no_figure.py"

    if "models" in study_tables(name):

        rule:
            name:
                f"odds_ratio_figure_{name}"
            input:
                models=f"results/{name}/tables/models.csv",
                codebook=config["studies"][name]["codebook"],
            output:
                figure=figure_files(name, "odds_ratios", "odds_ratio_figure"),
            log:
                f"logs/{name}/odds_ratio_figure.log",
            conda:
                "../../envs/environment.yaml"
            params:
                library=LIBRARY,
                language=config["language"],
                models_config=models_config_of(name),
            script:
                "../scripts/odds_ratio_figure.py"
