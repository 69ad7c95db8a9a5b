rule markdown_table:
    input:
        "results/{study}/tables/{table}.csv",
    output:
        "results/{study}/tables/{table}.md",
    log:
        "logs/{study}/markdown_{table}.log",
    conda:
        "../../envs/environment.yaml"
    script:
        "../scripts/markdown_table.py"
