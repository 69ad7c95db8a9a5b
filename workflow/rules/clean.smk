# The first stage: every input of a study checked, then cleaned. Its outputs are flagged update(), so a job
# that fails (a problem in any input) restores the previous version of each instead of leaving none.


rule clean:
    input:
        unpack(clean_inputs),
    output:
        processed=update("data_processed/{study}/responses.parquet"),
        frame=update("data_processed/{study}/sampling_frame.parquet"),
        coding=update("data_processed/{study}/coding_sheet.parquet"),
        quarantine=update("data_processed/{study}/quarantine.csv"),
        record=update("data_processed/{study}/inputs.json"),
        # Local working material (unsuppressed level counts, file and column names, row numbers): never in
        # the shareable Snakemake report.
        report=update("data_processed/{study}/cleaning_report.md"),
    log:
        "logs/{study}/clean.log",
    conda:
        "../../envs/environment.yaml"
    params:
        library=LIBRARY,
        analysed_codebook=analysed_codebook,
        options=read_options,
    script:
        "../scripts/clean.py"
