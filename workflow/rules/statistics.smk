# The result tables: one job per group of tables, each reading the processed data once.


rule item_statistics:
    input:
        processed="data_processed/{study}/responses.parquet",
        codebook=codebook_path,
    output:
        **table_outputs(*ITEM_TABLES),
    log:
        "logs/{study}/item_statistics.log",
    conda:
        "../../envs/environment.yaml"
    params:
        library=LIBRARY,
        language=config["language"],
        study_tables=tables_of,
        min_cell=config["min_cell"],
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
        codebook=codebook_path,
    output:
        **table_outputs(*FRAME_TABLES),
    log:
        "logs/{study}/frame_statistics.log",
    conda:
        "../../envs/environment.yaml"
    params:
        library=LIBRARY,
        language=config["language"],
        study_tables=tables_of,
        min_cell=config["min_cell"],
    script:
        "../scripts/frame_statistics.py"


rule index_statistics:
    input:
        processed="data_processed/{study}/responses.parquet",
        codebook=codebook_path,
    output:
        **table_outputs(*INDEX_TABLES),
    log:
        "logs/{study}/index_statistics.log",
    conda:
        "../../envs/environment.yaml"
    params:
        library=LIBRARY,
        language=config["language"],
        study_tables=tables_of,
    script:
        "../scripts/index_statistics.py"


rule coding_statistics:
    input:
        processed="data_processed/{study}/responses.parquet",
        sheet="data_processed/{study}/coding_sheet.parquet",
        codebook=codebook_path,
    output:
        **table_outputs(*CODING_TABLES),
    log:
        "logs/{study}/coding_statistics.log",
    conda:
        "../../envs/environment.yaml"
    params:
        library=LIBRARY,
        language=config["language"],
        study_tables=tables_of,
    script:
        "../scripts/coding_statistics.py"


rule wave_statistics:
    input:
        processed="data_processed/{study}/responses.parquet",
        codebook=codebook_path,
    output:
        **table_outputs(*WAVE_TABLES),
    log:
        "logs/{study}/wave_statistics.log",
    conda:
        "../../envs/environment.yaml"
    params:
        library=LIBRARY,
        language=config["language"],
        study_tables=tables_of,
        min_cell=config["min_cell"],
        families=config["families"],
    script:
        "../scripts/wave_statistics.py"
