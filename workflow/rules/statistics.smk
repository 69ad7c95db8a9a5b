# Stage 2, analyse and protect: the protection plan is decided once from the cleaned data (answer_statistics), and
# every statistics job writes its tables only through it (likertpipe.protect), as CSV at full precision under results/.


# The first job after cleaning, and a light one (pandas only): the protection plan, then the answer counts the
# distribution figures draw, so that those start while the tests are computed.
rule answer_statistics:
    input:
        processed="data_processed/{study}/responses.parquet",
        codebook=ancient_codebook,
    output:
        plan="data_processed/{study}/disclosure_plan.json",
        # Local working material (the n of every hidden cell), as the cleaning report: never published.
        summary="data_processed/{study}/disclosure_plan.md",
        frequencies="results/{study}/tables/frequencies.csv",
        frequencies_by_factor="results/{study}/tables/frequencies_by_factor.csv",
        yes_no="results/{study}/tables/yes_no.csv",
    log:
        "logs/{study}/answer_statistics.log",
    conda:
        "../../envs/environment.yaml"
    params:
        library=LIBRARY,
        analysed_codebook=analysed_codebook,
        min_cell=config["min_cell"],
    script:
        "../scripts/answer_statistics.py"


# The answer counts with a test of association (chi-square or Fisher's exact test, which can take seconds per
# table): a job of their own beside the figures and the other statistics, not before them.
rule association_tables:
    input:
        processed="data_processed/{study}/responses.parquet",
        codebook=ancient_codebook,
        plan="data_processed/{study}/disclosure_plan.json",
    output:
        item_by_factor="results/{study}/tables/item_by_factor.csv",
        sample="results/{study}/tables/sample.csv",
    log:
        "logs/{study}/association_tables.log",
    # with the distribution figures, before the other figures: it can take seconds (Fisher's exact tests) and
    # only the documents wait for it, so started last it would be the run's tail
    priority: 1
    conda:
        "../../envs/environment.yaml"
    params:
        library=LIBRARY,
        analysed_codebook=analysed_codebook,
    script:
        "../scripts/association_tables.py"


# Every other table of a study in one job: which tables a study has depends on its codebook and config (a frame,
# indices, a coding sheet, a wave), so each study has its own rule naming them.
for name in config["run"]:

    rule:
        name:
            f"statistics_{name}"
        input:
            **statistics_inputs(name),
        output:
            **{
                table: f"results/{name}/tables/{table}.csv"
                for table in statistics_tables(name)
            },
        log:
            f"logs/{name}/statistics.log",
        # first of all (a short job the test figures wait for), then the distribution figures (figures.smk)
        priority: 2
        conda:
            "../../envs/environment.yaml"
        params:
            library=LIBRARY,
            analysed_codebook=analysed_codebook_of(name),
            alpha=config["alpha"],
            only_significant=config["dunn"] == "significant",
            families=config["families"],
            correlation=config["correlation"],
        script:
            "../scripts/statistics.py"

    # The models a study's config asks for (model fits take seconds): beside the figures, not before them.
    if model_tables(name):

        rule:
            name:
                f"models_{name}"
            input:
                processed=f"data_processed/{name}/responses.parquet",
                plan=f"data_processed/{name}/disclosure_plan.json",
                codebook=ancient_codebook_of(name),
            output:
                **{
                    table: f"results/{name}/tables/{table}.csv"
                    for table in model_tables(name)
                },
            log:
                f"logs/{name}/models.log",
            priority: 1
            conda:
                "../../envs/environment.yaml"
            params:
                library=LIBRARY,
                analysed_codebook=analysed_codebook_of(name),
                families=config["families"],
                models_config=models_config_of(name),
                change_config=config["studies"][name].get("difference_in_change"),
            script:
                "../scripts/models.py"
