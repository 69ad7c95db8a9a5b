rule markdown_table:
    input:
        table="results/{study}/tables/{table}.csv",
        codebook=codebook_path,
    output:
        out="results/{study}/tables/{table}.md",
    log:
        "logs/{study}/markdown_{table}.log",
    conda:
        "../../envs/environment.yaml"
    params:
        library=LIBRARY,
        language=config["language"],
    script:
        "../scripts/markdown_table.py"
