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
        item_by_factor="results/{study}/tables/item_by_factor.csv",
        sample="results/{study}/tables/sample.csv",
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


rule item_statistics:
    input:
        processed="data_processed/{study}/responses.parquet",
        codebook=ancient_codebook,
        plan="data_processed/{study}/disclosure_plan.json",
    output:
        descriptives="results/{study}/tables/descriptives.csv",
        open_text="results/{study}/tables/open_text.csv",
        kruskal_wallis="results/{study}/tables/kruskal_wallis.csv",
        dunn="results/{study}/tables/dunn.csv",
        correlations="results/{study}/tables/correlations.csv",
    log:
        "logs/{study}/item_statistics.log",
    conda:
        "../../envs/environment.yaml"
    params:
        library=LIBRARY,
        analysed_codebook=analysed_codebook,
        alpha=config["alpha"],
        only_significant=config["dunn"] == "significant",
        families=config["families"],
        correlation=config["correlation"],
    script:
        "../scripts/item_statistics.py"


rule frame_statistics:
    input:
        processed="data_processed/{study}/responses.parquet",
        frame="data_processed/{study}/sampling_frame.parquet",
        codebook=ancient_codebook,
        plan="data_processed/{study}/disclosure_plan.json",
    output:
        response_rates="results/{study}/tables/response_rates.csv",
        descriptives_weighted="results/{study}/tables/descriptives_weighted.csv",
    log:
        "logs/{study}/frame_statistics.log",
    conda:
        "../../envs/environment.yaml"
    params:
        library=LIBRARY,
        analysed_codebook=analysed_codebook,
    script:
        "../scripts/frame_statistics.py"


rule index_statistics:
    input:
        processed="data_processed/{study}/responses.parquet",
        codebook=ancient_codebook,
        plan="data_processed/{study}/disclosure_plan.json",
    output:
        indices="results/{study}/tables/indices.csv",
        reliability="results/{study}/tables/reliability.csv",
    log:
        "logs/{study}/index_statistics.log",
    conda:
        "../../envs/environment.yaml"
    params:
        library=LIBRARY,
        analysed_codebook=analysed_codebook,
    script:
        "../scripts/index_statistics.py"


rule coding_statistics:
    input:
        processed="data_processed/{study}/responses.parquet",
        sheet="data_processed/{study}/coding_sheet.parquet",
        codebook=ancient_codebook,
        plan="data_processed/{study}/disclosure_plan.json",
    output:
        coding_tally="results/{study}/tables/coding_tally.csv",
    log:
        "logs/{study}/coding_statistics.log",
    conda:
        "../../envs/environment.yaml"
    params:
        library=LIBRARY,
        analysed_codebook=analysed_codebook,
    script:
        "../scripts/coding_statistics.py"


rule wave_statistics:
    input:
        processed="data_processed/{study}/responses.parquet",
        codebook=ancient_codebook,
        plan="data_processed/{study}/disclosure_plan.json",
    output:
        descriptives_by_wave="results/{study}/tables/descriptives_by_wave.csv",
        indices_by_wave="results/{study}/tables/indices_by_wave.csv",
        kruskal_wallis_by_wave="results/{study}/tables/kruskal_wallis_by_wave.csv",
        wave_change="results/{study}/tables/wave_change.csv",
    log:
        "logs/{study}/wave_statistics.log",
    conda:
        "../../envs/environment.yaml"
    params:
        library=LIBRARY,
        analysed_codebook=analysed_codebook,
        families=config["families"],
    script:
        "../scripts/wave_statistics.py"
